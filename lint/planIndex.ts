/** The plan as the lint's checks read it: resources by URN and type, and inputs read with unknowns made explicit. */
import { Plan, PlanResource, UNKNOWN } from "../plan/planFormat";
import { Snapshot } from "../release/snapshot";

/** An input the plan does not know yet (a value AWS assigns at deploy, or one built from it). */
export const NOT_KNOWN = Symbol("not known until deploy");
export type Known<T> = T | typeof NOT_KNOWN;

export class PlanIndex {
    readonly resources: PlanResource[];
    private readonly byUrn: Map<string, PlanResource>;
    /** Inputs a check wanted but could not read, as `label.property`: judged at deploy, not here. */
    readonly unknownInputs = new Set<string>();

    /** @param previous the stack's previous plan (its snapshot), when there is one: what the change starts from. */
    constructor(
        readonly plan: Plan,
        readonly previous?: Snapshot,
    ) {
        this.resources = plan.resources.filter((r) => r.custom);
        this.byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    }

    get(urn: string): PlanResource | undefined {
        return this.byUrn.get(urn);
    }

    ofType(type: string): PlanResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The resources an input of `r` was built from (its property dependencies), of one type. */
    inputSources(r: PlanResource, property: string, type: string): PlanResource[] {
        return (r.propertyDependencies[property] ?? []).map((urn) => this.byUrn.get(urn)).filter((d): d is PlanResource => d?.type === type);
    }

    /** Resources `r` waits for (dependsOn and inputs), of one type. */
    dependencies(r: PlanResource, type: string): PlanResource[] {
        const urns = new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
        return [...urns].map((urn) => this.byUrn.get(urn)).filter((d): d is PlanResource => d?.type === type);
    }

    /** An input, or NOT_KNOWN (recorded) when it holds an unknown anywhere. */
    input<T = unknown>(r: PlanResource, property: string): Known<T> | undefined {
        const value = r.inputs[property];
        if (value === undefined) return undefined;
        if (holdsUnknown(value)) {
            this.unknownInputs.add(`${label(r)}.${property}`);
            return NOT_KNOWN;
        }
        return value as T;
    }

    /** A JSON-string input (container definitions, IAM documents) parsed; NOT_KNOWN when unknown. */
    jsonInput<T = unknown>(r: PlanResource, property: string): Known<T> | undefined | { unparsable: string } {
        const value = this.input<unknown>(r, property);
        if (value === NOT_KNOWN || value === undefined) return value;
        if (typeof value !== "string") return value as T;
        try {
            return JSON.parse(value) as T;
        } catch (err) {
            return { unparsable: (err as Error).message };
        }
    }
}

export function holdsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (typeof value === "string") return value.includes(UNKNOWN);
    if (Array.isArray(value)) return value.some(holdsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(holdsUnknown);
    return false;
}

/** `type name`, short: `aws:ecs/taskDefinition:TaskDefinition api-task`. */
export function label(r: PlanResource): string {
    return `${r.type} ${r.name}`;
}

export function isUnparsable(value: unknown): value is { unparsable: string } {
    return typeof value === "object" && value !== null && "unparsable" in value && Object.keys(value).length === 1;
}
