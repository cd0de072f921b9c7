/**
 * Step scaling on CloudWatch alarms: one alarm and one StepScaling policy for the scale-out steps, one of each for the
 * scale-in steps. Step bounds are relative to the alarm's threshold, the lowest scale-out threshold (or the highest
 * scale-in one): Application Auto Scaling User Guide, "Step scaling policies" (read 2026-12-02).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StepScalingConfig } from "./config/serviceSchema";

/** The scalable target a policy acts on. */
export type ScalableTarget = { resourceId: pulumi.Input<string>; scalableDimension: pulumi.Input<string>; serviceNamespace: pulumi.Input<string> };

export interface StepScalingArgs {
    /** `<stack>-<service>`: the alarms are `<prefix>-scale-<step>-out` and `-in`. */
    readonly alarmNamePrefix: string;
    /** The ECS metrics' dimensions, for the "cpu" and "memory" shorthands. */
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
}

type StepAdjustment = aws.types.input.appautoscaling.PolicyStepScalingPolicyConfigurationStepAdjustment;

/** Scale-out steps as adjustments relative to the first threshold: [t0, t1) adds the first count, … , [tn, ∞) the last. */
export function scaleOutAdjustments(steps: StepScalingConfig["scaleOut"]): { threshold: number; adjustments: StepAdjustment[] } {
    const threshold = steps[0].atOrAbove;
    const adjustments = steps.map((s, i) => ({
        metricIntervalLowerBound: String(s.atOrAbove - threshold),
        metricIntervalUpperBound: i + 1 < steps.length ? String(steps[i + 1].atOrAbove - threshold) : undefined,
        scalingAdjustment: s.add,
    }));
    return { threshold, adjustments };
}

/** Scale-in steps relative to the first (highest) threshold: (t1, t0] removes the first count, … , (−∞, tn] the last. */
export function scaleInAdjustments(steps: StepScalingConfig["scaleIn"]): { threshold: number; adjustments: StepAdjustment[] } {
    const threshold = steps[0].atOrBelow;
    const adjustments = steps.map((s, i) => ({
        metricIntervalUpperBound: String(s.atOrBelow - threshold),
        metricIntervalLowerBound: i + 1 < steps.length ? String(steps[i + 1].atOrBelow - threshold) : undefined,
        scalingAdjustment: -s.remove,
    }));
    return { threshold, adjustments };
}

/** The alarm's metric fields for a step policy's metric. */
function metricOf(step: StepScalingConfig, args: StepScalingArgs) {
    if (step.metric === "cpu" || step.metric === "memory") {
        return {
            namespace: "AWS/ECS",
            metricName: step.metric === "cpu" ? "CPUUtilization" : "MemoryUtilization",
            dimensions: { ClusterName: args.clusterName, ServiceName: args.serviceName },
            statistic: "Average",
        };
    }
    return { namespace: step.metric.namespace, metricName: step.metric.name, dimensions: step.metric.dimensions, statistic: step.metric.statistic };
}

/** The policies and alarms of one step policy, children of `parent`. */
export function createStepScaling(name: string, step: StepScalingConfig, target: ScalableTarget, args: StepScalingArgs, parent: pulumi.Resource): void {
    const metric = metricOf(step, args);
    // Step scaling aggregates the alarm's data points by Average, Minimum or Maximum only.
    const aggregation = metric.statistic === "Minimum" || metric.statistic === "Maximum" ? metric.statistic : "Average";
    const directions = [
        step.scaleOut.length > 0 && { direction: "out", comparison: "GreaterThanOrEqualToThreshold", ...scaleOutAdjustments(step.scaleOut) },
        step.scaleIn.length > 0 && { direction: "in", comparison: "LessThanOrEqualToThreshold", ...scaleInAdjustments(step.scaleIn) },
    ].filter((d): d is Exclude<typeof d, false> => d !== false);
    for (const d of directions) {
        const policy = new aws.appautoscaling.Policy(
            `${name}-${step.name}-${d.direction}`,
            {
                ...target,
                policyType: "StepScaling",
                stepScalingPolicyConfiguration: {
                    adjustmentType: "ChangeInCapacity",
                    cooldown: step.cooldownSeconds,
                    metricAggregationType: aggregation,
                    stepAdjustments: d.adjustments,
                },
            },
            { parent },
        );
        new aws.cloudwatch.MetricAlarm(
            `${name}-${step.name}-${d.direction}`,
            {
                name: `${args.alarmNamePrefix}-scale-${step.name}-${d.direction}`,
                alarmDescription: `Scales ${args.alarmNamePrefix} ${d.direction} (step policy ${step.name}): ${metric.namespace} ${metric.metricName} ${d.direction === "out" ? "at or above" : "at or below"} ${d.threshold}.`,
                ...metric,
                period: 60,
                evaluationPeriods: step.evaluationPeriods,
                comparisonOperator: d.comparison,
                threshold: d.threshold,
                alarmActions: [policy.arn],
                actionsEnabled: true,
                treatMissingData: "notBreaching",
            },
            { parent },
        );
    }
}
