/**
 * Check a plain JSON value against an AWS API shape from `awsdata/shapes.ts`, and everything it contains: JSON kinds,
 * structure members (unknown and required), unions, list and map sizes, enums, string length and pattern, number
 * ranges. Each broken rule is one {@link ShapeProblem} with the path of the value that breaks it.
 */
import { bounds, getShape, listed, patternFor, ShapeDef, ShapeProblem, shapeExists, ShapeType } from "./shapes";

/**
 * Check a plain JSON value against a shape and everything it contains.
 *
 * @param value - the input as the AWS API takes it (ECS: camelCase JSON; other services' leaf values).
 * @param shapeId - short id, e.g. `ecs#ContainerDefinition` or `iam#roleNameType`.
 * @param path - where the value sits, prefixed to every problem's path (`""` for the root).
 * @returns one problem per broken rule; empty when the value fits. An id the data does not hold
 *   is itself reported, since a lint check asking for it is a bug in that check.
 */
export function validateShape(value: unknown, shapeId: string, path: string): ShapeProblem[] {
    if (!shapeExists(shapeId)) {
        return [{ path, shape: shapeId, message: `no shape ${shapeId} in awsdata/generated/shapes.json` }];
    }
    const problems: ShapeProblem[] = [];
    check(value, shapeId, path, problems);
    return problems;
}

/** Validate against a shape; a target missing from the data (e.g. a capped closure) is not checked. */
function check(value: unknown, id: string, at: string, out: ShapeProblem[]): void {
    const shape = getShape(id);
    if (shape === undefined) return;
    const kind = jsonKindFor(shape.type);
    if (!hasKind(value, kind)) {
        out.push({ path: at, shape: id, message: wrongKindMessage(value, kind, id) });
        return;
    }
    switch (shape.type) {
        case "structure":
            return checkStructure(value as Record<string, unknown>, id, shape, at, out);
        case "union":
            return checkUnion(value as Record<string, unknown>, id, shape, at, out);
        case "list":
            return checkList(value as unknown[], id, shape, at, out);
        case "map":
            return checkMap(value as Record<string, unknown>, id, shape, at, out);
        case "string":
        case "enum":
            return checkString(value as string, id, shape, at, out);
        case "blob":
            return checkLength(byteLength(value as string), "bytes", id, shape, at, out);
        default:
            return checkNumber(value, id, shape, at, out);
    }
}

/** The JSON kinds a value can have, as messages name them. */
type JsonKind = "string" | "number" | "integer" | "boolean" | "list" | "object" | "timestamp" | "any";

function jsonKindFor(type: ShapeType): JsonKind {
    switch (type) {
        case "structure":
        case "union":
        case "map":
            return "object";
        case "list":
            return "list";
        case "string":
        case "enum":
        case "blob":
            return "string";
        case "intEnum":
        case "integer":
        case "long":
        case "short":
        case "byte":
        case "bigInteger":
            return "integer";
        case "double":
        case "float":
        case "bigDecimal":
            return "number";
        case "boolean":
            return "boolean";
        case "timestamp":
            return "timestamp";
        case "document":
            return "any";
    }
}

function hasKind(value: unknown, kind: JsonKind): boolean {
    switch (kind) {
        case "string":
            return typeof value === "string";
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "integer":
            return Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "list":
            return Array.isArray(value);
        case "object":
            return isPlainObject(value);
        case "timestamp":
            // JSON APIs take epoch seconds; Pulumi inputs usually carry ISO 8601 strings.
            return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
        case "any":
            return true;
    }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonKindOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "list";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function wrongKindMessage(value: unknown, kind: JsonKind, id: string): string {
    const base = `expected ${kind === "timestamp" ? "a timestamp (string or number)" : kind} (${id}), got ${jsonKindOf(value)} ${preview(value)}`;
    // The commonest slip in hand-written container definitions: "512" where 512 is meant.
    const numeric = typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value));
    if (numeric && (kind === "integer" || kind === "number")) return `${base}; write it as a number, without quotes`;
    return base;
}

