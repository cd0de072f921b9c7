import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAutoscaling } from "./autoscaling";
import { Cluster } from "./cluster";
import { serviceStrategy } from "./config/rules";
import { ServiceConfig } from "./config/schema";
import { containerDefinition, PORT_NAME } from "./containerDefinition";
import { ecsTasksTrustPolicy, executionPolicy, secretsPolicy, taskPolicy } from "./serviceRoles";
import { StatefulOptions } from "./stateful";

export interface ServiceArgs {
    config: ServiceConfig;
    region: string;
    /** Prefix of names AWS shows: task family, log group. */
    namePrefix: string;
    cluster: Cluster;
    vpcId: pulumi.Input<string>;
    /** Subnets of the tasks: private ones, or public ones for a service with assignPublicIp. */
    subnetIds: pulumi.Input<string>[];
    /** The service's own group and the shared tasks group. */
    securityGroupIds: pulumi.Input<string>[];
    /** The listener that carries the rule of this service. */
    listener: aws.lb.Listener;
    loadBalancerArnSuffix: pulumi.Input<string>;
    /** Listener rule priority (from `rulePriorities`). */
    priority: number;
    logRetentionDays: number;
    /** The ARN of each secret the stack creates, by name. */
    managedSecretArns: Record<string, pulumi.Input<string>>;
    /** Role ECS assumes to shift traffic in blue/green deployments (required for strategy blueGreen). */
    infrastructureRoleArn?: pulumi.Input<string>;
    /** For EFS: subnets of the mount targets and the file system's security group. */
    efs?: { subnetIds: pulumi.Input<string>[]; securityGroupId: pulumi.Input<string> };
    stateful: StatefulOptions;
    /** Resources that must exist before tasks start (interface endpoints). */
    dependsOn: pulumi.Resource[];
}

/**
 * One ECS service behind the ALB: log group, execution and task roles, task definition, target group(s), listener
 * rule, the service with its deployment strategy, autoscaling and an optional EFS volume.
 */
