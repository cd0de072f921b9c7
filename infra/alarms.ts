/**
 * CloudWatch alarms on a service and on the load balancer, each naming what it watches and what to look at first, and
 * notifying the stack's alarm topic when it fires and when it clears.
 *
 * Metrics: AWS/ECS CPUUtilization and MemoryUtilization by ClusterName and ServiceName; Container Insights'
 * ECS/ContainerInsights RunningTaskCount and DesiredTaskCount (the platform requires Container Insights);
 * AWS/ApplicationELB UnHealthyHostCount and HTTPCode_Target_5XX_Count by TargetGroup and LoadBalancer (an NLB's
 * target group: AWS/NetworkELB UnHealthyHostCount by the same dimensions; ELB User Guide for Network Load Balancers,
 * "CloudWatch metrics for your Network Load Balancer", read 2026-12-02),
 * HTTPCode_ELB_5XX_Count and TargetResponseTime by LoadBalancer. Sources: Amazon ECS Developer Guide, "Amazon ECS
 * CloudWatch metrics" and "Amazon ECS Container Insights metrics"; ELB User Guide, "CloudWatch metrics for your
 * Application Load Balancer" (read 2026-12-02).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmThresholds } from "./config/schema";

/** A service's alarms by what they watch. */
export type ServiceAlarmKind = "cpu-high" | "memory-high" | "tasks-below-desired" | "unhealthy-targets" | "target-5xx";

/**
 * The alarms that fail a deployment and roll it back (the service's `alarms`, ECS's deployment failure detection):
 * what a bad release shows at once. CPU, memory and a task count below desired also move during a healthy deployment,
 * so they only notify.
 */
export const DEPLOYMENT_ALARMS: readonly ServiceAlarmKind[] = ["unhealthy-targets", "target-5xx"];

/** Whose target metrics a service's target group has: an ALB's (AWS/ApplicationELB) or an NLB's (AWS/NetworkELB). */
export type TargetMetrics = "application" | "network";

/** The deployment alarms a service has: an NLB counts no HTTP responses, so no target-5xx alarm there. */
export function deploymentAlarms(metrics: TargetMetrics): readonly ServiceAlarmKind[] {
    return metrics === "network" ? DEPLOYMENT_ALARMS.filter((k) => k !== "target-5xx") : DEPLOYMENT_ALARMS;
}

/** An alarm's name: the stack's prefix, the service, what it watches. The service names its deployment alarms by it. */
export function alarmName(namePrefix: string, serviceName: string, kind: ServiceAlarmKind): string {
    return `${namePrefix}-${serviceName}-${kind}`;
}

export interface ServiceAlarmsArgs {
    /** Prefix of the alarm names (the stack's). */
    readonly namePrefix: string;
    /** The service's name in config: alarm names and descriptions. */
    readonly serviceName: string;
    /** The ECS cluster's and service's names: the ECS metrics' dimensions. */
    readonly clusterName: pulumi.Input<string>;
    readonly ecsServiceName: pulumi.Input<string>;
    /** `targetgroup/…` and `app/…` suffixes: the target metrics' dimensions. @default none: a worker, no target alarms */
    readonly targetGroupArnSuffix?: pulumi.Input<string>;
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    /** The load balancer's kind: its metrics' namespace, and whether it counts HTTP responses. @default "application" */
    readonly targetMetrics?: TargetMetrics;
    /** Where the alarms notify. */
    readonly topicArn: pulumi.Input<string>;
    readonly thresholds: AlarmThresholds;
}

const PERIOD_SECONDS = 60;

/**
 * The fields every alarm of the platform shares: notify on alarm and on recovery. The one-minute period goes on each
 * single-metric alarm, not here: a metric-math alarm takes it only inside its metric queries (the provider refuses
 * `metric_name`, `dimensions` and `period` beside `metric_query`: terraform-provider-aws metric_alarm.go, ConflictsWith,
 * read 2026-12-02 through the code index).
 */
function common(topicArn: pulumi.Input<string>, t: AlarmThresholds) {
    return { evaluationPeriods: t.evaluationPeriods, alarmActions: [topicArn], okActions: [topicArn], actionsEnabled: true };
}

/** A service's five alarms, children of `parent`, by kind. */
export function createServiceAlarms(
    name: string,
    args: ServiceAlarmsArgs,
    parent: pulumi.Resource,
): Partial<Record<ServiceAlarmKind, aws.cloudwatch.MetricAlarm>> {
    const t = args.thresholds;
    const minutes = t.evaluationPeriods;
    const ecs = { ClusterName: args.clusterName, ServiceName: args.ecsServiceName };
    const about = `Service ${args.serviceName} (${args.namePrefix})`;
    const alarm: AlarmFactory = (kind, inputs) =>
        new aws.cloudwatch.MetricAlarm(
            `${name}-${kind}`,
            { name: alarmName(args.namePrefix, args.serviceName, kind), ...common(args.topicArn, t), ...inputs },
            { parent },
        );
    return {
        "cpu-high": alarm("cpu-high", {
            alarmDescription: `${about}: average CPU above ${t.cpuPercent}% of what its tasks reserve for ${minutes} min. Look first at the dashboard's CPU and request graphs, then at autoscaling's maximum and the task size.`,
            namespace: "AWS/ECS",
            metricName: "CPUUtilization",
            period: PERIOD_SECONDS,
            dimensions: ecs,
            statistic: "Average",
            comparisonOperator: "GreaterThanThreshold",
            threshold: t.cpuPercent,
            treatMissingData: "notBreaching",
        }),
        "memory-high": alarm("memory-high", {
            alarmDescription: `${about}: average memory above ${t.memoryPercent}% of what its tasks reserve for ${minutes} min. Look first for a leak after the last deployment, then at the task's memory size.`,
            namespace: "AWS/ECS",
            metricName: "MemoryUtilization",
            period: PERIOD_SECONDS,
            dimensions: ecs,
            statistic: "Average",
            comparisonOperator: "GreaterThanThreshold",
            threshold: t.memoryPercent,
            treatMissingData: "notBreaching",
        }),
        "tasks-below-desired": alarm("tasks-below-desired", {
            alarmDescription: `${about}: fewer tasks running than desired for ${minutes} min. Look first at the service's events and stopped tasks' reasons (image pull, health checks, capacity).`,
            metricQueries: [
                taskCount("desired", "DesiredTaskCount", "Maximum", ecs),
                taskCount("running", "RunningTaskCount", "Minimum", ecs),
                { id: "missing", expression: "desired - running", label: "Tasks missing", returnData: true },
            ],
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "missing",
        }),
        ...(args.targetGroupArnSuffix ? createTargetAlarms(alarm, args, args.targetGroupArnSuffix) : {}),
    };
}

