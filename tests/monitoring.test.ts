/** Monitoring: the alarm topic and its key, each service's alarms, the load balancer's, the dashboard, rollback on alarms. */
import * as assert from "assert";
import { PlanResource } from "../plan/planFormat";
import { alarmName, ServiceAlarmKind } from "../infra/alarms";
import { diagramOf } from "../release/diagram";
import { estimateCost, costInputs, loadPrices } from "../release/cost";
import { validateStackConfig } from "../infra/config/validate";
import { Spec, UNKNOWN, verdict } from "./helpers/policyPack";
import { FIXTURE_DIR, ProjectConfig, T, configProblems, fixturePlanEdited, fixturePlanOf, named, ofType, parsed, planOf, stackConfig } from "./helpers/plans";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const KEY = "aws:kms/key:Key";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const PREFIX = "ecs-platform-prod";

const alarm = (plan: { resources: PlanResource[] }, name: string) => {
    const found = ofType(plan as never, ALARM).find((a) => a.inputs.name === name);
    assert.ok(found, `alarm ${name}`);
    return found!;
};

describe("monitoring (the frozen prod fixture)", () => {
    it("sends alarms to an SNS topic encrypted with the stack's own key, which CloudWatch may use, and subscribes the addresses", async () => {
        const plan = await fixturePlanOf("prod");
        const topic = named(plan, TOPIC, "alarms-topic");
        const key = named(plan, KEY, "alarms-key");
        assert.strictEqual(topic.inputs.name, `${PREFIX}-alarms`);
        assert.ok(topic.propertyDependencies.kmsMasterKeyId.includes(key.urn), "the topic is encrypted with the stack's key, not alias/aws/sns");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        const statements = parsed<{ Statement: { Sid: string; Principal: Record<string, string>; Action: string | string[] }[] }>(key, "policy").Statement;
        const cloudwatch = statements.find((s) => s.Principal.Service === "cloudwatch.amazonaws.com");
        assert.deepStrictEqual(cloudwatch?.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
        const subscriptions = ofType(plan, SUBSCRIPTION);
        assert.deepStrictEqual(
            subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint]),
            [["email", "platform-oncall@example.com"]],
        );
        assert.ok(subscriptions[0].propertyDependencies.topic.includes(topic.urn));
        assert.strictEqual(subscriptions[0].name, "alarms-email-platform-oncall-example-com", "named by the address, not its position");
    });

    it("gives every service its five alarms with the metrics, dimensions, thresholds and actions the config sets", async () => {
        const plan = await fixturePlanOf("prod");
        const topic = named(plan, TOPIC, "alarms-topic");
        for (const service of ofType(plan, T.service)) {
            const name = service.name.replace(/-service$/, "");
            const cpu = alarm(plan, `${PREFIX}-${name}-cpu-high`);
            assert.deepStrictEqual(
                [cpu.inputs.namespace, cpu.inputs.metricName, cpu.inputs.statistic, cpu.inputs.threshold],
                ["AWS/ECS", "CPUUtilization", "Average", 85],
            );
            assert.deepStrictEqual(Object.keys(cpu.inputs.dimensions as object).sort(), ["ClusterName", "ServiceName"]);
            assert.strictEqual((cpu.inputs.dimensions as Record<string, string>).ClusterName, PREFIX);
            assert.ok(cpu.propertyDependencies.dimensions.includes(service.urn), "CPU alarm is on this service");
            assert.deepStrictEqual([cpu.inputs.period, cpu.inputs.evaluationPeriods, cpu.inputs.comparisonOperator], [60, 3, "GreaterThanThreshold"]);
            assert.ok(cpu.propertyDependencies.alarmActions.includes(topic.urn) && cpu.propertyDependencies.okActions.includes(topic.urn));
            assert.match(String(cpu.inputs.alarmDescription), new RegExp(`^Service ${name} \\(${PREFIX}\\): average CPU above 85% .* Look first at`));

            assert.strictEqual(alarm(plan, `${PREFIX}-${name}-memory-high`).inputs.metricName, "MemoryUtilization");

            const tasks = alarm(plan, `${PREFIX}-${name}-tasks-below-desired`);
            const queries = tasks.inputs.metricQueries as {
                id: string;
                expression?: string;
                returnData?: boolean;
                metric?: { namespace: string; metricName: string; stat: string };
            }[];
            assert.deepStrictEqual(
                queries.map((q) =>
                    q.metric ? `${q.id}=${q.metric.namespace}/${q.metric.metricName}:${q.metric.stat}` : `${q.id}=${q.expression}:${q.returnData}`,
                ),
                [
                    "desired=ECS/ContainerInsights/DesiredTaskCount:Maximum",
                    "running=ECS/ContainerInsights/RunningTaskCount:Minimum",
                    "missing=desired - running:true",
                ],
            );
            assert.deepStrictEqual([tasks.inputs.comparisonOperator, tasks.inputs.threshold], ["GreaterThanThreshold", 0]);
            assert.strictEqual(tasks.inputs.period, undefined, "a metric-math alarm keeps its period in its queries only");

            const targetGroups = service.propertyDependencies.loadBalancers ?? [];
            const unhealthy = alarm(plan, `${PREFIX}-${name}-unhealthy-targets`);
            assert.deepStrictEqual(
                [unhealthy.inputs.namespace, unhealthy.inputs.metricName, unhealthy.inputs.statistic, unhealthy.inputs.threshold],
                ["AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", 0],
            );
            assert.ok(
                unhealthy.propertyDependencies.dimensions.some((u) => targetGroups.includes(u)),
                "on the service's own target group",
            );
            const errors = alarm(plan, `${PREFIX}-${name}-target-5xx`);
            assert.deepStrictEqual([errors.inputs.metricName, errors.inputs.statistic, errors.inputs.threshold], ["HTTPCode_Target_5XX_Count", "Sum", 10]);
        }
    });

    it("rolls a deployment back on the unhealthy-targets and 5xx alarms, named before the alarms exist (no cycle)", async () => {
        const plan = await fixturePlanOf("prod");
        for (const service of ofType(plan, T.service)) {
            const name = service.name.replace(/-service$/, "");
            assert.deepStrictEqual(service.inputs.alarms, {
                alarmNames: [`${PREFIX}-${name}-unhealthy-targets`, `${PREFIX}-${name}-target-5xx`],
                enable: true,
                rollback: true,
            });
            const rollback = alarm(plan, `${PREFIX}-${name}-unhealthy-targets`);
            assert.ok(!service.dependencies.includes(rollback.urn), "the service does not wait for its alarms");
        }
    });

    it("watches the load balancer's own 5xx and its p95 response time, and builds a dashboard of the ALB, services and NAT gateways", async () => {
        const plan = await fixturePlanOf("prod");
        const elb5xx = alarm(plan, `${PREFIX}-alb-5xx`);
        assert.deepStrictEqual([elb5xx.inputs.metricName, elb5xx.inputs.statistic, elb5xx.inputs.threshold], ["HTTPCode_ELB_5XX_Count", "Sum", 10]);
        const latency = alarm(plan, `${PREFIX}-alb-response-time`);
        assert.deepStrictEqual([latency.inputs.metricName, latency.inputs.extendedStatistic, latency.inputs.threshold], ["TargetResponseTime", "p95", 2]);
        const dashboard = named(plan, DASHBOARD, "dashboard");
        assert.strictEqual(dashboard.inputs.dashboardName, PREFIX);
        const body = parsed<{ widgets: { properties: { title: string; metrics: unknown[][] } }[] }>(dashboard, "dashboardBody");
        const titles = body.widgets.map((w) => w.properties.title);
        const services = ofType(plan, T.service).map((s) => s.name.replace(/-service$/, ""));
        for (const name of services)
            assert.ok(titles.includes(`${name}: CPU and memory (%)`) && titles.includes(`${name}: tasks and requests per target`), name);
        const nat = body.widgets.find((w) => w.properties.title === "NAT gateways: bytes out to destinations")!;
        assert.strictEqual(nat.properties.metrics.length, ofType(plan, T.nat).length, "one line per NAT gateway");
    });

    it("appears in the diagram (alarms watching each service, notifying the topic) and in the cost estimate", async () => {
        const plan = await fixturePlanOf("prod");
        const diagram = diagramOf(plan);
        assert.match(diagram, /alarms\{\{"17 CloudWatch alarms"\}\}/);
        for (const s of ofType(plan, T.service)) assert.match(diagram, new RegExp(`alarms -\\.-> ${s.name.replace(/-/g, "_")}`));
        assert.match(diagram, /alarms --> alarms_topic/);
        const { project, region } = stackConfig("prod", FIXTURE_DIR);
        const monitoring = estimateCost(plan, costInputs(validateStackConfig(project, region)), loadPrices("eu-west-1")).lines.find(
            (l) => l.component === "Monitoring",
        );
        // 17 alarms read 20 metrics (the task-count alarms read two each) at $0.10, one dashboard at $3, one key at $1.
        assert.deepStrictEqual([monitoring?.detail, monitoring?.monthly], ["17 alarms (20 alarm metrics), 1 dashboard, 1 KMS key", 6]);
    });

    it("uses an existing topic instead of creating one, and shows endpoint traffic where there is no NAT", async () => {
        const topicArn = "arn:aws:sns:eu-west-1:123456789012:oncall";
        const plan = await fixturePlanEdited("prod", (c) => {
            c.monitoring = { topicArn, thresholds: { cpuPercent: 70, evaluationPeriods: 5 } };
            c.network.natGateways = "none";
            c.network.endpoints.interface = [...new Set([...c.network.endpoints.interface, "ecs", "ecs-agent", "ecs-telemetry"])];
        });
        assert.deepStrictEqual(
            [ofType(plan, TOPIC).length, ofType(plan, KEY).filter((k) => k.name === "alarms-key").length, ofType(plan, SUBSCRIPTION).length],
            [0, 0, 0],
        );
        const cpu = alarm(plan, `${PREFIX}-web-cpu-high`);
        assert.deepStrictEqual([cpu.inputs.alarmActions, cpu.inputs.threshold, cpu.inputs.evaluationPeriods], [[topicArn], 70, 5]);
        const body = parsed<{ widgets: { properties: { title: string } }[] }>(named(plan, DASHBOARD, "dashboard"), "dashboardBody");
        assert.ok(body.widgets.some((w) => w.properties.title === "Interface endpoints: bytes processed"));
        assert.ok(!body.widgets.some((w) => w.properties.title.startsWith("NAT gateways")));
    });

    it("creates nothing of it when monitoring is off", async () => {
        const plan = await fixturePlanEdited("prod", (c) => (c.monitoring = { enabled: false }));
        assert.deepStrictEqual(
            [ALARM, TOPIC, DASHBOARD].map((t) => ofType(plan, t).length),
            [0, 0, 0],
        );
        assert.ok(ofType(plan, T.service).every((s) => s.inputs.alarms === undefined));
    });
});

