/**
 * A service's two IAM roles with their policies: the execution role, which ECS uses to start the task, and the task
 * role, which the application uses. Their documents are built in serviceRoles.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ExecSessions } from "./cluster";
import { StatementConfig } from "./config/schema";
import { EfsGrant, executionPolicy, secretsPolicy, taskPolicy, taskRoleNeedsPolicy } from "./serviceRoles";
import { AwsScope, ecsTasksTrustPolicy } from "./trust";

export interface ExecutionRoleArgs {
    /** Account, partition and region: the role's trust conditions. */
    readonly scope: AwsScope;
    /** The service's name in config, for the role's description. */
    readonly serviceName: string;
    /** The images the task pulls (the service's and its sidecars'): each ECR image gets pull rights on its repository. */
    readonly images: readonly pulumi.Input<string>[];
    /** The service's log group, which the awslogs driver writes. */
    readonly logGroupArn: pulumi.Output<string>;
    /**
     * The FireLens router's own log group, which its awslogs driver writes.
     * @default none: the service has no log router.
     */
    readonly routerLogGroupArn?: pulumi.Output<string>;
    /** The Secrets Manager ARN of each secret variable; an empty record gives no secrets policy. */
    readonly secretArns: Record<string, pulumi.Input<string>>;
    /**
     * The customer managed KMS key the secrets are encrypted with: the role may decrypt with it.
     * @default none: no kms:Decrypt (secrets under the AWS managed key need none).
     */
    readonly secretsKmsKeyArn?: string;
}

/** The execution role and its policies, which a task needs before it can start. */
export interface ExecutionRole {
    readonly role: aws.iam.Role;
    /** Image pull and logs, then the secrets policy when the service has secrets. */
    readonly policies: aws.iam.RolePolicy[];
}

/** The role ECS starts the task with: pull the image, write the log group, read exactly the service's secrets. */
export function createExecutionRole(name: string, args: ExecutionRoleArgs, parent: pulumi.Resource): ExecutionRole {
    const role = new aws.iam.Role(
        `${name}-execution`,
        { description: `ECS execution role of ${args.serviceName}: image pull, logs, its secrets`, assumeRolePolicy: ecsTasksTrustPolicy(args.scope) },
        { parent },
    );
    const policies = [
        new aws.iam.RolePolicy(
            `${name}-execution`,
            {
                role: role.id,
                policy: pulumi
                    .all([args.logGroupArn, args.routerLogGroupArn, pulumi.all([...args.images])])
                    .apply(([arn, router, images]) => JSON.stringify(executionPolicy(images, router ? [arn, router] : arn))),
            },
            { parent },
        ),
    ];
    if (Object.keys(args.secretArns).length > 0) {
        policies.push(
            new aws.iam.RolePolicy(
                `${name}-secrets`,
                {
                    role: role.id,
                    policy: pulumi.all(args.secretArns).apply((arns) => JSON.stringify(secretsPolicy(Object.values(arns), args.secretsKmsKeyArn))),
                },
                { parent },
            ),
        );
    }
    return { role, policies };
}

/** The role the application runs as; its permissions come from createTaskRolePolicy. */
export function createTaskRole(name: string, scope: AwsScope, serviceName: string, parent: pulumi.Resource): aws.iam.Role {
    return new aws.iam.Role(
        `${name}-task`,
        { description: `ECS task role of ${serviceName}: only what its config grants`, assumeRolePolicy: ecsTasksTrustPolicy(scope) },
        { parent },
    );
}

export interface TaskRolePolicyArgs {
    /** The task role. */
    readonly role: aws.iam.Role;
    /** The service's `taskPolicy` statements from config. */
    readonly statements: StatementConfig[];
    /** ECS Exec is on for the service: the SSM message channels. */
    readonly executeCommand: boolean;
    /** The ADOT collector sends traces to X-Ray. @default false */
    readonly tracing?: boolean;
    /**
     * The cluster's ECS Exec session key and log group, which the task's agent uses (read only with executeCommand).
     * @default none: the task role gets the message channels of ECS Exec only.
     */
    readonly execSessions?: ExecSessions;
    /**
     * The service's EFS file system and access point.
     * @default none: no EFS mount rights.
     */
    readonly efs?: pulumi.Output<EfsGrant>;
    /**
     * The service's log group, which the FireLens router writes with the task role.
     * @default none: the service logs through awslogs (the execution role writes).
     */
    readonly firelensLogGroupArn?: pulumi.Output<string>;
}

/** The task role's policy, or none when the role needs no permissions (no statements, no ECS Exec, no EFS). */
export function createTaskRolePolicy(name: string, args: TaskRolePolicyArgs, parent: pulumi.Resource): aws.iam.RolePolicy | undefined {
    const grants = { statements: args.statements, executeCommand: args.executeCommand, tracing: args.tracing };
    if (!taskRoleNeedsPolicy({ ...grants, efs: args.efs !== undefined, firelens: args.firelensLogGroupArn !== undefined })) return undefined;
    const exec = args.executeCommand ? args.execSessions : undefined;
    const execGrant = exec ? pulumi.all([exec.key.arn, exec.logGroup.arn]).apply(([kmsKeyArn, logGroupArn]) => ({ kmsKeyArn, logGroupArn })) : undefined;
    return new aws.iam.RolePolicy(
        `${name}-task`,
        {
            role: args.role.id,
            policy: pulumi
                .all([args.efs, execGrant, args.firelensLogGroupArn])
                .apply(([efs, execSessions, firelensLogGroupArn]) => JSON.stringify(taskPolicy({ ...grants, efs, execSessions, firelensLogGroupArn }))),
        },
        { parent },
    );
}