type AlarmFactory = (kind: ServiceAlarmKind, inputs: Omit<aws.cloudwatch.MetricAlarmArgs, "name">) => aws.cloudwatch.MetricAlarm;

/** The alarms on the service's target group: unhealthy targets and target 5xx, the deployment alarms. */
function createTargetAlarms(
    alarm: AlarmFactory,
    args: ServiceAlarmsArgs,
    targetGroupArnSuffix: pulumi.Input<string>,
): Partial<Record<"unhealthy-targets" | "target-5xx", aws.cloudwatch.MetricAlarm>> {
    const t = args.thresholds;
    const network = args.targetMetrics === "network";
    const minutes = t.evaluationPeriods;
    const target = { TargetGroup: targetGroupArnSuffix, LoadBalancer: args.loadBalancerArnSuffix };
    const about = `Service ${args.serviceName} (${args.namePrefix})`;
    return {
        "unhealthy-targets": alarm("unhealthy-targets", {
            alarmDescription: `${about}: targets failing the load balancer's health check for ${minutes} min. Look first at ${network ? "whether the tasks accept connections on their port" : "the health check path's responses"} and the tasks' logs. Rolls back a deployment.`,
            namespace: network ? "AWS/NetworkELB" : "AWS/ApplicationELB",
            metricName: "UnHealthyHostCount",
            period: PERIOD_SECONDS,
            dimensions: target,
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "notBreaching",
        }),
        // An NLB passes bytes: it counts no HTTP responses (AWS/NetworkELB has no HTTPCode metrics).
        ...(network
            ? {}
            : {
                  "target-5xx": alarm("target-5xx", {
                      alarmDescription: `${about}: more than ${t.target5xxCount} 5xx responses a minute for ${minutes} min. Look first at the tasks' logs and the last deployment. Rolls back a deployment.`,
                      namespace: "AWS/ApplicationELB",
                      metricName: "HTTPCode_Target_5XX_Count",
                      period: PERIOD_SECONDS,
                      dimensions: target,
                      statistic: "Sum",
                      comparisonOperator: "GreaterThanThreshold",
                      threshold: t.target5xxCount,
                      treatMissingData: "notBreaching",
                  }),
              }),
    };
}

/** One Container Insights task count of the service, as a metric query. */
function taskCount(
    id: string,
    metricName: string,
    stat: string,
    dimensions: Record<string, pulumi.Input<string>>,
): aws.types.input.cloudwatch.MetricAlarmMetricQuery {
    return { id, returnData: false, metric: { namespace: "ECS/ContainerInsights", metricName, dimensions, period: PERIOD_SECONDS, stat } };
}

export interface LoadBalancerAlarmsArgs {
    readonly namePrefix: string;
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    readonly topicArn: pulumi.Input<string>;
    readonly thresholds: AlarmThresholds;
}

/** The load balancer's own 5xx responses and its p95 target response time, children of `parent`. */
export function createLoadBalancerAlarms(name: string, args: LoadBalancerAlarmsArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm[] {
    const t = args.thresholds;
    const dimensions = { LoadBalancer: args.loadBalancerArnSuffix };
    const about = `Load balancer of ${args.namePrefix}`;
    return [
        new aws.cloudwatch.MetricAlarm(
            `${name}-elb-5xx`,
            {
                name: `${args.namePrefix}-alb-5xx`,
                alarmDescription: `${about}: more than ${t.loadBalancer5xxCount} 5xx responses a minute of its own for ${t.evaluationPeriods} min (no healthy target, or targets closing connections). Look first at the services' unhealthy-targets alarms.`,
                namespace: "AWS/ApplicationELB",
                metricName: "HTTPCode_ELB_5XX_Count",
                period: PERIOD_SECONDS,
                dimensions,
                statistic: "Sum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: t.loadBalancer5xxCount,
                treatMissingData: "notBreaching",
                ...common(args.topicArn, t),
            },
            { parent },
        ),
        new aws.cloudwatch.MetricAlarm(
            `${name}-response-time`,
            {
                name: `${args.namePrefix}-alb-response-time`,
                alarmDescription: `${about}: p95 target response time above ${t.responseTimeSeconds} s for ${t.evaluationPeriods} min. Look first at the dashboard's per-service CPU and the database.`,
                namespace: "AWS/ApplicationELB",
                metricName: "TargetResponseTime",
                period: PERIOD_SECONDS,
                dimensions,
                extendedStatistic: "p95",
                comparisonOperator: "GreaterThanThreshold",
                threshold: t.responseTimeSeconds,
                treatMissingData: "notBreaching",
                ...common(args.topicArn, t),
            },
            { parent },
        ),
    ];
}