describe("monitoring on the real stacks", () => {
    it("create alarms exactly when monitoring is on: five for a service behind the load balancer, three for a worker", async () => {
        for (const stack of ["dev", "prod"]) {
            const { project, region } = stackConfig(stack);
            const config = validateStackConfig(project, region);
            const plan = await planOf(stack);
            const names = new Set(ofType(plan, ALARM).map((a) => String(a.inputs.name)));
            for (const svc of config.services) {
                const kinds = ["cpu-high", "memory-high", "tasks-below-desired", ...(svc.paths.length > 0 ? ["unhealthy-targets", "target-5xx"] : [])];
                const present = kinds.filter((kind) => names.has(alarmName(`ecs-platform-${stack}`, svc.name, kind as ServiceAlarmKind)));
                assert.deepStrictEqual(present, config.monitoring.enabled ? kinds : [], `${stack} ${svc.name}`);
            }
        }
    });
});

describe("monitoring config", () => {
    const problems = (edit: (c: ProjectConfig) => void): string[] => configProblems(edit);

    it("refuses alarms that notify nobody, emails with an existing topic, bad addresses, ARNs and thresholds, all at once", () => {
        assert.deepStrictEqual(
            problems((c) => (c.monitoring = {})),
            ["monitoring.alarmEmails: the alarms would notify nobody; add an address, or set monitoring.topicArn to a topic someone watches"],
        );
        assert.deepStrictEqual(
            problems((c) => (c.monitoring = { enabled: false })),
            [],
            "production may turn it off; the pack then flags every service",
        );
        assert.deepStrictEqual(
            problems((c) => (c.monitoring = { topicArn: "arn:aws:sns:eu-west-1:123456789012:oncall", alarmEmails: ["a@example.com"] })),
            [
                "monitoring.alarmEmails: with monitoring.topicArn the stack creates no topic to subscribe them to; subscribe them to that topic where it is managed",
            ],
        );
        const found = problems(
            (c) => (c.monitoring = { alarmEmails: ["not-an-address"], topicArn: "oncall", thresholds: { cpuPercent: 150, evaluationPeriods: 0 } }),
        );
        assert.deepStrictEqual(found.sort(), [
            'monitoring.alarmEmails[0]: "not-an-address" is not an email address',
            "monitoring.thresholds.cpuPercent: 150 is above the maximum 100",
            "monitoring.thresholds.evaluationPeriods: 0 is below the minimum 1",
            'monitoring.topicArn: "oncall" is not an SNS topic ARN',
        ]);
    });
});

