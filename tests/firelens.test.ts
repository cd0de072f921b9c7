/** FireLens: a Fluent Bit log router beside the service's container, forwarding the task's logs to the service's group. */
import * as assert from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { policyConfigFile } from "../plan/command";
import { Plan } from "../plan/planFormat";
import { packClient } from "./helpers/policyPack";
import { configProblems, fixturePlanEdited, named, ofType, parsed, ProjectConfig, T } from "./helpers/plans";

interface Container {
    name: string;
    image: string;
    essential: boolean;
    user?: string;
    readonlyRootFilesystem: boolean;
    firelensConfiguration?: { type: string; options: Record<string, string> };
    logConfiguration: { logDriver: string; options: Record<string, string> };
    dependsOn?: { containerName: string; condition: string }[];
}

const AGENT = { name: "agent", image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/agent:1.0.0", cpu: 64, memory: 128 };

/** The prod fixture's `admin` (index 2) logging through FireLens, with one sidecar. */
const withRouter = (c: ProjectConfig) => {
    c.services[2].logging = { router: "firelens" };
    c.services[2].sidecars = [{ ...AGENT }];
};

let cached: Promise<Plan> | undefined;
const routedPlan = () => (cached ??= fixturePlanEdited("prod", withRouter));
const policyOf = (plan: Plan, name: string) => parsed(named(plan, T.rolePolicy, name), "policy").Statement as Record<string, unknown>[];

describe("a FireLens log router", () => {
    it("runs beside the service's container: essential, as root, read-only, logging to its own group through awslogs", async () => {
        const containers = parsed<Container[]>(named(await routedPlan(), T.taskDefinition, "admin-task"), "containerDefinitions");
        assert.deepStrictEqual(
            containers.map((c) => c.name),
            ["admin", "log-router", "agent"],
        );
        const router = containers[1];
        assert.strictEqual(router.image, "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.4.17");
        assert.deepStrictEqual(router.firelensConfiguration, { type: "fluentbit", options: { "enable-ecs-log-metadata": "true" } });
        // Root, written out: ECS has refused other uids on a FireLens container; the pack exempts this one.
        assert.deepStrictEqual([router.essential, router.user, router.readonlyRootFilesystem], [true, "0", true]);
        assert.deepStrictEqual(router.logConfiguration, {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/ecs-platform-prod/admin/log-router", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "log-router" },
        });
    });

    it("carries the service's and the sidecars' output to the service's group, each under its own stream, after the router starts", async () => {
        const containers = parsed<Container[]>(named(await routedPlan(), T.taskDefinition, "admin-task"), "containerDefinitions");
        for (const c of containers.filter((c) => c.name !== "log-router")) {
            assert.deepStrictEqual(
                c.logConfiguration,
                {
                    logDriver: "awsfirelens",
                    options: {
                        Name: "cloudwatch_logs",
                        region: "eu-west-1",
                        log_group_name: "/ecs/ecs-platform-prod/admin",
                        log_stream_prefix: `${c.name}/`,
                        auto_create_group: "false",
                    },
                },
                c.name,
            );
            assert.ok(
                c.dependsOn?.some((d) => d.containerName === "log-router" && d.condition === "START"),
                c.name,
            );
        }
    });

    it("gets a protected log group of its own; the execution role writes both groups, the task role the service's only", async () => {
        const plan = await routedPlan();
        const group = named(plan, T.logGroup, "admin-router-logs");
        assert.strictEqual(group.inputs.name, "/ecs/ecs-platform-prod/admin/log-router");
        assert.strictEqual(group.inputs.retentionInDays, named(plan, T.logGroup, "admin-logs").inputs.retentionInDays);
        assert.strictEqual(group.options?.protect, true, "prod protects log groups");
        const write = policyOf(plan, "admin-execution").find((s) => s.Sid === "WriteLogs")!;
        assert.deepStrictEqual(write.Resource, [
            "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/ecs-platform-prod/admin:*",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/ecs-platform-prod/admin/log-router:*",
        ]);
        const firelens = policyOf(plan, "admin-task").find((s) => s.Sid === "FirelensLogs")!;
        assert.deepStrictEqual(firelens, {
            Sid: "FirelensLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/ecs-platform-prod/admin:*",
        });
    });

    it("may come from this region's ECR (a stack without NAT needs that), and the execution role may then pull it", async () => {
        const image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/aws-for-fluent-bit:3.4.17";
        const plan = await fixturePlanEdited("prod", (c) => {
            withRouter(c);
            c.services[2].logging.routerImage = image;
        });
        const router = parsed<Container[]>(named(plan, T.taskDefinition, "admin-task"), "containerDefinitions").find((c) => c.name === "log-router")!;
        assert.strictEqual(router.image, image);
        const pull = policyOf(plan, "admin-execution").find((s) => s.Sid === "PullImage")!;
        assert.ok(
            ([] as string[]).concat(pull.Resource as string[]).includes("arn:aws:ecr:eu-west-1:123456789012:repository/mirror/aws-for-fluent-bit"),
            JSON.stringify(pull),
        );
    });

    it("is absent by default: no router container, no router group, no FireLens grant", async () => {
        const plan = await fixturePlanEdited("prod", () => undefined);
        const names = parsed<Container[]>(named(plan, T.taskDefinition, "admin-task"), "containerDefinitions").map((c) => c.name);
        assert.ok(!names.includes("log-router"));
        assert.ok(!ofType(plan, T.logGroup).some((g) => String(g.inputs.name).endsWith("/log-router")));
        const task = ofType(plan, T.rolePolicy).find((p) => p.name === "admin-task");
        assert.ok(!task || !(parsed(task, "policy").Statement as { Sid: string }[]).some((s) => s.Sid === "FirelensLogs"));
    });

    it("passes prod's policy pack", async () => {
        const plan = await routedPlan();
        const result = await checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), readPolicyConfig(policyConfigFile("prod")));
        assert.deepStrictEqual(
            result.diagnostics.filter((d) => d.urn.includes("admin")).map((d) => `${d.policyName}: ${d.message}`),
            [],
        );
    });
});

