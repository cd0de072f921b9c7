import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { PolicyResource } from "@pulumi/policy";
import { references } from "./graph";

/** Load balancer type tokens: aws.lb.* and its older alias aws.alb.* register different tokens for the same resource. */
export const LOAD_BALANCER_TYPES: string[] = [RESOURCE_TYPES.loadBalancer, RESOURCE_TYPES.albLoadBalancer];
export const LISTENER_TYPES: string[] = [RESOURCE_TYPES.listener, RESOURCE_TYPES.albListener];
export const LISTENER_RULE_TYPES: string[] = [RESOURCE_TYPES.listenerRule, RESOURCE_TYPES.albListenerRule];
export const TARGET_GROUP_TYPES: string[] = [RESOURCE_TYPES.targetGroup, RESOURCE_TYPES.albTargetGroup];

/** An Application Load Balancer (a load balancer without a type is one). */
export function isApplicationLoadBalancer(type: string, props: Record<string, any>): boolean {
    return LOAD_BALANCER_TYPES.includes(type) && (props.loadBalancerType ?? "application") === "application";
}

/** An internet-facing Application Load Balancer. */
export function isInternetFacingAlb(lb: PolicyResource): boolean {
    return isApplicationLoadBalancer(lb.type, lb.props) && lb.props.internal !== true;
}

/** An internet-facing Network Load Balancer. */
export function isInternetFacingNlb(lb: PolicyResource): boolean {
    return LOAD_BALANCER_TYPES.includes(lb.type) && lb.props.loadBalancerType === "network" && lb.props.internal !== true;
}

/** The stack's listeners of a load balancer, followed through loadBalancerArn's dependencies. */
export function listenersOf(lb: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => LISTENER_TYPES.includes(r.type) && references(r, "loadBalancerArn", lb));
}