export class Service extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly alternateTargetGroup?: aws.lb.TargetGroup;
    readonly listenerRule: aws.lb.ListenerRule;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;
    readonly fileSystem?: aws.efs.FileSystem;

    constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:service:Service", name, {}, opts);
        const child = { parent: this };
        const svc = args.config;

        const logGroupName = `/ecs/${args.namePrefix}/${svc.name}`;
        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: logGroupName,
            retentionInDays: args.logRetentionDays,
        }, { ...child, ...args.stateful });

        const secretArns: Record<string, pulumi.Input<string>> = {};
        for (const [variable, ref] of Object.entries(svc.secrets)) {
            secretArns[variable] = ref.startsWith("arn:") ? ref : args.managedSecretArns[ref];
        }

        this.executionRole = new aws.iam.Role(`${name}-execution`, {
            description: `ECS execution role of ${svc.name}: image pull, logs, its secrets`,
            assumeRolePolicy: ecsTasksTrustPolicy(),
        }, child);
        new aws.iam.RolePolicy(`${name}-execution`, {
            role: this.executionRole.id,
            policy: this.logGroup.arn.apply((arn) => JSON.stringify(executionPolicy(svc.image, arn))),
        }, child);
        if (Object.keys(secretArns).length > 0) {
            new aws.iam.RolePolicy(`${name}-secrets`, {
                role: this.executionRole.id,
                policy: pulumi.all(secretArns).apply((arns) => JSON.stringify(secretsPolicy(Object.values(arns), svc.secretsKmsKeyArn))),
            }, child);
        }

        this.taskRole = new aws.iam.Role(`${name}-task`, {
            description: `ECS task role of ${svc.name}: only what its config grants`,
            assumeRolePolicy: ecsTasksTrustPolicy(),
        }, child);

        // Volumes with no host configuration are task-local scratch space: writable, gone with the task.
        const scratchVolumes = [
            ...svc.scratchPaths.map((path, i) => ({ name: `scratch-${i}`, path })),
            ...execAgentPaths(svc).map((path, i) => ({ name: `exec-${i}`, path })),
        ];
        const volumes: aws.types.input.ecs.TaskDefinitionVolume[] = scratchVolumes.map((v) => ({ name: v.name }));
        let efsGrant: pulumi.Output<{ fileSystemArn: string; accessPointArn: string; readOnly: boolean }> | undefined;
        if (svc.efs && args.efs) {
            const { fileSystem, accessPoint } = this.createFileSystem(name, args.efs, args.stateful);
            this.fileSystem = fileSystem;
            volumes.push({
                name: "efs",
                efsVolumeConfiguration: {
                    fileSystemId: fileSystem.id,
                    transitEncryption: "ENABLED",
                    authorizationConfig: { accessPointId: accessPoint.id, iam: "ENABLED" },
                },
            });
            const readOnly = svc.efs.readOnly;
            efsGrant = pulumi.all([fileSystem.arn, accessPoint.arn]).apply(([fileSystemArn, accessPointArn]) => ({ fileSystemArn, accessPointArn, readOnly }));
        }

        const taskStatements = { statements: svc.taskPolicy, executeCommand: svc.enableExecuteCommand };
        if (taskPolicy(taskStatements) || efsGrant) {
            new aws.iam.RolePolicy(`${name}-task`, {
                role: this.taskRole.id,
                policy: pulumi.output(efsGrant).apply((efs) => JSON.stringify(taskPolicy({ ...taskStatements, efs }))),
            }, child);
        }

        const strategy = serviceStrategy(svc);
        const compatibilities = [...new Set(strategy.map((s) => (s.provider === "ec2" ? "EC2" : "FARGATE")))].sort();
        this.taskDefinition = new aws.ecs.TaskDefinition(`${name}-task`, {
            family: `${args.namePrefix}-${svc.name}`,
            networkMode: "awsvpc",
            requiresCompatibilities: compatibilities,
            cpu: String(svc.cpu),
            memory: String(svc.memory),
            executionRoleArn: this.executionRole.arn,
            taskRoleArn: this.taskRole.arn,
            runtimePlatform: { cpuArchitecture: svc.architecture, operatingSystemFamily: "LINUX" },
            volumes,
            containerDefinitions: pulumi.all(secretArns).apply((arns) => JSON.stringify([containerDefinition({
                service: svc,
                region: args.region,
                logGroupName,
                secretArns: arns,
                scratchVolumes,
                efsVolumeName: svc.efs ? "efs" : undefined,
            })])),
        }, child);

        const targetGroup = (suffix: string) => new aws.lb.TargetGroup(`${name}-${suffix}`, {
            vpcId: args.vpcId,
            targetType: "ip",
            protocol: "HTTP",
            port: svc.containerPort,
            deregistrationDelay: svc.deregistrationDelaySeconds,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                path: svc.healthCheck.path,
                matcher: svc.healthCheck.matcher,
                interval: svc.healthCheck.intervalSeconds,
                timeout: svc.healthCheck.timeoutSeconds,
                healthyThreshold: svc.healthCheck.healthyThreshold,
                unhealthyThreshold: svc.healthCheck.unhealthyThreshold,
            },
        }, child);
        this.targetGroup = targetGroup("tg");
        const blueGreen = svc.deployment.strategy === "blueGreen";
        if (blueGreen) this.alternateTargetGroup = targetGroup("tg2");

        const conditions: aws.types.input.lb.ListenerRuleCondition[] = [{ pathPattern: { values: svc.paths } }];
        if (svc.hosts.length) conditions.push({ hostHeader: { values: svc.hosts } });
        this.listenerRule = new aws.lb.ListenerRule(`${name}-rule`, {
            listenerArn: args.listener.arn,
            priority: args.priority,
            conditions,
            actions: [this.alternateTargetGroup
                ? {
                    type: "forward",
                    forward: {
                        targetGroups: [{ arn: this.targetGroup.arn, weight: 100 }, { arn: this.alternateTargetGroup.arn, weight: 0 }],
                    },
                }
                : { type: "forward", targetGroupArn: this.targetGroup.arn }],
        }, { ...child, ignoreChanges: blueGreen ? ["actions"] : [] }); // ECS shifts the weights during blue/green.

        if (blueGreen && args.infrastructureRoleArn === undefined) throw new Error(`Service ${svc.name}: blueGreen needs infrastructureRoleArn`);
        const dep = svc.deployment;
        this.service = new aws.ecs.Service(`${name}-service`, {
            cluster: args.cluster.cluster.arn,
            taskDefinition: this.taskDefinition.arn,
            desiredCount: svc.desiredCount,
            capacityProviderStrategies: args.cluster.strategy(strategy),
            networkConfiguration: {
                subnets: args.subnetIds,
                securityGroups: args.securityGroupIds,
                assignPublicIp: svc.assignPublicIp,
            },
            loadBalancers: [{
                targetGroupArn: this.targetGroup.arn,
                containerName: svc.name,
                containerPort: svc.containerPort,
                advancedConfiguration: this.alternateTargetGroup
                    ? {
                        alternateTargetGroupArn: this.alternateTargetGroup.arn,
                        productionListenerRule: this.listenerRule.arn,
                        roleArn: args.infrastructureRoleArn!,
                    }
                    : undefined,
            }],
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentConfiguration: blueGreen
                ? { strategy: "BLUE_GREEN", bakeTimeInMinutes: String(dep.bakeTimeMinutes) }
                : { strategy: "ROLLING" },
            deploymentMinimumHealthyPercent: dep.minimumHealthyPercent,
            deploymentMaximumPercent: dep.maximumPercent,
            healthCheckGracePeriodSeconds: dep.healthCheckGracePeriodSeconds,
            enableExecuteCommand: svc.enableExecuteCommand,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
            serviceConnectConfiguration: args.cluster.namespace
                ? {
                    enabled: true,
                    namespace: args.cluster.namespace.arn,
                    services: [{ portName: PORT_NAME, discoveryName: svc.name, clientAlias: [{ port: svc.containerPort, dnsName: svc.name }] }],
                }
                : undefined,
            waitForSteadyState: false,
        }, {
            ...child,
            // Services go before the capacity providers on destroy, or a protected instance keeps the ASG alive.
            dependsOn: [this.listenerRule, args.cluster.capacityProviders, ...args.dependsOn],
            ignoreChanges: svc.autoscaling ? ["desiredCount"] : [],
        });

        if (svc.autoscaling) {
            new ServiceAutoscaling(`${name}-scaling`, {
                config: svc.autoscaling,
                clusterName: args.cluster.clusterName,
                serviceName: this.service.name,
                requestCountLabel: pulumi.interpolate`${args.loadBalancerArnSuffix}/${this.targetGroup.arnSuffix}`,
            }, child);
        }

        this.registerOutputs({ serviceName: this.service.name });
    }

    private createFileSystem(name: string, efs: NonNullable<ServiceArgs["efs"]>, stateful: StatefulOptions) {
        const child = { parent: this };
        const fileSystem = new aws.efs.FileSystem(`${name}-efs`, {
            encrypted: true,
            performanceMode: "generalPurpose",
            throughputMode: "elastic",
            tags: { Name: `${name}-efs` },
        }, { ...child, ...stateful });
        new aws.efs.FileSystemPolicy(`${name}-efs`, {
            fileSystemId: fileSystem.id,
            policy: fileSystem.arn.apply((arn) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: "*",
                    Resource: arn,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                }],
            })),
        }, child);
        efs.subnetIds.forEach((subnetId, i) => new aws.efs.MountTarget(`${name}-efs-az${i + 1}`, {
            fileSystemId: fileSystem.id,
            subnetId,
            securityGroups: [efs.securityGroupId],
        }, child));
        const accessPoint = new aws.efs.AccessPoint(`${name}-efs`, {
            fileSystemId: fileSystem.id,
            posixUser: { uid: 1000, gid: 1000 },
            rootDirectory: { path: `/${name}`, creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "750" } },
        }, child);
        return { fileSystem, accessPoint };
    }
}

/**
 * Where ECS Exec's managed SSM agent writes. With a read-only root filesystem the agent cannot start unless these are
 * writable volumes (aws/containers-roadmap#1359, aws-containers/amazon-ecs-exec-checker#21; not verified against AWS
 * here). Paths the service already lists as scratch are not mounted twice.
 */
export const EXEC_AGENT_PATHS = ["/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"];

export function execAgentPaths(svc: Pick<ServiceConfig, "enableExecuteCommand" | "readonlyRootFilesystem" | "scratchPaths">): string[] {
    if (!svc.enableExecuteCommand || !svc.readonlyRootFilesystem) return [];
    return EXEC_AGENT_PATHS.filter((p) => !svc.scratchPaths.includes(p));
}
