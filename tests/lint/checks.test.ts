/**
 * The lint's self-test: for every check, plans that violate it (the real plans with one flaw put in, as a careless
 * change or a hand-written program would) and plans that pass (the real ones).
 */
import * as assert from "assert";
import { LintCheck } from "../../lint/check";
import { providerAutoNames } from "../../lint/checks/autoNames";
import { containerDefinitions } from "../../lint/checks/containers";
import { apiInputs } from "../../lint/checks/inputs";
import { listenerRules } from "../../lint/checks/listenerRules";
import { safeReplacements } from "../../lint/checks/replacements";
import { targetGroupHealthChecks } from "../../lint/checks/targetGroups";
import {
    architectureMatchesCapacity,
    blueGreenWiring,
    ec2CapacityHoldsPeak,
    execSessions,
    loadBalancerContainer,
    secretsHaveValues,
    serviceWaitsForWhatItUses,
} from "../../lint/checks/services";
import { Finding } from "../../lint/finding";
import { LINT_CHECKS, lintPlan } from "../../lint/index";
import { Plan, PlanResource } from "../../plan/planFormat";
// The flaws are put into the frozen fixture stacks' plans, whose resource names and figures the assertions pin.
import { fixturePlanOf as planOf, T } from "../helpers/plans";

/** A deep copy of a stack's plan after `flaw` changed it. */
async function flawed(stack: string, flaw: (plan: Plan, find: (type: string, name: string) => PlanResource) => void): Promise<Plan> {
    const plan = JSON.parse(JSON.stringify(await planOf(stack))) as Plan;
    const find = (type: string, name: string) => {
        const r = plan.resources.find((x) => x.type === type && x.name === name);
        if (!r) throw new Error(`no ${type} ${name}`);
        return r;
    };
    flaw(plan, find);
    return plan;
}

async function findingsOf(check: LintCheck, plan: Plan): Promise<Finding[]> {
    return (await lintPlan(plan, { checks: [check] })).findings;
}

/** Asserts exactly one finding of `check` on resource `name`, whose message matches. */
async function assertFinds(check: LintCheck, plan: Plan, name: string, message: RegExp): Promise<void> {
    const found = await findingsOf(check, plan);
    assert.strictEqual(found.length, 1, `one finding expected, got:\n${found.map((f) => `${f.resource}: ${f.message}`).join("\n")}`);
    assert.ok(found[0].resource?.endsWith(` ${name}`), found[0].resource);
    assert.match(found[0].message, message);
    assert.strictEqual(found[0].check, check.id);
}

const containers = (r: PlanResource) => JSON.parse(r.inputs.containerDefinitions as string) as Record<string, any>[];
const setContainers = (r: PlanResource, list: unknown[]) => (r.inputs.containerDefinitions = JSON.stringify(list));

