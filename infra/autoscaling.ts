import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AutoscalingConfig } from "./config/schema";
import { createStepScaling, ScalableTarget } from "./stepScaling";

export interface ServiceAutoscalingArgs {
    /** The service's autoscaling section of the stack config. */
    readonly config: AutoscalingConfig;
    /** The cluster of the service: part of the scalable target's resource ID. */
    readonly clusterName: pulumi.Input<string>;
    /** The ECS service whose desired count is scaled. */
    readonly serviceName: pulumi.Input<string>;
    /** `app/<alb>/<id>/targetgroup/<tg>/<id>`, the resource label of ALBRequestCountPerTarget. @default none: a worker, which validation keeps off request scaling */
    readonly requestCountLabel?: pulumi.Input<string>;
    /** `<stack>-<service>`: prefix of the step-scaling alarms' names. */
    readonly alarmNamePrefix: string;
}

/** Predefined metrics of ECS target tracking. Source: Application Auto Scaling API, PredefinedMetricSpecification. */
const METRICS = { cpu: "ECSServiceAverageCPUUtilization", memory: "ECSServiceAverageMemoryUtilization", requests: "ALBRequestCountPerTarget" } as const;

/** Application Auto Scaling of one ECS service: target tracking on CPU, memory and requests, and scheduled actions. */

export class ServiceAutoscaling extends pulumi.ComponentResource {
    readonly target: aws.appautoscaling.Target;

    constructor(name: string, args: ServiceAutoscalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:service:ServiceAutoscaling", name, {}, opts);
        const child = { parent: this };
        const { config } = args;
        this.target = new aws.appautoscaling.Target(
            `${name}-target`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
                minCapacity: config.minCount,
                maxCapacity: config.maxCount,
            },
            child,
        );
        const scaling = {
            resourceId: this.target.resourceId,
            scalableDimension: this.target.scalableDimension,
            serviceNamespace: this.target.serviceNamespace,
        };

        const targets: [keyof typeof METRICS, number | undefined][] = [
            ["cpu", config.cpuTargetPercent],
            ["memory", config.memoryTargetPercent],
            ["requests", config.requestsPerTarget],
        ];
        for (const [metric, value] of targets) {
            if (value === undefined) continue;
            new aws.appautoscaling.Policy(
                `${name}-${metric}`,
                {
                    ...scaling,
                    policyType: "TargetTrackingScaling",
                    targetTrackingScalingPolicyConfiguration: {
                        targetValue: value,
                        scaleInCooldown: config.scaleInCooldownSeconds,
                        scaleOutCooldown: config.scaleOutCooldownSeconds,
                        predefinedMetricSpecification: {
                            predefinedMetricType: METRICS[metric],
                            resourceLabel: metric === "requests" ? args.requestCountLabel : undefined,
                        },
                    },
                },
                child,
            );
        }

        this.createSchedules(name, scaling, config);
        for (const step of config.steps) {
            createStepScaling(
                name,
                step,
                scaling,
                { alarmNamePrefix: args.alarmNamePrefix, clusterName: args.clusterName, serviceName: args.serviceName },
                this,
            );
        }
        this.registerOutputs({});
    }

    /** Scheduled actions that set the task count's bounds at given times. */
    private createSchedules(name: string, scaling: ScalableTarget, config: ServiceAutoscalingArgs["config"]): void {
        for (const schedule of config.schedules) {
            new aws.appautoscaling.ScheduledAction(
                `${name}-${schedule.name}`,
                {
                    ...scaling,
                    schedule: schedule.schedule,
                    timezone: schedule.timezone,
                    scalableTargetAction: { minCapacity: schedule.minCount, maxCapacity: schedule.maxCount },
                },
                { parent: this },
            );
        }
    }
}
