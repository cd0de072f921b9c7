/**
 * A task EventBridge Scheduler runs on a schedule: the task definition (built as a worker service's: same container
 * hardening, roles, secrets and logs), a dead-letter queue for runs RunTask refused after the retries, and a role the
 * scheduler assumes that may run only this task definition family in this cluster, pass only its two roles to ECS,
 * tag only the tasks it starts, and send only to its queue (EventBridge Scheduler User Guide, "Using templated targets:
 * Amazon ECS RunTask" and "Setting up the execution role", read 2026-12-02).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "./cluster";
import { serviceStrategy } from "./config/capacity";
import { ScheduledTaskConfig, ServiceConfig } from "./config/schema";
import { ManagedSecret } from "./managedSecrets";
import { StatefulOptions } from "./stateful";
import { createTaskDefinition } from "./taskDefinition";
import { createTaskIdentity } from "./taskIdentity";
import { policyDocument, PolicyDocument } from "./serviceRoles";
import { AwsScope, serviceTrustPolicy } from "./trust";

export interface ScheduledTaskArgs {
    /** The task's config. */
    readonly config: ScheduledTaskConfig;
    /** The task as the worker service its task definition is built as (config/taskRules.ts taskAsService). */
    readonly asService: ServiceConfig;
    /** Account, partition and region: ARNs and trust conditions. */
    readonly scope: AwsScope;
    /** Prefix of names AWS shows: family, log group, schedule, queue. */
    readonly namePrefix: string;
    /** The cluster the task runs in, with its capacity providers. */
    readonly cluster: Cluster;
    /** Private subnets of the task. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The task's own security group and the shared tasks group. */
    readonly securityGroupIds: pulumi.Input<string>[];
    /** Days the log group keeps events. */
    readonly logRetentionDays: number;
    /** The secrets the stack creates, by name. */
    readonly managedSecrets: Record<string, ManagedSecret>;
    /** Protection of the log group and the dead-letter queue (which holds the runs that could not start). */
    readonly stateful: StatefulOptions;
    /** What must exist before a run starts: routes and NAT or endpoints, security-group rules. */
    readonly dependsOn: pulumi.Resource[];
    /** The topic the dead-letter alarm notifies, when monitoring is on. @default none: no alarm */
    readonly alarmTopicArn?: pulumi.Input<string>;
}

/** Days a failed run's event waits in the dead-letter queue: SQS's longest retention (1,209,600 s). */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

export class ScheduledTask extends pulumi.ComponentResource {
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly executionRole: aws.iam.Role;
    readonly taskRole: aws.iam.Role;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly schedulerRole: aws.iam.Role;
    readonly schedule: aws.scheduler.Schedule;

