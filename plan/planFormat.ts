/** The plan file, format v1: what the program registers, as `pulumi preview` of a new stack would see it. */

/**
 * How a value unknown until deploy is written: Pulumi's own wire marker for unknowns, so the plan can be fed back
 * to Pulumi tooling (the policy analyzer protocol uses the same marker).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** URN of the parent; absent for the root stack. */
    parent?: string;
    /** Absent when unknown (always, for resources a preview would create). */
    id?: string;
    /** Input properties as the provider names them; unknown values are UNKNOWN. */
    inputs: Record<string, unknown>;
    /** Top-level inputs that hold a secret (their values are unwrapped in `inputs`; snapshots mask them). */
    secretInputs?: string[];
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: {
        protect?: boolean;
        retainOnDelete?: boolean;
        deleteBeforeReplace?: boolean;
        ignoreChanges?: string[];
        /** URNs whose replacement replaces this resource too. */
        replaceWith?: string[];
        /** How many resource transforms the resource registers for its children (a remote component's, for one). */
        transforms?: number;
    };
}

export interface Plan {
    version: 1;
    project: string;
    stack: string;
    /** The marker that stands for unknown values in inputs and outputs. */
    unknown: typeof UNKNOWN;
    resources: PlanResource[];
    outputs: Record<string, unknown>;
    /**
     * The values AWS assigns at deploy that the plan stands in for with placeholders (plan/placeholders.ts): ids,
     * ARNs, DNS names. Absent in a first-deploy plan, where those values are unknown instead.
     */
    placeholders?: string[];
    /** Present and true when the plan models a first deploy (`plan --first-deploy`): AWS-assigned values unknown. */
    firstDeploy?: boolean;
    /** The pre-deploy lint's result, when the plan command ran it (lint/index.ts). */
    lint?: {
        findings: { check: string; level: string; urn?: string; message: string; source?: string }[];
        errors: number;
        warnings: number;
        unknownInputs: string[];
    };
}
