/**
 * Generate `awsdata/generated/shapes.json`: the AWS API shapes the pre-deploy lint validates
 * inputs against, cut down to what validation needs.
 *
 *     node -r ts-node/register/transpile-only awsdata/generate/shapes.ts [MIRROR_DIR] [COMMIT]
 *
 * MIRROR_DIR is a git mirror of github.com/aws/api-models-aws (default
 * /work/.mirror/aws+api-models-aws/repo); models are read with `git show`, so no work tree is
 * needed. COMMIT defaults to the mirror's HEAD.
 *
 * Only the closure of a fixed list of root shapes is kept (the whole models are ~4 MB without
 * EC2). The ECS model is then brought up to the installed `@aws-sdk/client-ecs`, which is newer
 * than the model snapshot: its enum values and structure members are merged in, so the lint
 * neither rejects values AWS now accepts nor calls new members unknown.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import type { Bounds, DataSource, SdkMergeRecord, ShapeData, ShapeDef, ShapeType } from "../shapes";

const DEFAULT_MIRROR = "/work/.mirror/aws+api-models-aws/repo";
const REPO = "github.com/aws/api-models-aws";
const OUT_FILE = path.join(__dirname, "..", "generated", "shapes.json");
const SDK_PACKAGE = "@aws-sdk/client-ecs";

/** A service to extract: its folder in the mirror, short id prefix, Smithy namespace and roots. */
interface ServiceSpec {
    svc: string;
    dir: string;
    namespace: string;
    /** Shape names; `op:Name` means the input shape of operation Name. */
    roots: string[];
    /** Keep at most this many of the service's shapes (BFS order from the roots). */
    maxShapes?: number;
}

const SERVICES: ServiceSpec[] = [
    {
        svc: "ecs",
        dir: "ecs",
        namespace: "com.amazonaws.ecs",
        roots: [
            "ContainerDefinition",
            "Volume",
            "RuntimePlatform",
            "DeploymentConfiguration",
            "DeploymentCircuitBreaker",
            "LoadBalancer",
            "NetworkConfiguration",
            "CapacityProviderStrategyItem",
            "ServiceConnectConfiguration",
            "ExecuteCommandConfiguration",
            "ClusterSetting",
            "op:RegisterTaskDefinition",
            "op:CreateService",
        ],
    },
    {
        svc: "elbv2",
        dir: "elastic-load-balancing-v2",
        namespace: "com.amazonaws.elasticloadbalancingv2",
        roots: ["CreateTargetGroupInput", "CreateRuleInput", "CreateListenerInput", "CreateLoadBalancerInput"],
    },
    { svc: "logs", dir: "cloudwatch-logs", namespace: "com.amazonaws.cloudwatchlogs", roots: ["CreateLogGroupRequest", "PutRetentionPolicyRequest"] },
    { svc: "iam", dir: "iam", namespace: "com.amazonaws.iam", roots: ["CreateRoleRequest", "PutRolePolicyRequest", "CreateInstanceProfileRequest"] },
    { svc: "secretsmanager", dir: "secrets-manager", namespace: "com.amazonaws.secretsmanager", roots: ["CreateSecretRequest", "DeleteSecretRequest"] },
    {
        svc: "appautoscaling",
        dir: "application-auto-scaling",
        namespace: "com.amazonaws.applicationautoscaling",
        roots: ["RegisterScalableTargetRequest", "PutScalingPolicyRequest", "PutScheduledActionRequest"],
    },
    {
        svc: "ec2",
        dir: "ec2",
        namespace: "com.amazonaws.ec2",
        roots: ["CreateSecurityGroupRequest", "CreateLaunchTemplateRequest"],
        // Launch templates reach into most of EC2's instance shapes; the lint needs the top levels.
        maxShapes: 600,
    },
];

