/**
 * Validate plain JSON input values against AWS's own API shapes (Smithy models), the data that
 * `awsdata/generate/shapes.ts` extracts into `awsdata/generated/shapes.json`.
 *
 * The pre-deploy lint uses this the way cfn-lint uses the CloudFormation spec: a container
 * definition, or a single value such as a listener-rule priority, is checked against the shape
 * the AWS API itself will check it against, so the problem shows up before `pulumi up` does.
 *
 * This module holds the data (types, loading, lookups, pattern compilation); the validator itself is
 * `awsdata/shapeValidation.ts`, whose {@link validateShape} is re-exported here.
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

/** Compile a model pattern once; null (and a record in {@link untestablePatterns}) if JS cannot. */
export function patternFor(id: string, pattern: string): RegExp | null {
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

/** A length or range as messages show it: `1..50000`, `..255` (open bounds left empty). */
export function bounds(b: Bounds): string {
    return `${b.min ?? ""}..${b.max ?? ""}`;
}

/** Values joined for a message, shortened after the first MAX_LISTED, to keep findings readable. */
export function listed(values: string[]): string {
    if (values.length <= MAX_LISTED) return values.join(", ");
    return `${values.slice(0, MAX_LISTED).join(", ")}, … (${values.length - MAX_LISTED} more)`;
}
