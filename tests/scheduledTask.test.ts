/** Scheduled tasks: EventBridge Scheduler runs a task definition through RunTask, with a scoped role and a dead-letter queue. */
import * as assert from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { policyConfigFile } from "../plan/command";
import { Plan } from "../plan/planFormat";
import { packClient } from "./helpers/policyPack";
import { configProblems, fixturePlanEdited, named, ofType, parsed, ProjectConfig, T, urnOf } from "./helpers/plans";

const SCHEDULE = "aws:scheduler/schedule:Schedule";
const QUEUE = "aws:sqs/queue:Queue";

const REPORT = {
    name: "report",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/report:2.0.0",
    command: ["node", "report.js"],
    cpu: 256,
    memory: 512,
    capacity: "fargateSpot",
    user: "1000:1000",
    secrets: { DB_PASSWORD: "dev/api/db-password" },
    schedule: { expression: "cron(0 2 * * ? *)", timezone: "Europe/Dublin" },
};

const withReport = (c: ProjectConfig) => (c.tasks = [{ ...REPORT }]);

let cached: Promise<Plan> | undefined;
const reportPlan = () => (cached ??= fixturePlanEdited("dev", withReport));

describe("a scheduled task", () => {
    it("is an EventBridge schedule that runs one task of its definition on the cluster, private, retried, dead letters kept", async () => {
        const plan = await reportPlan();
        const schedule = named(plan, SCHEDULE, "task-report-schedule");
        assert.deepStrictEqual(
            [schedule.inputs.name, schedule.inputs.scheduleExpression, schedule.inputs.scheduleExpressionTimezone, schedule.inputs.state],
            ["ecs-platform-dev-report", "cron(0 2 * * ? *)", "Europe/Dublin", "ENABLED"],
        );
        assert.deepStrictEqual(schedule.inputs.flexibleTimeWindow, { mode: "OFF" });
        const target = schedule.inputs.target as Record<string, any>;
        assert.deepStrictEqual(target.retryPolicy, { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 });
        assert.deepStrictEqual(
            [target.ecsParameters.taskCount, target.ecsParameters.capacityProviderStrategies, target.ecsParameters.networkConfiguration.assignPublicIp],
            [1, [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }], false],
        );
        const deps = schedule.propertyDependencies.target;
        for (const [type, name] of [
            [T.cluster, "cluster-cluster"],
            [T.taskDefinition, "task-report-task"],
            [T.role, "task-report-scheduler"],
            [QUEUE, "task-report-dlq"],
            [T.sg, "sg-task-report"],
            [T.sg, "sg-tasks"],
            [T.subnet, "network-private-az1"],
        ]) {
            assert.ok(deps.includes(urnOf(plan, type, name)), `target built from ${name}`);
        }
        assert.ok(!deps.includes(urnOf(plan, T.subnet, "network-public-az1")), "private subnets only");
        const queue = named(plan, QUEUE, "task-report-dlq");
        assert.deepStrictEqual(
            [queue.inputs.name, queue.inputs.sqsManagedSseEnabled, queue.inputs.messageRetentionSeconds],
            ["ecs-platform-dev-report-dlq", true, 1209600],
        );
    });

    it("gives the scheduler a role that may run only this family in this cluster, pass only its two roles, tag only on RunTask", async () => {
        const plan = await reportPlan();
        const role = named(plan, T.role, "task-report-scheduler");
        const trust = parsed(role, "assumeRolePolicy").Statement[0];
        assert.deepStrictEqual(trust.Principal, { Service: "scheduler.amazonaws.com" });
        assert.deepStrictEqual(trust.Condition, {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/ecs-platform-dev-report" },
        });
        const statements = parsed(named(plan, T.rolePolicy, "task-report-scheduler"), "policy").Statement as Record<string, any>[];
        const by = (sid: string) => statements.find((s) => s.Sid === sid)!;
        assert.deepStrictEqual(
            statements.map((s) => s.Sid),
            ["RunTheTask", "PassItsRoles", "TagTheTasksItStarts", "DeadLetters"],
        );
        assert.strictEqual(by("RunTheTask").Resource, "arn:aws:ecs:eu-west-1:123456789012:task-definition/ecs-platform-dev-report:*");
        assert.deepStrictEqual(by("RunTheTask").Condition, { ArnEquals: { "ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/ecs-platform-dev" } });
        assert.strictEqual((by("PassItsRoles").Resource as string[]).length, 2);
        assert.ok(
            (by("PassItsRoles").Resource as string[]).every((arn) => /role\/task-report-(execution|task)-/.test(arn)),
            JSON.stringify(by("PassItsRoles")),
        );
        assert.deepStrictEqual(by("PassItsRoles").Condition, { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
        assert.deepStrictEqual(by("TagTheTasksItStarts").Condition, { StringEquals: { "ecs:CreateAction": "RunTask" } });
        assert.deepStrictEqual(by("DeadLetters").Action, ["sqs:SendMessage"]);
    });

    it("is built as a worker's task: hardened container, its own log group, secrets through its execution role, a group admitting nothing", async () => {
        const plan = await reportPlan();
        const task = named(plan, T.taskDefinition, "task-report-task");
        assert.strictEqual(task.inputs.family, "ecs-platform-dev-report");
        const [container] = parsed<Record<string, any>[]>(task, "containerDefinitions");
        assert.deepStrictEqual([container.user, container.readonlyRootFilesystem, container.privileged], ["1000:1000", true, false]);
        assert.deepStrictEqual(container.command, ["node", "report.js"]);
        assert.strictEqual(container.logConfiguration.options["awslogs-group"], "/ecs/ecs-platform-dev/tasks/report");
        assert.deepStrictEqual(
            container.secrets.map((s: { name: string }) => s.name),
            ["DB_PASSWORD"],
        );
        const secrets = parsed(named(plan, T.rolePolicy, "task-report-secrets"), "policy").Statement[0];
        assert.strictEqual(secrets.Action[0], "secretsmanager:GetSecretValue");
        const group = urnOf(plan, T.sg, "sg-task-report");
        assert.deepStrictEqual(
            ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.propertyDependencies.securityGroupId?.[0] === group),
            [],
        );
    });

    it("passes dev's pack; a scheduler role that may pass any role fails no-privilege-escalation", async () => {
        const plan = await reportPlan();
        const pack = await packClient();
        const config = readPolicyConfig(policyConfigFile("dev"));
        const clean = await checkPlan(pack, parsePlan(JSON.parse(JSON.stringify(plan)), "dev"), config);
        assert.deepStrictEqual(
            clean.diagnostics.filter((d) => d.urn.includes("task-report") && d.enforcementLevel === "mandatory").map((d) => d.policyName),
            [],
        );
        const loose = JSON.parse(JSON.stringify(plan)) as Plan;
        const policy = loose.resources.find((r) => r.type === T.rolePolicy && r.name === "task-report-scheduler")!;
        const doc = JSON.parse(String(policy.inputs.policy));
        doc.Statement[1].Resource = "*";
        policy.inputs.policy = JSON.stringify(doc);
        const result = await checkPlan(pack, parsePlan(loose, "dev"), config);
        const found = result.diagnostics.filter((d) => d.policyName === "no-privilege-escalation");
        assert.strictEqual(found.length, 1);
        assert.match(
            found[0].message,
            /Role "task-report-scheduler", the role EventBridge Scheduler assumes of its schedules, gets iam:PassRole on every resource/,
        );
    });
});

