/**
 * A daemon on ECS Managed Instances: an ECS managed daemon (aws.ecs.Daemon, CreateDaemon) runs exactly one task of a
 * daemon task definition on every instance of the Managed Instances capacity provider, started before the
 * instance's other tasks and drained after them (Amazon ECS API Reference, CreateDaemon; ECS managed daemons were
 * announced 2026-04; read 2026-12-02). On EC2 capacity a daemon stays an aws.ecs.Service with schedulingStrategy
 * DAEMON (ecsService.ts).
 *
 * A daemon task definition has no network mode and no port mappings: the daemon serves nothing through a load
 * balancer or Service Connect, and has no security group of its own.
 */
import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig } from "./config/schema";
import { ManagedSecret } from "./managedSecrets";
import { StatefulOptions } from "./stateful";
import { taskContainers } from "./taskDefinition";
import { createTaskIdentity } from "./taskIdentity";
import { AwsScope } from "./trust";
import { Cluster } from "./cluster";

type DaemonContainer = aws.types.input.ecs.DaemonTaskDefinitionContainerDefinition;

export interface ManagedDaemonArgs {
    /** The validated config of the service (schedulingStrategy daemon, capacity managedInstances). */
    readonly config: ServiceConfig;
    /** Account, partition and region: the roles' trust conditions. */
    readonly scope: AwsScope;
    /** Prefix of names AWS shows: daemon, task family, log group. */
    readonly namePrefix: string;
    /** The cluster, with its Managed Instances capacity provider. */
    readonly cluster: Cluster;
    /** Days the log group keeps events. */
    readonly logRetentionDays: number;
    /** The secrets the stack creates, by name. */
    readonly managedSecrets: Record<string, ManagedSecret>;
    /** Protection of the log group. */
    readonly stateful: StatefulOptions;
    /** What must exist before a task starts (routes and NAT or endpoints). */
    readonly dependsOn: pulumi.Resource[];
}

/** The managed daemon, its daemon task definition, roles and log group. */
export class ManagedDaemon extends pulumi.ComponentResource {
    readonly daemon: aws.ecs.Daemon;
    readonly taskDefinition: aws.ecs.DaemonTaskDefinition;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;

    constructor(name: string, args: ManagedDaemonArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:service:ManagedDaemon", name, {}, opts);
        const svc = args.config;
        const provider = args.cluster.managedInstances?.provider;
        if (!provider) throw new Error(`ManagedDaemon ${svc.name}: the cluster has no Managed Instances capacity provider`);
        // Validation refuses build for a managed daemon: it runs a registry image.
        const identity = createTaskIdentity(name, { ...args, service: svc, logName: svc.name, label: svc.name }, this);
        const { logs, secrets, execution } = identity;
        this.logGroup = logs.logGroup;
        this.executionRole = execution.role;
        this.taskRole = identity.taskRole;
        this.taskDefinition = this.createTaskDefinition(name, args, {
            executionRoleArn: execution.role.arn,
            secretArns: secrets.arns,
            logGroupName: logs.logGroupName,
        });
        this.daemon = new aws.ecs.Daemon(
            `${name}-daemon`,
            {
                name: `${args.namePrefix}-${svc.name}`,
                clusterArn: args.cluster.cluster.arn,
                daemonTaskDefinitionArn: this.taskDefinition.arn,
                capacityProviderArns: [provider.arn],
                enableEcsManagedTags: true,
                propagateTags: "DAEMON",
            },
            {
                parent: this,
                // Like a service: after the capacity providers on create, before them on destroy; after the policies
                // and secret values its tasks start with.
                dependsOn: [args.cluster.capacityProviders, ...args.dependsOn, ...identity.ready],
            },
        );
        this.registerOutputs({ daemonName: this.daemon.name });
    }

    /** The daemon task definition: the service's size, roles and containers (as taskContainers builds them). */
    private createTaskDefinition(
        name: string,
        args: ManagedDaemonArgs,
        task: { executionRoleArn: pulumi.Input<string>; secretArns: Record<string, pulumi.Input<string>>; logGroupName: string },
    ): aws.ecs.DaemonTaskDefinition {
        const svc = args.config;
        return new aws.ecs.DaemonTaskDefinition(
            `${name}-daemon-task`,
            {
                family: `${args.namePrefix}-${svc.name}`,
                cpu: String(svc.cpu),
                memory: String(svc.memory),
                executionRoleArn: task.executionRoleArn,
                taskRoleArn: this.taskRole.arn,
                containerDefinitions: pulumi
                    .all(task.secretArns)
                    .apply((arns) =>
                        taskContainers(svc, { region: args.scope.region, logGroupName: task.logGroupName, secretArns: arns, execVolumes: [] }).map(
                            daemonContainer,
                        ),
                    ),
            },
            { parent: this },
        );
    }
}

/**
 * A container definition in the shape aws.ecs.DaemonTaskDefinition takes (plural list names, structured rather than
 * a JSON string). Port mappings are left out: a daemon task definition has none.
 */
function daemonContainer(c: ContainerDefinition): DaemonContainer {
    const linux = c.linuxParameters;
    return {
        name: c.name,
        image: c.image!,
        essential: c.essential,
        cpu: c.cpu,
        memory: c.memory,
        user: c.user,
        privileged: c.privileged,
        readonlyRootFilesystem: c.readonlyRootFilesystem,
        commands: c.command,
        environments: c.environment?.map((e) => ({ name: e.name, value: e.value })),
        secrets: c.secrets?.map((s) => ({ name: s.name!, valueFrom: s.valueFrom! })),
        dependsOns: c.dependsOn?.map((d) => ({ containerName: d.containerName!, condition: d.condition! })),
        logConfiguration: c.logConfiguration && { logDriver: c.logConfiguration.logDriver!, options: c.logConfiguration.options },
        mountPoints: c.mountPoints?.map((m) => ({ sourceVolume: m.sourceVolume, containerPath: m.containerPath, readOnly: m.readOnly })),
        stopTimeout: c.stopTimeout,
        healthCheck: c.healthCheck && {
            commands: c.healthCheck.command!,
            interval: c.healthCheck.interval,
            timeout: c.healthCheck.timeout,
            retries: c.healthCheck.retries,
            startPeriod: c.healthCheck.startPeriod,
        },
        linuxParameters: linux && {
            initProcessEnabled: linux.initProcessEnabled,
            capabilities: linux.capabilities && { adds: linux.capabilities.add, drops: linux.capabilities.drop },
            tmpfs: linux.tmpfs?.map((t) => ({ containerPath: t.containerPath!, size: t.size!, mountOptions: t.mountOptions })),
        },
    };
}
