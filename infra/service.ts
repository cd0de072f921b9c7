import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarmName, createServiceAlarms, deploymentAlarms, ServiceAlarmKind, TargetMetrics } from "./alarms";
import { ServiceAutoscaling } from "./autoscaling";
import { Cluster } from "./cluster";
import { AlarmThresholds, AutoscalingConfig, ServiceConfig } from "./config/schema";
import { throughRouter } from "./containerDefinition";
import { LOG_ROUTER } from "./config/serviceSchema";
import { createEcsService } from "./ecsService";
import { createEfsVolume } from "./efsVolume";
import { ManagedSecret, taskSecrets } from "./managedSecrets";
import { createServiceLogs } from "./serviceLogs";
import { ServiceImage } from "./serviceImage";
import { ServiceRoute } from "./serviceRoute";
import { NetworkLoadBalancer, NlbRoute } from "./networkLoadBalancer";
import { NetworkLoadBalancerConfig } from "./config/schema";
import { TrafficRoute } from "./ecsService";
import { StatefulOptions } from "./stateful";
import { createTaskDefinition } from "./taskDefinition";
import { createExecutionRole, createTaskRole, createTaskRolePolicy } from "./taskRoles";
import { AwsScope } from "./trust";

export interface ServiceArgs {
    /** The validated config of the service. */
    readonly config: ServiceConfig;
    /** Account, partition and region: the roles' trust conditions. */
    readonly scope: AwsScope;
    /** Prefix of names AWS shows: task family, log group. */
    readonly namePrefix: string;
    /** The cluster the service runs in: its capacity providers, Service Connect namespace and ECS Exec sessions. */
    readonly cluster: Cluster;
    /** The VPC of the target groups. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets of the tasks: private ones, or public ones for a service with assignPublicIp. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The service's own group and the shared tasks group. */
    readonly securityGroupIds: pulumi.Input<string>[];
    /** The listener that carries the rule of this service. */
    readonly listener: aws.lb.Listener;
    /** `app/<alb>/<id>`: the load balancer part of the request-count metric's label for autoscaling. */
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    /** Listener rule priority (from `rulePriorities`). */
    readonly priority: number;
    /** The stack's NLB and its config, for a service with expose: nlb. @default none */
    readonly nlb?: { readonly loadBalancer: NetworkLoadBalancer; readonly config: NetworkLoadBalancerConfig };
    /** Days the service's log group keeps events. */
    readonly logRetentionDays: number;
    /** The secrets the stack creates, by name: their ARN and the version that gives them a value. */
    readonly managedSecrets: Record<string, ManagedSecret>;
    /**
     * Role ECS assumes to shift traffic in blue/green deployments (required for strategy blueGreen).
     * @default none: a blueGreen service throws; a rolling one needs no role.
     */
    readonly infrastructureRoleArn?: pulumi.Input<string>;
    /**
     * For EFS: subnets of the mount targets and the file system's security group.
     * @default none: the service gets no file system, even when its config has `efs`.
     */
    readonly efs?: { readonly subnetIds: pulumi.Input<string>[]; readonly securityGroupId: pulumi.Input<string> };
    /** Protection of the log group and the file system. */
    readonly stateful: StatefulOptions;
    /**
     * The image built from the service's `build` (required when the service has no `image`).
     * @default none: the service runs its configured `image`.
     */
    readonly builtImage?: ServiceImage;
    /** Alarms on the service, notifying the topic, the deployment ones rolling a deployment back. @default none */
    readonly monitoring?: { readonly topicArn: pulumi.Input<string>; readonly thresholds: AlarmThresholds };
    /**
     * What must exist before a task starts: routes and NAT or endpoints, security-group rules. (The service also
     * waits for its own role policies, secret values and EFS mount targets.)
     */
    readonly dependsOn: pulumi.Resource[];
}

/**
 * One ECS service behind the ALB: log group, execution and task roles, task definition, target group(s), listener
 * rule, the service with its deployment strategy, autoscaling and an optional EFS volume. The constructor wires the
 * parts; each is built by the module named after it.
 */
