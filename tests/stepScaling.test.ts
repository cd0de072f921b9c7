/** Step scaling on CloudWatch alarms: bounds relative to the alarm threshold, alarms wired to their policies, validation. */
import * as assert from "assert";
import { scaleInAdjustments, scaleOutAdjustments } from "../infra/stepScaling";
import { T, configProblems, fixturePlanEdited, named, ofType } from "./helpers/plans";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const QUEUE = { namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "jobs" }, statistic: "Maximum" };
const BACKLOG = {
    name: "backlog",
    metric: QUEUE,
    scaleOut: [
        { atOrAbove: 100, add: 1 },
        { atOrAbove: 1000, add: 3 },
    ],
    scaleIn: [
        { atOrBelow: 10, remove: 1 },
        { atOrBelow: 0, remove: 2 },
    ],
};

describe("step bounds", () => {
    it("are relative to the first threshold, the last step open-ended", () => {
        assert.deepStrictEqual(scaleOutAdjustments(BACKLOG.scaleOut), {
            threshold: 100,
            adjustments: [
                { metricIntervalLowerBound: "0", metricIntervalUpperBound: "900", scalingAdjustment: 1 },
                { metricIntervalLowerBound: "900", metricIntervalUpperBound: undefined, scalingAdjustment: 3 },
            ],
        });
        assert.deepStrictEqual(scaleInAdjustments(BACKLOG.scaleIn), {
            threshold: 10,
            adjustments: [
                { metricIntervalUpperBound: "0", metricIntervalLowerBound: "-10", scalingAdjustment: -1 },
                { metricIntervalUpperBound: "-10", metricIntervalLowerBound: undefined, scalingAdjustment: -2 },
            ],
        });
    });
});

describe("step scaling in a plan", () => {
    it("creates an alarm per direction on the metric, each triggering its own StepScaling policy", async () => {
        const plan = await fixturePlanEdited("prod", (c) => (c.services[2].autoscaling = { minCount: 2, maxCount: 6, steps: [BACKLOG] }));
        const out = ofType(plan, ALARM).find((a) => a.inputs.name === "ecs-platform-prod-admin-scale-backlog-out")!;
        const into = ofType(plan, ALARM).find((a) => a.inputs.name === "ecs-platform-prod-admin-scale-backlog-in")!;
        assert.deepStrictEqual(
            [
                out.inputs.namespace,
                out.inputs.metricName,
                out.inputs.statistic,
                out.inputs.dimensions,
                out.inputs.comparisonOperator,
                out.inputs.threshold,
                out.inputs.evaluationPeriods,
            ],
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", { QueueName: "jobs" }, "GreaterThanOrEqualToThreshold", 100, 2],
        );
        assert.deepStrictEqual([into.inputs.comparisonOperator, into.inputs.threshold], ["LessThanOrEqualToThreshold", 10]);
        const outPolicy = named(plan, T.scalingPolicy, "admin-scaling-backlog-out");
        assert.ok(out.propertyDependencies.alarmActions.includes(outPolicy.urn), "the out alarm triggers the out policy");
        const config = outPolicy.inputs.stepScalingPolicyConfiguration as {
            adjustmentType: string;
            metricAggregationType: string;
            cooldown: number;
            stepAdjustments: unknown[];
        };
        assert.deepStrictEqual(
            [outPolicy.inputs.policyType, config.adjustmentType, config.metricAggregationType, config.cooldown, config.stepAdjustments.length],
            ["StepScaling", "ChangeInCapacity", "Maximum", 60, 2],
        );
        assert.ok(named(plan, T.scalingPolicy, "admin-scaling-backlog-in").propertyDependencies.resourceId.length > 0);
    });

    it("reads the service's own ECS metric for the cpu shorthand", async () => {
        const cpu = { name: "hot", metric: "cpu", scaleOut: [{ atOrAbove: 80, add: 2 }] };
        const plan = await fixturePlanEdited("prod", (c) => (c.services[2].autoscaling = { minCount: 2, maxCount: 6, steps: [cpu] }));
        const alarm = ofType(plan, ALARM).find((a) => a.inputs.name === "ecs-platform-prod-admin-scale-hot-out")!;
        assert.deepStrictEqual(
            [alarm.inputs.namespace, alarm.inputs.metricName, Object.keys(alarm.inputs.dimensions as object).sort()],
            ["AWS/ECS", "CPUUtilization", ["ClusterName", "ServiceName"]],
        );
        assert.ok(alarm.propertyDependencies.dimensions.includes(named(plan, T.service, "admin-service").urn));
        assert.ok(!ofType(plan, ALARM).some((a) => a.inputs.name === "ecs-platform-prod-admin-scale-hot-in"), "no scale-in steps, no scale-in alarm");
    });
});

describe("step scaling config", () => {
    const problems = (autoscaling: Record<string, unknown>): string[] =>
        configProblems((c) => {
            c.services[2].autoscaling = { minCount: 2, maxCount: 6, ...autoscaling };
        });
    const at = "services[2].autoscaling";

    it("accepts steps alone as the service's scaling", () => {
        assert.deepStrictEqual(problems({ steps: [BACKLOG] }), []);
    });

    it("refuses thresholds out of order, scale-in above scale-out, empty and duplicate policies, and a metric target tracking steers", () => {
        const found = problems({
            cpuTargetPercent: 70,
            steps: [
                {
                    name: "backlog",
                    metric: QUEUE,
                    scaleOut: [
                        { atOrAbove: 100, add: 1 },
                        { atOrAbove: 50, add: 2 },
                    ],
                    scaleIn: [
                        { atOrBelow: 5, remove: 1 },
                        { atOrBelow: 20, remove: 1 },
                    ],
                },
                { name: "backlog", metric: QUEUE, scaleOut: [{ atOrAbove: 10, add: 1 }], scaleIn: [{ atOrBelow: 10, remove: 1 }] },
                { name: "idle", metric: "cpu" },
            ],
        });
        assert.deepStrictEqual(found.sort(), [
            `${at}.steps[0].scaleIn: thresholds must fall (got 5, 20)`,
            `${at}.steps[0].scaleOut: thresholds must rise (got 100, 50)`,
            `${at}.steps[1].name: "backlog" is used by an earlier step policy`,
            `${at}.steps[1]: scaleIn at 10 is not below scaleOut at 10; both would fire and the service would flap`,
            `${at}.steps[2].metric: cpu is already steered by cpuTargetPercent; two policies on one metric fight each other (use one)`,
            `${at}.steps[2]: has neither scaleOut nor scaleIn steps, so it never changes the task count`,
        ]);
    });
});
