/** Every rule of the pack, by area. Tests and the offline check import this; index.ts serves it. */
import { ecsPolicies } from "./rules/ecs";
import { iamPolicies } from "./rules/iam";
import { loadBalancerPolicies } from "./rules/loadBalancer";
import { monitoringPolicies } from "./rules/monitoring";
import { networkPolicies } from "./rules/network";
import { secretsPolicies } from "./rules/secrets";
import { storagePolicies } from "./rules/storage";
import { Rule } from "./lib/rule";
import { suppressible, suppressionsApplied, suppressionsUnused } from "./lib/suppressions";

export const PACK_NAME = "ecs-platform";

/** The rules that judge the stack, by area; each takes per-resource suppressions from its policy config. */
export const checks: Rule[] = [
    ...networkPolicies,
    ...secretsPolicies,
    ...iamPolicies,
    ...ecsPolicies,
    ...loadBalancerPolicies,
    ...storagePolicies,
    ...monitoringPolicies,
];

/** Every rule the pack serves: the checks, then the two that report suppressions (last: they read what the checks did). */
export const policies: Rule[] = [...checks.map(suppressible), suppressionsApplied, suppressionsUnused];
