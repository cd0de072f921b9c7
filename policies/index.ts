/**
 * The policy pack. Constructing a PolicyPack starts the analyzer's gRPC server (one per process), so this file only
 * assembles the rules; everything else imports ./all.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./all";

new PolicyPack(PACK_NAME, {
    description: "Guards the ECS platform: network exposure, secrets, IAM, container hardening, deployments, load balancer.",
    enforcementLevel: "mandatory",
    policies,
});
