/**
 * The ECS service resource of a service: its tasks in the given subnets behind its target group(s), deployed rolling
 * or blue/green with the circuit breaker, optionally in the cluster's Service Connect namespace.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "./cluster";
import { serviceStrategy } from "./config/capacity";
import { ServiceConfig } from "./config/schema";
import { PORT_NAME } from "./containerDefinition";
/** How load-balancer traffic reaches the service: an ALB route (ServiceRoute) or an NLB listener (NlbRoute). */
export interface TrafficRoute {
    readonly targetGroup: aws.lb.TargetGroup;
    /** Blue/green, linear and canary on the ALB: the group the new revision starts in. */
    readonly alternateTargetGroup?: aws.lb.TargetGroup;
    /** The ALB listener rule ECS shifts traffic on; set with alternateTargetGroup. */
    readonly listenerRule?: aws.lb.ListenerRule;
    /** What attaches the target group to the load balancer (ECS refuses a group that no listener uses). */
    readonly attachment: pulumi.Resource;
}

export interface EcsServiceArgs {
    /** The validated config of the service. */
    readonly service: ServiceConfig;
    /** The cluster: its capacity providers and Service Connect namespace. */
    readonly cluster: Cluster;
    /** The task definition the service runs. */
    readonly taskDefinition: aws.ecs.TaskDefinition;
    /** The service's target group(s) and what attaches them to a load balancer; none for a worker. */
    readonly route?: TrafficRoute;
    /** Subnets of the tasks. */
    readonly subnetIds: pulumi.Input<string>[];
    /** Security groups every task wears. */
    readonly securityGroupIds: pulumi.Input<string>[];
    /**
     * Role ECS assumes to shift traffic in blue/green deployments.
     * @default none: allowed for rolling deployments only; a blue/green route without it is an error.
     */
    readonly infrastructureRoleArn?: pulumi.Input<string>;
    /** The service's log group, where the Service Connect proxy logs too. */
    readonly logGroupName: string;
    /** AWS region of the log group. */
    readonly region: string;
    /** What must exist before a task starts, besides the listener rule and the cluster's capacity providers. */
    readonly dependsOn: pulumi.Resource[];
    /** Alarms that fail a deployment and roll it back, by name (ECS's deployment alarms). @default none */
    readonly deploymentAlarmNames?: readonly string[];
}

/** The deploymentConfiguration of a blue/green, linear or canary service. */
export function trafficShift(dep: ServiceConfig["deployment"]): aws.types.input.ecs.ServiceDeploymentConfiguration {
    const bakeTimeInMinutes = String(dep.bakeTimeMinutes);
    if (dep.strategy === "linear") {
        return {
            strategy: "LINEAR",
            bakeTimeInMinutes,
            linearConfiguration: { stepPercent: dep.linearStepPercent, stepBakeTimeInMinutes: String(dep.linearStepBakeTimeMinutes) },
        };
    }
    if (dep.strategy === "canary") {
        return {
            strategy: "CANARY",
            bakeTimeInMinutes,
            canaryConfiguration: { canaryPercent: dep.canaryPercent, canaryBakeTimeInMinutes: String(dep.canaryBakeTimeMinutes) },
        };
    }
    return { strategy: "BLUE_GREEN", bakeTimeInMinutes };
}

/**
 * How ECS places the service's tasks: a replica service keeps its desired count on the capacity provider strategy; a
 * daemon runs one task on every container instance with the EC2 launch type (ECS refuses a capacity provider strategy
 * for it, whatever the cluster's default).
 */
function placementMode(svc: ServiceConfig, cluster: Cluster): Partial<aws.ecs.ServiceArgs> {
    if (svc.schedulingStrategy === "daemon") return { schedulingStrategy: "DAEMON", launchType: "EC2" };
    return { desiredCount: svc.desiredCount, capacityProviderStrategies: cluster.strategy(serviceStrategy(svc)) };
}

