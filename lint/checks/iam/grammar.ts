/**
 * The grammar of IAM policy documents, which IAM (or S3, EFS, Secrets Manager, KMS) refuses to break: the fields of a
 * document and of a statement, Effect, Action, Principal, Resource, Sid and Condition blocks.
 */
import { arnProblems } from "./arns";
import { describeJson, DocumentProblem, doesNothing, isObject, items, join, Json, PolicyKind, refused, statementsOf } from "./document";
import { SOURCES } from "./sources";

// Grammar. Source: IAM User Guide, "Grammar of the IAM JSON policy language" (read 2026-12-02):
// policy = { Version?, Id?, Statement }; statement = { Sid?, Effect, (Principal|NotPrincipal)?, (Action|NotAction),
// (Resource|NotResource)?, Condition? }. IAM refuses other fields ("Syntax errors in policy").

const TOP_KEYS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const VERSIONS = ["2012-10-17", "2008-10-17"];

/** Grammar problems of a parsed document (AWS refuses all but a missing Version, which is a warning). */
export function grammarProblems(doc: unknown, kind: PolicyKind): DocumentProblem[] {
    if (!isObject(doc)) return [refused("", `the document must be a JSON object, not ${describeJson(doc)}`)];
    const problems = unknownKeys(doc, TOP_KEYS, "");
    problems.push(...versionProblems(doc), ...statementListProblems(doc.Statement));
    for (const { statement, path } of statementsOf(doc)) problems.push(...statementProblems(statement, path, kind));
    if (kind !== "resource") problems.push(...sidProblems(statementsOf(doc)));
    return problems;
}

function unknownKeys(obj: Json, allowed: Set<string>, path: string): DocumentProblem[] {
    return Object.keys(obj)
        .filter((k) => !allowed.has(k))
        .map((k) => refused(join(path, k), `unknown field "${k}" (allowed: ${[...allowed].join(", ")}; names are case-sensitive)`));
}

function versionProblems(doc: Json): DocumentProblem[] {
    if (doc.Version === undefined) {
        // Without Version IAM applies 2008-10-17, where policy variables stay literal text (IAM User Guide, Version).
        if (!JSON.stringify(doc).includes("${")) return [];
        return [
            doesNothing(
                "Version",
                'no Version, so IAM reads the document as 2008-10-17 and its ${…} policy variables as literal text: they never match; add "Version": "2012-10-17"',
                SOURCES.grammar,
            ),
        ];
    }
    if (typeof doc.Version === "string" && VERSIONS.includes(doc.Version)) return [];
    return [refused("Version", `Version must be "2012-10-17" (or the old "2008-10-17"), not ${JSON.stringify(doc.Version)}`)];
}

function statementListProblems(list: unknown): DocumentProblem[] {
    if (list === undefined) return [refused("Statement", "the document has no Statement")];
    if (Array.isArray(list)) {
        if (list.length === 0) return [refused("Statement", "Statement is an empty array")];
        return list.flatMap((s, i) => (isObject(s) ? [] : [refused(`Statement[${i}]`, `a statement must be a JSON object, not ${describeJson(s)}`)]));
    }
    return isObject(list) ? [] : [refused("Statement", `Statement must be an object or an array of objects, not ${describeJson(list)}`)];
}

/** Problems of one statement (object) at `path`. */
export function statementProblems(st: Json, path: string, kind: PolicyKind): DocumentProblem[] {
    return [
        ...unknownKeys(st, STATEMENT_KEYS, path),
        ...effectProblems(st, path),
        ...actionElementProblems(st, path),
        ...principalElementProblems(st, path, kind),
        ...resourceElementProblems(st, path, kind),
        ...(st.Condition === undefined ? [] : conditionProblems(st.Condition, join(path, "Condition"))),
        ...(st.Sid === undefined || typeof st.Sid === "string" ? [] : [refused(join(path, "Sid"), "Sid must be a string")]),
    ];
}

function effectProblems(st: Json, path: string): DocumentProblem[] {
    if (st.Effect === "Allow" || st.Effect === "Deny") return [];
    if (st.Effect === undefined) return [refused(join(path, "Effect"), "the statement has no Effect")];
    return [refused(join(path, "Effect"), `Effect must be "Allow" or "Deny" (case-sensitive), not ${JSON.stringify(st.Effect)}`)];
}

