/**
 * What a task needs before its definition: its log group, its secrets resolved, the execution role (image pulls,
 * logs, exactly those secrets) and the task role with the policy config grants it. Shared by the ECS managed daemon
 * and the scheduled task, whose tasks have no EFS, ECS Exec or log router (a service's own task adds those: service.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig } from "./config/schema";
import { ManagedSecret, ServiceSecrets, taskSecrets } from "./managedSecrets";
import { createServiceLogs, ServiceLogs } from "./serviceLogs";
import { StatefulOptions } from "./stateful";
import { createExecutionRole, createTaskRole, createTaskRolePolicy, ExecutionRole } from "./taskRoles";
import { AwsScope } from "./trust";

export interface TaskIdentityArgs {
    /** The task's config, as a service's (a registry image: no build). */
    readonly service: ServiceConfig;
    /** Account, partition and region: the roles' trust conditions. */
    readonly scope: AwsScope;
    /** Prefix of the log group's name. */
    readonly namePrefix: string;
    /** The log group's last part: the service's name, or `tasks/<name>`. */
    readonly logName: string;
    /** What the roles' descriptions call the task: `node-metrics`, `task report`. */
    readonly label: string;
    readonly logRetentionDays: number;
    readonly managedSecrets: Record<string, ManagedSecret>;
    readonly stateful: StatefulOptions;
}

export interface TaskIdentity {
    readonly logs: ServiceLogs;
    readonly secrets: ServiceSecrets;
    readonly execution: ExecutionRole;
    readonly taskRole: aws.iam.Role;
    /** What a task must wait for: secret values, the execution role's policies, the task role's policy. */
    readonly ready: pulumi.Resource[];
}

export function createTaskIdentity(name: string, args: TaskIdentityArgs, parent: pulumi.Resource): TaskIdentity {
    const svc = args.service;
    if (svc.image === undefined) throw new Error(`${args.label}: a registry image is needed here`);
    const logs = createServiceLogs(
        name,
        { namePrefix: args.namePrefix, serviceName: args.logName, retentionDays: args.logRetentionDays, stateful: args.stateful },
        parent,
    );
    const secrets = taskSecrets(svc, args.managedSecrets);
    const execution = createExecutionRole(
        name,
        {
            scope: args.scope,
            serviceName: args.label,
            images: [svc.image, ...svc.sidecars.map((s) => s.image)],
            logGroupArn: logs.logGroup.arn,
            secretArns: secrets.arns,
            secretsKmsKeyArn: svc.secretsKmsKeyArn,
        },
        parent,
    );
    const taskRole = createTaskRole(name, args.scope, args.label, parent);
    const policy = createTaskRolePolicy(name, { role: taskRole, statements: svc.taskPolicy, executeCommand: false }, parent);
    return { logs, secrets, execution, taskRole, ready: [...secrets.versions, ...execution.policies, ...(policy ? [policy] : [])] };
}
