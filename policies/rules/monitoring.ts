/** Rules on what watches the running platform: alarms on every service, and alarms that notify someone. */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { PolicyResource } from "@pulumi/policy";
import { ofType, referenced } from "../lib/graph";
import { StackRule } from "../lib/rule";

/** The metric names an alarm reads: its own, or those of its metric queries. */
function metricsOf(alarm: PolicyResource): string[] {
    const own = typeof alarm.props.metricName === "string" ? [alarm.props.metricName] : [];
    const queries: { metric?: { metricName?: unknown } }[] = Array.isArray(alarm.props.metricQueries) ? alarm.props.metricQueries : [];
    return [...own, ...queries.flatMap((q) => (typeof q.metric?.metricName === "string" ? [q.metric.metricName] : []))];
}

/** The resources an alarm's dimensions (its own, or its metric queries') were built from. */
function watched(alarm: PolicyResource): PolicyResource[] {
    return [...referenced(alarm, "dimensions"), ...referenced(alarm, "metricQueries")];
}

export const serviceAlarms: StackRule = {
    name: "service-alarms",
    refuses:
        "an ECS service without an alarm on its running task count (Container Insights `RunningTaskCount`), a service behind a target group without an alarm on its unhealthy targets (`UnHealthyHostCount`), and an alarm with no action or its actions disabled",
    reads: "`aws.ecs.Service` ← `aws.cloudwatch.MetricAlarm` through the `dimensions` or `metricQueries` dependencies (the service's name, its target groups)",
    rationale: "A service nobody is told about fails silently: tasks that crash-loop or targets that fail health checks are found by customers first.",
    remediation:
        "Turn `monitoring.enabled` on with `monitoring.alarmEmails` (or `monitoring.topicArn`); the platform then creates the task-count alarm for every service and the unhealthy-target alarm for every service behind the load balancer.",
    description: "Every ECS service has a task-count alarm and, behind a load balancer, an unhealthy-target alarm; every alarm has an action.",
    validateStack: (args, report) => {
        const alarms = ofType(args.resources, RESOURCE_TYPES.metricAlarm);
        for (const alarm of alarms) {
            const actions = alarm.props.alarmActions;
            if (alarm.props.actionsEnabled === false || !Array.isArray(actions) || actions.length === 0) {
                report(`alarm "${alarm.name}" notifies nobody (no alarmActions, or actionsEnabled false); send it to the stack's alarm topic.`, alarm.urn);
            }
        }
        const watching = (metric: string, targets: PolicyResource[]) =>
            alarms.some((a) => metricsOf(a).includes(metric) && watched(a).some((w) => targets.some((t) => t.urn === w.urn)));
        for (const service of ofType(args.resources, RESOURCE_TYPES.ecsService)) {
            const missing: string[] = [];
            if (!watching("RunningTaskCount", [service])) missing.push("its running task count (ECS/ContainerInsights RunningTaskCount)");
            const targetGroups = referenced(service, "loadBalancers").filter(
                (r) => r.type === RESOURCE_TYPES.targetGroup || r.type === RESOURCE_TYPES.albTargetGroup,
            );
            if (targetGroups.length > 0 && !watching("UnHealthyHostCount", targetGroups))
                missing.push("its unhealthy targets (UnHealthyHostCount of AWS/ApplicationELB, or AWS/NetworkELB on an NLB)");
            if (missing.length > 0) {
                report(`Service "${service.name}" has no alarm on ${missing.join(" nor on ")}; turn monitoring on (monitoring in stack config).`, service.urn);
            }
        }
    },
};

export const monitoringPolicies = [serviceAlarms];
