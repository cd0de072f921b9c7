/**
 * Where policy documents are in a plan (role inline and trust policies, RolePolicy, managed, S3 bucket, EFS, Secrets
 * Manager and KMS key policies), every problem of one document found there, and a role's inline policies sized
 * together (the 10,240 quota is per role, RolePolicy resources and inlinePolicies alike).
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { PlanResource } from "../../../plan/planFormat";
import { holdsUnknown, label, NOT_KNOWN, PlanIndex } from "../../planIndex";
import { DocumentProblem, isObject, PolicyKind, refused } from "./document";
import { referenceProblems } from "./existence";
import { grammarProblems } from "./grammar";
import { characterProblems, documentText, policySize, SIZE_LIMITS, SizeLimit, sizeProblems } from "./sizes";

/** One place a resource type carries a document. */
export interface Site {
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

const TYPES = { ...RESOURCE_TYPES, policy: RESOURCE_TYPES.iamPolicy } as const;

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
const TRUST: SizeLimit = {
    max: SIZE_LIMITS.trust,
    what: "trust policy",
    note: "2,048 is the default quota, which an account can raise through Service Quotas",
};

/** Every place a document can be, in the order the check reports them. */
export const SITES: Site[] = [
    { type: TYPES.rolePolicy, kind: "identity", refuser: "IAM", call: "PutRolePolicy", limit: INLINE, read: topLevel("policy") },
    { type: TYPES.iamRole, kind: "trust", refuser: "IAM", call: "CreateRole/UpdateAssumeRolePolicy", limit: TRUST, read: topLevel("assumeRolePolicy") },
    { type: TYPES.iamRole, kind: "identity", refuser: "IAM", call: "PutRolePolicy", limit: INLINE, read: inlinePolicies },
    {
        type: TYPES.policy,
        kind: "identity",
        refuser: "IAM",
        call: "CreatePolicy",
        limit: { max: SIZE_LIMITS.managed, what: "managed policy" },
        read: topLevel("policy"),
    },
    { type: TYPES.bucketPolicy, kind: "resource", refuser: "S3", call: "PutBucketPolicy", read: topLevel("policy") },
    { type: TYPES.efsFileSystemPolicy, kind: "resource", refuser: "EFS", call: "PutFileSystemPolicy", read: topLevel("policy") },
    { type: TYPES.secretPolicy, kind: "resource", refuser: "Secrets Manager", call: "PutResourcePolicy", read: topLevel("policy") },
    { type: TYPES.kmsKey, kind: "resource", refuser: "KMS", call: "CreateKey/PutKeyPolicy", read: topLevel("policy") },
];

/** Every problem of a parsed document: grammar and ARN syntax (errors), then what names nothing (warnings). */
export async function documentProblems(doc: unknown, kind: PolicyKind): Promise<DocumentProblem[]> {
    return [...grammarProblems(doc, kind), ...(await referenceProblems(doc, kind))];
}

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
    return [...(iamOwn ? characterProblems(text) : []), ...(limit ? sizeProblems(text, limit) : []), ...(await documentProblems(parsed.doc, kind))];
}

/** A finding's message for problem `p` of the document at `input` of a site: errors say who refuses it, and with which call. */
export function siteMessage(site: Site, input: string, p: DocumentProblem): string {
    const where = p.path ? `${input}.${p.path}` : input;
    return p.level === "error" ? `${where}: ${site.refuser} refuses the document (${site.call}): ${p.message}` : `${where}: ${p.message}`;
}

/** The RolePolicy resources of a role: wired to it (property dependency) or naming it. */
function rolePoliciesOf(plan: PlanIndex, role: PlanResource): PlanResource[] {
    return plan
        .ofType(TYPES.rolePolicy)
        .filter(
            (rp) =>
                plan.inputSources(rp, "role", TYPES.iamRole).includes(role) ||
                (typeof rp.inputs.role === "string" && rp.inputs.role !== "" && rp.inputs.role === role.inputs.name),
        );
}

/**
 * Why a role's inline policies (inlinePolicies and RolePolicy resources) together are over IAM's per-role quota, or
 * undefined. A single document over the quota is reported on its own, not here.
 */
export function roleTotalProblem(plan: PlanIndex, role: PlanResource): string | undefined {
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
    return `inline policies: IAM refuses the document (PutRolePolicy): the role's inline policies together are ${total.toLocaleString("en-US")} characters without white space (${list}), over IAM's ${SIZE_LIMITS.inline.toLocaleString("en-US")} per role (LimitExceeded); move some into a managed policy (aws.iam.Policy + RolePolicyAttachment)`;
}