/** Exactly one of a pair of mutually exclusive elements (Action/NotAction, …); `required` when one must be there. */
function pairProblems(st: Json, path: string, a: string, b: string, required: boolean): DocumentProblem[] {
    if (st[a] !== undefined && st[b] !== undefined) return [refused(path, `the statement has both ${a} and ${b}; they are mutually exclusive`)];
    if (required && st[a] === undefined && st[b] === undefined) return [refused(path, `the statement has neither ${a} nor ${b}`)];
    return [];
}

/** A string or a non-empty array of strings, as Action, Resource and principal values must be. */
function stringListProblems(value: unknown, path: string, what: string): DocumentProblem[] {
    if (typeof value === "string") return value ? [] : [refused(path, `${what} is an empty string`)];
    if (!Array.isArray(value)) return [refused(path, `${what} must be a string or an array of strings, not ${describeJson(value)}`)];
    if (value.length === 0) return [refused(path, `${what} is an empty array`)];
    return items(value, path).flatMap((i) => (typeof i.value === "string" && i.value ? [] : [refused(i.path, `${what} entries must be non-empty strings`)]));
}

function actionElementProblems(st: Json, path: string): DocumentProblem[] {
    const problems = pairProblems(st, path, "Action", "NotAction", true);
    for (const key of ["Action", "NotAction"]) {
        if (st[key] === undefined) continue;
        const listProblems = stringListProblems(st[key], join(path, key), key);
        problems.push(...listProblems);
        if (listProblems.length === 0) problems.push(...items(st[key], join(path, key)).flatMap((i) => actionSyntaxProblems(i.value as string, i.path)));
    }
    return problems;
}

/** `*` or `service:action`: IAM refuses anything else ("Actions/Conditions must be prefaced by a vendor"). */
export function actionSyntaxProblems(action: string, path: string): DocumentProblem[] {
    if (action === "*") return [];
    const colon = action.indexOf(":");
    if (colon > 0 && colon < action.length - 1) return [];
    return [refused(path, `"${action}" is not "*" or service:action (IAM: "Actions/Conditions must be prefaced by a vendor")`)];
}

function principalElementProblems(st: Json, path: string, kind: PolicyKind): DocumentProblem[] {
    if (kind === "identity") {
        return ["Principal", "NotPrincipal"]
            .filter((k) => st[k] !== undefined)
            .map((k) =>
                refused(join(path, k), `an identity policy names no ${k} (IAM: "Has prohibited field ${k}"); the role it is attached to is the principal`),
            );
    }
    const problems = pairProblems(st, path, "Principal", "NotPrincipal", true);
    for (const key of ["Principal", "NotPrincipal"]) if (st[key] !== undefined) problems.push(...principalProblems(st[key], join(path, key)));
    return problems;
}

const PRINCIPAL_TYPES = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);

/** `"*"` or `{ AWS | Service | Federated | CanonicalUser: string | string[] }`. */
export function principalProblems(value: unknown, path: string): DocumentProblem[] {
    if (value === "*") return [];
    if (!isObject(value))
        return [refused(path, `a principal must be "*" or an object such as {"Service": "ecs-tasks.amazonaws.com"}, not ${JSON.stringify(value)}`)];
    const problems = unknownKeys(value, PRINCIPAL_TYPES, path);
    for (const [type, ids] of Object.entries(value).filter(([t]) => PRINCIPAL_TYPES.has(t))) {
        const listProblems = stringListProblems(ids, join(path, type), `${type} principal`);
        problems.push(...listProblems);
        if (listProblems.length === 0) problems.push(...items(ids, join(path, type)).flatMap((i) => principalIdProblems(type, i.value as string, i.path)));
    }
    return problems;
}

/** AWS principals are `*`, an account ID or an ARN; service principals are host names. IAM: "Invalid principal in policy". */
function principalIdProblems(type: string, id: string, path: string): DocumentProblem[] {
    if (type === "AWS" && !(id === "*" || /^\d{12}$/.test(id) || id.startsWith("arn:"))) {
        return [refused(path, `"${id}" is not "*", a 12-digit account ID or an ARN (IAM: "Invalid principal in policy")`)];
    }
    if (type === "AWS" && id.startsWith("arn:"))
        return arnProblems(id)
            .filter((p) => p.level === "error")
            .map((p) => refused(path, p.message, SOURCES.arn));
    if (type === "Service" && !/^[a-z0-9.-]+$/i.test(id)) {
        return [refused(path, `"${id}" is not a service principal such as ecs-tasks.amazonaws.com (IAM: "Invalid principal in policy")`)];
    }
    return [];
}

