/**
 * Every identity policy document that reaches a role in a stack: its inline policies and managedPolicyArns, the
 * aws.iam.RolePolicy resources on it, and the policies attached to it (RolePolicyAttachment, PolicyAttachment,
 * RolePolicyAttachmentsExclusive) whether customer managed (an aws.iam.Policy of the stack, followed by reference)
 * or AWS managed (./managedPolicies). References are followed through propertyDependencies, so this works in a
 * preview where every ARN and name is unknown.
 */
import { PolicyResource } from "@pulumi/policy";
import { describe, ofType, referenced, references } from "./graph";
import { ATTACHMENT_TYPES, documentsOf } from "./iamDocuments";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { Judgement } from "./unknowns";

export interface RoleDocument {
    /** Where the document comes from, for messages: `RolePolicy "api-task" policy`. */
    source: string;
    document: unknown;
}

const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
/** The attachment types that name roles, with the input that names them. */
const ROLE_INPUT: Readonly<Record<string, string>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "role",
    "aws:iam/policyAttachment:PolicyAttachment": "roles",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "roleName",
};

function carried(resource: PolicyResource, judgement: Judgement): RoleDocument[] {
    const found: RoleDocument[] = [];
    judgement.check(() => {
        for (const { label, document, unknownManagedPolicy } of documentsOf(resource.type, resource.props)) {
            if (unknownManagedPolicy === undefined) found.push({ source: `${describe(resource)} ${label}`, document });
        }
    });
    return found;
}

export function documentsReachingRole(role: PolicyResource, resources: PolicyResource[], judgement: Judgement): RoleDocument[] {
    const found = carried(role, judgement);
    for (const rolePolicy of ofType(resources, ROLE_POLICY)) {
        if (references(rolePolicy, "role", role)) found.push(...carried(rolePolicy, judgement));
    }
    for (const attachment of resources) {
        const input = ROLE_INPUT[attachment.type];
        if (input === undefined || !references(attachment, input, role)) continue;
        const arnInput = ATTACHMENT_TYPES[attachment.type];
        const policies = referenced(attachment, arnInput, POLICY);
        for (const policy of policies) found.push(...carried(policy, judgement));
        // An ARN built from a stack policy is judged through that policy; the rest may be AWS managed.
        if (policies.length === 0 || arnInput === "policyArns") found.push(...carried(attachment, judgement));
    }
    return found;
}

/** The roles a task definition runs with, by the input that names them. */
export function taskRoles(taskDefinition: PolicyResource): { role: PolicyResource; as: string }[] {
    return [
        ...referenced(taskDefinition, "taskRoleArn", RESOURCE_TYPES.iamRole).map((role) => ({ role, as: "task role" })),
        ...referenced(taskDefinition, "executionRoleArn", RESOURCE_TYPES.iamRole).map((role) => ({ role, as: "execution role" })),
    ];
}
