/**
 * What a change to the program would do to a stack, against its committed snapshot: resources to create, update,
 * replace and delete, each with its property changes (old → new) in the style of `pulumi preview --diff`. Nested
 * values and JSON-string properties (container definitions, IAM documents) are compared structurally, so a changed
 * image shows as `containerDefinitions[name=web].image`, not as two long strings.
 */
import { UNKNOWN } from "../plan/planFormat";
import { replacementReasons } from "./replacements";
import { shortType } from "../plan/summary";
import { Snapshot, SnapshotResource } from "./snapshot";

export interface PropertyChange {
    /** Dotted path from the top-level input: `containerDefinitions[name=web].image`. */
    path: string;
    kind: "add" | "delete" | "update";
    old?: unknown;
    new?: unknown;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    op: "create" | "update" | "replace" | "delete";
    changes: PropertyChange[];
    /** Top-level properties that force the replacement. */
    replaceBecause: string[];
    /** For a replacement caused by another one (a new id in its inputs): the URN of the root replacement. */
    rootCause?: string;
    /** The resource is protected in the snapshot: pulumi up refuses to replace or delete it. */
    protected?: boolean;
}

export interface PlanDiff {
    changes: ResourceChange[];
    unchanged: number;
    /** Placeholders of values AWS assigns, which the text shows as such. */
    placeholders?: string[];
}

/** A string holding a JSON object or array is compared as that value. */
function structured(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function childPath(path: string, key: string | number): string {
    return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/**
 * Property changes between two values, recursing into objects, arrays and JSON strings. A value AWS assigns is no
 * change whether it is unknown on one side (a first-deploy plan) and a placeholder on the other, or the same
 * placeholder on both.
 */
export function diffValues(oldValue: unknown, newValue: unknown, path = "", isPlaceholder: (v: unknown) => boolean = () => false): PropertyChange[] {
    const a = structured(oldValue);
    const b = structured(newValue);
    if ((a === UNKNOWN && isPlaceholder(b)) || (b === UNKNOWN && isPlaceholder(a))) return [];
    const key = Array.isArray(a) && Array.isArray(b) ? listKey(a, b) : undefined;
    if (key) {
        // A list of named things (environment variables, secrets, containers, port mappings, tags) compares by name,
        // so inserting one shows one addition, not every later element changed.
        const index = (list: unknown[]) => new Map(list.map((item) => [String((item as Record<string, unknown>)[key]), item]));
        const [before, after] = [index(a as unknown[]), index(b as unknown[])];
        const out: PropertyChange[] = [];
        for (const name of [...new Set([...before.keys(), ...after.keys()])]) {
            const at = `${path}[${key}=${name}]`;
            if (!before.has(name)) out.push({ path: at, kind: "add", new: after.get(name) });
            else if (!after.has(name)) out.push({ path: at, kind: "delete", old: before.get(name) });
            else out.push(...diffValues(before.get(name), after.get(name), at, isPlaceholder));
        }
        return out;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        const out: PropertyChange[] = [];
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
            if (i >= a.length) out.push({ path: childPath(path, i), kind: "add", new: b[i] });
            else if (i >= b.length) out.push({ path: childPath(path, i), kind: "delete", old: a[i] });
            else out.push(...diffValues(a[i], b[i], childPath(path, i), isPlaceholder));
        }
        return out;
    }
    if (isObject(a) && isObject(b)) {
        const out: PropertyChange[] = [];
        for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
            if (!(key in a)) out.push({ path: childPath(path, key), kind: "add", new: b[key] });
            else if (!(key in b)) out.push({ path: childPath(path, key), kind: "delete", old: a[key] });
            else out.push(...diffValues(a[key], b[key], childPath(path, key), isPlaceholder));
        }
        return out;
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, kind: "update", old: a, new: b }];
}

/** Replacing one of these, a protected resource, or more than this many resources gets a warning a reviewer cannot miss. */
const WARN_ON_REPLACING = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:lb/loadBalancer:LoadBalancer",
    // stateful: their data goes with them
    "aws:efs/fileSystem:FileSystem",
    "aws:s3/bucket:Bucket",
    "aws:secretsmanager/secret:Secret",
    "aws:kms/key:Key",
    "aws:cloudwatch/logGroup:LogGroup",
];
export const MANY_REPLACEMENTS = 10;

