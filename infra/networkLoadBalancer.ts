import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkLoadBalancerConfig, ServiceConfig } from "./config/schema";
import { TARGET_GROUP_PORT } from "./serviceRoute";

export interface NetworkLoadBalancerArgs {
    /** The validated networkLoadBalancer section of the stack config. */
    readonly config: NetworkLoadBalancerConfig;
    /** The public subnets an internet-facing NLB has a node in, one per AZ. */
    readonly publicSubnetIds: pulumi.Input<string>[];
    /** The private subnets an internal NLB has a node in, one per AZ. */
    readonly privateSubnetIds: pulumi.Input<string>[];
    /** The NLB's security group: the listener ports from the configured sources only. */
    readonly securityGroupId: pulumi.Input<string>;
}

/**
 * The stack's Network Load Balancer, for the services with `expose: nlb`: internet-facing in the public subnets or
 * internal in the private ones, with a security group. A security group can only be given to an NLB when it is
 * created ("For load balancers of type network security groups cannot be added if none are currently present":
 * aws.lb.LoadBalancer securityGroups, @pulumi/aws 7.48), so it always has one. PrivateLink traffic is held to the
 * group's rules too (`enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: on`).
 */
export class NetworkLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly dnsName: pulumi.Output<string>;

    constructor(name: string, args: NetworkLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:loadbalancer:NetworkLoadBalancer", name, {}, opts);
        const { config } = args;
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-lb`,
            {
                loadBalancerType: "network",
                internal: config.internal,
                subnets: config.internal ? args.privateSubnetIds : args.publicSubnetIds,
                securityGroups: [args.securityGroupId],
                enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "on",
                enableCrossZoneLoadBalancing: config.crossZone,
                enableDeletionProtection: config.deletionProtection,
            },
            { parent: this },
        );
        this.dnsName = this.loadBalancer.dnsName;
        this.registerOutputs({ dnsName: this.dnsName });
    }
}

export interface NlbRouteArgs {
    /** The validated config of a service with expose: nlb (its listener, health check and deregistration delay). */
    readonly config: ServiceConfig;
    /** The VPC of the target group. */
    readonly vpcId: pulumi.Input<string>;
    /** The stack's NLB and its TLS settings. */
    readonly nlb: NetworkLoadBalancer;
    readonly nlbConfig: NetworkLoadBalancerConfig;
}

/**
 * A service's way in through the NLB: a TCP target group of its tasks' IPs and a listener on the service's port (TLS
 * ended at the NLB with the stack's certificate and TLS policy, or TCP passed through). Client IP preservation is off,
 * so the tasks see the NLB's addresses and their group admits the NLB's group by reference (with it on, they would see
 * clients' addresses: ELB User Guide for Network Load Balancers, "Client IP preservation", read 2026-12-02).
 */
export class NlbRoute {
    readonly targetGroup: aws.lb.TargetGroup;
    readonly listener: aws.lb.Listener;
    /** What attaches the target group to the load balancer: the service waits for it. */
    readonly attachment: pulumi.Resource;

    constructor(name: string, args: NlbRouteArgs, parent: pulumi.Resource) {
        const svc = args.config;
        const listener = svc.listener!; // validation requires it with expose: nlb
        const check = svc.healthCheck;
        this.targetGroup = new aws.lb.TargetGroup(
            `${name}-nlb-tg`,
            {
                vpcId: args.vpcId,
                targetType: "ip",
                protocol: "TCP",
                port: TARGET_GROUP_PORT,
                preserveClientIp: "false",
                deregistrationDelay: svc.deregistrationDelaySeconds,
                // A TCP connection check on the port ECS registers; the path and matcher are an ALB's.
                healthCheck: {
                    enabled: true,
                    protocol: "TCP",
                    port: "traffic-port",
                    interval: check.intervalSeconds,
                    timeout: check.timeoutSeconds,
                    healthyThreshold: check.healthyThreshold,
                    unhealthyThreshold: check.unhealthyThreshold,
                },
            },
            { parent },
        );
        const tls = listener.protocol === "TLS";
        this.listener = new aws.lb.Listener(
            `${name}-nlb-listener`,
            {
                loadBalancerArn: args.nlb.loadBalancer.arn,
                port: listener.port,
                protocol: listener.protocol,
                ...(tls ? { certificateArn: args.nlbConfig.certificateArn, sslPolicy: args.nlbConfig.sslPolicy } : {}),
                defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
            },
            { parent },
        );
        this.attachment = this.listener;
    }
}
