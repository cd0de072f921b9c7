/** IAM rules: no administrative wildcards, and a task's own permissions apart from what ECS needs to start it. */
import { StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";
import { describe, ofType, referenced } from "../lib/graph";
import { appliesToAllResources, carriesIdentityPolicy, forEachStatement, wildcardActions } from "../lib/iamDocuments";
import { T } from "../lib/resourceTypes";
import { isSet, Judgement } from "../lib/unknowns";

export const noWildcardAdmin: ResourceValidationPolicy = {
    name: "no-wildcard-admin",
    description: "No IAM statement allows `*` or a whole service (`service:*`), or uses NotAction, on every resource.",
    validateResource: (args, report) => {
        if (!carriesIdentityPolicy(args)) return;
        const judgement = new Judgement();
        forEachStatement(args.type, args.props, report, judgement, (statement, label) => {
            const wildcards = wildcardActions(statement);
            if (wildcards.length > 0 && appliesToAllResources(statement)) {
                report(`${label} allows ${wildcards.join(", ")} on every resource; name the actions and resources the role needs.`);
            }
        });
        judgement.finish();
    },
};

export const taskAndExecutionRolesSeparate: StackValidationPolicy = {
    name: "task-and-execution-roles-separate",
    description:
        "A task definition's task role (what the application may do) and execution role (what ECS needs to pull the image, " +
        "write logs and read secrets) are different roles.",
    validateStack: (args, report) => {
        const judgement = new Judgement();
        for (const taskDefinition of ofType(args.resources, T.taskDefinition)) {
            judgement.check(() => {
                const props = taskDefinition.props;
                const taskRoles = referenced(taskDefinition, "taskRoleArn", T.iamRole);
                const executionRoles = referenced(taskDefinition, "executionRoleArn", T.iamRole);
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

/** True for a principal that names everyone: "*", { AWS: "*" } or a list holding "*". */
function isEveryone(principal: unknown): boolean {
    if (principal === "*") return true;
    if (typeof principal !== "object" || principal === null) return false;
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

export const trustNotPublic: ResourceValidationPolicy = {
    name: "trust-not-public",
    description: "No role's trust policy lets everyone (Principal \"*\" or AWS \"*\") assume it without a condition that narrows who.",
    validateResource: (args, report) => {
        if (args.type !== T.iamRole) return;
        const judgement = new Judgement();
        judgement.check(() => {
            const raw = args.props.assumeRolePolicy;
            if (raw === undefined) return;
            let doc: { Statement?: unknown };
            try {
                doc = typeof raw === "string" ? JSON.parse(raw) : raw;
            } catch {
                report("assumeRolePolicy is not JSON; IAM refuses it, and the pack cannot judge who may assume the role.");
                return;
            }
            const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
            statements.forEach((st: Record<string, unknown>, i: number) => {
                const open = st.Effect === "Allow" && (isEveryone(st.Principal) || st.NotPrincipal !== undefined);
                const conditioned = typeof st.Condition === "object" && st.Condition !== null && Object.keys(st.Condition).length > 0;
                if (open && !conditioned) {
                    report(`assumeRolePolicy.Statement[${i}] lets any AWS account's principals assume the role; name the service or account in Principal, or add a condition (aws:PrincipalOrgID, sts:ExternalId).`);
                }
            });
        });
        judgement.finish();
    },
};

export const iamPolicies = [noWildcardAdmin, taskAndExecutionRolesSeparate, trustNotPublic];