/** Replacements grouped by their root cause, the root first, then warnings. */
export function replacementSummary(diff: PlanDiff): string[] {
    const replaced = diff.changes.filter((c) => c.op === "replace" && isCustomType(c.type));
    const protectedGone = diff.changes.filter((c) => c.protected && (c.op === "replace" || c.op === "delete"));
    if (replaced.length === 0 && protectedGone.length === 0) return [];
    const lines = replaced.length ? ["", "Replacements by cause:"] : [""];
    const causedBy = (root: ResourceChange) => replaced.filter((c) => c.rootCause === root.urn);
    // The root that takes most with it first: a new VPC before the subnets it also renumbers.
    const roots = replaced.filter((c) => !c.rootCause).sort((a, b) => causedBy(b).length - causedBy(a).length);
    for (const root of roots) {
        const caused = causedBy(root);
        const tail = caused.length ? ` → ${caused.length} more replaced: ${caused.map((c) => `${c.type.split(":").pop()} ${c.name}`).join(", ")}` : "";
        lines.push(`  ${shortType(root.type)} ${root.name} (${root.replaceBecause.join(", ")} changed)${tail}`);
    }
    const risky = [
        ...replaced.filter((c) => WARN_ON_REPLACING.includes(c.type)).map((c) => `${shortType(c.type)} ${c.name}`),
        ...protectedGone.map((c) => `protected ${shortType(c.type)} ${c.name} (${c.op})`),
    ];
    if (risky.length) lines.push(`WARNING: this change replaces or deletes ${risky.join("; ")}`);
    if (replaced.length > MANY_REPLACEMENTS) lines.push(`WARNING: this change replaces ${replaced.length} resources (more than ${MANY_REPLACEMENTS})`);
    return lines;
}

/** A provider's resource type (`aws:ec2/vpc:Vpc`), as against a component's (`ecsplatform:network:Network`). */
export function isCustomType(type: string): boolean {
    return (type.split(":")[1] ?? "").includes("/");
}

/** The key that names the elements of both lists (`name`, or `key` for tags), when every element has a distinct one. */
function listKey(a: unknown[], b: unknown[]): string | undefined {
    for (const key of ["name", "key"]) {
        const names = (list: unknown[]) => list.map((item) => (isObject(item) && typeof item[key] === "string" ? item[key] : undefined));
        const all = [...names(a), ...names(b)];
        if (a.length + b.length > 0 && all.every((n) => n !== undefined) && new Set(names(a)).size === a.length && new Set(names(b)).size === b.length)
            return key;
    }
    return undefined;
}