/** The aws.ecs.Service, a child of `parent`. */
export function createEcsService(name: string, args: EcsServiceArgs, parent: pulumi.Resource): aws.ecs.Service {
    const svc = args.service;
    const { route, cluster } = args;
    if (route?.alternateTargetGroup && args.infrastructureRoleArn === undefined)
        throw new Error(`Service ${svc.name}: ${svc.deployment.strategy} needs infrastructureRoleArn`);
    const dep = svc.deployment;
    const daemon = svc.schedulingStrategy === "daemon";
    return new aws.ecs.Service(
        `${name}-service`,
        {
            cluster: cluster.cluster.arn,
            taskDefinition: args.taskDefinition.arn,
            ...placementMode(svc, cluster),
            // The provider applies a changed capacity provider strategy only with forceNewDeployment (see the
            // capacityProviderStrategies doc of aws.ecs.Service). With it, every update of the service starts a new
            // deployment; for a blue/green service that is a whole blue/green deployment with its bake time.
            forceNewDeployment: true,
            networkConfiguration: { subnets: args.subnetIds, securityGroups: args.securityGroupIds, assignPublicIp: svc.assignPublicIp },
            loadBalancers: route ? [loadBalancer(svc, route, args.infrastructureRoleArn)] : undefined,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            // ECS fails and rolls back a deployment when one of these alarms fires during it, for rolling and
            // blue/green deployments alike (Amazon ECS Developer Guide, "Deployment failure detection", read 2026-12-02).
            alarms: args.deploymentAlarmNames ? { alarmNames: [...args.deploymentAlarmNames], enable: true, rollback: true } : undefined,
            deploymentConfiguration: route?.alternateTargetGroup ? trafficShift(dep) : { strategy: "ROLLING" },
            // A daemon is replaced in place, one instance at a time: ECS's daemon minimum, 0 %.
            deploymentMinimumHealthyPercent: daemon ? 0 : dep.minimumHealthyPercent,
            // The provider takes no maximum for a daemon ("Not valid when using the DAEMON scheduling strategy").
            deploymentMaximumPercent: daemon ? undefined : dep.maximumPercent,
            // ECS takes a grace period only for services behind a load balancer (CreateService API reference).
            healthCheckGracePeriodSeconds: route ? dep.healthCheckGracePeriodSeconds : undefined,
            enableExecuteCommand: svc.enableExecuteCommand,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
            serviceConnectConfiguration: cluster.namespace
                ? serviceConnect(svc, cluster.namespace, args.logGroupName, args.region, route !== undefined)
                : undefined,
            waitForSteadyState: false,
            // Validation allows placement on EC2 capacity only; forceNewDeployment above applies a change at once.
            orderedPlacementStrategies: svc.placement?.strategy.map((s) => ({ type: s.type, field: s.field })),
            placementConstraints: svc.placement?.constraints.map((c) => ({ type: c.type, expression: c.expression })),
        },
        {
            parent,
            // Services go before the capacity providers on destroy, or a protected instance keeps the ASG alive; and
            // on destroy they go before their role policies, secrets and mount targets, which draining tasks use.
            dependsOn: [...(route ? [route.attachment] : []), cluster.capacityProviders, ...args.dependsOn],
            ignoreChanges: svc.autoscaling ? ["desiredCount"] : [],
        },
    );
}

/** The service's container behind its target group; under blue/green, with the group and rule ECS shifts traffic with. */
function loadBalancer(
    svc: ServiceConfig,
    route: TrafficRoute,
    infrastructureRoleArn: pulumi.Input<string> | undefined,
): aws.types.input.ecs.ServiceLoadBalancer {
    return {
        targetGroupArn: route.targetGroup.arn,
        containerName: svc.name,
        containerPort: svc.containerPort,
        advancedConfiguration: route.alternateTargetGroup
            ? { alternateTargetGroupArn: route.alternateTargetGroup.arn, productionListenerRule: route.listenerRule!.arn, roleArn: infrastructureRoleArn! }
            : undefined,
    };
}

/** The service in the cluster's Service Connect namespace, reachable as `<name>:<containerPort>`. */
function serviceConnect(
    svc: ServiceConfig,
    namespace: aws.servicediscovery.HttpNamespace,
    logGroupName: string,
    region: string,
    serves: boolean,
): aws.types.input.ecs.ServiceServiceConnectConfiguration {
    return {
        enabled: true,
        namespace: namespace.arn,
        // A worker is a client only: it reaches its peers by name and takes no connections (its group admits none).
        services: serves ? [{ portName: PORT_NAME, discoveryName: svc.name, clientAlias: [{ port: svc.containerPort, dnsName: svc.name }] }] : [],
        // The Service Connect proxy's own log, next to the service's.
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": "service-connect" },
        },
    };
}
