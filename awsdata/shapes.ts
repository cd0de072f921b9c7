/**
 * Validate plain JSON input values against AWS's own API shapes (Smithy models), the data that
 * `awsdata/generate/shapes.ts` extracts into `awsdata/generated/shapes.json`.
 *
 * The pre-deploy lint uses this the way cfn-lint uses the CloudFormation spec: a container
 * definition, or a single value such as a listener-rule priority, is checked against the shape
 * the AWS API itself will check it against, so the problem shows up before `pulumi up` does.
 */
import * as fs from "fs";
import * as path from "path";

/** Shape kinds kept from the Smithy models (`set` is folded into `list`). */
export type ShapeType =
    | "structure"
    | "union"
    | "list"
    | "map"
    | "string"
    | "enum"
    | "intEnum"
    | "integer"
    | "long"
    | "short"
    | "byte"
    | "bigInteger"
    | "boolean"
    | "double"
    | "float"
    | "bigDecimal"
    | "timestamp"
    | "blob"
    | "document";

/** A `smithy.api#length` or `smithy.api#range` trait; either bound may be absent. */
export interface Bounds {
    min?: number;
    max?: number;
}

/** One shape, reduced to what validation needs. Target ids are short: `<svc>#<Name>`. */
export interface ShapeDef {
    type: ShapeType;
    /** structure/union: member name to target shape id. */
    members?: Record<string, string>;
    /** structure: members that must be present. */
    required?: string[];
    /** list: the item shape. */
    member?: string;
    /** map: key and value shapes. */
    key?: string;
    value?: string;
    length?: Bounds;
    range?: Bounds;
    /** ECMAScript-flavoured regex, not implicitly anchored (Smithy's semantics). */
    pattern?: string;
    /** enum: allowed strings; intEnum: allowed integers. */
    enum?: Array<string | number>;
}

/** Where the data came from; written by the generator, shown by lint findings. */
export interface DataSource {
    repo: string;
    commit: string;
    commitDate: string;
    generatedAt: string;
    models: Record<string, string>;
    roots: Record<string, string[]>;
    /** Services whose model file could not be read from the mirror, with the reason. */
    missingModels: Array<{ service: string; path: string; reason: string }>;
    /** Services whose closure was cut at a shape count (targets beyond it are unchecked). */
    capped: Array<{ service: string; kept: number; dropped: number }>;
    sdk?: SdkMergeRecord;
}

/** What the installed AWS SDK client added on top of the (older) Smithy model. */
export interface SdkMergeRecord {
    package: string;
    version: string;
    /** Enum shape id to the values only the SDK knows. */
    enumValuesAdded: Record<string, string[]>;
    /** Structure shape id to the members only the SDK knows. */
    membersAdded: Record<string, string[]>;
    /** Shapes that exist only in the SDK (reached through added members). */
    shapesAdded: string[];
    /**
     * SDK enums that pair with no model enum (by member usage or by name) and that no merged
     * member refers to: they belong to APIs newer than the model (e.g. daemons, Express gateways).
     */
    unmappedEnums: string[];
    /** Model enums the SDK has no counterpart for; kept with the model's values only. */
    modelEnumsWithoutSdk: string[];
}

/** The file `awsdata/generated/shapes.json`. */
export interface ShapeData {
    source: DataSource;
    shapes: Record<string, ShapeDef>;
}

/** One thing wrong with a value, at a path like `containerDefinitions[0].portMappings[1].protocol`. */
export interface ShapeProblem {
    path: string;
    message: string;
    /** The shape id whose rule was broken, e.g. `ecs#TransportProtocol`. */
    shape: string;
}

/** A model pattern JavaScript cannot compile; values of that shape are not pattern-checked. */
export interface UntestablePattern {
    shape: string;
    pattern: string;
    error: string;
}

const DATA_FILE = path.join(__dirname, "generated", "shapes.json");

/** Enum and member lists longer than this are shortened in messages, to keep findings readable. */
const MAX_LISTED = 20;

let loaded: ShapeData | undefined;
const compiledPatterns = new Map<string, RegExp | null>();
const untestable: UntestablePattern[] = [];

/** Read the data once, on first use: most lint runs need it, but importing it should be free. */
function data(): ShapeData {
    if (loaded === undefined) {
        loaded = JSON.parse(fs.readFileSync(DATA_FILE, "utf8")) as ShapeData;
    }
    return loaded;
}

/** Whether the data holds a shape with this short id (e.g. `elbv2#RulePriority`). */
export function shapeExists(id: string): boolean {
    return Object.prototype.hasOwnProperty.call(data().shapes, id);
}

/** The data's provenance header: model repo, commit and date, generation date, SDK merge record. */
export function shapeSource(): DataSource {
    return data().source;
}