export class Service extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    /** The service's target group (on the ALB or, with expose: nlb, the NLB); none for a worker. */
    readonly targetGroup?: aws.lb.TargetGroup;
    /** The NLB listener of a service with expose: nlb. */
    readonly nlbListener?: aws.lb.Listener;
    readonly alternateTargetGroup?: aws.lb.TargetGroup;
    readonly listenerRule?: aws.lb.ListenerRule;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The FireLens router's own log group, when the service logs through it. */
    readonly routerLogGroup?: aws.cloudwatch.LogGroup;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;
    readonly fileSystem?: aws.efs.FileSystem;
    /** The service's alarms by kind, when monitoring is on. */
    readonly alarms?: Partial<Record<ServiceAlarmKind, aws.cloudwatch.MetricAlarm>>;

    constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:service:Service", name, {}, opts);
        const svc = args.config;
        if (svc.image === undefined && !args.builtImage) throw new Error(`Service ${svc.name}: no image and no built image`);
        const logs = createServiceLogs(
            name,
            { namePrefix: args.namePrefix, serviceName: svc.name, retentionDays: args.logRetentionDays, stateful: args.stateful },
            this,
        );
        this.logGroup = logs.logGroup;
        // The FireLens router logs to a group of its own, beside the service's.
        const router = throughRouter(svc)
            ? createServiceLogs(
                  `${name}-router`,
                  { namePrefix: args.namePrefix, serviceName: `${svc.name}/${LOG_ROUTER}`, retentionDays: args.logRetentionDays, stateful: args.stateful },
                  this,
              )
            : undefined;
        this.routerLogGroup = router?.logGroup;
        const task = this.createTask(name, args, logs, router?.logGroupName);
        this.executionRole = task.executionRole;
        this.taskRole = task.taskRole;
        this.fileSystem = task.fileSystem;
        this.taskDefinition = task.taskDefinition;

        const { albRoute, nlbRoute } = this.createRoute(name, args);
        const route: TrafficRoute | undefined = albRoute ?? nlbRoute;
        this.targetGroup = route?.targetGroup;
        this.alternateTargetGroup = albRoute?.alternateTargetGroup;
        this.listenerRule = albRoute?.listenerRule;
        this.nlbListener = nlbRoute?.listener;
        const targetMetrics = nlbRoute ? "network" : "application";

        this.service = createEcsService(
            name,
            {
                service: svc,
                cluster: args.cluster,
                taskDefinition: this.taskDefinition,
                route,
                logGroupName: logs.logGroupName,
                region: args.scope.region,
                subnetIds: args.subnetIds,
                securityGroupIds: args.securityGroupIds,
                infrastructureRoleArn: args.infrastructureRoleArn,
                // Besides args.dependsOn, the task's own secret values, role policies and mount targets.
                dependsOn: [...args.dependsOn, ...task.ready],
                deploymentAlarmNames:
                    args.monitoring && route ? deploymentAlarms(targetMetrics).map((kind) => alarmName(args.namePrefix, svc.name, kind)) : undefined,
            },
            this,
        );
        if (args.monitoring) this.alarms = this.createAlarms(name, args, args.monitoring, targetMetrics);
        if (svc.autoscaling) this.createAutoscaling(name, args, svc.autoscaling);
        this.registerOutputs({ serviceName: this.service.name });
    }

    /** An ALB route for a service with paths, an NLB listener for expose: nlb; a worker has neither. */
    private createRoute(name: string, args: ServiceArgs): { albRoute?: ServiceRoute; nlbRoute?: NlbRoute } {
        const svc = args.config;
        if (svc.expose === "alb" && svc.paths.length > 0) {
            return { albRoute: new ServiceRoute(name, { config: svc, vpcId: args.vpcId, listener: args.listener, priority: args.priority }, this) };
        }
        if (svc.expose === "nlb" && args.nlb) {
            return { nlbRoute: new NlbRoute(name, { config: svc, vpcId: args.vpcId, nlb: args.nlb.loadBalancer, nlbConfig: args.nlb.config }, this) };
        }
        return {};
    }

    /** The task: its roles and their policies, the EFS volume, the task definition; and what must exist before it runs. */
    private createTask(
        name: string,
        args: ServiceArgs,
        logs: { logGroup: aws.cloudwatch.LogGroup; logGroupName: string },
        routerLogGroupName: string | undefined,
    ) {
        const svc = args.config;
        const secrets = taskSecrets(svc, args.managedSecrets);
        const execution = createExecutionRole(
            name,
            {
                scope: args.scope,
                serviceName: svc.name,
                images: [svc.image ?? args.builtImage!.imageUri, ...svc.sidecars.map((s) => s.image), ...(throughRouter(svc) ? [svc.logging.routerImage] : [])],
                logGroupArn: logs.logGroup.arn,
                routerLogGroupArn: this.routerLogGroup?.arn,
                secretArns: secrets.arns,
                secretsKmsKeyArn: svc.secretsKmsKeyArn,
            },
            this,
        );
        const taskRole = createTaskRole(name, args.scope, svc.name, this);
        const efs = svc.efs && args.efs ? createEfsVolume(name, { ...args.efs, readOnly: svc.efs.readOnly, stateful: args.stateful }, this) : undefined;
        const policy = createTaskRolePolicy(
            name,
            {
                role: taskRole,
                statements: svc.taskPolicy,
                executeCommand: svc.enableExecuteCommand,
                tracing: svc.tracing === "otel",
                execSessions: args.cluster.execSessions,
                efs: efs?.grant,
                firelensLogGroupArn: this.routerLogGroup ? logs.logGroup.arn : undefined,
            },
            this,
        );
        const taskDefinition = createTaskDefinition(
            name,
            {
                service: svc,
                namePrefix: args.namePrefix,
                region: args.scope.region,
                logGroupName: logs.logGroupName,
                routerLogGroupName,
                builtImage: args.builtImage && { uri: args.builtImage.imageUri, pushedBy: args.builtImage.image },
                executionRoleArn: execution.role.arn,
                taskRoleArn: taskRole.arn,
                secretArns: secrets.arns,
                efsVolume: efs?.volume,
            },
            this,
        );
        const ready = [...secrets.versions, ...execution.policies, ...(efs?.mountTargets ?? []), ...(policy ? [policy] : [])];
        return { executionRole: execution.role, taskRole, fileSystem: efs?.fileSystem, taskDefinition, ready };
    }

    /**
     * The service's alarms. They name the service, so they come after it; the service names its deployment alarms by
     * their fixed names, as the AWS CDK's deployment alarms do (aws-cdk-lib aws_ecs DeploymentAlarmOptions, read
     * 2026-12-02), so there is no cycle.
     */
    private createAlarms(name: string, args: ServiceArgs, monitoring: NonNullable<ServiceArgs["monitoring"]>, targetMetrics: TargetMetrics) {
        return createServiceAlarms(
            name,
            {
                namePrefix: args.namePrefix,
                serviceName: args.config.name,
                clusterName: args.cluster.clusterName,
                ecsServiceName: this.service.name,
                targetGroupArnSuffix: this.targetGroup?.arnSuffix,
                loadBalancerArnSuffix: targetMetrics === "network" ? args.nlb!.loadBalancer.loadBalancer.arnSuffix : args.loadBalancerArnSuffix,
                targetMetrics,
                topicArn: monitoring.topicArn,
                thresholds: monitoring.thresholds,
            },
            this,
        );
    }

    /** Target tracking and scheduled actions on the service's task count. */
    private createAutoscaling(name: string, args: ServiceArgs, config: AutoscalingConfig): void {
        new ServiceAutoscaling(
            `${name}-scaling`,
            {
                config,
                clusterName: args.cluster.clusterName,
                serviceName: this.service.name,
                // Validation refuses requestsPerTarget for a worker, which has no target group, and on the NLB.
                requestCountLabel: this.listenerRule && this.targetGroup && pulumi.interpolate`${args.loadBalancerArnSuffix}/${this.targetGroup.arnSuffix}`,
                alarmNamePrefix: `${args.namePrefix}-${args.config.name}`,
            },
            { parent: this },
        );
    }
}
