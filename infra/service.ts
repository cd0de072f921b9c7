import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAutoscaling } from "./autoscaling";
import { Cluster } from "./cluster";
import { serviceStrategy } from "./config/capacity";
import { ServiceConfig } from "./config/schema";
import { containerDefinition, PORT_NAME } from "./containerDefinition";
import { executionPolicy, secretsPolicy, taskPolicy } from "./serviceRoles";
import { ServiceRoute } from "./serviceRoute";
import { StatefulOptions } from "./stateful";
import { AwsScope, ecsTasksTrustPolicy } from "./trust";

export interface ServiceArgs {
    config: ServiceConfig;
    /** Account, partition and region: the roles' trust conditions. */
    scope: AwsScope;
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
    /** The secrets the stack creates, by name: their ARN and the version that gives them a value. */
    managedSecrets: Record<string, ManagedSecret>;
    /** Role ECS assumes to shift traffic in blue/green deployments (required for strategy blueGreen). */
    infrastructureRoleArn?: pulumi.Input<string>;
    /** For EFS: subnets of the mount targets and the file system's security group. */
    efs?: { subnetIds: pulumi.Input<string>[]; securityGroupId: pulumi.Input<string> };
    stateful: StatefulOptions;
    /**
     * What must exist before a task starts: routes and NAT or endpoints, security-group rules. (The service also
     * waits for its own role policies, secret values and EFS mount targets.)
     */
    dependsOn: pulumi.Resource[];
}

/** A Secrets Manager secret the stack creates. */
export interface ManagedSecret {
    arn: pulumi.Output<string>;
    /** Its first value; a task reading the secret must not start before it. */
    version: pulumi.Resource;
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
        /** What the ECS service waits for besides args.dependsOn. */
        const ready: pulumi.Resource[] = [];

        const logGroupName = `/ecs/${args.namePrefix}/${svc.name}`;
        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: logGroupName,
            retentionInDays: args.logRetentionDays,
        }, { ...child, ...args.stateful });

        const secretArns: Record<string, pulumi.Input<string>> = {};
        for (const [variable, ref] of Object.entries(svc.secrets)) {
            if (ref.startsWith("arn:")) {
                secretArns[variable] = ref;
            } else {
                secretArns[variable] = args.managedSecrets[ref].arn;
                ready.push(args.managedSecrets[ref].version);
            }
        }

        this.executionRole = new aws.iam.Role(`${name}-execution`, {
            description: `ECS execution role of ${svc.name}: image pull, logs, its secrets`,
            assumeRolePolicy: ecsTasksTrustPolicy(args.scope),
        }, child);
        ready.push(new aws.iam.RolePolicy(`${name}-execution`, {
            role: this.executionRole.id,
            policy: this.logGroup.arn.apply((arn) => JSON.stringify(executionPolicy(svc.image, arn))),
        }, child));
        if (Object.keys(secretArns).length > 0) {
            ready.push(new aws.iam.RolePolicy(`${name}-secrets`, {
                role: this.executionRole.id,
                policy: pulumi.all(secretArns).apply((arns) => JSON.stringify(secretsPolicy(Object.values(arns), svc.secretsKmsKeyArn))),
            }, child));
        }

        this.taskRole = new aws.iam.Role(`${name}-task`, {
            description: `ECS task role of ${svc.name}: only what its config grants`,
            assumeRolePolicy: ecsTasksTrustPolicy(args.scope),
        }, child);

        // ECS Exec's agent runs as root, so its paths can be plain task volumes (root-owned, 0755); the service's own
        // scratch paths are tmpfs mounts its user can write (see containerDefinition).
        const execVolumes = execAgentPaths(svc).map((path, i) => ({ name: `exec-${i}`, path }));
        const volumes: aws.types.input.ecs.TaskDefinitionVolume[] = execVolumes.map((v) => ({ name: v.name }));
        let efsGrant: pulumi.Output<{ fileSystemArn: string; accessPointArn: string; readOnly: boolean }> | undefined;
        if (svc.efs && args.efs) {
            const { fileSystem, accessPoint, mountTargets } = this.createFileSystem(name, args.efs, args.stateful);
            this.fileSystem = fileSystem;
            ready.push(...mountTargets);
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
            const exec = svc.enableExecuteCommand ? args.cluster.execSessions : undefined;
            const execGrant = exec ? pulumi.all([exec.key.arn, exec.logGroup.arn]).apply(([kmsKeyArn, logGroupArn]) => ({ kmsKeyArn, logGroupArn })) : undefined;
            ready.push(new aws.iam.RolePolicy(`${name}-task`, {
                role: this.taskRole.id,
                policy: pulumi.all([efsGrant, execGrant]).apply(([efs, execSessions]) =>
                    JSON.stringify(taskPolicy({ ...taskStatements, efs, execSessions }))),
            }, child));
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
                region: args.scope.region,
                logGroupName,
                secretArns: arns,
                execVolumes,
                efsVolumeName: svc.efs ? "efs" : undefined,
            })])),
        }, child);

        const route = new ServiceRoute(name, { config: svc, vpcId: args.vpcId, listener: args.listener, priority: args.priority }, this);
        this.targetGroup = route.targetGroup;
        this.alternateTargetGroup = route.alternateTargetGroup;
        this.listenerRule = route.listenerRule;

        if (this.alternateTargetGroup && args.infrastructureRoleArn === undefined) throw new Error(`Service ${svc.name}: blueGreen needs infrastructureRoleArn`);
        const dep = svc.deployment;
        this.service = new aws.ecs.Service(`${name}-service`, {
            cluster: args.cluster.cluster.arn,
            taskDefinition: this.taskDefinition.arn,
            desiredCount: svc.desiredCount,
            capacityProviderStrategies: args.cluster.strategy(strategy),
            // The provider applies a changed capacity provider strategy only with forceNewDeployment (see the
            // capacityProviderStrategies doc of aws.ecs.Service). With it, every update of the service starts a new
            // deployment; for a blue/green service that is a whole blue/green deployment with its bake time.
            forceNewDeployment: true,
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
            deploymentConfiguration: this.alternateTargetGroup
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
                    // The Service Connect proxy's own log, next to the service's.
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: { "awslogs-group": logGroupName, "awslogs-region": args.scope.region, "awslogs-stream-prefix": "service-connect" },
                    },
                }
                : undefined,
            waitForSteadyState: false,
        }, {
            ...child,
            // Services go before the capacity providers on destroy, or a protected instance keeps the ASG alive; and
            // on destroy they go before their role policies, secrets and mount targets, which draining tasks use.
            dependsOn: [this.listenerRule, args.cluster.capacityProviders, ...args.dependsOn, ...ready],
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
        const mountTargets = efs.subnetIds.map((subnetId, i) => new aws.efs.MountTarget(`${name}-efs-az${i + 1}`, {
            fileSystemId: fileSystem.id,
            subnetId,
            securityGroups: [efs.securityGroupId],
        }, child));
        const accessPoint = new aws.efs.AccessPoint(`${name}-efs`, {
            fileSystemId: fileSystem.id,
            posixUser: { uid: 1000, gid: 1000 },
            rootDirectory: { path: `/${name}`, creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "750" } },
        }, child);
        return { fileSystem, accessPoint, mountTargets };
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
