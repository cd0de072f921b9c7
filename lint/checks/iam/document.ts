/**
 * What an IAM policy document is to the check, and what is wrong with it: the problem type every rule returns and the
 * small readers of the JSON (statements, one-or-many values, wildcards) the rules share.
 */
import { LintLevel } from "../../finding";
import { SOURCES } from "./sources";

/** identity: a role's inline or a managed policy; trust: a role's assumeRolePolicy; resource: S3, EFS, KMS, … policies. */
export type PolicyKind = "identity" | "trust" | "resource";

/** One problem in one document. */
export interface DocumentProblem {
    /** error: AWS refuses the document; warning: AWS accepts it, but (part of) it does nothing. */
    level: LintLevel;
    /** JSON path inside the document (`Statement[1].Action[0]`); "" for the document as a whole. */
    path: string;
    /** What is wrong: for errors the reason AWS gives, for warnings also what AWS will do. */
    message: string;
    source: string;
}

/** An error: AWS refuses the document. */
export const refused = (path: string, message: string, source = SOURCES.grammar): DocumentProblem => ({ level: "error", path, message, source });
/** A warning: AWS accepts the document, but (part of) it does nothing. */
export const doesNothing = (path: string, message: string, source: string): DocumentProblem => ({ level: "warning", path, message, source });

/** A JSON object of a parsed document. */
export type Json = Record<string, unknown>;
/** Whether a value is a JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** The path of `key` inside `path` (`Statement[0].Action`); just `key` at the top. */
export const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** A value that may be one item or a list, with the path of each item (`Action` or `Action[2]`). */
export function items(value: unknown, path: string): { value: unknown; path: string }[] {
    return Array.isArray(value) ? value.map((v, i) => ({ value: v, path: `${path}[${i}]` })) : [{ value, path }];
}

/** The statements of a document with their paths; none when Statement is missing or malformed. */
export function statementsOf(doc: unknown): { statement: Json; path: string }[] {
    if (!isObject(doc)) return [];
    return items(doc.Statement, "Statement")
        .filter((s): s is { value: Json; path: string } => isObject(s.value))
        .map((s) => ({ statement: s.value, path: s.path }));
}

/** Whether an IAM name holds a wildcard (`*` or `?`). */
export const hasWildcard = (s: string) => /[*?]/.test(s);

/** The kind of a JSON value, for messages ("an array", "a string (JSON encoded twice?)"). */
export function describeJson(value: unknown): string {
    if (Array.isArray(value)) return "an array";
    if (value === null) return "null";
    return typeof value === "string" ? "a string (JSON encoded twice?)" : `a ${typeof value}`;
}

/** The string items of a one-or-many value, with their paths; other items left out. */
export function stringItems(value: unknown, path: string): { value: string; path: string }[] {
    return items(value, path).filter((i): i is { value: string; path: string } => typeof i.value === "string");
}