function resourceElementProblems(st: Json, path: string, kind: PolicyKind): DocumentProblem[] {
    if (kind === "trust") {
        return ["Resource", "NotResource"]
            .filter((k) => st[k] !== undefined)
            .map((k) => refused(join(path, k), `a trust policy names no ${k} (IAM: "Has prohibited field ${k}"); the role itself is the resource`));
    }
    const problems = pairProblems(st, path, "Resource", "NotResource", kind === "identity");
    for (const key of ["Resource", "NotResource"]) {
        if (st[key] === undefined) continue;
        const listProblems = stringListProblems(st[key], join(path, key), key);
        problems.push(...listProblems);
        if (listProblems.length === 0) problems.push(...items(st[key], join(path, key)).flatMap((i) => resourceArnProblems(i.value as string, i.path)));
    }
    return problems;
}

function resourceArnProblems(arn: string, path: string): DocumentProblem[] {
    const quote = (m: string) => (m.includes("IAM:") ? m : `${m} (IAM: Resource ${arn} must be in ARN format or "*")`);
    return arnProblems(arn).map((p) => ({ ...p, message: p.level === "error" ? quote(p.message) : p.message, path, source: SOURCES.arn }));
}

/** Statement IDs: alphanumeric and unique in IAM's own documents (S3 and KMS accept spaces, e.g. KMS's default key policy). */
function sidProblems(statements: { statement: Json; path: string }[]): DocumentProblem[] {
    const problems: DocumentProblem[] = [];
    const seen = new Set<string>();
    for (const { statement, path } of statements) {
        const sid = statement.Sid;
        if (typeof sid !== "string") continue;
        if (!/^[A-Za-z0-9]*$/.test(sid))
            problems.push(refused(join(path, "Sid"), `Sid "${sid}" must be alphanumeric (IAM: "Statement IDs (SID) must be alpha-numeric")`, SOURCES.sid));
        if (sid && seen.has(sid))
            problems.push(refused(join(path, "Sid"), `Sid "${sid}" is used twice (IAM: "Statement IDs (SID) in a single policy must be unique")`, SOURCES.sid));
        seen.add(sid);
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------------
// Conditions. Source: IAM User Guide, "IAM JSON policy elements: Condition operators" (read 2026-12-02): the
// operators below, each with an optional IfExists suffix (except Null) and an optional ForAnyValue:/ForAllValues:
// set prefix; IAM compares operator names case-sensitively ("Invalid Condition type : stringEquals").

const OPERATORS = new Set([
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
]);

/** Whether IAM knows a condition operator (`ForAnyValue:StringLikeIfExists`, `Null`, …). */
export function isConditionOperator(operator: string): boolean {
    const base = operator.replace(/^(ForAnyValue|ForAllValues):/, "");
    if (base === "Null") return true;
    return OPERATORS.has(base.endsWith("IfExists") ? base.slice(0, -"IfExists".length) : base);
}

/** Condition block: `{ operator: { key: value | value[] } }`, known operators, vendor-prefixed keys. */
export function conditionProblems(condition: unknown, path: string): DocumentProblem[] {
    if (!isObject(condition)) return [refused(path, `Condition must be an object of operators, not ${describeJson(condition)}`)];
    return Object.entries(condition).flatMap(([operator, test]) => {
        const at = join(path, operator);
        if (!isConditionOperator(operator))
            return [refused(at, `unknown condition operator "${operator}" (IAM: "Invalid Condition type"); operators are case-sensitive`, SOURCES.operators)];
        if (!isObject(test)) return [refused(at, `${operator} must map condition keys to values, not ${describeJson(test)}`)];
        return Object.entries(test).flatMap(([key, value]) => conditionEntryProblems(key, value, join(at, key)));
    });
}

function conditionEntryProblems(key: string, value: unknown, path: string): DocumentProblem[] {
    const problems: DocumentProblem[] = [];
    if (!/^[^:]+:./.test(key))
        problems.push(refused(path, `condition key "${key}" has no service prefix (IAM: "Actions/Conditions must be prefaced by a vendor")`));
    const scalar = (v: unknown) => ["string", "number", "boolean"].includes(typeof v);
    if (!(scalar(value) || (Array.isArray(value) && value.every(scalar))))
        problems.push(refused(path, "a condition value must be a string, number, boolean or an array of them"));
    return problems;
}