    constructor(name: string, args: ScheduledTaskArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:task:ScheduledTask", name, {}, opts);
        const svc = args.asService;
        const family = `${args.namePrefix}-${svc.name}`;
        const identity = createTaskIdentity(name, { ...args, service: svc, logName: `tasks/${svc.name}`, label: `task ${svc.name}` }, this);
        const { logs, secrets, execution } = identity;
        this.logGroup = logs.logGroup;
        this.executionRole = execution.role;
        this.taskRole = identity.taskRole;
        this.taskDefinition = createTaskDefinition(
            name,
            {
                service: svc,
                namePrefix: args.namePrefix,
                region: args.scope.region,
                logGroupName: logs.logGroupName,
                executionRoleArn: execution.role.arn,
                taskRoleArn: this.taskRole.arn,
                secretArns: secrets.arns,
            },
            this,
        );
        this.deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            { name: `${family}-dlq`, sqsManagedSseEnabled: true, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS },
            { parent: this, ...args.stateful },
        );
        if (args.alarmTopicArn) this.createDeadLetterAlarm(name, family, args.alarmTopicArn);
        this.schedulerRole = this.createSchedulerRole(name, args, family);
        const schedulerPolicy = this.createSchedulerPolicy(name, args, family, execution.role);
        this.schedule = this.createSchedule(name, args, family, [schedulerPolicy, ...identity.ready]);
        this.registerOutputs({ scheduleArn: this.schedule.arn });
    }

    /**
     * A run that landed in the dead-letter queue: RunTask refused it through every retry (no capacity, throttling, a
     * missing role). A task that started and then failed does not land there (its exit code is ECS's, not the
     * scheduler's); that needs an alarm on the task's own logs or ECS task state events, which the platform does not
     * create.
     */
    private createDeadLetterAlarm(name: string, family: string, topicArn: pulumi.Input<string>): aws.cloudwatch.MetricAlarm {
        return new aws.cloudwatch.MetricAlarm(
            `${name}-dead-letters`,
            {
                name: `${family}-dead-letters`,
                alarmDescription: `Scheduled task ${family}: a run could not be started and is in ${family}-dlq. Look first at the message's error (capacity, permissions), then run the task by hand.`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: this.deadLetterQueue.name },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                treatMissingData: "notBreaching",
                alarmActions: [topicArn],
                okActions: [topicArn],
                actionsEnabled: true,
            },
            { parent: this },
        );
    }

    /** The role EventBridge Scheduler assumes for this schedule only (confused-deputy keys: account and schedule ARN). */
    private createSchedulerRole(name: string, args: ScheduledTaskArgs, family: string): aws.iam.Role {
        const { scope } = args;
        return new aws.iam.Role(
            `${name}-scheduler`,
            {
                description: `EventBridge Scheduler: runs task ${args.asService.name} (its family only), passes its two roles, writes its dead-letter queue`,
                assumeRolePolicy: pulumi
                    .output(scope.accountId)
                    .apply((account) =>
                        serviceTrustPolicy("scheduler.amazonaws.com", scope, (arn) => `${arn}:scheduler:${scope.region}:${account}:schedule/default/${family}`),
                    ),
            },
            { parent: this },
        );
    }

    /** The scheduler role's one policy (schedulerPolicyDocument). */
    private createSchedulerPolicy(name: string, args: ScheduledTaskArgs, family: string, executionRole: aws.iam.Role): aws.iam.RolePolicy {
        const { scope, cluster } = args;
        return new aws.iam.RolePolicy(
            `${name}-scheduler`,
            {
                role: this.schedulerRole.id,
                policy: pulumi
                    .all([
                        scope.partition,
                        scope.accountId,
                        cluster.cluster.arn,
                        cluster.clusterName,
                        executionRole.arn,
                        this.taskRole.arn,
                        this.deadLetterQueue.arn,
                    ])
                    .apply(([partition, account, clusterArn, clusterName, executionRoleArn, taskRoleArn, queueArn]) =>
                        JSON.stringify(
                            schedulerPolicyDocument({
                                partition,
                                account,
                                region: scope.region,
                                family,
                                clusterArn,
                                clusterName,
                                executionRoleArn,
                                taskRoleArn,
                                queueArn,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );
    }

    /** The schedule: RunTask of the task definition's current revision, one task, in the private subnets. */
    private createSchedule(name: string, args: ScheduledTaskArgs, family: string, ready: pulumi.Resource[]): aws.scheduler.Schedule {
        const task = args.config;
        const strategy = args.cluster.strategy(serviceStrategy(args.asService));
        return new aws.scheduler.Schedule(
            `${name}-schedule`,
            {
                name: family,
                description: `Runs ECS task ${task.name}`,
                scheduleExpression: task.schedule.expression,
                scheduleExpressionTimezone: task.schedule.timezone,
                state: task.schedule.enabled ? "ENABLED" : "DISABLED",
                flexibleTimeWindow: { mode: "OFF" },
                target: {
                    arn: args.cluster.cluster.arn,
                    roleArn: this.schedulerRole.arn,
                    deadLetterConfig: { arn: this.deadLetterQueue.arn },
                    retryPolicy: { maximumRetryAttempts: task.retry.maximumAttempts, maximumEventAgeInSeconds: task.retry.maximumEventAgeSeconds },
                    ecsParameters: {
                        taskDefinitionArn: this.taskDefinition.arn,
                        taskCount: 1,
                        capacityProviderStrategies: strategy,
                        networkConfiguration: { subnets: args.subnetIds, securityGroups: args.securityGroupIds, assignPublicIp: false },
                        enableEcsManagedTags: true,
                        propagateTags: "TASK_DEFINITION",
                    },
                },
            },
            // Runs start only once the role can act and the task can reach what it needs.
            { parent: this, dependsOn: [...ready, ...args.dependsOn, args.cluster.capacityProviders] },
        );
    }
}

interface SchedulerGrant {
    partition: string;
    account: string;
    region: string;
    family: string;
    clusterArn: string;
    clusterName: string;
    executionRoleArn: string;
    taskRoleArn: string;
    queueArn: string;
}

/**
 * What the scheduler's role may do: RunTask of any revision of this family, in this cluster only (ecs:cluster);
 * PassRole of exactly the task's two roles, to ECS tasks only; TagResource only when the tag comes with RunTask
 * (ecs:CreateAction), on this cluster's tasks; SendMessage to its dead-letter queue.
 */
function schedulerPolicyDocument(g: SchedulerGrant): PolicyDocument {
    const ecs = `arn:${g.partition}:ecs:${g.region}:${g.account}`;
    return policyDocument([
        {
            Sid: "RunTheTask",
            Effect: "Allow",
            Action: ["ecs:RunTask"],
            Resource: `${ecs}:task-definition/${g.family}:*`,
            Condition: { ArnEquals: { "ecs:cluster": g.clusterArn } },
        },
        {
            Sid: "PassItsRoles",
            Effect: "Allow",
            Action: ["iam:PassRole"],
            Resource: [g.executionRoleArn, g.taskRoleArn],
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
        {
            Sid: "TagTheTasksItStarts",
            Effect: "Allow",
            Action: ["ecs:TagResource"],
            Resource: `${ecs}:task/${g.clusterName}/*`,
            Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
        },
        { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: g.queueArn },
    ]);
}
