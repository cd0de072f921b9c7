/**
 * Resource inputs against AWS's own API model shapes (awsdata/generated/shapes.json: types, enums, lengths, ranges,
 * patterns) and, where no model carries the limit, against the dated table in awsdata/limits.ts. Each entry maps a
 * provider input path to the API shape (or rule) that the provider passes it to.
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { shapeSource } from "../../awsdata/shapes";
import { validateShape } from "../../awsdata/shapeValidation";
import {
    LOG_RETENTION_DAYS,
    LOG_RETENTION_SOURCE,
    NAME_RULES,
    NameRule,
    nameProblem,
    SECRET_RECOVERY_SOURCE,
    SECRET_RECOVERY_WINDOW,
} from "../../awsdata/limits";
import { isTimeZone, timeZoneSource } from "../../awsdata/timeZones";
import { PlanResource } from "../../plan/planFormat";
import { finding, LintCheck } from "../check";
import { Finding } from "../finding";
import { holdsUnknown, label, PlanIndex } from "../planIndex";

/** How one input is judged: against a model shape, a name rule, or a predicate with its message and source. */
type Judge = { shape: string } | { name: NameRule } | { test: (value: unknown) => string | undefined; source: string };

/** Input paths (dots for nested blocks, `[]` for every element of a list) and how each is judged, by resource type. */
export const INPUT_RULES: Record<string, Record<string, Judge>> = {
    [RESOURCE_TYPES.taskDefinition]: {
        family: { name: NAME_RULES.ecsName },
        runtimePlatform: { shape: "ecs#RuntimePlatform" },
        networkMode: { shape: "ecs#NetworkMode" },
        "requiresCompatibilities[]": { shape: "ecs#Compatibility" },
    },
    [RESOURCE_TYPES.daemonTaskDefinition]: { family: { name: NAME_RULES.ecsName } },
    [RESOURCE_TYPES.daemon]: { name: { name: NAME_RULES.ecsName } },
    [RESOURCE_TYPES.ecsCluster]: { name: { name: NAME_RULES.ecsName }, "settings[]": { shape: "ecs#ClusterSetting" } },
    [RESOURCE_TYPES.ecsService]: {
        name: { name: NAME_RULES.ecsName },
        "deploymentConfiguration.strategy": { shape: "ecs#DeploymentStrategy" },
        "capacityProviderStrategies[].base": { shape: "ecs#CapacityProviderStrategyItemBase" },
        "capacityProviderStrategies[].weight": { shape: "ecs#CapacityProviderStrategyItemWeight" },
        propagateTags: { shape: "ecs#PropagateTags" },
    },
    [RESOURCE_TYPES.capacityProvider]: { name: { name: NAME_RULES.capacityProviderName } },
    [RESOURCE_TYPES.targetGroup]: {
        name: { name: NAME_RULES.targetGroupName },
        port: { shape: "elbv2#Port" },
        "healthCheck.interval": { shape: "elbv2#HealthCheckIntervalSeconds" },
        "healthCheck.timeout": { shape: "elbv2#HealthCheckTimeoutSeconds" },
        "healthCheck.healthyThreshold": { shape: "elbv2#HealthCheckThresholdCount" },
        "healthCheck.unhealthyThreshold": { shape: "elbv2#HealthCheckThresholdCount" },
    },
    [RESOURCE_TYPES.listenerRule]: { priority: { shape: "elbv2#RulePriority" } },
    [RESOURCE_TYPES.loadBalancer]: { name: { name: NAME_RULES.loadBalancerName } },
    [RESOURCE_TYPES.listener]: { port: { shape: "elbv2#Port" } },
    [RESOURCE_TYPES.logGroup]: {
        name: { shape: "logs#LogGroupName" },
        retentionInDays: {
            test: (v) =>
                (LOG_RETENTION_DAYS as readonly unknown[]).includes(v)
                    ? undefined
                    : `${JSON.stringify(v)} is not a retention CloudWatch Logs accepts (allowed: ${LOG_RETENTION_DAYS.join(", ")})`,
            source: LOG_RETENTION_SOURCE,
        },
    },
    [RESOURCE_TYPES.iamRole]: { name: { shape: "iam#roleNameType" }, description: { shape: "iam#roleDescriptionType" }, path: { shape: "iam#pathType" } },
    [RESOURCE_TYPES.rolePolicy]: { name: { shape: "iam#policyNameType" } },
    [RESOURCE_TYPES.instanceProfile]: { name: { shape: "iam#instanceProfileNameType" } },
    [RESOURCE_TYPES.secret]: {
        name: { shape: "secretsmanager#NameType" },
        description: { shape: "secretsmanager#DescriptionType" },
        recoveryWindowInDays: {
            test: (v) => {
                const { min, max, immediate } = SECRET_RECOVERY_WINDOW;
                return v === immediate || (typeof v === "number" && v >= min && v <= max)
                    ? undefined
                    : `${JSON.stringify(v)} is not 0 or ${min} to ${max} days`;
            },
            source: SECRET_RECOVERY_SOURCE,
        },
    },
    [RESOURCE_TYPES.scheduledAction]: {
        name: { name: NAME_RULES.scheduledActionName },
        schedule: { shape: "appautoscaling#ResourceIdMaxLen1600" },
        timezone: {
            test: (v) => (typeof v === "string" && isTimeZone(v) ? undefined : `${JSON.stringify(v)} is not an IANA time zone name`),
            source: `Application Auto Scaling API Reference, PutScheduledAction, Timezone (IANA names), read 2026-12-02; tz database ${timeZoneSource().tzdataVersion}`,
        },
    },
    [RESOURCE_TYPES.securityGroup]: { name: { name: NAME_RULES.securityGroupName }, description: { name: NAME_RULES.securityGroupDescription } },
};

