import * as aws from "@pulumi/aws";
import { shiftsTraffic } from "./config/serviceSchema";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig } from "./config/schema";

/**
 * The port target groups are created with. ECS registers each task's IP address with the container port of the
 * service's load balancer block, which overrides the group's port (ELB API, RegisterTargets: "Port: the port on which
 * the target is listening... If the target group's port is overridden"; CreateTargetGroup Port: "the port on which
 * the targets receive traffic", read 2026-12-02), and health checks use the traffic port. A fixed group port keeps a
 * containerPort change from replacing the groups (`port` forces replacement in the provider), which under blue/green
 * would leave the production rule, whose actions ECS owns, pointing at deleted groups.
 */
export const TARGET_GROUP_PORT = 80;

export interface ServiceRouteArgs {
    /** The validated config of the service: paths, hosts, health check, deployment strategy. */
    readonly config: ServiceConfig;
    /** The VPC of the target groups. */
    readonly vpcId: pulumi.Input<string>;
    /** The listener that carries the rule. */
    readonly listener: aws.lb.Listener;
    /** The rule's priority on the listener (from `rulePriorities`). */
    readonly priority: number;
}

/** A service's target group(s) and its listener rule: paths (and hosts) forward to the service's tasks. */
export class ServiceRoute {
    readonly targetGroup: aws.lb.TargetGroup;
    /** Blue/green only: the group the new revision starts in. */
    readonly alternateTargetGroup?: aws.lb.TargetGroup;
    readonly listenerRule: aws.lb.ListenerRule;
    /** What attaches the target groups to the load balancer: the service waits for it. */
    readonly attachment: pulumi.Resource;

    constructor(name: string, args: ServiceRouteArgs, parent: pulumi.Resource) {
        const svc = args.config;
        const child = { parent };
        const targetGroup = (suffix: string) => createTargetGroup(`${name}-${suffix}`, args, parent);
        this.targetGroup = targetGroup("tg");
        // Blue/green, linear and canary all shift traffic between two target groups.
        const blueGreen = shiftsTraffic(svc.deployment.strategy);
        if (blueGreen) this.alternateTargetGroup = targetGroup("tg2");

        const conditions: aws.types.input.lb.ListenerRuleCondition[] = [{ pathPattern: { values: svc.paths } }];
        if (svc.hosts.length) conditions.push({ hostHeader: { values: svc.hosts } });
        this.listenerRule = new aws.lb.ListenerRule(
            `${name}-rule`,
            {
                listenerArn: args.listener.arn,
                priority: args.priority,
                conditions,
                actions: [forwardAction(this.targetGroup, this.alternateTargetGroup)],
                transforms: svc.stripPathPrefix ? [stripPrefixTransform(svc.stripPathPrefix)] : undefined,
            },
            {
                ...child,
                // ECS shifts the weights during blue/green, so Pulumi must not reset them. Should a target group be
                // replaced all the same (a new VPC), the rule is replaced with it, deleted first since its priority is
                // unique on the listener, instead of keeping a forward to a deleted group.
                ...(blueGreen ? { ignoreChanges: ["actions"], replaceWith: [this.targetGroup, this.alternateTargetGroup!], deleteBeforeReplace: true } : {}),
            },
        );
        this.attachment = this.listenerRule;
    }
}

/**
 * An ALB URL rewrite that removes `prefix` from the path: "/docs" and "/docs/" become "/", "/docs/a" becomes "/a".
 * Source: ELB User Guide, "Transforms for listener rules" (URL rewrite, regex and replace of at most 1024
 * characters; launched 2025-10, read 2026-12-02).
 */
export function stripPrefixTransform(prefix: string): aws.types.input.lb.ListenerRuleTransform {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return { type: "url-rewrite", urlRewriteConfig: { rewrite: { regex: `^${escaped}/?(.*)$`, replace: "/$1" } } };
}

/** A service's target group: IP targets on the one port (TARGET_GROUP_PORT), health checked as the service says. */
function createTargetGroup(name: string, args: ServiceRouteArgs, parent: pulumi.Resource): aws.lb.TargetGroup {
    const svc = args.config;
    const check = svc.healthCheck;
    return new aws.lb.TargetGroup(
        name,
        {
            vpcId: args.vpcId,
            targetType: "ip",
            protocol: "HTTP",
            port: TARGET_GROUP_PORT,
            deregistrationDelay: svc.deregistrationDelaySeconds,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                port: "traffic-port",
                path: check.path,
                matcher: check.matcher,
                interval: check.intervalSeconds,
                timeout: check.timeoutSeconds,
                healthyThreshold: check.healthyThreshold,
                unhealthyThreshold: check.unhealthyThreshold,
            },
        },
        { parent },
    );
}

/** Forward to the target group; with blue/green, to both, all weight on the first (ECS shifts it during a deployment). */
function forwardAction(primary: aws.lb.TargetGroup, alternate?: aws.lb.TargetGroup): aws.types.input.lb.ListenerRuleAction {
    if (!alternate) return { type: "forward", targetGroupArn: primary.arn };
    return {
        type: "forward",
        forward: {
            targetGroups: [
                { arn: primary.arn, weight: 100 },
                { arn: alternate.arn, weight: 0 },
            ],
        },
    };
}
