/** Every rule of the pack, by area. Tests and the offline check import this; index.ts serves it. */
import { Policies } from "@pulumi/policy";
import { ecsPolicies } from "./rules/ecs";
import { iamPolicies } from "./rules/iam";
import { loadBalancerPolicies } from "./rules/loadBalancer";
import { networkPolicies } from "./rules/network";
import { secretsPolicies } from "./rules/secrets";
import { storagePolicies } from "./rules/storage";

export const PACK_NAME = "ecs-platform";

export const policies: Policies = [
    ...networkPolicies,
    ...secretsPolicies,
    ...iamPolicies,
    ...ecsPolicies,
    ...loadBalancerPolicies,
    ...storagePolicies,
];
