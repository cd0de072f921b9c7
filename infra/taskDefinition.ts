/**
 * A service's task definition: its size, runtime platform, roles, volumes (ECS Exec's agent paths and the EFS
 * volume) and the one container, whose definition is built in containerDefinition.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_KIND, serviceStrategy } from "./config/capacity";
import { ServiceConfig } from "./config/schema";
import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import {
    containerDefinition,
    ContainerDefinitionInput,
    logRouterDefinition,
    otelCollectorDefinition,
    sidecarDefinition,
    throughRouter,
} from "./containerDefinition";
import { EFS_VOLUME_NAME } from "./efsVolume";

export interface TaskDefinitionArgs {
    /** The validated config of the service. */
    readonly service: ServiceConfig;
    /** Prefix of names AWS shows: the family is `<namePrefix>-<service>`. */
    readonly namePrefix: string;
    /** AWS region, where the awslogs driver writes. */
    readonly region: string;
    /** The service's log group. */
    readonly logGroupName: string;
    /**
     * The FireLens log router's own log group (logging.router "firelens").
     * @default none: required when the service logs through FireLens (the router's definition throws without it).
     */
    readonly routerLogGroupName?: string;
    /**
     * The image built from the service's `build`, and the resource that pushes it (the task definition waits for it).
     * @default none: the service's `image` is used.
     */
    readonly builtImage?: { readonly uri: pulumi.Output<string>; readonly pushedBy: pulumi.Resource };
    /** The role ECS starts the task with. */
    readonly executionRoleArn: pulumi.Input<string>;
    /** The role the application runs as. */
    readonly taskRoleArn: pulumi.Input<string>;
    /** The Secrets Manager ARN of each secret variable of the service. */
    readonly secretArns: Record<string, pulumi.Input<string>>;
    /**
     * The service's EFS volume (efsVolume.ts).
     * @default none: the task has no EFS volume.
     */
    readonly efsVolume?: aws.types.input.ecs.TaskDefinitionVolume;
}

/** The task definition of family `<namePrefix>-<service>`, a child of `parent`. */
export function createTaskDefinition(name: string, args: TaskDefinitionArgs, parent: pulumi.Resource): aws.ecs.TaskDefinition {
    const svc = args.service;
    // ECS Exec's agent runs as root, so its paths can be plain task volumes (root-owned, 0755); the service's own
    // scratch paths are tmpfs mounts its user can write (see containerDefinition).
    const execVolumes = execAgentPaths(svc).map((path, i) => ({ name: `exec-${i}`, path }));
    const volumes: aws.types.input.ecs.TaskDefinitionVolume[] = execVolumes.map((v) => ({ name: v.name }));
    if (args.efsVolume) volumes.push(args.efsVolume);
    return new aws.ecs.TaskDefinition(
        `${name}-task`,
        {
            family: `${args.namePrefix}-${svc.name}`,
            networkMode: "awsvpc",
            requiresCompatibilities: compatibilities(svc),
            cpu: String(svc.cpu),
            memory: String(svc.memory),
            executionRoleArn: args.executionRoleArn,
            taskRoleArn: args.taskRoleArn,
            runtimePlatform: { cpuArchitecture: svc.architecture, operatingSystemFamily: "LINUX" },
            volumes,
            containerDefinitions: pulumi
                .all([args.secretArns, args.builtImage?.uri])
                .apply(([arns, builtImage]) =>
                    JSON.stringify(
                        taskContainers(svc, {
                            region: args.region,
                            logGroupName: args.logGroupName,
                            routerLogGroupName: args.routerLogGroupName,
                            builtImage,
                            secretArns: arns,
                            execVolumes,
                            efsVolumeName: svc.efs ? EFS_VOLUME_NAME : undefined,
                        }),
                    ),
                ),
        },
        // A service must not roll out before its built image is pushed (CannotPullContainerError).
        { parent, dependsOn: args.builtImage ? [args.builtImage.pushedBy] : [] },
    );
}

/** Every container of the service's task: the service's own, the tracing collector, the sidecars, in that order. */
export function taskContainers(svc: ServiceConfig, input: Omit<ContainerDefinitionInput, "service">): ContainerDefinition[] {
    return [
        containerDefinition({ ...input, service: svc }),
        ...(svc.tracing === "otel" ? [otelCollectorDefinition(input)] : []),
        ...(throughRouter(svc) ? [logRouterDefinition({ ...input, service: svc })] : []),
        ...svc.sidecars.map((sidecar) => sidecarDefinition(sidecar, { ...input, service: svc })),
    ];
}

/** The launch type each kind of capacity requires of a task definition (RegisterTaskDefinition, requiresCompatibilities). */
const COMPATIBILITY = { Fargate: "FARGATE", EC2: "EC2", "Managed Instances": "MANAGED_INSTANCES" } as const;

/** The launch types the service's capacity providers need, sorted: EC2, FARGATE, MANAGED_INSTANCES (one kind per strategy). */
function compatibilities(svc: ServiceConfig): string[] {
    return [...new Set(serviceStrategy(svc).map((s) => COMPATIBILITY[PROVIDER_KIND[s.provider]]))].sort();
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
