/**
 * The container definition of a service, typed against the ECS API's own ContainerDefinition shape and built only
 * from config values, so that it is known in a preview of a new stack and the policy pack can judge it.
 */
import type { ContainerDefinition, MountPoint } from "@aws-sdk/client-ecs";
import { ServiceConfig } from "./config/schema";

/** Port-mapping name that Service Connect refers to. */
export const PORT_NAME = "http";

export interface ContainerDefinitionInput {
    service: ServiceConfig;
    region: string;
    logGroupName: string;
    /** Secrets Manager ARN of each secret variable of `service.secrets`. */
    secretArns: Record<string, string>;
    /** Task volume name per writable scratch path. */
    scratchVolumes: { name: string; path: string }[];
    /** The EFS volume's name in the task, when the service has one. */
    efsVolumeName?: string;
}

export function containerDefinition(input: ContainerDefinitionInput): ContainerDefinition {
    const svc = input.service;
    const mountPoints: MountPoint[] = input.scratchVolumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false }));
    if (svc.efs && input.efsVolumeName) {
        mountPoints.push({ sourceVolume: input.efsVolumeName, containerPath: svc.efs.containerPath, readOnly: svc.efs.readOnly });
    }
    const definition: ContainerDefinition = {
        name: svc.name,
        image: svc.image,
        essential: true,
        portMappings: [{ name: PORT_NAME, containerPort: svc.containerPort, protocol: "tcp", appProtocol: "http" }],
        environment: Object.keys(svc.environment).sort().map((name) => ({ name, value: svc.environment[name] })),
        secrets: Object.keys(svc.secrets).sort().map((name) => ({ name, valueFrom: input.secretArns[name] })),
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": input.logGroupName,
                "awslogs-region": input.region,
                "awslogs-stream-prefix": svc.name,
            },
        },
        readonlyRootFilesystem: svc.readonlyRootFilesystem,
        privileged: false,
        mountPoints,
        stopTimeout: svc.stopTimeoutSeconds,
        // ECS Exec needs an init process to reap the SSM agent's children.
        linuxParameters: svc.enableExecuteCommand ? { initProcessEnabled: true } : undefined,
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
