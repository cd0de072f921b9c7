/**
 * The container definition of a service, typed against the ECS API's own ContainerDefinition shape and built only
 * from config values, so that it is known in a preview of a new stack and the policy pack can judge it.
 */
import type { ContainerDefinition, LinuxParameters, MountPoint, Tmpfs } from "@aws-sdk/client-ecs";
import { ServiceConfig } from "./config/schema";
import { SidecarConfig } from "./config/serviceSchema";

/** Port-mapping name that Service Connect refers to. */
export const PORT_NAME = "http";

export interface ContainerDefinitionInput {
    service: ServiceConfig;
    region: string;
    logGroupName: string;
    /** Secrets Manager ARN of each secret variable of `service.secrets`. */
    secretArns: Record<string, string>;
    /** Task volume name per path that ECS Exec's agent writes (root-owned bind mounts; the agent runs as root). */
    execVolumes: { name: string; path: string }[];
    /** The EFS volume's name in the task, when the service has one. */
    efsVolumeName?: string;
}

export function containerDefinition(input: ContainerDefinitionInput): ContainerDefinition {
    const svc = input.service;
    const mountPoints: MountPoint[] = input.execVolumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false }));
    if (svc.efs && input.efsVolumeName) {
        mountPoints.push({ sourceVolume: input.efsVolumeName, containerPath: svc.efs.containerPath, readOnly: svc.efs.readOnly });
    }
    const definition: ContainerDefinition = {
        name: svc.name,
        image: svc.image,
        essential: true,
        portMappings: [{ name: PORT_NAME, containerPort: svc.containerPort, protocol: "tcp", appProtocol: "http" }],
        environment: Object.keys(svc.environment)
            .sort()
            .map((name) => ({ name, value: svc.environment[name] })),
        secrets: Object.keys(svc.secrets)
            .sort()
            .map((name) => ({ name, valueFrom: input.secretArns[name] })),
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": input.logGroupName, "awslogs-region": input.region, "awslogs-stream-prefix": svc.name },
        },
        readonlyRootFilesystem: svc.readonlyRootFilesystem,
        privileged: false,
        mountPoints,
        stopTimeout: svc.stopTimeoutSeconds,
        linuxParameters: linuxParameters(svc),
    };
    if (svc.user !== undefined) definition.user = svc.user;
    if (svc.command !== undefined) definition.command = svc.command;
    const hc = svc.containerHealthCheck;
    if (hc) {
        definition.healthCheck = {
            command: hc.command,
            interval: hc.intervalSeconds,
            timeout: hc.timeoutSeconds,
            retries: hc.retries,
            startPeriod: hc.startPeriodSeconds,
        };
    }
    return definition;
}

/**
 * Scratch paths as tmpfs mounts the container's user can write (an empty task volume is root-owned, mode 0755, so a
 * non-root process could not write it). tmpfs works on Fargate since January 2026 (AWS What's New, "Amazon ECS
 * supports tmpfs mounts on AWS Fargate and ECS Managed Instances", 2026-01; aws/containers-roadmap#736), although the
 * ECS API reference still says it is not supported there. ECS Exec needs an init process to reap the agent's children.
 */
function linuxParameters(svc: ServiceConfig): LinuxParameters | undefined {
    const tmpfs: Tmpfs[] = svc.scratchPaths.map((path) => ({ containerPath: path, size: svc.scratchSizeMiB, mountOptions: scratchMountOptions(svc.user) }));
    if (tmpfs.length === 0 && !svc.enableExecuteCommand) return undefined;
    const parameters: LinuxParameters = {};
    if (svc.enableExecuteCommand) parameters.initProcessEnabled = true;
    if (tmpfs.length > 0) parameters.tmpfs = tmpfs;
    return parameters;
}

/**
 * Mount options of a scratch tmpfs: owned by the container's numeric user (and group) when config names one, else
 * world-writable with the sticky bit, like /tmp, since the image's user is unknown here. No device files or setuid.
 */
export function scratchMountOptions(user: string | undefined): string[] {
    const numeric = user === undefined ? undefined : /^(\d+)(?::(\d+))?$/.exec(user);
    if (!numeric) return ["nosuid", "nodev", "mode=1777"];
    const options = ["nosuid", "nodev", `uid=${numeric[1]}`];
    if (numeric[2] !== undefined) options.push(`gid=${numeric[2]}`);
    options.push("mode=0750");
    return options;
}

/** The key of a sidecar's secret variable among the task's secret ARNs (the service's own are keyed by variable). */
export function sidecarSecretKey(sidecar: string, variable: string): string {
    return `${sidecar}:${variable}`;
}

/**
 * A sidecar's container definition: the service's hardening (read-only root by default, never privileged, the
 * service's user unless its own), its own log stream in the service's log group, its variables and secrets, the
 * dependencies it waits for.
 */
export function sidecarDefinition(
    sidecar: SidecarConfig,
    input: Pick<ContainerDefinitionInput, "service" | "region" | "logGroupName" | "secretArns">,
): ContainerDefinition {
    const svc = input.service;
    const definition: ContainerDefinition = {
        name: sidecar.name,
        image: sidecar.image,
        essential: sidecar.essential,
        cpu: sidecar.cpu,
        portMappings: sidecar.ports.map((port) => ({ containerPort: port, protocol: "tcp" })),
        environment: Object.keys(sidecar.environment)
            .sort()
            .map((name) => ({ name, value: sidecar.environment[name] })),
        secrets: Object.keys(sidecar.secrets)
            .sort()
            .map((name) => ({ name, valueFrom: input.secretArns[sidecarSecretKey(sidecar.name, name)] })),
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": input.logGroupName, "awslogs-region": input.region, "awslogs-stream-prefix": sidecar.name },
        },
        readonlyRootFilesystem: sidecar.readonlyRootFilesystem,
        privileged: false,
        dependsOn: sidecar.dependsOn.map((d) => ({ containerName: d.container, condition: d.condition })),
    };
    const user = sidecar.user ?? svc.user;
    if (user !== undefined) definition.user = user;
    if (sidecar.memory !== undefined) definition.memory = sidecar.memory;
    if (sidecar.command !== undefined) definition.command = sidecar.command;
    const hc = sidecar.healthCheck;
    if (hc) {
        definition.healthCheck = {
            command: hc.command,
            interval: hc.intervalSeconds,
            timeout: hc.timeoutSeconds,
            retries: hc.retries,
            startPeriod: hc.startPeriodSeconds,
        };
    }
    return definition;
}