function topLevel(path: string): string {
    return path.split(/[.[]/)[0];
}

/** Shown for an input built from a resource that will be created or replaced: its id or ARN changes at deploy. */
export const KNOWN_AFTER_DEPLOY = "(known after deploy)";

/** True when the resource's ignoreChanges covers this property path: Pulumi keeps the old value there. */
function ignored(r: SnapshotResource, path: string): boolean {
    return (r.options.ignoreChanges ?? []).some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

export function diffSnapshots(before: Snapshot, after: Snapshot): PlanDiff {
    const placeholders = new Set([...(before.placeholders ?? []), ...(after.placeholders ?? [])]);
    const isPlaceholder = (v: unknown) => typeof v === "string" && placeholders.has(v);
    const byUrn = new Map<string, ResourceChange>();
    const describe = (urn: string, r: SnapshotResource) => ({ urn, type: r.type, name: r.name });
    for (const [urn, r] of Object.entries(after.resources)) {
        const old = before.resources[urn];
        if (!old) {
            byUrn.set(urn, { ...describe(urn, r), op: "create", changes: [], replaceBecause: [] });
            continue;
        }
        const props = [...diffValues(old.inputs, r.inputs, "", isPlaceholder).filter((c) => !ignored(r, c.path)), ...optionChanges(old, r)];
        if (props.length > 0) byUrn.set(urn, { ...describe(urn, r), op: "update", changes: props, replaceBecause: [] });
    }
    // A replaced resource gets a new id, so every input built from it changes too, which may replace its dependents
    // in turn: repeat until nothing new is replaced.
    for (let grew = true; grew;) {
        grew = false;
        for (const [urn, r] of Object.entries(after.resources)) {
            if (!before.resources[urn]) continue;
            const change = byUrn.get(urn) ?? { ...describe(urn, r), op: "update" as const, changes: [], replaceBecause: [] };
            for (const [prop, deps] of Object.entries(r.propertyDependencies ?? {})) {
                const renewedBy = deps.find((d) => ["replace", "create"].includes(byUrn.get(d)?.op ?? "") && before.resources[d]);
                if (renewedBy && !ignored(r, prop) && !change.changes.some((c) => topLevel(c.path) === prop)) {
                    change.changes.push({ path: prop, kind: "update", old: r.inputs[prop], new: KNOWN_AFTER_DEPLOY });
                    change.rootCause ??= byUrn.get(renewedBy)?.rootCause ?? renewedBy;
                    byUrn.set(urn, change);
                }
            }
            const because = replacementReasons(r.type, [...new Set(change.changes.map((c) => topLevel(c.path)))]);
            // replaceWith: replaced whenever one of these is.
            if ((r.options.replaceWith ?? []).some((d) => byUrn.get(d)?.op === "replace")) because.push("replaceWith");
            if (because.length > change.replaceBecause.length) {
                Object.assign(change, { op: "replace", replaceBecause: because });
                grew = true;
            }
        }
    }
    const changes = [...byUrn.values()];
    for (const c of changes) {
        if (before.resources[c.urn]?.options.protect) c.protected = true;
        // A replacement with changes of its own (not only new ids from its dependencies) is a root.
        if (c.op === "replace" && c.changes.some((p) => p.new !== KNOWN_AFTER_DEPLOY)) delete c.rootCause;
    }
    for (const [urn, r] of Object.entries(before.resources)) {
        if (!after.resources[urn])
            changes.push({ ...describe(urn, r), op: "delete", changes: [], replaceBecause: [], ...(r.options.protect ? { protected: true } : {}) });
    }
    const unchanged = Object.keys(after.resources).filter((urn) => before.resources[urn] && !byUrn.has(urn) && isCustomType(after.resources[urn].type)).length;
    return { changes, unchanged, placeholders: [...placeholders] };
}

/**
 * Changes of the resource options that decide what a mistaken change can destroy: `protect` and `retainOnDelete`
 * (shown as `(protect)`; they change no AWS resource, and no replacement rule names them).
 */
function optionChanges(old: SnapshotResource, r: SnapshotResource): PropertyChange[] {
    return (["protect", "retainOnDelete"] as const).flatMap((option) => {
        const [was, is] = [old.options?.[option] === true, r.options?.[option] === true];
        return was === is ? [] : [{ path: `(${option})`, kind: "update" as const, old: was, new: is }];
    });
}

const SYMBOL: Record<ResourceChange["op"], string> = { create: "+ ", update: "~ ", replace: "+-", delete: "- " };
const CHANGE_SYMBOL: Record<PropertyChange["kind"], string> = { add: "+", delete: "-", update: "~" };

/**
 * A value for display; an id unknown in the snapshot is the one deployed now, a new one is known after deploy; a
 * value built from placeholders is marked as holding what AWS assigns.
 */
function show(value: unknown, side: "old" | "new", placeholders: readonly string[] = []): string {
    if (value === UNKNOWN || value === KNOWN_AFTER_DEPLOY) return side === "old" ? "(deployed value)" : KNOWN_AFTER_DEPLOY;
    if (typeof value === "string" && placeholders.includes(value)) return "(assigned by AWS)";
    // An unknown nested in a value reads as Pulumi writes it, never as the raw wire marker.
    const text = (JSON.stringify(value) ?? "undefined").split(JSON.stringify(UNKNOWN)).join(side === "old" ? "(deployed value)" : KNOWN_AFTER_DEPLOY);
    return placeholders.some((p) => text.includes(p)) ? `${text} (with values AWS assigns)` : text;
}

/** The diff as `pulumi preview --diff` lays it out, plus a one-line count. */
export function formatDiff(diff: PlanDiff, stack: string): string {
    if (diff.changes.length === 0) return `Stack "${stack}": no changes (${diff.unchanged} resources unchanged).`;
    const lines = [`Stack "${stack}" against its snapshot:`];
    for (const c of diff.changes) {
        const why = c.op === "replace" ? ` (replace: ${c.replaceBecause.join(", ")})` : "";
        // The module-qualified type tells a component from its AWS resource (ecsplatform:service:Service web,
        // aws:ecs:Service web-service).
        lines.push(`  ${SYMBOL[c.op]} ${shortType(c.type)} ${c.name}${why}`);
        for (const p of c.changes) {
            const ph = diff.placeholders ?? [];
            const text =
                p.kind === "update"
                    ? `${show(p.old, "old", ph)} => ${show(p.new, "new", ph)}`
                    : p.kind === "add"
                      ? show(p.new, "new", ph)
                      : show(p.old, "old", ph);
            lines.push(`        ${CHANGE_SYMBOL[p.kind]} ${p.path}: ${text}`);
        }
    }
    // Counted as the plan counts: AWS resources, not the components that group them.
    lines.push(...replacementSummary(diff));
    const count = (op: ResourceChange["op"]) => diff.changes.filter((c) => c.op === op && isCustomType(c.type)).length;
    lines.push(
        "",
        `Resources: ${count("create")} to create, ${count("update")} to update, ${count("replace")} to replace, ` +
            `${count("delete")} to delete, ${diff.unchanged} unchanged.`,
    );
    return lines.join("\n");
}
