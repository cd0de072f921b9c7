/**
 * The container definition of a service, typed against the ECS API's own ContainerDefinition shape and built only
 * from config values, so that it is known in a preview of a new stack and the policy pack can judge it.
 */
import type { ContainerDefinition, HealthCheck, LinuxParameters, LogConfiguration, MountPoint, Tmpfs } from "@aws-sdk/client-ecs";
import { ServiceConfig } from "./config/schema";
import { LOG_ROUTER, LOG_ROUTER_USER, OTEL_COLLECTOR, OTEL_COLLECTOR_IMAGE, OTLP_PORTS, SidecarConfig } from "./config/serviceSchema";

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
    /** The log router's own log group, when the service logs through FireLens. */
    routerLogGroupName?: string;
    /** The URI of the image built from `build` (resolved), for a service without `image`. */
    builtImage?: string;
}

export function containerDefinition(input: ContainerDefinitionInput): ContainerDefinition {
    const svc = input.service;
    const mountPoints: MountPoint[] = input.execVolumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false }));
    if (svc.efs && input.efsVolumeName) {
        mountPoints.push({ sourceVolume: input.efsVolumeName, containerPath: svc.efs.containerPath, readOnly: svc.efs.readOnly });
    }
    const definition: ContainerDefinition = {
        name: svc.name,
        image: svc.image ?? input.builtImage,
        essential: true,
        // appProtocol "http" gives Service Connect HTTP metrics; a service on the NLB may speak anything over TCP.
        portMappings: [{ name: PORT_NAME, containerPort: svc.containerPort, protocol: "tcp", ...(svc.expose === "nlb" ? {} : { appProtocol: "http" }) }],
        environment: Object.entries({ ...(svc.tracing === "otel" ? tracingEnvironment(svc) : {}), ...svc.environment })
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([name, value]) => ({ name, value })),
        secrets: Object.keys(svc.secrets)
            .sort()
            .map((name) => ({ name, valueFrom: input.secretArns[name] })),
        logConfiguration: logsOf(input, svc.name),
        readonlyRootFilesystem: svc.readonlyRootFilesystem,
        privileged: false,
        mountPoints,
        stopTimeout: svc.stopTimeoutSeconds,
        linuxParameters: linuxParameters(svc),
    };
    if (svc.user !== undefined) definition.user = svc.user;
    if (svc.command !== undefined) definition.command = svc.command;
    // The collector starts first, so the application's first spans have somewhere to go (as AWS's example orders them).
    // The log router starts before the containers that log through it.
    const dependsOn = [
        ...(svc.tracing === "otel" ? [{ containerName: OTEL_COLLECTOR, condition: "START" as const }] : []),
        ...(throughRouter(svc) ? [{ containerName: LOG_ROUTER, condition: "START" as const }] : []),
    ];
    if (dependsOn.length > 0) definition.dependsOn = dependsOn;
    if (svc.containerHealthCheck) definition.healthCheck = healthCheckOf(svc.containerHealthCheck);
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
    const routed = throughRouter(input.service);
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
        logConfiguration: logsOf(input, sidecar.name),
        readonlyRootFilesystem: sidecar.readonlyRootFilesystem,
        privileged: false,
        dependsOn: [
            ...sidecar.dependsOn.map((d) => ({ containerName: d.container, condition: d.condition })),
            ...(routed && !sidecar.dependsOn.some((d) => d.container === LOG_ROUTER) ? [{ containerName: LOG_ROUTER, condition: "START" as const }] : []),
        ],
    };
    const user = sidecar.user ?? svc.user;
    if (user !== undefined) definition.user = user;
    if (sidecar.memory !== undefined) definition.memory = sidecar.memory;
    if (sidecar.command !== undefined) definition.command = sidecar.command;
    if (sidecar.healthCheck) definition.healthCheck = healthCheckOf(sidecar.healthCheck);
    return definition;
}