/** The values at a path: `a.b` → one, `a[].b` → one per element. Missing values are skipped. */
export function valuesAt(inputs: Record<string, unknown>, path: string): { path: string; value: unknown }[] {
    let found: { path: string; value: unknown }[] = [{ path: "", value: inputs }];
    for (const part of path.split(".")) {
        const each = part.endsWith("[]");
        const key = each ? part.slice(0, -2) : part;
        found = found.flatMap(({ path: at, value }) => {
            if (value === null || typeof value !== "object") return [];
            const next = (value as Record<string, unknown>)[key];
            const nextPath = at ? `${at}.${key}` : key;
            if (next === undefined) return [];
            if (!each) return [{ path: nextPath, value: next }];
            return Array.isArray(next) ? next.map((v, i) => ({ path: `${nextPath}[${i}]`, value: v })) : [];
        });
    }
    return found;
}

/** Problems of one value under one judge, each with its source. */
function judge(value: unknown, rule: Judge, path: string): { message: string; source: string }[] {
    if ("shape" in rule) {
        return validateShape(value, rule.shape, path).map((p) => ({
            message: `${p.path}: ${p.message}`,
            source: `AWS API model ${p.shape} (aws/api-models-aws ${shapeSource().commit.slice(0, 7)})`,
        }));
    }
    if ("name" in rule) {
        if (typeof value !== "string") return [{ message: `${path}: ${JSON.stringify(value)} is not a name`, source: rule.name.source }];
        const problem = nameProblem(value, rule.name);
        return problem ? [{ message: `${path}: "${value}" ${problem}`, source: rule.name.source }] : [];
    }
    const problem = rule.test(value);
    return problem ? [{ message: `${path}: ${problem}`, source: rule.source }] : [];
}

export const apiInputs: LintCheck = {
    id: "aws-api-inputs",
    level: "error",
    description:
        "Inputs are valid for the AWS API that receives them: types, enums, lengths, ranges and patterns of the API model, and the documented limits no model carries.",
    source: "aws/api-models-aws (Smithy), enums merged from @aws-sdk/client-ecs; awsdata/limits.ts",
    run(plan: PlanIndex): Finding[] {
        const findings: Finding[] = [];
        for (const r of plan.resources) {
            const rules = INPUT_RULES[r.type];
            if (!rules) continue;
            for (const [path, rule] of Object.entries(rules)) findings.push(...judgeInput(plan, r, path, rule));
        }
        return findings;
    },
};

function judgeInput(plan: PlanIndex, r: PlanResource, path: string, rule: Judge): Finding[] {
    return valuesAt(r.inputs, path).flatMap(({ path: at, value }) => {
        if (holdsUnknown(value)) {
            plan.unknownInputs.add(`${label(r)}.${at}`);
            return [];
        }
        return judge(value, rule, at).map((p) => finding(apiInputs, r, `${p.message}; AWS refuses it at deploy`, p.source));
    });
}
