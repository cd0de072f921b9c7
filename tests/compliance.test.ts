/**
 * After deploy: the AWS Config managed rules that mirror the pack (infra/configRules.ts), the recorder when asked
 * for, and the account trail. Exact figures on the frozen prod fixture.
 */
import { strict as assert } from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { CONFIG_EQUIVALENTS, KNOWN_MANAGED_EQUIVALENTS, managedRulesFor, minRetentionTime } from "../infra/configRules";
import { lintPlan } from "../lint";
import { deployPolicy } from "../release/pipelineRoles";
import { policyConfigFile } from "../plan/command";
import { Plan } from "../plan/planFormat";
import { policies } from "../policies/all";
import { RESOURCE_TYPES as R } from "@ecs-platform/shared/resourceTypes";
import { configProblems, fixturePlanEdited, ofType, planOf, ProjectConfig, stackConfig } from "./helpers/plans";
import { packClient } from "./helpers/policyPack";

const withConfigRules = (recorder: boolean) => (c: ProjectConfig) => (c.compliance = { awsConfig: { enabled: true, createRecorder: recorder } });
const withTrail = (c: ProjectConfig) => (c.compliance = { trail: { enabled: true } });

async function diagnostics(plan: Plan): Promise<string[]> {
    const result = await checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), readPolicyConfig(policyConfigFile("prod")));
    return result.diagnostics.map((d) => `${d.policyName} ${d.urn.split("::").pop()}: ${d.message}`);
}