describe("policy service-alarms", () => {
    const service = (inputs: Record<string, unknown> = {}): Spec => ({
        type: T.service,
        name: "svc",
        inputs: { loadBalancers: [UNKNOWN], ...inputs },
        deps: { loadBalancers: ["tg"] },
    });
    const tg: Spec = { type: T.targetGroup, name: "tg", inputs: {} };
    const tasks: Spec = {
        type: ALARM,
        name: "tasks",
        inputs: {
            alarmActions: ["arn:aws:sns:eu-west-1:123456789012:t"],
            metricQueries: [{ id: "running", metric: { metricName: "RunningTaskCount", dimensions: { ServiceName: UNKNOWN } } }],
        },
        deps: { metricQueries: ["svc"] },
    };
    const unhealthy: Spec = {
        type: ALARM,
        name: "unhealthy",
        inputs: { alarmActions: ["arn:aws:sns:eu-west-1:123456789012:t"], metricName: "UnHealthyHostCount", dimensions: { TargetGroup: UNKNOWN } },
        deps: { dimensions: ["tg"] },
    };

    it("passes a service with both alarms, each with an action", async () => {
        assert.deepStrictEqual(await verdict("service-alarms", [service(), tg, tasks, unhealthy]), []);
    });

    it("names what is missing: the task-count alarm, the unhealthy-target alarm, or both", async () => {
        assert.deepStrictEqual(await verdict("service-alarms", [service(), tg, unhealthy]), [
            'svc: Service "svc" has no alarm on its running task count (ECS/ContainerInsights RunningTaskCount); turn monitoring on (monitoring in stack config).',
        ]);
        assert.match(
            (await verdict("service-alarms", [service(), tg, tasks]))[0],
            /no alarm on its unhealthy targets \(UnHealthyHostCount of AWS\/ApplicationELB, or AWS\/NetworkELB on an NLB\)/,
        );
        assert.match((await verdict("service-alarms", [service(), tg]))[0], /running task count .* nor on its unhealthy targets/);
        const worker: Spec = { type: T.service, name: "svc", inputs: {} };
        assert.deepStrictEqual(await verdict("service-alarms", [worker, tasks]), [], "no target group, no unhealthy-target alarm needed");
    });

    it("does not count an alarm on another service, and flags an alarm that notifies nobody", async () => {
        const other: Spec = { type: T.service, name: "other", inputs: {} };
        const elsewhere = { ...tasks, deps: { metricQueries: ["other"] } };
        assert.match((await verdict("service-alarms", [service(), tg, unhealthy, other, elsewhere]))[0], /^svc: .*running task count/);
        const silent: Spec = { ...unhealthy, inputs: { ...unhealthy.inputs, alarmActions: [] } };
        const muted: Spec = { ...tasks, inputs: { ...tasks.inputs, actionsEnabled: false } };
        const found = await verdict("service-alarms", [service(), tg, muted, silent]);
        assert.deepStrictEqual(found.filter((f) => /notifies nobody/.test(f)).length, 2);
    });
});
