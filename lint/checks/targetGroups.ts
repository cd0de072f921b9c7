/**
 * Target-group health checks as ELB will see them, with the provider's defaults filled in where the plan leaves a
 * value unset: a value can be valid on its own and the pair still refused (a timeout of 40 s is in range, but not
 * with the default 30 s interval).
 */
import { albMatcherProblem, TARGET_GROUP_HEALTH_CHECK_DEFAULTS } from "../../awsdata/limits";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { finding, LintCheck } from "../check";
import { Finding } from "../finding";
import { NOT_KNOWN, PlanIndex } from "../planIndex";

const DEFAULTS = TARGET_GROUP_HEALTH_CHECK_DEFAULTS;

interface HealthCheck {
    interval?: number;
    timeout?: number;
    matcher?: string;
    protocol?: string;
}

export const targetGroupHealthChecks: LintCheck = {
    id: "alb-target-group-health-check",
    level: "error",
    description:
        "A target group's health-check timeout is shorter than its interval, the provider's defaults filled in, and its success codes are what an ALB accepts (200-499).",
    source: "ELB API Reference, CreateTargetGroup (HealthCheckTimeoutSeconds, Matcher) and @pulumi/aws lb.TargetGroup healthCheck defaults, read 2026-12-02",
    run(plan: PlanIndex): Finding[] {
        const findings: Finding[] = [];
        for (const group of plan.ofType(RESOURCE_TYPES.targetGroup)) {
            const input = plan.input<HealthCheck>(group, "healthCheck");
            if (input === NOT_KNOWN) continue;
            const check = input ?? {};
            const lambda = group.inputs.targetType === "lambda";
            const protocol = String(check.protocol ?? group.inputs.protocol ?? "HTTP").toUpperCase();
            const interval = check.interval ?? DEFAULTS.interval;
            const timeout = check.timeout ?? (lambda ? DEFAULTS.lambdaTimeout : (DEFAULTS.timeoutByProtocol[protocol] ?? DEFAULTS.timeoutByProtocol.HTTP));
            if (timeout >= interval) {
                const shown = (v: number | undefined, d: number) => (v === undefined ? `${d} (the provider's default)` : String(v));
                findings.push(
                    finding(
                        targetGroupHealthChecks,
                        group,
                        `healthCheck.timeout ${shown(check.timeout, timeout)} is not shorter than healthCheck.interval ${shown(check.interval, interval)}; ELB refuses the target group`,
                        this.source,
                    ),
                );
            }
            const matcherIssue = typeof check.matcher === "string" && group.inputs.protocol !== "TCP" ? albMatcherProblem(check.matcher) : undefined;
            if (matcherIssue) findings.push(finding(targetGroupHealthChecks, group, `healthCheck.matcher ${matcherIssue}`, this.source));
        }
        return findings;
    },
};
