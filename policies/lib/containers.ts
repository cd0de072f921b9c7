/**
 * Container definitions of aws.ecs.TaskDefinition (a JSON string in the provider's inputs, the ECS API's names) and of
 * aws.ecs.DaemonTaskDefinition (structured, with the provider's plural names), read as one shape.
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";

/** The resource types whose container definitions the container rules judge. */
export const TASK_DEFINITION_TYPES: readonly string[] = [RESOURCE_TYPES.taskDefinition, RESOURCE_TYPES.daemonTaskDefinition];

export function isTaskDefinition(type: string): boolean {
    return TASK_DEFINITION_TYPES.includes(type);
}

export interface KeyValue {
    name?: string;
    value?: string;
}

export interface ContainerDefinition {
    name?: string;
    image?: string;
    user?: string;
    privileged?: boolean;
    readonlyRootFilesystem?: boolean;
    environment?: KeyValue[];
    secrets?: { name?: string; valueFrom?: string }[];
    logConfiguration?: { logDriver?: string; options?: Record<string, string> };
    linuxParameters?: { capabilities?: { add?: string[] } };
    firelensConfiguration?: { type?: string };
}

/**
 * The FireLens log router of AWS for Fluent Bit (any registry's copy of the aws-for-fluent-bit repository). ECS has
 * refused a non-root user on a FireLens container ("If 'user' field is specified on firelens container, then 'UID'
 * has to be '0'", reported in cloudposse/terraform-aws-ecs-container-definition#97); ECS agent 1.96.0 (2025-10)
 * added a non-root mode on EC2, and aws/containers-roadmap#2122 is still open for the rest (read 2026-12-02).
 */
export function isFirelensRouter(container: ContainerDefinition): boolean {
    const repository = (container.image ?? "").split("@")[0].replace(/:[^/]*$/, "");
    return container.firelensConfiguration !== undefined && /(^|\/)aws-for-fluent-bit$/.test(repository);
}

/** Parses containerDefinitions (string or already-parsed array). Reading an unknown value throws, as it should. */
export function containersOf(props: Record<string, any>): ContainerDefinition[] {
    const raw = props.containerDefinitions;
    const parsed = typeof raw === "string" ? JSON.parse(raw) : raw;
    return Array.isArray(parsed) ? parsed.map(fromDaemonShape) : [];
}

/**
 * A daemon task definition's container in the ECS API's names: `environments` → `environment`, `linuxParameters.
 * capabilities.adds` → `add` (the fields the rules read). A container already in the API's names is returned as is.
 */
function fromDaemonShape(c: Record<string, any>): ContainerDefinition {
    if (c === null || typeof c !== "object" || !("environments" in c || "commands" in c || c.linuxParameters?.capabilities?.adds)) return c;
    const { environments, linuxParameters, ...rest } = c;
    const capabilities = linuxParameters?.capabilities;
    return {
        ...rest,
        environment: environments,
        linuxParameters: linuxParameters && { ...linuxParameters, capabilities: capabilities && { add: capabilities.adds } },
    };
}

export function containerLabel(container: ContainerDefinition, index: number): string {
    return container.name ? `container "${container.name}"` : `container #${index + 1}`;
}
