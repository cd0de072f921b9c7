/**
 * Following references between resources in a stack rule. In a preview of a new stack every id and ARN is unknown, so
 * a reference is found through the resource's propertyDependencies (which resources a property was built from), never
 * by comparing ids.
 */
import { PolicyResource } from "@pulumi/policy";

/** Resources the given property was built from, optionally only those of one type. */
export function referenced(resource: PolicyResource, property: string, type?: string): PolicyResource[] {
    const deps = resource.propertyDependencies[property] ?? [];
    return type === undefined ? deps : deps.filter((d) => d.type === type);
}

/** True when `resource.property` was built from `target`. */
export function references(resource: PolicyResource, property: string, target: PolicyResource): boolean {
    return referenced(resource, property).some((d) => d.urn === target.urn);
}

export function ofType(resources: PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}

/** `type name` of a resource for messages. */
export function describe(resource: PolicyResource): string {
    return `${resource.type.split(":").pop()} "${resource.name}"`;
}