describe("a scheduled task in production", () => {
    it("keeps its dead-letter queue protected, alarms when a run lands there, and reaches the database by its own group", async () => {
        const plan = await fixturePlanEdited("prod", (c) => {
            c.database = c.database ?? { port: 5432 };
            c.tasks = [{ ...REPORT, secrets: {}, capacity: "fargate", databaseAccess: true }];
        });
        assert.strictEqual(named(plan, QUEUE, "task-report-dlq").options.protect, true);
        const alarm = named(plan, "aws:cloudwatch/metricAlarm:MetricAlarm", "task-report-dead-letters");
        assert.deepStrictEqual(
            [alarm.inputs.name, alarm.inputs.namespace, alarm.inputs.metricName, alarm.inputs.threshold, alarm.inputs.comparisonOperator],
            ["ecs-platform-prod-report-dead-letters", "AWS/SQS", "ApproximateNumberOfMessagesVisible", 0, "GreaterThanThreshold"],
        );
        assert.deepStrictEqual(alarm.propertyDependencies.dimensions, [urnOf(plan, QUEUE, "task-report-dlq")]);
        assert.strictEqual((alarm.inputs.alarmActions as string[]).length, 1);
        const intoDatabase = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
            (r) =>
                r.propertyDependencies.securityGroupId?.[0] === urnOf(plan, T.sg, "sg-database") &&
                r.propertyDependencies.referencedSecurityGroupId?.[0] === urnOf(plan, T.sg, "sg-task-report"),
        );
        assert.strictEqual(intoDatabase.length, 1);
    });
});

describe("scheduled task config", () => {
    const problems = (task: Record<string, unknown>) => configProblems((c) => (c.tasks = [{ ...REPORT, ...task }]), "dev");

    it("is accepted as the fixture's report task", () => {
        assert.deepStrictEqual(problems({}), []);
    });

    it("refuses a bad expression, a service's name, a timezone on rate(), and judges the container as a service's", () => {
        assert.deepStrictEqual(problems({ schedule: { expression: "every night" } }), [
            'tasks[0].schedule.expression: "every night" is not a schedule expression (allowed: cron(minutes hours day-of-month month day-of-week year), rate(1 minute|hour|day or n minutes|hours|days), at(yyyy-mm-ddThh:mm:ss))',
        ]);
        // What EventBridge Scheduler would refuse at pulumi up: five cron fields, both day fields, a zero or misnamed rate.
        for (const [expression, says] of [
            ["cron(0 2 * * *)", "has 5 cron fields; cron() takes 6"],
            ["cron(0 2 * * MON *)", "sets both day-of-month and day-of-week; one of them must be ?"],
            ["rate(0 minutes)", "has a rate below 1"],
            ["rate(1 hours)", "says 1 hours: the unit is singular for 1 and plural above"],
            ["rate(5 minute)", "says 5 minute: the unit is singular for 1 and plural above"],
        ]) {
            const found = problems({ schedule: { expression } });
            assert.strictEqual(found.length, 1, expression);
            assert.ok(found[0].includes(says), `${expression}: ${found[0]}`);
        }
        assert.deepStrictEqual(problems({ schedule: { expression: "rate(1 day)" } }), []);
        assert.deepStrictEqual(problems({ name: "api" }), ['tasks[0].name: "api" is a service\'s name too; names prefix AWS names, pick another']);
        assert.deepStrictEqual(problems({ schedule: { expression: "rate(1 hour)", timezone: "Europe/Dublin" } }), [
            "tasks[0].schedule.timezone: a rate() expression has no time of day; remove timezone or use cron()",
        ]);
        const found = problems({ cpu: 300, environment: { API_TOKEN: "abc" } });
        assert.ok(
            found.some((p) => p.startsWith("tasks[0].cpu: 300")),
            found.join("\n"),
        );
        assert.ok(
            found.some((p) => p.startsWith("tasks[0].environment.API_TOKEN:")),
            found.join("\n"),
        );
    });
});