function checkStructure(value: Record<string, unknown>, id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    const members = shape.members ?? {};
    for (const [name, memberValue] of Object.entries(value)) {
        const target = members[name];
        if (target === undefined) {
            out.push({ path: join(at, name), shape: id, message: unknownMemberMessage(name, id, members) });
        } else if (memberValue !== undefined && memberValue !== null) {
            // null and undefined are how JSON and Pulumi say "not set"; the API treats them as absent.
            check(memberValue, target, join(at, name), out);
        }
    }
    for (const name of shape.required ?? []) {
        if (value[name] === undefined || value[name] === null) {
            out.push({ path: join(at, name), shape: id, message: `missing required member ${name} of ${id}` });
        }
    }
}

function unknownMemberMessage(name: string, id: string, members: Record<string, string>): string {
    const allowed = Object.keys(members);
    const guess = closest(name, allowed);
    const hint = guess === undefined ? "" : `did you mean ${guess}? `;
    return `unknown member ${name} of ${id}; ${hint}allowed: ${allowed.join(", ")}`;
}

function checkUnion(value: Record<string, unknown>, id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    const set = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    if (set.length !== 1) {
        const allowed = Object.keys(shape.members ?? {}).join(", ");
        out.push({ path: at, shape: id, message: `${id} is a union: set exactly one of ${allowed} (${set.length} set)` });
    }
    checkStructure(value, id, { ...shape, required: [] }, at, out);
}

function checkList(value: unknown[], id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    checkLength(value.length, "items", id, shape, at, out);
    if (shape.member === undefined) return;
    value.forEach((item, i) => check(item, shape.member as string, `${at}[${i}]`, out));
}

function checkMap(value: Record<string, unknown>, id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    checkLength(Object.keys(value).length, "entries", id, shape, at, out);
    for (const [k, v] of Object.entries(value)) {
        const entryPath = mapPath(at, k);
        if (shape.key !== undefined) {
            for (const p of validateKey(k, shape.key)) out.push({ ...p, path: entryPath, message: `key: ${p.message}` });
        }
        if (shape.value !== undefined) check(v, shape.value, entryPath, out);
    }
}

function validateKey(key: string, keyShape: string): ShapeProblem[] {
    const problems: ShapeProblem[] = [];
    check(key, keyShape, "", problems);
    return problems;
}

function checkString(value: string, id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
        out.push({ path: at, shape: id, message: `${preview(value)} is not allowed by ${id}; allowed: ${listed(shape.enum.map(String))}` });
    }
    // Smithy counts Unicode scalar values, not UTF-16 code units.
    checkLength([...value].length, "characters", id, shape, at, out);
    checkPattern(value, id, shape, at, out);
}

function checkPattern(value: string, id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    if (shape.pattern === undefined) return;
    const re = patternFor(id, shape.pattern);
    // Smithy patterns are not implicitly anchored: `test` (find) is the model's semantics.
    if (re !== null && !re.test(value)) {
        out.push({ path: at, shape: id, message: `${preview(value)} does not match ${id}'s pattern ${shape.pattern}` });
    }
}

function checkNumber(value: unknown, id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    if (typeof value !== "number") return;
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
        out.push({ path: at, shape: id, message: `${value} is not allowed by ${id}; allowed: ${listed(shape.enum.map(String))}` });
    }
    const r = shape.range;
    if (r === undefined) return;
    if ((r.min !== undefined && value < r.min) || (r.max !== undefined && value > r.max)) {
        out.push({ path: at, shape: id, message: `${value} is out of ${id}'s range ${bounds(r)}` });
    }
}

function checkLength(n: number, unit: string, id: string, shape: ShapeDef, at: string, out: ShapeProblem[]): void {
    const l = shape.length;
    if (l === undefined) return;
    if ((l.min !== undefined && n < l.min) || (l.max !== undefined && n > l.max)) {
        out.push({ path: at, shape: id, message: `${n} ${unit}, but ${id} allows ${bounds(l)}` });
    }
}

/** Blobs travel base64-encoded in JSON; the length trait counts the decoded bytes. */
function byteLength(base64: string): number {
    return Buffer.from(base64, "base64").length;
}

function join(at: string, name: string): string {
    return at === "" ? name : `${at}.${name}`;
}

function mapPath(at: string, key: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(key) ? join(at, key) : `${at}[${JSON.stringify(key)}]`;
}

function preview(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The allowed name nearest to a misspelt one (case-insensitive, at most 2 edits), for a hint. */
function closest(name: string, allowed: string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 3;
    for (const candidate of allowed) {
        const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length];
}