describe("pre-deploy lint", () => {
    it("finds no error in the dev and prod plans", async () => {
        for (const stack of ["dev", "prod"]) {
            const result = await lintPlan(await planOf(stack));
            assert.deepStrictEqual(
                result.findings.filter((f) => f.level === "error"),
                [],
                stack,
            );
        }
    });

    it("passes the real plans on every check but the Exec caveat, which dev's read-only containers with Exec carry", async () => {
        for (const check of LINT_CHECKS.filter((c) => c !== execSessions)) {
            for (const stack of ["dev", "prod"]) assert.deepStrictEqual(await findingsOf(check, await planOf(stack)), [], `${check.id} on ${stack}`);
        }
        assert.deepStrictEqual(await findingsOf(execSessions, await planOf("prod")), []);
    });

    it("has a unique kebab-case id, a level, a description and a source for every check", () => {
        assert.strictEqual(new Set(LINT_CHECKS.map((c) => c.id)).size, LINT_CHECKS.length);
        for (const c of LINT_CHECKS) {
            assert.match(c.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.ok(c.description.length > 20 && c.source.length > 10, c.id);
        }
    });

    describe("aws-api-inputs (API model shapes and documented limits)", () => {
        it("refuses a listener rule priority outside 1-50000 (elbv2#RulePriority)", async () => {
            const plan = await flawed("dev", (_, find) => (find(T.listenerRule, "api-rule").inputs.priority = 0));
            await assertFinds(apiInputs, plan, "api-rule", /priority: .*0.*elbv2#RulePriority|priority: 0 is below/);
        });
        it("refuses a deployment strategy ECS does not have (enum merged from the SDK)", async () => {
            const plan = await flawed(
                "prod",
                (_, find) => ((find(T.service, "web-service").inputs.deploymentConfiguration as Record<string, unknown>).strategy = "BLUEGREEN"),
            );
            await assertFinds(apiInputs, plan, "web-service", /deploymentConfiguration\.strategy: .*BLUEGREEN.*BLUE_GREEN/);
        });
        it("refuses a log retention CloudWatch does not offer", async () => {
            const plan = await flawed("dev", (_, find) => (find(T.logGroup, "api-logs").inputs.retentionInDays = 10));
            await assertFinds(apiInputs, plan, "api-logs", /retentionInDays: 10 is not a retention CloudWatch Logs accepts/);
        });
        it("refuses a recovery window of 3 days and a target group health check every 2 seconds", async () => {
            const secret = await flawed("prod", (_, find) => (find(T.secret, "secret-prod-admin-session-key").inputs.recoveryWindowInDays = 3));
            await assertFinds(apiInputs, secret, "secret-prod-admin-session-key", /recoveryWindowInDays: 3 is not 0 or 7 to 30 days/);
            const tg = await flawed("prod", (_, find) => ((find(T.targetGroup, "api-tg").inputs.healthCheck as Record<string, unknown>).interval = 2));
            await assertFinds(apiInputs, tg, "api-tg", /healthCheck\.interval/);
        });
        it("refuses a security group description with characters EC2 does not allow", async () => {
            const plan = await flawed("dev", (_, find) => (find(T.sg, "sg-alb").inputs.description = "ALB – internet"));
            await assertFinds(apiInputs, plan, "sg-alb", /description: "ALB – internet" has characters a security group description may not hold/);
        });
    });

    describe("provider-auto-names", () => {
        it("finds the sg- name the provider would give a security group named by its logical name", async () => {
            const plan = await flawed("dev", (_, find) => delete find(T.sg, "sg-alb").inputs.namePrefix);
            await assertFinds(providerAutoNames, plan, "sg-alb", /names it "sg-alb-xxxxxxx" \(x: random\); that name starts with "sg-", which AWS refuses/);
        });
        it("finds a target group logical name too long for the provider's 32 characters", async () => {
            const plan = await flawed("dev", (_, find) => (find(T.targetGroup, "api-tg").name = "a-very-long-service-name-tg"));
            await assertFinds(providerAutoNames, plan, "a-very-long-service-name-tg", /longer than the provider's maximum 32/);
        });
        it("finds a capacity provider whose auto-name starts with ecs", async () => {
            const plan = await flawed("prod", (_, find) => (find(T.capacityProvider, "cluster-ec2").name = "ecs-ec2"));
            await assertFinds(providerAutoNames, plan, "ecs-ec2", /starts with "ecs"/);
        });
    });

    describe("ecs-container-definitions", () => {
        it("refuses a port protocol and a member the ECS API does not have", async () => {
            const plan = await flawed("prod", (_, find) => {
                const task = find(T.taskDefinition, "web-task");
                const list = containers(task);
                list[0].portMappings[0].protocol = "sctp";
                list[0].imagee = "typo";
                setContainers(task, list);
            });
            const found = await findingsOf(containerDefinitions, plan);
            assert.strictEqual(found.length, 2, found.map((f) => f.message).join("\n"));
            assert.ok(found.some((f) => /portMappings\[0\]\.protocol/.test(f.message) && /tcp/.test(f.message)));
            assert.ok(found.some((f) => /imagee/.test(f.message)));
        });
        it("refuses eleven containers, an image of 256 characters and a health check every second", async () => {
            const plan = await flawed("prod", (_, find) => {
                const task = find(T.taskDefinition, "web-task");
                const [web] = containers(task);
                const extra = Array.from({ length: 10 }, (_, i) => ({ ...web, name: `side${i}`, essential: false }));
                setContainers(task, [{ ...web, image: "x".repeat(256), healthCheck: { command: ["CMD", "true"], interval: 1 } }, ...extra]);
            });
            const messages = (await findingsOf(containerDefinitions, plan)).map((f) => f.message);
            assert.ok(
                messages.some((m) => /has 11 containers; a task definition holds at most 10/.test(m)),
                messages.join("\n"),
            );
            assert.ok(messages.some((m) => /containerDefinitions\[0\]\.image .* has 256 characters/.test(m)));
            assert.ok(messages.some((m) => /containerDefinitions\[0\]\.healthCheck\.interval: 1 is outside 5 to 300/.test(m)));
        });
        it("refuses tmpfs that takes the whole task memory", async () => {
            const plan = await flawed("prod", (_, find) => {
                const task = find(T.taskDefinition, "web-task");
                const list = containers(task);
                list[0].linuxParameters.tmpfs[0].size = 1024;
                setContainers(task, list);
            });
            await assertFinds(containerDefinitions, plan, "web-task", /tmpfs mounts take 1024 MiB of the task's 1024 MiB/);
        });
    });

    describe("alb-listener-rules", () => {
        it("refuses two rules with one priority on a listener, and six condition values", async () => {
            const plan = await flawed("prod", (_, find) => {
                find(T.listenerRule, "admin-rule").inputs.priority = find(T.listenerRule, "api-rule").inputs.priority;
                (find(T.listenerRule, "web-rule").inputs.conditions as { pathPattern?: { values: string[] } }[])[0].pathPattern!.values = [
                    "/a",
                    "/b",
                    "/c",
                    "/d",
                    "/e",
                    "/f",
                ];
            });
            const messages = (await findingsOf(listenerRules, plan)).map((f) => `${f.resource}: ${f.message}`);
            assert.strictEqual(messages.length, 2, messages.join("\n"));
            assert.ok(messages.some((m) => /web-rule: has 6 condition values/.test(m)));
            assert.ok(messages.some((m) => /admin-rule: has priority 20, which rule api-rule/.test(m)));
        });
    });

    describe("ecs-secret-has-value", () => {
        it("finds a task reading a created secret that has no value, and a service that does not wait for it", async () => {
            const noValue = await flawed(
                "dev",
                (plan) => (plan.resources = plan.resources.filter((r) => r.type !== "aws:secretsmanager/secretVersion:SecretVersion")),
            );
            await assertFinds(secretsHaveValues, noValue, "api-task", /reads secret secret-dev-api-db-password, which the stack creates with no value/);
            const noWait = await flawed("dev", (_, find) => {
                const svc = find(T.service, "api-service");
                svc.dependencies = svc.dependencies.filter((u) => !u.includes("SecretVersion"));
            });
            await assertFinds(secretsHaveValues, noWait, "api-service", /may start before secret secret-dev-api-db-password has its value/);
        });
    });

    describe("ecs-load-balancer-container", () => {
        it("refuses a load balancer block on a port the container does not map", async () => {
            const plan = await flawed(
                "dev",
                (_, find) => ((find(T.service, "web-service").inputs.loadBalancers as { containerPort: number }[])[0].containerPort = 9999),
            );
            await assertFinds(loadBalancerContainer, plan, "web-service", /containerPort 9999 is not mapped by container "web" \(ports: 8080\)/);
        });
        it("refuses a load balancer block naming a container the task does not have", async () => {
            const plan = await flawed(
                "dev",
                (_, find) => ((find(T.service, "web-service").inputs.loadBalancers as { containerName: string }[])[0].containerName = "nginx"),
            );
            await assertFinds(loadBalancerContainer, plan, "web-service", /containerName "nginx" is not a container of its task definition/);
        });
    });

    describe("ecs-blue-green", () => {
        it("finds a production rule whose actions Pulumi would reset", async () => {
            const plan = await flawed("prod", (_, find) => delete find(T.listenerRule, "web-rule").options.ignoreChanges);
            await assertFinds(blueGreenWiring, plan, "web-rule", /ECS moves its weights, so it needs ignoreChanges \["actions"\]/);
        });
        it("finds request-count scaling on a blue/green service", async () => {
            const plan = await flawed("prod", (_, find) => {
                const policy = find("aws:appautoscaling/policy:Policy", "web-scaling-cpu");
                (
                    policy.inputs.targetTrackingScalingPolicyConfiguration as { predefinedMetricSpecification: { predefinedMetricType: string } }
                ).predefinedMetricSpecification.predefinedMetricType = "ALBRequestCountPerTarget";
            });
            await assertFinds(blueGreenWiring, plan, "web-scaling-cpu", /on ALBRequestCountPerTarget, which follows one target group/);
        });
        it("finds a BLUE_GREEN service without its alternate target group", async () => {
            const plan = await flawed("prod", (_, find) => {
                const lb = (find(T.service, "web-service").inputs.loadBalancers as { advancedConfiguration: Record<string, unknown> }[])[0];
                delete lb.advancedConfiguration.alternateTargetGroupArn;
            });
            await assertFinds(blueGreenWiring, plan, "web-service", /lacks alternateTargetGroupArn/);
        });
    });

    describe("ecs-architecture", () => {
        it("finds X86_64 tasks on arm64 instances, and an arm64 AMI on an x86_64 instance type", async () => {
            const tasks = await flawed(
                "prod",
                (_, find) => (find(T.taskDefinition, "api-task").inputs.runtimePlatform = { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" }),
            );
            await assertFinds(architectureMatchesCapacity, tasks, "api-service", /runs X86_64 tasks on m7g\.large instances \(arm64\)/);
            const ami = await flawed("prod", (_, find) => (find(T.launchTemplate, "cluster-instances").inputs.instanceType = "m7i.large"));
            const found = await findingsOf(architectureMatchesCapacity, ami);
            assert.ok(found.some((f) => /launches m7i\.large \(x86_64\) from the arm64 ECS-optimized AMI/.test(f.message)));
            assert.ok(found.some((f) => /runs ARM64 tasks on m7i\.large instances \(x86_64\)/.test(f.message)));
        });
    });

    describe("ecs-ec2-capacity", () => {
        it("finds a scaling maximum the Auto Scaling group cannot place", async () => {
            const plan = await flawed("prod", (_, find) => (find(T.scalingTarget, "api-scaling-target").inputs.maxCapacity = 20));
            await assertFinds(
                ec2CapacityHoldsPeak,
                plan,
                "cluster-instances",
                /maxSize 10 m7g\.large instances cannot place the peak tasks of api-service: 30 \(maxCount 20 at a deployment's maximumPercent 150\): they need 15 \(2 awsvpc tasks/,
            );
        });
        it("counts a scheduled action's maximum", async () => {
            const plan = await flawed("prod", (p, find) => {
                const target = find(T.scalingTarget, "api-scaling-target");
                p.resources.push({
                    ...target,
                    urn: `${target.urn}-peak`,
                    type: "aws:appautoscaling/scheduledAction:ScheduledAction",
                    name: "api-scaling-peak",
                    inputs: { schedule: "cron(0 8 * * ? *)", scalableTargetAction: { minCapacity: 4, maxCapacity: 40 } },
                    propertyDependencies: { resourceId: [target.urn] },
                    dependencies: [target.urn],
                });
            });
            await assertFinds(ec2CapacityHoldsPeak, plan, "cluster-instances", /peak tasks of api-service: 60 \(a schedule's maxCount 40/);
        });
        it("says it cannot judge an instance type the table does not hold, as a warning", async () => {
            const plan = await flawed("prod", (_, find) => (find(T.launchTemplate, "cluster-instances").inputs.instanceType = "zz9.large"));
            const found = await findingsOf(ec2CapacityHoldsPeak, plan);
            assert.deepStrictEqual(
                found.map((f) => [f.level, f.resource?.split(" ")[1]]),
                [["warning", "cluster-instances"]],
            );
            assert.match(found[0].message, /cannot judge .* zz9\.large is not in awsdata\/generated\/instanceTypes\.json/);
        });
        it("leaves a task of unknown size unjudged, recorded, and does not crash", async () => {
            const { UNKNOWN } = await import("../../plan/planFormat");
            const plan = await flawed("prod", (_, find) => {
                find(T.taskDefinition, "api-task").inputs.cpu = UNKNOWN;
                find(T.taskDefinition, "web-task").inputs.memory = UNKNOWN;
            });
            const result = await lintPlan(plan);
            assert.deepStrictEqual(
                result.findings.filter((f) => f.level === "error"),
                [],
            );
            assert.ok(result.unknownInputs.includes("aws:ecs/taskDefinition:TaskDefinition api-task.cpu"), result.unknownInputs.join(", "));
        });
    });

    describe("ecs-service-dependencies", () => {
        it("warns about a service without forceNewDeployment, and one that does not wait for its role policy", async () => {
            const plan = await flawed("prod", (_, find) => {
                const svc = find(T.service, "api-service");
                delete svc.inputs.forceNewDeployment;
                svc.dependencies = svc.dependencies.filter((u) => !u.endsWith("::api-execution"));
            });
            const found = await findingsOf(serviceWaitsForWhatItUses, plan);
            assert.deepStrictEqual(
                found.map((f) => [f.level, f.resource?.split(" ")[1]]),
                [
                    ["warning", "api-service"],
                    ["warning", "api-service"],
                ],
            );
            assert.match(found[0].message, /forceNewDeployment is not set/);
            assert.match(found[1].message, /does not wait for api-execution/);
        });
    });

    describe("ecs-exec", () => {
        it("warns about Exec with a read-only root filesystem, and about sessions neither encrypted nor logged", async () => {
            const dev = await findingsOf(execSessions, await planOf("dev"));
            assert.deepStrictEqual(dev.map((f) => f.resource?.split(" ")[1]).sort(), ["api-service", "docs-service", "web-service"]);
            const plan = await flawed("dev", (_, find) => delete find(T.cluster, "cluster-cluster").inputs.configuration);
            const found = await findingsOf(execSessions, plan);
            assert.strictEqual(found.filter((f) => /no executeCommandConfiguration/.test(f.message)).length, 3);
        });
    });
});

describe("the README's table of lint checks", () => {
    it("is the one lintTableMarkdown generates from the checks", async () => {
        const { readFileSync } = await import("fs");
        const { lintTableMarkdown } = await import("../../lint/index");
        const readme = readFileSync(`${__dirname}/../../README.md`, "utf8");
        const between = /<!-- lint-table:start[^>]*-->\n([\s\S]*?)\n<!-- lint-table:end -->/.exec(readme);
        assert.ok(between, "README has the lint-table markers");
        assert.strictEqual(
            between![1],
            lintTableMarkdown(),
            "regenerate the table: node -r ts-node/register/transpile-only -e 'console.log(require(\"./lint/index\").lintTableMarkdown())'",
        );
    });
});

describe("pre-deploy lint: changes to existing resources and provider defaults", () => {
    it("refuses a change that deletes prod's protected log group and EFS (a renamed service)", async () => {
        const { snapshotOf } = await import("../../release/snapshot");
        const { fixturePlanEdited: planEdited } = await import("../helpers/plans");
        const previous = snapshotOf(await planOf("prod"));
        const renamed = await planEdited("prod", (c) => (c.services[2].name = "backoffice"));
        const found = (await lintPlan(renamed, { checks: [safeReplacements], previous })).findings;
        const names = found.map((f) => f.resource?.split(" ")[1]).sort();
        assert.deepStrictEqual(names, ["admin-efs", "admin-logs"]);
        assert.ok(found.every((f) => /is protected, and this change deletes it: pulumi up stops/.test(f.message)));
        assert.deepStrictEqual((await lintPlan(await planOf("prod"), { checks: [safeReplacements], previous })).findings, [], "no change, nothing to say");
    });

    it("refuses a replacement under an unchanged fixed name unless it deletes first", async () => {
        const { snapshotOf } = await import("../../release/snapshot");
        const named = (plan: Plan) => {
            const sg = plan.resources.find((r) => r.type === T.sg && r.name === "sg-alb")!;
            delete sg.inputs.namePrefix;
            sg.inputs.name = "ecs-platform-dev-alb";
            return sg;
        };
        const before = await flawed("dev", (plan) => void named(plan));
        const after = await flawed("dev", (plan) => void (named(plan).inputs.description = "Internet-facing ALB"));
        const found = (await lintPlan(after, { checks: [safeReplacements], previous: snapshotOf(before) })).findings;
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, /is replaced \(description changed\) under the same name "ecs-platform-dev-alb": .* set deleteBeforeReplace/);
        const deletesFirst = await flawed("dev", (plan) => {
            const sg = named(plan);
            sg.inputs.description = "Internet-facing ALB";
            sg.options.deleteBeforeReplace = true;
        });
        assert.deepStrictEqual((await lintPlan(deletesFirst, { checks: [safeReplacements], previous: snapshotOf(before) })).findings, []);
    });

    it("refuses a health-check timeout not shorter than the provider's default interval, and success codes outside 200-499", async () => {
        const plan = await flawed("dev", (_, find) => {
            const check = find(T.targetGroup, "api-tg").inputs.healthCheck as Record<string, unknown>;
            delete check.interval;
            check.timeout = 40;
            (find(T.targetGroup, "web-tg").inputs.healthCheck as Record<string, unknown>).matcher = "200-599";
        });
        const found = await findingsOf(targetGroupHealthChecks, plan);
        assert.deepStrictEqual(
            found.map((f) => `${f.resource?.split(" ")[1]}: ${f.message}`),
            [
                'web-tg: healthCheck.matcher "200-599" is outside 200-499, the codes an Application Load Balancer accepts',
                "api-tg: healthCheck.timeout 40 is not shorter than healthCheck.interval 30 (the provider's default); ELB refuses the target group",
            ],
        );
    });
});