describe("AWS Config rules that mirror the pack", () => {
    it("map every rule of the pack to its managed equivalents or say why there is none", () => {
        const names = policies.map((p) => p.name).sort();
        assert.deepEqual(Object.keys(CONFIG_EQUIVALENTS).sort(), names);
        for (const [rule, e] of Object.entries(CONFIG_EQUIVALENTS)) {
            if ("none" in e) assert.ok(e.none.length > 20, `${rule}: say why`);
            else assert.ok(e.rules.length > 0 && e.rules.every((r) => /^[A-Z0-9_]+$/.test(r.identifier)), rule);
        }
    });

    it("fail when a pack rule with a listed managed equivalent does not map to it", () => {
        const unmapped = KNOWN_MANAGED_EQUIVALENTS.filter(({ identifier, packRule }) => {
            if (!packRule) return false;
            const e = CONFIG_EQUIVALENTS[packRule];
            return !e || !("rules" in e) || !e.rules.some((r) => r.identifier === identifier);
        });
        assert.deepEqual(unmapped, []);
        const listed = KNOWN_MANAGED_EQUIVALENTS.map((k) => k.identifier);
        assert.deepEqual(
            managedRulesFor({ logRetentionDays: 365, worldPorts: [80, 443] })
                .map((r) => r.identifier)
                .filter((id) => !listed.includes(id)),
            [],
            "every rule the stack creates is listed with the pack rule it mirrors",
        );
        for (const known of KNOWN_MANAGED_EQUIVALENTS.filter((k) => !k.packRule)) assert.ok(known.why, `${known.identifier}: say why no pack rule mirrors it`);
        for (const { packRule } of KNOWN_MANAGED_EQUIVALENTS)
            if (packRule)
                assert.ok(
                    policies.some((p) => p.name === packRule),
                    packRule,
                );
        // The four ECS rules are among them.
        for (const id of ["ECS_CONTAINERS_NONPRIVILEGED", "ECS_CONTAINERS_READONLY_ACCESS", "ECS_NO_ENVIRONMENT_SECRETS", "ECS_CONTAINER_INSIGHTS_ENABLED"]) {
            assert.ok(
                KNOWN_MANAGED_EQUIVALENTS.some((k) => k.identifier === id && k.packRule),
                id,
            );
        }
    });

    it("exist in a stack exactly as its compliance section asks: none without it", async () => {
        for (const stack of ["dev", "prod"]) {
            const plan = await planOf(stack);
            const compliance = stackConfig(stack).project.compliance ?? {};
            assert.equal(ofType(plan, R.configRule).length > 0, compliance.awsConfig?.enabled === true, `${stack}: Config rules`);
            assert.equal(ofType(plan, R.configRecorder).length > 0, compliance.awsConfig?.createRecorder === true, `${stack}: recorder`);
            assert.equal(ofType(plan, R.trail).length, compliance.trail?.enabled === true ? 1 : 0, `${stack}: trail`);
        }
    });

    it("create one rule per managed equivalent, named after the stack, with the stack's parameters, on the existing recorder", async () => {
        const plan = await fixturePlanEdited("prod", withConfigRules(false));
        const rules = ofType(plan, R.configRule);
        // 28 managed equivalents over the pack's 32 rules (infra/configRules.ts), each once.
        assert.equal(rules.length, 28);
        const byId = new Map(rules.map((r) => [(r.inputs.source as { sourceIdentifier: string }).sourceIdentifier, r]));
        assert.equal(byId.get("ECS_CONTAINERS_NONPRIVILEGED")?.inputs.name, "ecs-platform-prod-ecs-containers-nonprivileged");
        assert.deepEqual(JSON.parse(String(byId.get("CW_LOGGROUP_RETENTION_PERIOD_CHECK")?.inputs.inputParameters)), { MinRetentionTime: "365" });
        assert.deepEqual(JSON.parse(String(byId.get("VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS")?.inputs.inputParameters)), { authorizedTcpPorts: "80,443" });
        assert.match(
            String(JSON.parse(String(byId.get("ECS_NO_ENVIRONMENT_SECRETS")?.inputs.inputParameters)).secretKeys),
            /^AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY,/,
        );
        assert.ok(rules.every((r) => (r.inputs.source as { owner: string }).owner === "AWS"));
        assert.equal(ofType(plan, R.configRecorder).length, 0, "the account's recorder is used");
        assert.deepEqual(await diagnostics(plan), []);
        assert.equal((await lintPlan(plan)).errors, 0);
    });

    it("with createRecorder, record every resource type to an encrypted bucket of their own, and start before the rules", async () => {
        const plan = await fixturePlanEdited("prod", withConfigRules(true));
        const [recorder] = ofType(plan, R.configRecorder);
        assert.deepEqual(recorder.inputs.recordingGroup, { allSupported: true, includeGlobalResourceTypes: true });
        const [status] = ofType(plan, R.configRecorderStatus);
        const [channel] = ofType(plan, R.configDeliveryChannel);
        assert.equal(status.inputs.isEnabled, true);
        assert.ok(status.dependencies.includes(channel.urn));
        assert.equal(ofType(plan, R.configRule).length, 28);
        for (const rule of ofType(plan, R.configRule)) assert.ok(rule.dependencies.includes(status.urn), rule.name);
        const policy = ofType(plan, R.bucketPolicy).find((p) => p.name === "compliance-config")!;
        const document = JSON.parse(String(policy.inputs.policy));
        const delivery = document.Statement.find((s: { Sid: string }) => s.Sid === "ConfigWrite");
        assert.equal(delivery.Resource, `${document.Statement[0].Resource}/AWSLogs/123456789012/Config/*`);
        assert.deepEqual(delivery.Condition.StringEquals, { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": "123456789012" });
        // Same-account delivery goes with the recorder's role: it may write under the Config prefix, for this account's Config only.
        const grant = ofType(plan, R.rolePolicy).find((p) => p.name === "compliance-recorder-delivery")!;
        assert.ok(channel.dependencies.includes(grant.urn));
        const put = JSON.parse(String(grant.inputs.policy)).Statement.find((st: { Action: string[] }) => st.Action.includes("s3:PutObject"));
        assert.deepEqual(put.Resource, [delivery.Resource]);
        const role = ofType(plan, R.iamRole).find((r) => r.name === "compliance-recorder")!;
        assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
        const bucket = ofType(plan, R.s3Bucket).find((b) => b.name === "compliance-config")!;
        assert.equal(bucket.options.protect, true, "prod protects the history");
        assert.deepEqual(await diagnostics(plan), []);
    });

    it("the deploy role may manage them, and pass roles to AWS Config", async () => {
        const plan = await fixturePlanEdited("prod", (c) => (c.compliance = { awsConfig: { enabled: true, createRecorder: true }, trail: { enabled: true } }));
        const doc = await deployPolicy([plan]);
        const actions = doc.Statement.flatMap((s) => s.Action);
        const allows = (action: string) => actions.some((p) => new RegExp(`^${p.replace(/\*/g, ".*")}$`, "i").test(action));
        for (const a of [
            "config:PutConfigRule",
            "config:PutConfigurationRecorder",
            "config:StartConfigurationRecorder",
            "config:PutDeliveryChannel",
            "cloudtrail:CreateTrail",
            "cloudtrail:StartLogging",
        ]) {
            assert.ok(allows(a), a);
        }
        assert.ok(!allows("cloudtrail:LookupEvents") && !allows("config:DeleteEvaluationResults"), "only what the resources need");
        const pass = doc.Statement.find((s) => s.Action.includes("iam:PassRole"))!;
        assert.ok(JSON.stringify(pass.Condition).includes("config.amazonaws.com"));
    });

    it("leave out the equivalents of rules a stack makes advisory, and give the retention rule a value it takes", async () => {
        const plan = await fixturePlanEdited(
            "prod",
            (c) => (c.compliance = { awsConfig: { enabled: true, excludeRules: ["alb-deletion-protection", "vpc-flow-logs"] } }),
        );
        const ids = ofType(plan, R.configRule).map((r) => (r.inputs.source as { sourceIdentifier: string }).sourceIdentifier);
        assert.ok(!ids.includes("ELB_DELETION_PROTECTION_ENABLED") && !ids.includes("VPC_FLOW_LOGS_ENABLED"));
        assert.ok(ids.includes("ELB_LOGGING_ENABLED"));
        assert.deepEqual([minRetentionTime(1096), minRetentionTime(365), minRetentionTime(3653), minRetentionTime(1)], [731, 365, 3653, 1]);
        assert.deepEqual(configProblems((c) => (c.compliance = { awsConfig: { enabled: true, excludeRules: ["alb-delete-protection"] } })).length, 1);
        assert.match(
            configProblems((c) => (c.compliance = { awsConfig: { enabled: true, excludeRules: ["alb-delete-protection"] } }))[0],
            /^compliance\.awsConfig\.excludeRules\[0\]: "alb-delete-protection" is not a rule of the pack \(rules: container-hardening, /,
        );
    });

    it("validation refuses a recorder without rules", () => {
        assert.deepEqual(
            configProblems((c) => (c.compliance = { awsConfig: { createRecorder: true } })),
            ["compliance.awsConfig.createRecorder: true records for no rules; set compliance.awsConfig.enabled: true, or remove createRecorder"],
        );
    });

    it("an account trail logs every region with file validation to a bucket only this trail writes", async () => {
        const plan = await fixturePlanEdited("prod", withTrail);
        const [trail] = ofType(plan, R.trail);
        assert.deepEqual(
            [trail.inputs.name, trail.inputs.isMultiRegionTrail, trail.inputs.enableLogFileValidation, trail.inputs.includeGlobalServiceEvents],
            ["ecs-platform-prod-trail", true, true, true],
        );
        const policy = ofType(plan, R.bucketPolicy).find((p) => p.name === "compliance-trail")!;
        assert.ok(trail.dependencies.includes(policy.urn), "created after CloudTrail may write");
        const statements = JSON.parse(String(policy.inputs.policy)).Statement as { Sid: string; Condition?: Record<string, Record<string, string>> }[];
        for (const sid of ["CloudTrailBucketCheck", "CloudTrailWrite"]) {
            const s = statements.find((x) => x.Sid === sid)!;
            assert.equal(s.Condition!.StringEquals["aws:SourceArn"], "arn:aws:cloudtrail:eu-west-1:123456789012:trail/ecs-platform-prod-trail");
        }
        assert.ok(statements.some((s) => s.Sid === "DenyInsecureTransport"));
        assert.deepEqual(await diagnostics(plan), []);
        assert.equal((await lintPlan(plan)).errors, 0);
    });
});
