/**
 * Plan snapshots: the committed, reviewable form of a stack's plan (snapshots/STACK.json). Secrets are masked,
 * keys sorted, and resources keyed by URN, so a change to the program shows as a small text diff in review.
 */
import * as fs from "fs";
import * as path from "path";
import { Plan, PlanResource } from "../plan/planFormat";

/** The default locale's collation, as String.localeCompare uses it, built once. */
const collator = new Intl.Collator();

export const SNAPSHOT_DIR = path.resolve(__dirname, "..", "snapshots");
export const MASK = "[secret]";

export interface SnapshotResource {
    type: string;
    name: string;
    parent?: string;
    inputs: Record<string, unknown>;
    /** Which resources each input was built from (URNs), for cascading replacements. */
    propertyDependencies: Record<string, string[]>;
    options: PlanResource["options"];
}

export interface Snapshot {
    version: 1;
    project: string;
    stack: string;
    resources: Record<string, SnapshotResource>;
    outputs: Record<string, unknown>;
    /** The placeholders the plan used for values AWS assigns (plan/placeholders.ts). */
    placeholders?: string[];
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.keys(value)
            .sort()
            .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
}

export function snapshotOf(plan: Plan): Snapshot {
    const resources: Record<string, SnapshotResource> = {};
    for (const r of [...plan.resources].sort((a, b) => collator.compare(a.urn, b.urn))) {
        const inputs = { ...r.inputs };
        for (const key of r.secretInputs ?? []) if (key in inputs) inputs[key] = MASK;
        resources[r.urn] = sortKeys({
            type: r.type,
            name: r.name,
            parent: r.parent,
            inputs,
            propertyDependencies: r.propertyDependencies,
            options: r.options,
        }) as SnapshotResource;
    }
    return {
        version: 1,
        project: plan.project,
        stack: plan.stack,
        resources,
        outputs: sortKeys(plan.outputs) as Record<string, unknown>,
        ...(plan.placeholders ? { placeholders: [...plan.placeholders].sort() } : {}),
    };
}

export function snapshotFile(stack: string, dir = SNAPSHOT_DIR): string {
    return path.join(dir, `${stack}.json`);
}

export function writeSnapshot(plan: Plan, dir = SNAPSHOT_DIR): string {
    const file = snapshotFile(plan.stack, dir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(snapshotOf(plan), null, 2) + "\n");
    return file;
}

export class SnapshotFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SnapshotFileError";
    }
}

/** A snapshot from a file; undefined for an empty file (a stack the base branch did not have yet). */
export function readSnapshotFile(file: string): Snapshot | undefined {
    if (!fs.existsSync(file)) throw new SnapshotFileError(`${file} does not exist`);
    const text = fs.readFileSync(file, "utf8");
    if (text.trim() === "") return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new SnapshotFileError(`${file} is not JSON (${(err as Error).message})`);
    }
    const doc = parsed as Partial<Snapshot> | null;
    if (!doc || doc.version !== 1 || typeof doc.resources !== "object" || doc.resources === null || Array.isArray(doc.resources)) {
        throw new SnapshotFileError(`${file} is not a plan snapshot (version 1, resources by URN; npm run plan -- STACK --update-snapshot writes one)`);
    }
    return doc as Snapshot;
}

/** The committed snapshot, or undefined when the stack has none yet. */
export function readSnapshot(stack: string, dir = SNAPSHOT_DIR): Snapshot | undefined {
    const file = snapshotFile(stack, dir);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot) : undefined;
}
