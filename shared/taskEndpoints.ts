/**
 * The VPC endpoints a task in a subnet without NAT needs, by what the task does: config validation requires them
 * and the cost estimate prices them (infra/config/requiredEndpoints.ts, over a stack's services), and the policy
 * pack's private-egress-path rule checks them (over one planned service).
 *
 * Source: Amazon ECS Developer Guide, "Amazon ECS interface VPC endpoints (AWS PrivateLink)" and "Amazon ECR
 * interface VPC endpoints" (read 2026-11-23): image pull needs ecr.api, ecr.dkr and the S3 gateway endpoint (layers
 * are in S3); the awslogs driver needs logs; secrets in container definitions need secretsmanager; ECS Exec needs
 * ssmmessages; container instances (EC2 capacity) need ecs, ecs-agent and ecs-telemetry.
 */

/** What a task does that decides the endpoints it needs. */
export interface TaskTraits {
    /** A container reads a Secrets Manager secret. */
    readonly readsSecrets: boolean;
    /** ECS Exec is on. */
    readonly execCommand: boolean;
    /** The task runs on EC2 container instances (their agent talks to ECS). */
    readonly onEc2Capacity: boolean;
}

export type TaskEndpoint = "ecr.api" | "ecr.dkr" | "logs" | "secretsmanager" | "ssmmessages" | "ecs" | "ecs-agent" | "ecs-telemetry";

/** The gateway and interface endpoints a task with these traits needs without NAT. */
export function endpointsNeeded(traits: TaskTraits): { gateway: "s3"[]; interface: TaskEndpoint[] } {
    const needed: TaskEndpoint[] = ["ecr.api", "ecr.dkr", "logs"];
    if (traits.readsSecrets) needed.push("secretsmanager");
    if (traits.execCommand) needed.push("ssmmessages");
    if (traits.onEc2Capacity) needed.push("ecs", "ecs-agent", "ecs-telemetry");
    return { gateway: ["s3"], interface: needed };
}
