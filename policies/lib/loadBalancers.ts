import { PolicyResource } from "@pulumi/policy";
import { references } from "./graph";

/** Load balancer type tokens: aws.lb.* and its older alias aws.alb.* register different tokens for the same resource. */
export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
export const LISTENER_RULE_TYPES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];
export const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];

/** An Application Load Balancer (a load balancer without a type is one). */
export function isApplicationLoadBalancer(type: string, props: Record<string, any>): boolean {
    return LOAD_BALANCER_TYPES.includes(type) && (props.loadBalancerType ?? "application") === "application";
}

/** An internet-facing Application Load Balancer. */
export function isInternetFacingAlb(lb: PolicyResource): boolean {
    return isApplicationLoadBalancer(lb.type, lb.props) && lb.props.internal !== true;
}

/** The stack's listeners of a load balancer, followed through loadBalancerArn's dependencies. */
export function listenersOf(lb: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => LISTENER_TYPES.includes(r.type) && references(r, "loadBalancerArn", lb));
}
