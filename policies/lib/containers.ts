/** Container definitions of aws.ecs.TaskDefinition: a JSON string in the provider's inputs. */

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
}

/** Parses containerDefinitions (string or already-parsed array). Reading an unknown value throws, as it should. */
export function containersOf(props: Record<string, any>): ContainerDefinition[] {
    const raw = props.containerDefinitions;
    const parsed = typeof raw === "string" ? JSON.parse(raw) : raw;
    return Array.isArray(parsed) ? parsed : [];
}

export function containerLabel(container: ContainerDefinition, index: number): string {
    return container.name ? `container "${container.name}"` : `container #${index + 1}`;
}