/** What the service's container is told when the collector runs beside it (unless its config sets the variable). */
export function tracingEnvironment(svc: ServiceConfig): Record<string, string> {
    return { OTEL_EXPORTER_OTLP_ENDPOINT: `http://localhost:${OTLP_PORTS[0]}`, OTEL_SERVICE_NAME: svc.name };
}

/**
 * The collector's container: not essential (tracing must not stop the service), read-only root (as AWS's CDK example
 * runs it), the image's own non-root uid 10001 written out so the pack's non-root rule can see it (verifiable only
 * on AWS), its own log stream in the service's log group.
 */
export function otelCollectorDefinition(input: Pick<ContainerDefinitionInput, "region" | "logGroupName">): ContainerDefinition {
    return {
        name: OTEL_COLLECTOR,
        image: OTEL_COLLECTOR_IMAGE,
        essential: false,
        command: ["--config=/etc/ecs/ecs-xray.yaml"],
        portMappings: OTLP_PORTS.map((port) => ({ containerPort: port, protocol: "tcp" })),
        environment: [],
        secrets: [],
        logConfiguration: awslogs(input, OTEL_COLLECTOR),
        readonlyRootFilesystem: true,
        privileged: false,
        user: "10001",
    };
}

/** Whether the service's containers log through a FireLens log router. */
export function throughRouter(svc: Pick<ServiceConfig, "logging">): boolean {
    return svc.logging.router === "firelens";
}

/**
 * How a container of the service logs: awslogs to the service's log group, or through the FireLens router, whose
 * Fluent Bit `cloudwatch_logs` output writes to the same group under the container's stream prefix (the group is the
 * stack's, so the router creates none). Source: Amazon ECS Developer Guide, "Send Amazon ECS logs to an AWS service or
 * AWS Partner" (FireLens), and Fluent Bit's cloudwatch_logs output options (read 2026-12-02).
 */
function logsOf(input: Pick<ContainerDefinitionInput, "service" | "region" | "logGroupName">, streamPrefix: string): LogConfiguration {
    if (!throughRouter(input.service)) return awslogs(input, streamPrefix);
    return {
        logDriver: "awsfirelens",
        options: {
            Name: "cloudwatch_logs",
            region: input.region,
            log_group_name: input.logGroupName,
            log_stream_prefix: `${streamPrefix}/`,
            auto_create_group: "false",
        },
    };
}

/**
 * The FireLens log router: Fluent Bit with ECS's generated configuration and the task's metadata on every record,
 * essential (without it the task's logs go nowhere), root as FireLens needs (LOG_ROUTER_USER), read-only root, its own output to its
 * own log group through awslogs (a router cannot log through itself).
 */
export function logRouterDefinition(input: Pick<ContainerDefinitionInput, "service" | "region" | "routerLogGroupName">): ContainerDefinition {
    if (!input.routerLogGroupName) throw new Error("logRouterDefinition: the router needs its log group");
    return {
        name: LOG_ROUTER,
        image: input.service.logging.routerImage,
        essential: true,
        firelensConfiguration: { type: "fluentbit", options: { "enable-ecs-log-metadata": "true" } },
        memoryReservation: 50,
        environment: [],
        secrets: [],
        logConfiguration: awslogs({ region: input.region, logGroupName: input.routerLogGroupName }, LOG_ROUTER),
        readonlyRootFilesystem: true,
        privileged: false,
        user: LOG_ROUTER_USER,
    };
}

/** The awslogs configuration of a container of the task: the service's log group, the container's own stream prefix. */
function awslogs(input: Pick<ContainerDefinitionInput, "region" | "logGroupName">, streamPrefix: string): LogConfiguration {
    return { logDriver: "awslogs", options: { "awslogs-group": input.logGroupName, "awslogs-region": input.region, "awslogs-stream-prefix": streamPrefix } };
}

/** A container health check of config as ECS takes it. */
function healthCheckOf(hc: NonNullable<ServiceConfig["containerHealthCheck"]>): HealthCheck {
    return { command: hc.command, interval: hc.intervalSeconds, timeout: hc.timeoutSeconds, retries: hc.retries, startPeriod: hc.startPeriodSeconds };
}
