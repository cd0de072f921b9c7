/**
 * IAM documents of a service's two roles. The execution role (used by ECS to start the task) may pull the image,
 * write its log group and read exactly the service's secrets; the task role (used by the application) gets nothing
 * but what config grants, plus what ECS Exec and EFS need when they are on.
 */
import { StatementConfig } from "./config/schema";
import { secretArnWithoutSelectors } from "@ecs-platform/shared/secretNames";

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/;

/** The ECR repository ARN of an image URI, or undefined for images outside ECR. */
export function ecrRepositoryArn(image: string): string | undefined {
    const match = ECR_IMAGE.exec(image);
    if (!match) return undefined;
    const partition = match[3] ? "aws-cn" : "aws";
    return `arn:${partition}:ecr:${match[2]}:${match[1]}:repository/${match[4]}`;
}

/**
 * Image pull from the ECR repositories of the task's images (the service's and its sidecars'; nothing for public
 * registries) and writes to its log group.
 */
export function executionPolicy(images: string | readonly string[], logGroupArns: string | readonly string[]): PolicyDocument {
    const streams = (typeof logGroupArns === "string" ? [logGroupArns] : logGroupArns).map((arn) => `${arn}:*`);
    const statements: PolicyStatement[] = [
        { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: streams.length === 1 ? streams[0] : streams },
    ];
    const repositories = [...new Set((typeof images === "string" ? [images] : images).flatMap((i) => ecrRepositoryArn(i) ?? []))];
    if (repositories.length > 0) {
        // GetAuthorizationToken has no resource-level permissions. Source: Service Authorization Reference, Amazon ECR.
        statements.push(
            { Sid: "EcrToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
            {
                Sid: "PullImage",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Resource: repositories.length === 1 ? repositories[0] : repositories,
            },
        );
    }
    return policyDocument(statements);
}

/** GetSecretValue on exactly these secrets (selectors stripped), and kms:Decrypt on the key when one is given. */
export function secretsPolicy(secretArns: string[], kmsKeyArn: string | undefined): PolicyDocument {
    const resources = [...new Set(secretArns.map(secretArnWithoutSelectors))].sort();
    const statements: PolicyStatement[] = [{ Sid: "ReadServiceSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: resources }];
    if (kmsKeyArn) statements.push({ Sid: "DecryptServiceSecrets", Effect: "Allow", Action: ["kms:Decrypt"], Resource: kmsKeyArn });
    return policyDocument(statements);
}

/** Where ECS Exec sessions are encrypted and logged (the cluster's executeCommandConfiguration). */
export interface ExecSessionGrant {
    kmsKeyArn: string;
    logGroupArn: string;
}

/** The service's EFS file system, mounted through its access point. */
export interface EfsGrant {
    fileSystemArn: string;
    accessPointArn: string;
    readOnly: boolean;
}

export interface TaskPolicyInput {
    statements: StatementConfig[];
    executeCommand: boolean;
    /** The ADOT collector sidecar sends traces to X-Ray. @default false */
    tracing?: boolean;
    /** With ECS Exec: the session key and log group the task's agent uses. */
    execSessions?: ExecSessionGrant;
    efs?: EfsGrant;
    /** With a FireLens router: the log group its cloudwatch_logs output writes to, with the task role's credentials. */
    firelensLogGroupArn?: string;
}

/**
 * Whether the task role needs permissions at all: config grants some, or ECS Exec or EFS is on. Decided from config
 * alone, before any ARN is known, so that the role's policy resource is created, or not, at once.
 */
export function taskRoleNeedsPolicy(input: {
    statements: readonly StatementConfig[];
    executeCommand: boolean;
    efs: boolean;
    tracing?: boolean;
    firelens?: boolean;
}): boolean {
    return input.statements.length > 0 || input.executeCommand || input.efs || input.tracing === true || input.firelens === true;
}

/**
 * What the ADOT collector needs to send traces to X-Ray; X-Ray takes no resource-level permissions for them. Source:
 * Amazon ECS Developer Guide, "Collecting application trace data", required IAM permissions (2023 text, archived
 * awsdocs/amazon-ecs-developer-guide, read 2026-12-02).
 */
const XRAY_WRITE_ACTIONS = [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
];

/** The task role's document, or undefined when the role needs no permissions at all. */
export function taskPolicy(input: TaskPolicyInput): PolicyDocument | undefined {
    if (!taskRoleNeedsPolicy({ ...input, efs: input.efs !== undefined, firelens: input.firelensLogGroupArn !== undefined })) return undefined;
    const statements: PolicyStatement[] = input.statements.map((st, i) => ({
        Sid: `Config${i}`,
        Effect: st.effect,
        Action: st.actions,
        Resource: st.resources,
    }));
    if (input.tracing) statements.push({ Sid: "Tracing", Effect: "Allow", Action: XRAY_WRITE_ACTIONS, Resource: "*" });
    if (input.executeCommand) {
        // The SSM message channel of ECS Exec supports no resource-level permissions. Source: ECS Developer Guide, "ECS Exec".
        statements.push({
            Sid: "EcsExec",
            Effect: "Allow",
            Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
            Resource: "*",
        });
        if (input.execSessions) {
            // The agent in the task decrypts the session with the cluster's key and writes the session log itself.
            // Source: Amazon ECS Developer Guide, "Monitor Amazon ECS containers with ECS Exec", IAM permissions for
            // KMS encryption and for CloudWatch Logs session logging (read 2026-12-02).
            statements.push(
                { Sid: "EcsExecDecrypt", Effect: "Allow", Action: ["kms:Decrypt"], Resource: input.execSessions.kmsKeyArn },
                { Sid: "EcsExecLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
                {
                    Sid: "EcsExecLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                    Resource: `${input.execSessions.logGroupArn}:*`,
                },
            );
        }
    }
    if (input.firelensLogGroupArn) {
        // Fluent Bit's cloudwatch_logs output runs in the task with the task role: streams and events in the service's
        // group only (auto_create_group is off). Source: Fluent Bit cloudwatch_logs output, permissions (read 2026-12-02).
        statements.push({
            Sid: "FirelensLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: `${input.firelensLogGroupArn}:*`,
        });
    }
    if (input.efs) {
        statements.push({
            Sid: "MountEfs",
            Effect: "Allow",
            Action: input.efs.readOnly ? ["elasticfilesystem:ClientMount"] : ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            Resource: input.efs.fileSystemArn,
            Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": input.efs.accessPointArn } },
        });
    }
    return policyDocument(statements);
}