describe("the pack's non-root rule and the router", () => {
    it("exempts the AWS for Fluent Bit FireLens router only: not the app as root, not another image with FireLens on", async () => {
        const plan = await routedPlan();
        const pack = await packClient();
        const config = readPolicyConfig(policyConfigFile("prod"));
        const nonRoot = async (edit: (containers: Record<string, unknown>[]) => void) => {
            const copy = JSON.parse(JSON.stringify(plan)) as Plan;
            const task = copy.resources.find((r) => r.type === T.taskDefinition && r.name === "admin-task")!;
            const containers = JSON.parse(String(task.inputs.containerDefinitions)) as Record<string, unknown>[];
            edit(containers);
            task.inputs.containerDefinitions = JSON.stringify(containers);
            const result = await checkPlan(pack, parsePlan(copy, "prod"), config);
            return result.diagnostics.filter((d) => d.policyName === "container-non-root-user").map((d) => d.message.split("\n").pop()!.split(" runs as")[0]);
        };
        assert.deepStrictEqual(await nonRoot(() => undefined), []);
        assert.deepStrictEqual(await nonRoot((c) => (c[0].user = "0")), ['container "admin"']);
        assert.deepStrictEqual(await nonRoot((c) => (c[1].image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-router:1")), ['container "log-router"']);
    });
});

describe("log router config", () => {
    it("keeps the router's name and the container limit, all at once", () => {
        const found = configProblems((c) => {
            c.services[2].logging = { router: "firelens" };
            c.services[2].tracing = "otel";
            c.services[2].sidecars = Array.from({ length: 8 }, (_, i) => ({ ...AGENT, name: i === 0 ? "log-router" : `agent${i}`, cpu: 8, memory: 16 }));
        });
        assert.ok(found.includes('services[2].sidecars[0].name: "log-router" is already a container of this task'), found.join("\n"));
        assert.ok(
            found.includes(
                "services[2].sidecars: 8 sidecars beside the service's container and the tracing collector and the log router make 11 containers; a task holds at most 10",
            ),
            found.join("\n"),
        );
    });

    it("needs NAT for the router's public image (or routerImage in the region's ECR), like any image", () => {
        const found = configProblems((c) => {
            c.network.natGateways = "none";
            c.network.endpoints = {
                gateway: ["s3"],
                interface: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages", "ecs", "ecs-agent", "ecs-telemetry"],
            };
            c.services[2].logging = { router: "firelens" };
        });
        assert.ok(
            found.some((p) =>
                p.startsWith(
                    'services[2].logging.routerImage: "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.4.17" is not in a private ECR repository',
                ),
            ),
            found.join("\n"),
        );
    });

    it('refuses anything but "awslogs" and "firelens"', () => {
        assert.deepStrictEqual(
            configProblems((c) => (c.services[2].logging = { router: "fluentd" })),
            ['services[2].logging.router: "fluentd" is not allowed (allowed: awslogs, firelens)'],
        );
    });
});