/** The stored definition of a shape, or undefined if the data does not hold it. */
export function getShape(id: string): Readonly<ShapeDef> | undefined {
    return shapeExists(id) ? data().shapes[id] : undefined;
}

/** A one-line summary of a shape's rules, for messages, e.g. `integer, range 1..50000`. */
export function describe(id: string): string | undefined {
    const shape = getShape(id);
    if (shape === undefined) return undefined;
    const parts: string[] = [shape.type];
    if (shape.length) parts.push(`length ${bounds(shape.length)}`);
    if (shape.range) parts.push(`range ${bounds(shape.range)}`);
    if (shape.pattern !== undefined) parts.push(`pattern ${shape.pattern}`);
    if (shape.enum) parts.push(`one of ${listed(shape.enum.map(String))}`);
    if (shape.members) parts.push(`members ${listed(Object.keys(shape.members))}`);
    if (shape.required?.length) parts.push(`required ${shape.required.join(", ")}`);
    if (shape.member) parts.push(`of ${shape.member}`);
    if (shape.key) parts.push(`${shape.key} -> ${shape.value}`);
    return parts.join("; ");
}

/**
 * Patterns found so far that JavaScript cannot compile (patterns compile lazily, so call
 * {@link compileAllPatterns} first for the full list).
 */
export function untestablePatterns(): readonly UntestablePattern[] {
    return untestable;
}

/** Compile every pattern in the data, so {@link untestablePatterns} is complete. */
export function compileAllPatterns(): void {
    for (const [id, shape] of Object.entries(data().shapes)) {
        if (shape.pattern !== undefined) patternFor(id, shape.pattern);
    }
}

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

function checkStructure(
    value: Record<string, unknown>,
    id: string,
    shape: ShapeDef,
    at: string,
    out: ShapeProblem[],
): void {
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

/** Compile a model pattern once; null (and a record in {@link untestablePatterns}) if JS cannot. */
function patternFor(id: string, pattern: string): RegExp | null {
    const cached = compiledPatterns.get(pattern);
    if (cached !== undefined) return cached;
    const compiled = compileModelPattern(id, pattern);
    compiledPatterns.set(pattern, compiled);
    return compiled;
}

/**
 * Compile a model pattern as the validator does: Java POSIX classes translated, `u` flag on.
 *
 * @returns the regex, or null when JavaScript cannot compile it; the pattern is then recorded in
 *   {@link untestablePatterns} and values of that shape are not pattern-checked.
 */
export function compileModelPattern(id: string, pattern: string): RegExp | null {
    // `u` makes \p{L} and surrogate-pair ranges mean what the models mean. No retry without `u`:
    // there `\p{Print}` silently becomes the literal text "p{Print}" and would reject good values.
    const translated = javaPosixClassesToEcma(pattern);
    try {
        return new RegExp(translated, "u");
    } catch (e) {
        untestable.push({ shape: id, pattern, error: (e as Error).message });
        return null;
    }
}

/**
 * Java's POSIX classes (US-ASCII only, as Java has them without UNICODE_CHARACTER_CLASS), which
 * some models use (e.g. Application Auto Scaling's `^\p{Print}+$`) and ECMAScript lacks.
 */
const JAVA_POSIX: Record<string, string> = {
    Lower: "a-z",
    Upper: "A-Z",
    ASCII: "\\x00-\\x7F",
    Alpha: "a-zA-Z",
    Digit: "0-9",
    Alnum: "a-zA-Z0-9",
    Punct: "!-\\/:-@\\[-`{-~",
    Graph: "!-~",
    Print: " -~",
    Blank: " \\t",
    Cntrl: "\\x00-\\x1F\\x7F",
    XDigit: "0-9a-fA-F",
    Space: " \\t\\n\\x0B\\f\\r",
};

/** Rewrite `\p{Print}`-style escapes as ranges: bracketed outside a class, bare inside one. */
function javaPosixClassesToEcma(pattern: string): string {
    let out = "";
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "\\") {
            const posix = /^\\p\{(\w+)\}/.exec(pattern.slice(i));
            const ranges = posix === null ? undefined : JAVA_POSIX[posix[1]];
            if (posix !== null && ranges !== undefined) {
                out += inClass ? ranges : `[${ranges}]`;
                i += posix[0].length - 1;
            } else {
                // Any other escape passes through whole, so `\[` never opens a class.
                out += pattern.slice(i, i + 2);
                i++;
            }
            continue;
        }
        if (c === "[") inClass = true;
        if (c === "]") inClass = false;
        out += c;
    }
    return out;
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

function bounds(b: Bounds): string {
    return `${b.min ?? ""}..${b.max ?? ""}`;
}

function listed(values: string[]): string {
    if (values.length <= MAX_LISTED) return values.join(", ");
    return `${values.slice(0, MAX_LISTED).join(", ")}, … (${values.length - MAX_LISTED} more)`;
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
