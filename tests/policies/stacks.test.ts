/** The pack over the real stacks' plans, and over broken copies of them, with each environment's policy config. */
import { strict as assert } from "assert";
import { Plan } from "../../plan/planFormat";
import { policyConfigFile } from "../../plan/command";
import { readPolicyConfig } from "../../check/policyConfig";
import { checkPlan, CheckResult, parsePlan } from "../../check/policyCheck";
import { FIXTURE_DIR, fixturePlanEdited, named, planOf } from "../helpers/plans";
import { packClient } from "../helpers/policyPack";

async function checkStack(plan: Plan, stack = plan.stack): Promise<CheckResult> {
    return checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), stack), readPolicyConfig(policyConfigFile(stack)));
}

/** `level policy resource` for each diagnostic that is a verdict (not a "can't run during preview" line). */
function verdicts(result: CheckResult): string[] {
    return result.diagnostics
        .filter((d) => !d.message.includes("during preview"))
        .map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn.split("::").pop()}`)
        .sort();
}

describe("the policy pack over the stacks", () => {
    it("finds no violation in prod, and judges everything: no rule waits for deploy", async () => {
        const result = await checkStack(await planOf("prod"));
        assert.equal(result.mandatory, 0);
        assert.deepEqual(verdicts(result), []);
        assert.deepEqual(result.diagnostics, []);
    });

    it("finds no mandatory violation in dev; what dev config relaxes shows as advisory", async () => {
        const result = await checkStack(await planOf("dev"));
        assert.equal(result.mandatory, 0);
        // Whatever services dev lists: every verdict is advisory, of a rule dev's policy config relaxes.
        const config = readPolicyConfig(policyConfigFile("dev"));
        const relaxed = Object.keys(config).filter((rule) => config[rule].enforcementLevel === "advisory");
        assert.ok(relaxed.length > 0);
        assert.deepEqual(
            verdicts(result).filter((v) => !relaxed.includes(v.split(" ")[1])),
            [],
        );
        assert.ok(verdicts(result).every((v) => v.startsWith("advisory ")));
    });

    it("pins dev's advisory verdicts on the frozen fixture", async () => {
        assert.deepEqual(verdicts(await checkStack(await planOf("dev", FIXTURE_DIR), "dev")), [
            "advisory alb-access-logs lb-alb",
            "advisory alb-deletion-protection lb-alb",
            "advisory alb-https-required lb-alb",
            "advisory container-non-root-user docs-task",
            "advisory container-non-root-user web-task",
            "advisory service-alarms api-service",
            "advisory service-alarms docs-service",
            "advisory service-alarms web-service",
            "advisory vpc-flow-logs network-vpc",
        ]);
    });

    it('judges every rule on both stacks: no "can\'t run during preview" left', async () => {
        for (const stack of ["dev", "prod"]) {
            const waiting = (await checkStack(await planOf(stack))).diagnostics.filter((d) => /can't be known during preview|can't run policy/.test(d.message));
            assert.deepEqual(
                waiting.map((d) => `${d.policyName} ${d.urn.split("::").pop()}`),
                [],
                stack,
            );
        }
    });

    it("says which checks wait for deploy in a first-deploy plan: dev's api task definition is built from a secret's ARN", async () => {
        const { runPlan } = await import("../../plan/runPlan");
        const result = await checkStack(await runPlan({ stack: "dev", firstDeploy: true }));
        const isApiTask = (urn: string) => urn.endsWith("aws:ecs/taskDefinition:TaskDefinition::api-task");
        const waiting = result.diagnostics
            .filter((d) => isApiTask(d.urn))
            .map((d) => d.policyName)
            .sort();
        assert.deepEqual(waiting, ["container-hardening", "container-non-root-user", "logs-required", "secrets-only-via-secrets-manager"]);
        assert.ok(result.diagnostics.filter((d) => isApiTask(d.urn)).every((d) => /containerDefinitions can't be known during preview/.test(d.message)));
    });

    it("takes a service appended to dev as a config change: planned, routed, no lint error, no mandatory violation", async () => {
        const { lintPlan } = await import("../../lint/index");
        const plan = await fixturePlanEdited("dev", (c) =>
            c.services.push({
                name: "worker",
                image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:0.1.0",
                cpu: 256,
                memory: 512,
                paths: ["/worker/*"],
                capacity: "fargateSpot",
                user: "1000:1000",
            }),
        );
        const rule = named(plan, "aws:lb/listenerRule:ListenerRule", "worker-rule");
        assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/worker/*"] } }]);
        assert.equal((await lintPlan(plan)).errors, 0);
        assert.equal((await checkStack(plan)).mandatory, 0);
    });

    it("catches an AWS access key in the environment of a service that reads a secret the stack creates", async () => {
        const plan = await fixturePlanEdited("dev", (c) => (c.services[1].environment.UPSTREAM = "AKIAIOSFODNN7EXAMPLE"));
        const result = await checkStack(plan);
        assert.ok(result.mandatory > 0);
        assert.ok(verdicts(result).includes("mandatory secrets-only-via-secrets-manager api-task"), verdicts(result).join("\n"));
    });

    it("catches prod config opening the load balancer to the VPC's own range", async () => {
        const plan = await fixturePlanEdited("prod", (c) => (c.loadBalancer.ingressCidrs = ["10.30.0.0/16"]));
        const result = await checkStack(plan);
        assert.deepEqual(verdicts(result), ["mandatory no-vpc-wide-ingress sg-alb-in-443-0", "mandatory no-vpc-wide-ingress sg-alb-in-80-0"]);
    });

    it("catches prod config with a short log retention and a container without a user", async () => {
        const plan = await fixturePlanEdited("prod", (c) => {
            c.logs.retentionDays = 30;
            delete c.services[0].user;
        });
        assert.deepEqual(verdicts(await checkStack(plan)), [
            "mandatory container-non-root-user web-task",
            "mandatory logs-required admin-logs",
            "mandatory logs-required api-logs",
            "mandatory logs-required web-logs",
        ]);
    });

    it("catches what config validation cannot see: a plaintext DB_PASSWORD and a service opened to the VPC in the plan", async () => {
        const plan: Plan = JSON.parse(JSON.stringify(await planOf("prod", FIXTURE_DIR)));
        const web = named(plan, "aws:ecs/taskDefinition:TaskDefinition", "web-task");
        const containers = JSON.parse(web.inputs.containerDefinitions as string);
        containers[0].environment = [...(containers[0].environment ?? []), { name: "DB_PASSWORD", value: "correct-horse" }];
        web.inputs.containerDefinitions = JSON.stringify(containers);
        const apiGroup = named(plan, "aws:ec2/securityGroup:SecurityGroup", "sg-svc-api");
        plan.resources.push({
            ...apiGroup,
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "api-from-vpc",
            urn: apiGroup.urn.replace(
                "aws:ec2/securityGroup:SecurityGroup::sg-svc-api",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::api-from-vpc",
            ),
            inputs: { securityGroupId: plan.unknown, cidrIpv4: "10.30.0.0/16", ipProtocol: "tcp", fromPort: 8080, toPort: 8080 },
            propertyDependencies: { securityGroupId: [apiGroup.urn] },
            dependencies: [apiGroup.urn],
        });
        const result = await checkStack(plan, "prod");
        assert.deepEqual(verdicts(result), ["mandatory no-vpc-wide-ingress api-from-vpc", "mandatory secrets-only-via-secrets-manager web-task"]);
        const message = result.diagnostics.find((d) => d.policyName === "no-vpc-wide-ingress")!.message;
        assert.match(message, /on security group "sg-svc-api" allows 10\.30\.0\.0\/16, which covers the whole VPC "network-vpc" \(10\.30\.0\.0\/16\)/);
    });
});