/** Smithy prelude shapes the models target directly (`smithy.api#String` etc.), as short ids. */
const PRELUDE: Record<string, ShapeDef> = {
    "smithy#String": { type: "string" },
    "smithy#Blob": { type: "blob" },
    "smithy#Boolean": { type: "boolean" },
    "smithy#PrimitiveBoolean": { type: "boolean" },
    "smithy#Byte": { type: "byte" },
    "smithy#PrimitiveByte": { type: "byte" },
    "smithy#Short": { type: "short" },
    "smithy#PrimitiveShort": { type: "short" },
    "smithy#Integer": { type: "integer" },
    "smithy#PrimitiveInteger": { type: "integer" },
    "smithy#Long": { type: "long" },
    "smithy#PrimitiveLong": { type: "long" },
    "smithy#Float": { type: "float" },
    "smithy#PrimitiveFloat": { type: "float" },
    "smithy#Double": { type: "double" },
    "smithy#PrimitiveDouble": { type: "double" },
    "smithy#BigInteger": { type: "bigInteger" },
    "smithy#BigDecimal": { type: "bigDecimal" },
    "smithy#Timestamp": { type: "timestamp" },
    "smithy#Document": { type: "document" },
    "smithy#Unit": { type: "structure", members: {} },
};

/** Warnings for the person running the generator; none of them stop it. */
const warnings: string[] = [];

// ---------------------------------------------------------------------------------------------
// Reading the models

interface SmithyMember {
    target: string;
    traits?: Record<string, unknown>;
}

interface SmithyShape {
    type: string;
    members?: Record<string, SmithyMember>;
    member?: SmithyMember;
    key?: SmithyMember;
    value?: SmithyMember;
    input?: { target: string };
    traits?: Record<string, unknown>;
}

interface SmithyModel {
    shapes: Record<string, SmithyShape>;
}

