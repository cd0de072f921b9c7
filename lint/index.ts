/**
 * The pre-deploy lint: judges every resource of a plan the way AWS and the provider will at `pulumi up`, before
 * anything is created. What `cfn-lint` does for CloudFormation templates. Checks by area in `checks/`; this module
 * only lists them and runs them.
 */
import { Plan } from "../plan/planFormat";
import { Snapshot } from "../release/snapshot";
import { LintCheck } from "./check";
import { providerAutoNames } from "./checks/autoNames";
import { containerDefinitions } from "./checks/containers";
import { iamPolicyDocuments } from "./checks/iam";
import { apiInputs } from "./checks/inputs";
import { listenerRules } from "./checks/listenerRules";
import { safeReplacements } from "./checks/replacements";
import { targetGroupHealthChecks } from "./checks/targetGroups";
import {
    architectureMatchesCapacity,
    blueGreenWiring,
    ec2CapacityHoldsPeak,
    execSessions,
    loadBalancerContainer,
    secretsHaveValues,
    serviceWaitsForWhatItUses,
} from "./checks/services";
import { Finding } from "./finding";
import { PlanIndex } from "./planIndex";

export const LINT_CHECKS: readonly LintCheck[] = [
    apiInputs,
    providerAutoNames,
    containerDefinitions,
    iamPolicyDocuments,
    listenerRules,
    targetGroupHealthChecks,
    safeReplacements,
    secretsHaveValues,
    loadBalancerContainer,
    blueGreenWiring,
    architectureMatchesCapacity,
    ec2CapacityHoldsPeak,
    serviceWaitsForWhatItUses,
    execSessions,
];

export interface LintResult {
    findings: Finding[];
    errors: number;
    warnings: number;
    /** Inputs no check could read because they are unknown until deploy (`type name.property`). */
    unknownInputs: string[];
}

export interface LintOptions {
    /** The checks to run. @default LINT_CHECKS */
    checks?: readonly LintCheck[];
    /** The stack's previous plan (a snapshot), for the checks about changes to existing resources. @default none */
    previous?: Snapshot;
}

/** Runs every check (or those given) over a plan. */
export async function lintPlan(plan: Plan, options: LintOptions = {}): Promise<LintResult> {
    const checks = options.checks ?? LINT_CHECKS;
    const index = new PlanIndex(plan, options.previous);
    const findings: Finding[] = [];
    for (const check of checks) findings.push(...(await check.run(index)));
    return {
        findings,
        errors: findings.filter((f) => f.level === "error").length,
        warnings: findings.filter((f) => f.level === "warning").length,
        unknownInputs: [...index.unknownInputs].sort(),
    };
}

/** The result as the plan's summary prints it. */
export function formatLint(result: LintResult): string {
    const lines = [`Pre-deploy lint: ${result.errors} error${result.errors === 1 ? "" : "s"}, ${result.warnings} warning${result.warnings === 1 ? "" : "s"}`];
    for (const f of result.findings) {
        lines.push(`  [${f.level}] ${f.check}${f.resource ? ` (${f.resource})` : ""}`);
        lines.push(`    ${f.message}`);
        if (f.source) lines.push(`    source: ${f.source}`);
    }
    if (result.unknownInputs.length) {
        lines.push(`  ${result.unknownInputs.length} inputs are unknown until deploy and were not judged: ${result.unknownInputs.join(", ")}`);
    }
    return lines.join("\n");
}

/** The README's table of checks, generated from the checks themselves (a test keeps the README's copy current). */
export function lintTableMarkdown(checks: readonly LintCheck[] = LINT_CHECKS): string {
    const rows = checks.map((c) => `| \`${c.id}\` | ${c.level} | ${c.description} | ${c.source} |`);
    return ["| check | level | what must hold | source |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
