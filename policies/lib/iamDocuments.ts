/**
 * IAM policy documents in every form the AWS provider accepts them: a JSON string or an object, on aws.iam.Policy,
 * RolePolicy, UserPolicy, GroupPolicy and a Role's inlinePolicies; and the documents of AWS managed policies attached
 * through the attachment resources or a Role's managedPolicyArns (from policies/data, see ./managedPolicies).
 */
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { coversEveryResource, matchesPattern } from "@ecs-platform/shared/iamPatterns";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { managedPolicyDocument, managedPolicyName } from "./managedPolicies";
import { Judgement } from "./unknowns";

export interface Statement {
    effect: "Allow" | "Deny";
    /** Action patterns, or undefined when the statement uses NotAction. */
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    sid?: string;
}

/** Resource types whose `policy` input is an identity policy document. */
export const IDENTITY_POLICY_TYPES: string[] = [RESOURCE_TYPES.iamPolicy, RESOURCE_TYPES.rolePolicy, RESOURCE_TYPES.userPolicy, RESOURCE_TYPES.groupPolicy];

function list(value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    return (Array.isArray(value) ? value : [value]).map(String);
}

export class DocumentError extends Error {}

/**
 * The statements of a policy document (identity, trust or resource policy) given as a JSON string or an object, as
 * written: principals and conditions kept. Throws DocumentError when it is not a JSON object, which AWS refuses.
 */
export function rawStatements(document: unknown): Record<string, unknown>[] {
    let parsed = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch (err) {
            throw new DocumentError(`is not valid JSON (${(err as Error).message})`);
        }
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new DocumentError("is not a JSON object");
    const raw = (parsed as { Statement?: unknown }).Statement;
    return (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
}

/** Parses a document given as a JSON string or an object; throws DocumentError when it is neither. */
export function parseDocument(document: unknown): Statement[] {
    const statements = rawStatements(document);
    return statements.map((s: Record<string, unknown>) => ({
        effect: s.Effect === "Deny" ? "Deny" : "Allow",
        actions: list(s.Action),
        notActions: list(s.NotAction),
        resources: list(s.Resource),
        notResources: list(s.NotResource),
        sid: typeof s.Sid === "string" ? s.Sid : undefined,
    }));
}

/**
 * Resource types that attach managed policies, with the input holding the ARN (`policyArn`) or ARNs (`policyArns`).
 * Attachments of customer managed policies are judged where the policy is defined (aws.iam.Policy); a policy defined
 * outside the stack is not seen.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, "policyArn" | "policyArns">> = {
    [RESOURCE_TYPES.rolePolicyAttachment]: "policyArn",
    [RESOURCE_TYPES.userPolicyAttachment]: "policyArn",
    [RESOURCE_TYPES.groupPolicyAttachment]: "policyArn",
    [RESOURCE_TYPES.policyAttachment]: "policyArn",
    [RESOURCE_TYPES.rolePolicyAttachmentsExclusive]: "policyArns",
    [RESOURCE_TYPES.userPolicyAttachmentsExclusive]: "policyArns",
    [RESOURCE_TYPES.groupPolicyAttachmentsExclusive]: "policyArns",
};

/** A document a resource carries, with a label for messages (`inlinePolicies[0]`). */
export interface CarriedDocument {
    label: string;
    document: unknown;
    /** Set for an AWS managed policy the pack's data does not know: its document is unknown. */
    unknownManagedPolicy?: string;
}

/**
 * The AWS managed policies among ARNs, as documents; other ARNs (customer managed policies) are left out. `arns` is
 * undefined for a single `policyArn` (labelled without an index).
 */
function managedDocuments(label: string, arn: unknown, arns?: unknown[]): CarriedDocument[] {
    const found: CarriedDocument[] = [];
    (arns ?? [arn]).forEach((each, i) => {
        const name = managedPolicyName(String(each));
        if (name === undefined) return;
        const where = `${label}${arns ? `[${i}]` : ""} (AWS managed ${name})`;
        const document = managedPolicyDocument(name);
        found.push(document ? { label: where, document } : { label: where, document: undefined, unknownManagedPolicy: name });
    });
    return found;
}

/** Every policy document a resource carries. */
export function documentsOf(type: string, props: Record<string, any>): CarriedDocument[] {
    if (IDENTITY_POLICY_TYPES.includes(type)) return [{ label: "policy", document: props.policy }];
    const attachment = ATTACHMENT_TYPES[type];
    if (attachment === "policyArn") return managedDocuments("policyArn", props.policyArn);
    if (attachment === "policyArns") return managedDocuments("policyArns", undefined, props.policyArns ?? []);
    if (type === RESOURCE_TYPES.iamRole) {
        const inline: Record<string, any>[] = props.inlinePolicies ?? [];
        return [
            // A getter: an inline document unknown at preview defers only itself when it is read.
            ...inline.map((p, i) => ({
                label: `inlinePolicies[${i}] (${p.name ?? "unnamed"})`,
                get document() {
                    return p.policy;
                },
            })),
            ...managedDocuments("managedPolicyArns", undefined, props.managedPolicyArns ?? []),
        ];
    }
    return [];
}

export function carriesIdentityPolicy(resource: Pick<PolicyResource, "type">): boolean {
    return IDENTITY_POLICY_TYPES.includes(resource.type) || resource.type === RESOURCE_TYPES.iamRole || resource.type in ATTACHMENT_TYPES;
}

/** True when an Allow statement grants `action` (through Action patterns, or NotAction that leaves it out). */
export function grantsAction(statement: Statement, action: string): boolean {
    if (statement.effect !== "Allow") return false;
    if (statement.actions) return statement.actions.some((p) => matchesPattern(p, action));
    if (statement.notActions) return !statement.notActions.some((p) => matchesPattern(p, action));
    return false;
}

/** True when the statement applies to every resource: `Resource: "*"` or any NotResource. */
export function appliesToAllResources(statement: Statement): boolean {
    if (statement.notResources) return true;
    return (statement.resources ?? []).some(coversEveryResource);
}

/** The action patterns that make a statement administrative: `*` or a whole service (`s3:*`). */
export function wildcardActions(statement: Statement): string[] {
    if (statement.effect !== "Allow") return [];
    if (statement.notActions) return [`NotAction ${JSON.stringify(statement.notActions)}`];
    return (statement.actions ?? []).filter((a) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a));
}

/**
 * Calls `fn` for every statement of every document the resource carries. A document unknown at preview is deferred
 * through `judgement`; one that does not parse is reported, since AWS would refuse it and nothing in it can be judged.
 */
export function forEachStatement(
    type: string,
    props: Record<string, any>,
    report: ReportViolation,
    judgement: Judgement,
    fn: (statement: Statement, label: string) => void,
): void {
    let documents: CarriedDocument[] = [];
    judgement.check(() => (documents = documentsOf(type, props)));
    for (const { label, document, unknownManagedPolicy } of documents) {
        if (unknownManagedPolicy !== undefined) continue;
        judgement.check(() => {
            let statements: Statement[];
            try {
                statements = parseDocument(document);
            } catch (err) {
                if (!(err instanceof DocumentError)) throw err;
                return report(`${label} ${err.message}; write a valid IAM policy document.`);
            }
            for (const statement of statements) fn(statement, `${label}${statement.sid ? ` statement ${statement.sid}` : ""}`);
        });
    }
}