function git(mirror: string, args: string[]): string {
    // EC2's model alone is ~5 MB; the default 1 MB buffer is far too small.
    return execFileSync("git", ["-C", mirror, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

/** The model file of a service folder (`<dir>/service/<version>/<dir>-<version>.json`). */
function modelPath(mirror: string, commit: string, dir: string): string {
    const files = git(mirror, ["ls-tree", "-r", "--name-only", commit, "--", `${dir}/service/`])
        .split("\n")
        .filter((f) => f.endsWith(".json"));
    if (files.length !== 1) throw new Error(`expected one model under ${dir}/service/, found ${files.length}`);
    return files[0];
}

/** Read a model, or say why not: a partial clone may list a big blob (EC2's) it does not hold. */
function readModel(mirror: string, commit: string, file: string): SmithyModel | string {
    try {
        return JSON.parse(git(mirror, ["show", `${commit}:${file}`])) as SmithyModel;
    } catch (e) {
        const stderr = (e as { stderr?: string }).stderr?.trim();
        return stderr || (e as Error).message;
    }
}

// ---------------------------------------------------------------------------------------------
// Compacting Smithy shapes

/** Smithy namespace to short prefix: `com.amazonaws.elasticloadbalancingv2` to `elbv2`. */
function namespaceMap(): Map<string, string> {
    const map = new Map<string, string>([["smithy.api", "smithy"]]);
    for (const s of SERVICES) map.set(s.namespace, s.svc);
    return map;
}

const NAMESPACES = namespaceMap();

function shortId(fullId: string): string {
    const [ns, name] = fullId.split("#");
    const svc = NAMESPACES.get(ns);
    if (svc === undefined || name === undefined) throw new Error(`shape ${fullId} is in no namespace this generator knows`);
    return `${svc}#${name}`;
}

const SIMPLE_TYPES = new Set<string>([
    "string",
    "integer",
    "long",
    "short",
    "byte",
    "bigInteger",
    "boolean",
    "double",
    "float",
    "bigDecimal",
    "timestamp",
    "blob",
    "document",
]);

/** Reduce one Smithy shape; undefined for shapes validation never needs (operations, services). */
function compact(id: string, shape: SmithyShape): ShapeDef | undefined {
    const def = compactKind(id, shape);
    if (def !== undefined) addConstraints(def, shape.traits ?? {});
    return def;
}

function compactKind(id: string, shape: SmithyShape): ShapeDef | undefined {
    const t = shape.type;
    if (t === "structure" || t === "union") return compactStructure(id, t, shape);
    if (t === "list" || t === "set") return { type: "list", member: shortId(need(shape.member, id).target) };
    if (t === "map") return { type: "map", key: shortId(need(shape.key, id).target), value: shortId(need(shape.value, id).target) };
    if (t === "enum" || t === "intEnum") return { type: t, enum: enumValues(t, shape) };
    if (t === "string" && shape.traits?.["smithy.api#enum"] !== undefined) return oldStyleEnum(shape);
    if (SIMPLE_TYPES.has(t)) return { type: t as ShapeType };
    return undefined;
}

function need<T>(value: T | undefined, id: string): T {
    if (value === undefined) throw new Error(`malformed shape ${id}`);
    return value;
}

function compactStructure(id: string, type: "structure" | "union", shape: SmithyShape): ShapeDef {
    const members: Record<string, string> = {};
    const required: string[] = [];
    for (const [name, m] of Object.entries(shape.members ?? {})) {
        members[name] = shortId(m.target);
        const traits = m.traits ?? {};
        if (traits["smithy.api#required"] !== undefined) required.push(name);
        for (const c of ["smithy.api#length", "smithy.api#range", "smithy.api#pattern"]) {
            // No model here uses member-level constraints; say so loudly if one starts to.
            if (traits[c] !== undefined) warnings.push(`${id}$${name} has a member-level ${c}, which is not kept`);
        }
    }
    const def: ShapeDef = { type, members };
    if (type === "structure" && required.length > 0) def.required = required;
    return def;
}

/** Smithy 2 enums: each member's `smithy.api#enumValue`, or the member name when there is none. */
function enumValues(type: "enum" | "intEnum", shape: SmithyShape): Array<string | number> {
    return Object.entries(shape.members ?? {}).map(([name, m]) => {
        const v = m.traits?.["smithy.api#enumValue"];
        return v === undefined && type === "enum" ? name : (v as string | number);
    });
}

/** Smithy 1 style: a string shape with `smithy.api#enum: [{value, name}]`. */
function oldStyleEnum(shape: SmithyShape): ShapeDef {
    const entries = shape.traits?.["smithy.api#enum"] as Array<{ value: string }>;
    return { type: "enum", enum: entries.map((e) => e.value) };
}

function addConstraints(def: ShapeDef, traits: Record<string, unknown>): void {
    const length = bounds(traits["smithy.api#length"]);
    const range = bounds(traits["smithy.api#range"]);
    const pattern = traits["smithy.api#pattern"];
    if (length !== undefined) def.length = length;
    if (range !== undefined) def.range = range;
    if (typeof pattern === "string") def.pattern = pattern;
}

function bounds(trait: unknown): Bounds | undefined {
    if (trait === undefined || trait === null) return undefined;
    const t = trait as { min?: unknown; max?: unknown };
    const b: Bounds = {};
    // Range bounds are JSON numbers in the AST; Number() also copes with big-decimal strings.
    if (t.min !== undefined) b.min = Number(t.min);
    if (t.max !== undefined) b.max = Number(t.max);
    return b;
}

/** All shapes of one model worth keeping, by short id; plus the roots resolved to short ids. */
function compactModel(spec: ServiceSpec, model: SmithyModel): { shapes: Map<string, ShapeDef>; roots: string[] } {
    const shapes = new Map<string, ShapeDef>();
    for (const [id, shape] of Object.entries(model.shapes)) {
        const def = compact(id, shape);
        if (def !== undefined) shapes.set(shortId(id), def);
    }
    const roots = spec.roots.map((r) => resolveRoot(spec, model, r));
    for (const r of roots) if (!shapes.has(r)) throw new Error(`root ${r} is not in the ${spec.svc} model`);
    return { shapes, roots };
}

function resolveRoot(spec: ServiceSpec, model: SmithyModel, root: string): string {
    if (!root.startsWith("op:")) return `${spec.svc}#${root}`;
    const op = model.shapes[`${spec.namespace}#${root.slice(3)}`];
    if (op?.type !== "operation" || op.input === undefined) throw new Error(`no operation with input: ${root}`);
    return shortId(op.input.target);
}

// ---------------------------------------------------------------------------------------------
// The SDK's view of ECS: enum objects at run time, structures in its .d.ts files

/** A member type as the SDK's TypeScript declarations spell it. */
type SdkType =
    | { kind: "string" | "number" | "boolean" | "timestamp" | "blob" | "document" }
    | { kind: "ref"; name: string }
    | { kind: "list"; item: SdkType }
    | { kind: "map"; value: SdkType }
    | { kind: "unknown"; text: string };

interface SdkMember {
    optional: boolean;
    type: SdkType;
}

interface SdkModel {
    version: string;
    enums: Map<string, string[]>;
    structures: Map<string, Map<string, SdkMember>>;
    unions: Map<string, Map<string, SdkMember>>;
}

function sdkDir(): string {
    return path.dirname(require.resolve(`${SDK_PACKAGE}/package.json`));
}

function loadSdk(): SdkModel {
    const dir = sdkDir();
    const version = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
    const declarations = parseDeclarations(path.join(dir, "dist-types", "models"));
    return { version, enums: sdkEnums(dir), ...declarations };
}

/**
 * The SDK's enums, from its runtime exports: each is a frozen-style object of string values
 * (`DeploymentStrategy = { BLUE_GREEN: "BLUE_GREEN", ... }`). Reading the loaded module, not its
 * source text, keeps this independent of how the dist is bundled.
 */
function sdkEnums(dir: string): Map<string, string[]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a directory chosen at run time
    const exported = require(dir) as Record<string, unknown>;
    const enums = new Map<string, string[]>();
    for (const [name, value] of Object.entries(exported)) {
        if (typeof value !== "object" || value === null || Array.isArray(value)) continue;
        const values = Object.values(value);
        if (values.length > 0 && values.every((v) => typeof v === "string")) enums.set(name, values as string[]);
    }
    return enums;
}

/** Structures (`export interface X`) and unions (`export type X = X.AMember | ...`) of the SDK. */
function parseDeclarations(modelsDir: string): Pick<SdkModel, "structures" | "unions"> {
    const structures = new Map<string, Map<string, SdkMember>>();
    const unions = new Map<string, Map<string, SdkMember>>();
    for (const file of fs.readdirSync(modelsDir).filter((f) => f.endsWith(".d.ts"))) {
        const text = fs.readFileSync(path.join(modelsDir, file), "utf8");
        const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
        for (const node of source.statements) {
            if (ts.isInterfaceDeclaration(node)) structures.set(node.name.text, interfaceMembers(node));
            if (ts.isModuleDeclaration(node)) collectUnion(node, unions);
        }
    }
    return { structures, unions };
}

function interfaceMembers(node: ts.InterfaceDeclaration): Map<string, SdkMember> {
    const members = new Map<string, SdkMember>();
    for (const m of node.members) {
        if (!ts.isPropertySignature(m) || m.type === undefined) continue;
        members.set(m.name.getText(), { optional: m.questionToken !== undefined, type: sdkType(m.type) });
    }
    return members;
}

/**
 * A union's members: `$UnknownMember` lists every member (as `?: never`), and each `XMember`
 * interface gives one member its real type.
 */
function collectUnion(node: ts.ModuleDeclaration, unions: Map<string, Map<string, SdkMember>>): void {
    if (node.body === undefined || !ts.isModuleBlock(node.body)) return;
    const members = new Map<string, SdkMember>();
    for (const st of node.body.statements) {
        if (!ts.isInterfaceDeclaration(st) || !st.name.text.endsWith("Member") || st.name.text === "$UnknownMember") continue;
        for (const [name, m] of interfaceMembers(st)) {
            if (name !== "$unknown" && m.type.kind !== "unknown") members.set(name, { optional: true, type: m.type });
        }
    }
    if (members.size > 0) unions.set(node.name.getText(), members);
}

function sdkType(node: ts.TypeNode): SdkType {
    if (ts.isUnionTypeNode(node)) {
        const defined = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
        if (defined.length === 1) return sdkType(defined[0]);
        return { kind: "unknown", text: node.getText() };
    }
    if (node.kind === ts.SyntaxKind.StringKeyword) return { kind: "string" };
    if (node.kind === ts.SyntaxKind.NumberKeyword) return { kind: "number" };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { kind: "boolean" };
    if (ts.isArrayTypeNode(node)) return { kind: "list", item: sdkType(node.elementType) };
    if (ts.isTypeReferenceNode(node)) return sdkReference(node);
    return { kind: "unknown", text: node.getText() };
}

function sdkReference(node: ts.TypeReferenceNode): SdkType {
    const name = node.typeName.getText();
    if (name === "Date") return { kind: "timestamp" };
    if (name === "Uint8Array") return { kind: "blob" };
    if (name === "__DocumentType") return { kind: "document" };
    if (name === "Record" && node.typeArguments?.length === 2) return { kind: "map", value: sdkType(node.typeArguments[1]) };
    if (node.typeArguments === undefined && !name.includes(".")) return { kind: "ref", name };
    return { kind: "unknown", text: node.getText() };
}

// ---------------------------------------------------------------------------------------------
// Merging the SDK into the compacted ECS model

/** State of one merge: the ECS shapes being extended and what was changed. */
interface Merge {
    shapes: Map<string, ShapeDef>;
    sdk: SdkModel;
    /** SDK enum name to model enum shape id. */
    enumShape: Map<string, string>;
    valuesAdded: Map<string, string[]>;
    membersAdded: Map<string, string[]>;
    shapesAdded: Set<string>;
}

function mergeSdk(shapes: Map<string, ShapeDef>, sdk: SdkModel): Merge {
    const merge: Merge = { shapes, sdk, enumShape: mapEnums(shapes, sdk), valuesAdded: new Map(), membersAdded: new Map(), shapesAdded: new Set() };
    for (const [sdkName, id] of merge.enumShape) mergeEnumValues(merge, id, sdk.enums.get(sdkName) ?? []);
    for (const [id, def] of [...shapes]) {
        const sdkMembers = sdk.structures.get(id.slice("ecs#".length)) ?? sdk.unions.get(id.slice("ecs#".length));
        if ((def.type === "structure" || def.type === "union") && sdkMembers !== undefined) mergeMembers(merge, id, def, sdkMembers);
    }
    return merge;
}

/**
 * Pair SDK enums with model enum shapes. First by use: where a model structure member targets
 * enum shape E and the SDK's same-named interface types that member as enum T, T is E, whatever
 * either is called. Then by equal names for enums no member pairs up.
 */
function mapEnums(shapes: Map<string, ShapeDef>, sdk: SdkModel): Map<string, string> {
    const byUse = new Map<string, string>();
    for (const [id, def] of shapes) {
        const sdkMembers = sdk.structures.get(id.slice("ecs#".length));
        if (def.type !== "structure" || sdkMembers === undefined) continue;
        for (const [name, target] of Object.entries(def.members ?? {})) {
            const t = sdkMembers.get(name)?.type;
            if (shapes.get(target)?.type === "enum" && t?.kind === "ref" && sdk.enums.has(t.name)) pairEnum(byUse, t.name, target);
        }
    }
    const paired = new Set(byUse.values());
    for (const name of sdk.enums.keys()) {
        const id = `ecs#${name}`;
        if (!byUse.has(name) && !paired.has(id) && shapes.get(id)?.type === "enum") byUse.set(name, id);
    }
    return byUse;
}

function pairEnum(pairs: Map<string, string>, sdkName: string, id: string): void {
    const earlier = pairs.get(sdkName);
    if (earlier !== undefined && earlier !== id) warnings.push(`SDK enum ${sdkName} is used for both ${earlier} and ${id}; kept ${earlier}`);
    else pairs.set(sdkName, id);
}

function mergeEnumValues(merge: Merge, id: string, sdkValues: string[]): void {
    const def = merge.shapes.get(id) as ShapeDef;
    const known = new Set(def.enum ?? []);
    const added = sdkValues.filter((v) => !known.has(v)).sort();
    if (added.length === 0) return;
    def.enum = [...(def.enum ?? []), ...added];
    merge.valuesAdded.set(id, added);
}

function mergeMembers(merge: Merge, id: string, def: ShapeDef, sdkMembers: Map<string, SdkMember>): void {
    const members = def.members ?? (def.members = {});
    const added: string[] = [];
    for (const [name, m] of sdkMembers) {
        if (members[name] !== undefined) continue;
        members[name] = shapeForSdkType(merge, m.type, `${id}$${name}`);
        if (!m.optional && def.type === "structure") def.required = [...(def.required ?? []), name];
        added.push(name);
    }
    if (added.length > 0) merge.membersAdded.set(id, added);
}

/** The shape id for an SDK member type, creating shapes the model does not have yet. */
function shapeForSdkType(merge: Merge, t: SdkType, where: string): string {
    switch (t.kind) {
        case "string":
            return "ecs#String";
        case "number":
            // The SDK does not say integer or double; accepting any number avoids false alarms.
            return "ecs#Double";
        case "boolean":
            return "ecs#BoxedBoolean";
        case "timestamp":
            return "ecs#Timestamp";
        case "blob":
            return "smithy#Blob";
        case "document":
            return "smithy#Document";
        case "list":
            return sdkList(merge, shapeForSdkType(merge, t.item, where));
        case "map":
            return sdkMap(merge, shapeForSdkType(merge, t.value, where));
        case "ref":
            return sdkReferenceShape(merge, t.name, where);
        case "unknown":
            warnings.push(`${where}: SDK type ${t.text} not understood; its values are not checked`);
            return "smithy#Document";
    }
}

function sdkList(merge: Merge, item: string): string {
    for (const [id, def] of merge.shapes) if (def.type === "list" && def.member === item && def.length === undefined) return id;
    return addSdkShape(merge, `${item}[]`, { type: "list", member: item });
}

function sdkMap(merge: Merge, value: string): string {
    for (const [id, def] of merge.shapes) {
        if (def.type === "map" && def.key === "ecs#String" && def.value === value && def.length === undefined) return id;
    }
    return addSdkShape(merge, `ecs#Map<${value.slice("ecs#".length)}>`, { type: "map", key: "ecs#String", value });
}

function sdkReferenceShape(merge: Merge, name: string, where: string): string {
    const { sdk, shapes } = merge;
    const id = `ecs#${name}`;
    if (sdk.enums.has(name)) return merge.enumShape.get(name) ?? addSdkEnum(merge, name);
    if (shapes.has(id)) return id;
    const members = sdk.structures.get(name) ?? sdk.unions.get(name);
    if (members === undefined) {
        warnings.push(`${where}: SDK type ${name} not found; its values are not checked`);
        return "smithy#Document";
    }
    const def: ShapeDef = { type: sdk.unions.has(name) ? "union" : "structure", members: {} };
    // Register before filling, so a structure that (indirectly) contains itself terminates.
    addSdkShape(merge, id, def);
    mergeMembers(merge, id, def, members);
    merge.membersAdded.delete(id);
    return id;
}

function addSdkEnum(merge: Merge, name: string): string {
    const id = addSdkShape(merge, `ecs#${name}`, { type: "enum", enum: merge.sdk.enums.get(name) ?? [] });
    merge.enumShape.set(name, id);
    return id;
}

function addSdkShape(merge: Merge, id: string, def: ShapeDef): string {
    if (merge.shapes.has(id)) throw new Error(`SDK shape ${id} collides with a model shape`);
    merge.shapes.set(id, def);
    merge.shapesAdded.add(id);
    return id;
}

// ---------------------------------------------------------------------------------------------
// Closure, capping and output

function targetsOf(def: ShapeDef): string[] {
    const targets = Object.values(def.members ?? {});
    for (const t of [def.member, def.key, def.value]) if (t !== undefined) targets.push(t);
    return targets;
}

/** Every shape reachable from the roots, in breadth-first order (so a cap keeps the shallow ones). */
function closure(all: Map<string, ShapeDef>, roots: string[]): string[] {
    const seen = new Set<string>(roots);
    const order: string[] = [];
    for (let i = 0, queue = [...roots]; i < queue.length; i++) {
        const id = queue[i];
        const def = all.get(id);
        if (def === undefined) throw new Error(`shape ${id} is referenced but not defined`);
        order.push(id);
        for (const t of targetsOf(def)) {
            if (!seen.has(t)) {
                seen.add(t);
                queue.push(t);
            }
        }
    }
    return order;
}

function applyCaps(order: string[], capped: DataSource["capped"]): string[] {
    const kept: string[] = [];
    const counts = new Map<string, number>();
    for (const id of order) {
        const svc = id.split("#")[0];
        const cap = SERVICES.find((s) => s.svc === svc)?.maxShapes ?? Infinity;
        const n = (counts.get(svc) ?? 0) + 1;
        counts.set(svc, n);
        if (n <= cap) kept.push(id);
    }
    for (const s of SERVICES) {
        const n = counts.get(s.svc) ?? 0;
        if (s.maxShapes !== undefined && n > s.maxShapes) capped.push({ service: s.svc, kept: s.maxShapes, dropped: n - s.maxShapes });
    }
    return kept;
}

function sdkRecord(merge: Merge, kept: Set<string>): SdkMergeRecord {
    const inOutput = <T>(m: Map<string, T>): Record<string, T> =>
        Object.fromEntries([...m].filter(([id]) => kept.has(id)).sort(([a], [b]) => a.localeCompare(b)));
    const mappedSdk = new Set(merge.enumShape.keys());
    const mappedModel = new Set(merge.enumShape.values());
    return {
        package: SDK_PACKAGE,
        version: merge.sdk.version,
        enumValuesAdded: inOutput(merge.valuesAdded),
        membersAdded: inOutput(merge.membersAdded),
        shapesAdded: [...merge.shapesAdded].filter((id) => kept.has(id)).sort(),
        unmappedEnums: [...merge.sdk.enums.keys()].filter((n) => !mappedSdk.has(n)).sort(),
        modelEnumsWithoutSdk: [...merge.shapes]
            .filter(([id, d]) => d.type === "enum" && !mappedModel.has(id))
            .map(([id]) => id)
            .sort(),
    };
}

/** One shape per line: small, yet a regeneration diffs shape by shape. */
function serialize(data: ShapeData): string {
    const lines = Object.keys(data.shapes)
        .sort()
        .map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(data.shapes[id])}`);
    const source = JSON.stringify(data.source, null, 4).replace(/\n/g, "\n    ");
    return `{\n    "source": ${source},\n    "shapes": {\n${lines.join(",\n")}\n    }\n}\n`;
}

function main(): void {
    const mirror = process.argv[2] ?? DEFAULT_MIRROR;
    const commit = git(mirror, ["rev-parse", process.argv[3] ?? "HEAD"]).trim();
    const source: DataSource = {
        repo: REPO,
        commit,
        commitDate: git(mirror, ["show", "-s", "--format=%cI", commit]).trim(),
        generatedAt: new Date().toISOString(),
        models: {},
        roots: {},
        missingModels: [],
        capped: [],
    };
    const all = new Map<string, ShapeDef>(Object.entries(PRELUDE));
    let merge: Merge | undefined;
    for (const spec of SERVICES) {
        const file = modelPath(mirror, commit, spec.dir);
        const model = readModel(mirror, commit, file);
        if (typeof model === "string") {
            source.missingModels.push({ service: spec.svc, path: file, reason: model });
            warnings.push(`${spec.svc}: ${file} not readable from the mirror (${model}); its shapes are left out`);
            continue;
        }
        const { shapes, roots } = compactModel(spec, model);
        if (spec.svc === "ecs") merge = mergeSdk(shapes, loadSdk());
        source.models[spec.svc] = file;
        source.roots[spec.svc] = roots;
        for (const [id, def] of shapes) all.set(id, def);
    }
    const kept = applyCaps(closure(all, Object.values(source.roots).flat()), source.capped);
    if (merge !== undefined) source.sdk = sdkRecord(merge, new Set(kept));
    const data: ShapeData = { source, shapes: Object.fromEntries(kept.map((id) => [id, all.get(id) as ShapeDef])) };
    fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
    fs.writeFileSync(OUT_FILE, serialize(data));
    for (const w of warnings) console.warn(`warning: ${w}`);
    console.log(`wrote ${OUT_FILE}: ${kept.length} shapes, ${fs.statSync(OUT_FILE).size} bytes`);
}

main();
