/**
 * The stack config reference, read from the schema itself: each key's description from its TSDoc in
 * infra/config/schema.ts, serviceSchema.ts and taskSchema.ts, its default from the zod schema (`.default(…)`), or, where the code
 * computes it (per environment, from the VPC prefix), from the TSDoc `@default`; allowed values of enums from zod.
 * The README's config tables are generated from it (release/readmeTables.ts), and tests/readme.test.ts holds every
 * TSDoc `@default` to the zod default it documents.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const CONFIG_DIR = path.join(__dirname, "..", "infra", "config");
const SCHEMA_FILES = ["schema.ts", "serviceSchema.ts", "taskSchema.ts"];

export interface ConfigField {
    /** `network.natGateways`, `services[].deployment.strategy`. */
    readonly path: string;
    /** The TSDoc text, tags left out; "" when the key has none. */
    readonly description: string;
    /** The TSDoc `@default` text, when there is one. */
    readonly documentedDefault?: string;
    /** The zod default, when the schema has one. */
    readonly schemaDefault?: { value: unknown };
    /** Neither a default nor optional: the key must be set. */
    readonly required: boolean;
    /** The values a zod enum allows. */
    readonly allowed?: readonly string[];
    /** True for keys holding an object or a list of objects (their keys have rows of their own). */
    readonly nested: boolean;
}

/** Method calls that wrap a schema without changing its shape. */
const WRAPPERS = new Set(["default", "optional", "nullable", "refine", "superRefine", "transform", "describe", "meta", "min", "max", "regex", "int", "length"]);

function declarations(): Map<string, ts.Expression> {
    const consts = new Map<string, ts.Expression>();
    for (const file of SCHEMA_FILES) {
        const full = path.join(CONFIG_DIR, file);
        const source = ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true);
        for (const statement of source.statements) {
            if (!ts.isVariableStatement(statement)) continue;
            for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) consts.set(d.name.text, d.initializer);
        }
    }
    return consts;
}

/** The schema expression under the wrappers: `strict({…})`, `z.array(…)`, an identifier, or a leaf. */
function unwrap(expression: ts.Expression): ts.Expression {
    let e = expression;
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && WRAPPERS.has(e.expression.name.text)) e = e.expression.expression;
    return e;
}

interface Documented {
    path: string;
    description: string;
    documentedDefault?: string;
}

/** Every key path under `expression` with its TSDoc, in source order. */
function documentedKeys(expression: ts.Expression, prefix: string, consts: Map<string, ts.Expression>, seen = new Set<string>()): Documented[] {
    const e = unwrap(expression);
    if (ts.isIdentifier(e)) {
        const target = consts.get(e.text);
        if (!target || seen.has(e.text)) return [];
        return documentedKeys(target, prefix, consts, new Set([...seen, e.text]));
    }
    if (!ts.isCallExpression(e)) return [];
    const callee = e.expression.getText().replace(/\s+/g, "");
    const [first] = e.arguments;
    if (callee === "z.array" && first) return documentedKeys(first, `${prefix}[]`, consts, seen);
    if (!["strict", "z.strictObject", "z.object"].includes(callee) || !first || !ts.isObjectLiteralExpression(first)) return [];
    return first.properties.flatMap((property) => {
        if (!ts.isPropertyAssignment(property)) return [];
        const key = `${prefix ? `${prefix}.` : ""}${property.name.getText()}`;
        const docs = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc);
        const description = docs
            .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
            .join(" ")
            .replace(/\s+/g, " ")
            .trim();
        const tag = ts.getJSDocTags(property).find((t) => t.tagName.text === "default");
        const documentedDefault = tag ? ts.getTextOfJSDocComment(tag.comment)?.replace(/\s+/g, " ").trim() : undefined;
        return [{ path: key, description, documentedDefault }, ...documentedKeys(property.initializer, key, consts, seen)];
    });
}

interface Runtime {
    schemaDefault?: { value: unknown };
    optional: boolean;
    allowed?: string[];
    nested: boolean;
}

/** What the zod schema says of each key path. */
function runtimeKeys(): Map<string, Runtime> {
    // Loaded here: only the docs command and the tests need the schema (and zod).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily
    const { stackSchema } = require("../infra/config/schema") as typeof import("../infra/config/schema");
    const found = new Map<string, Runtime>();
    const walk = (schema: any, prefix: string) => {
        const info: Runtime = { optional: false, nested: false };
        let s = schema;
        for (let hops = 0; s?._zod && hops < 10; hops++) {
            const def = s._zod.def;
            if (def.type === "default" || def.type === "prefault")
                info.schemaDefault ??= { value: typeof def.defaultValue === "function" ? def.defaultValue() : def.defaultValue };
            if (def.type === "optional") info.optional = true;
            if (def.type === "enum") info.allowed = Object.values(def.entries).map(String);
            if (def.type === "array") {
                if (prefix) found.set(prefix, info);
                walk(def.element, `${prefix}[]`);
                // A list of objects is nested (its keys have rows); a list of enum values shows what it allows.
                const element = found.get(`${prefix}[]`);
                info.nested = element?.nested ?? false;
                info.allowed ??= element?.allowed;
                return;
            }
            if (def.shape) {
                info.nested = true;
                if (prefix) found.set(prefix, info);
                for (const [key, child] of Object.entries(def.shape)) walk(child, prefix ? `${prefix}.${key}` : key);
                return;
            }
            s = def.innerType ?? def.in ?? undefined;
        }
        if (prefix) found.set(prefix, info);
    };
    walk(stackSchema, "");
    return found;
}

/** Every key path the zod schema accepts, list elements included (`services[].paths[]`). */
export function schemaKeyPaths(): Set<string> {
    return new Set(runtimeKeys().keys());
}

/** Every key of the stack config, in the order the schema declares them. */
export function configFields(): ConfigField[] {
    const runtime = runtimeKeys();
    const consts = declarations();
    const root = consts.get("stackSchema");
    if (!root) throw new Error("infra/config/schema.ts declares no stackSchema");
    return documentedKeys(root, "", consts).map((doc) => {
        const r = runtime.get(doc.path) ?? { optional: true, nested: false };
        return {
            ...doc,
            schemaDefault: r.schemaDefault,
            required: !r.schemaDefault && !r.optional && doc.documentedDefault === undefined,
            allowed: r.allowed,
            nested: r.nested,
        };
    });
}

/** The default as a table shows it: the zod value, else the documented text, else "required" or "not set". */
export function defaultCell(field: ConfigField): string {
    if (field.schemaDefault && !field.nested) {
        const value = field.schemaDefault.value;
        return typeof value === "string" ? `\`${value}\`` : `\`${JSON.stringify(value)}\``;
    }
    if (field.documentedDefault !== undefined) return field.documentedDefault;
    if (field.required) return "required";
    return field.nested ? "" : "not set";
}

/** The TSDoc `@default`s that do not say what the zod default is (a key whose default changed in one place only). */
export function defaultDrift(fields: ConfigField[] = configFields()): string[] {
    return fields.flatMap((f) => {
        if (!f.schemaDefault || f.documentedDefault === undefined || f.nested) return [];
        const documented = f.documentedDefault;
        const value = f.schemaDefault.value;
        let same: boolean;
        try {
            same = JSON.stringify(JSON.parse(documented)) === JSON.stringify(value);
        } catch {
            same = false;
        }
        return same ? [] : [`${f.path}: TSDoc says @default ${documented}, the schema ${JSON.stringify(value)}`];
    });
}
