/** The schema of one service in `services[]`: its image, size, routes, capacity, scaling, deployment and access. */
import { z } from "zod";
import { MAX_IMAGE_LENGTH } from "../../awsdata/limits";
import { isTimeZone } from "../../awsdata/timeZones";
import { int, strict } from "./zodForms";

export const CAPACITY_PROVIDERS = ["fargate", "fargateSpot", "ec2", "managedInstances"] as const;

/** CPU architectures of ECS task definitions (RuntimePlatform.cpuArchitecture). */
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

export type CapacityProviderName = (typeof CAPACITY_PROVIDERS)[number];

export const capacityStrategyItem = strict({
    /** Which capacity provider. */
    provider: z.enum(CAPACITY_PROVIDERS),
    /** Tasks placed on this provider before weights apply. @default 0 */
    base: int(0, 100000).default(0),
    /** Relative share of tasks beyond the bases. @default 1 */
    weight: int(0, 1000).default(1),
});
export type CapacityStrategyItem = z.infer<typeof capacityStrategyItem>;

const targetHealthCheck = strict({
    /** Path the ALB probes. @default "/" */
    path: z
        .string()
        .regex(/^\/[\x21-\x7e]{0,1023}$/, "must start with / and hold no spaces")
        .default("/"),
    /** HTTP codes that count as healthy. @default "200-399" */
    matcher: z
        .string()
        .regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, "is not an HTTP code list like 200-399")
        .default("200-399"),
    /** Seconds between the target group's health checks. @default 15 */
    intervalSeconds: int(5, 300).default(15),
    /** Seconds a health check may take. @default 5 */
    timeoutSeconds: int(2, 120).default(5),
    /** Passing checks in a row before a target takes traffic. @default 2 */
    healthyThreshold: int(2, 10).default(2),
    /** Failing checks in a row before a target stops taking traffic. @default 3 */
    unhealthyThreshold: int(2, 10).default(3),
});

const containerHealthCheck = strict({
    /** Command run in the container, e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]. */
    command: z.array(z.string()).min(1),
    /** Seconds between the container's own health checks. @default 30 */
    intervalSeconds: int(5, 300).default(30),
    /** Seconds the check command may run. @default 5 */
    timeoutSeconds: int(2, 60).default(5),
    /** Failures in a row before ECS marks the container unhealthy. @default 3 */
    retries: int(1, 10).default(3),
    /** Seconds after start during which failures do not count. @default 0 */
    startPeriodSeconds: int(0, 300).default(0),
});

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "is not an environment variable name");

/** The tracing collector's container name (no sidecar may take it) and the OTLP ports it listens on inside the task. */
export const OTEL_COLLECTOR = "otel-collector";
export const OTLP_PORTS = [4317, 4318] as const;

/**
 * The AWS Distro for OpenTelemetry collector, pinned. v0.41.1 is the newest tag the public code read on 2026-12-02
 * uses (AWS's CDK and Terraform examples); `--config=/etc/ecs/ecs-xray.yaml` is the image's traces-only configuration
 * (OTLP in on 4317 and 4318, X-Ray out), aws-observability/aws-otel-collector `config/ecs`. A newer tag should be
 * checked against the project's releases before it is pinned here.
 */
export const OTEL_COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.41.1";

/** The FireLens log router's container name (no sidecar may take it). */
export const LOG_ROUTER = "log-router";

/**
 * AWS for Fluent Bit, pinned to a 3.x tag (Amazon Linux 2023; the 2.x line reached end of support on 2026-06-30 per
 * the project's README, and its `stable` tag still points to 2.x, so `stable` is not used). 3.4.17 is the newest tag
 * public code used on 2026-12-02 (aws/aws-for-fluent-bit releases could not be read here); check the releases before
 * pinning a newer one.
 */
export const LOG_ROUTER_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.4.17";

/**
 * The uid the log router runs as: root. ECS has refused any other uid on a FireLens container ("If 'user' field is
 * specified on firelens container, then 'UID' has to be '0'", cloudposse/terraform-aws-ecs-container-definition#97);
 * the non-root mode of ECS agent 1.96.0 (2025-10, aws/amazon-ecs-agent#4697) is an EC2 agent's, and
 * aws/containers-roadmap#2122 is still open (read 2026-12-02). Written out, so the pack sees it; the pack's non-root
 * rule exempts this router (policies/lib/containers.ts isFirelensRouter) and nothing else.
 */
export const LOG_ROUTER_USER = "0";

/** ECS's container dependency conditions. Source: ECS API reference, ContainerDependency (read 2026-12-02). */
export const CONTAINER_CONDITIONS = ["START", "COMPLETE", "SUCCESS", "HEALTHY"] as const;

/**
 * A container beside the service's own in the same task (a log router, a metrics exporter, a proxy). It gets the same
 * hardening, logging and secret rules as the service's container, and shares the task's CPU, memory and network.
 */
export const sidecarSchema = strict({
    /** Container name, unique in the task and not the service's own name. */
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "must be 1-32 characters: a lowercase letter, then lowercase letters, digits or -"),
    /** Container image, ideally pinned by digest. */
    image: z.string().min(1).max(MAX_IMAGE_LENGTH).regex(/^\S+$/, "must not contain whitespace"),
    /** CPU units reserved for it, out of the task's; 0 reserves none. @default 0 */
    cpu: int(0, 16384).default(0),
    /** Hard memory limit in MiB, out of the task's. @default none (no limit of its own) */
    memory: int(6, 122880).optional(),
    /** The task stops when this container stops; by default a sidecar's exit does not stop the service's container. @default false */
    essential: z.boolean().default(false),
    /** Ports it listens on, reachable from the task's other containers on localhost only (no security group opens them). @default [] */
    ports: z.array(int(1, 65535)).max(10).default([]),
    /** Plain environment variables; names that look secret are refused. @default {} */
    environment: z.record(variableName, z.string()).default({}),
    /** Secrets by variable name: a Secrets Manager ARN, or the name of a secret in `secrets`. @default {} */
    secrets: z.record(variableName, z.string()).default({}),
    /** Command override. @default the image's */
    command: z.array(z.string()).optional(),
    /** User it runs as. @default the service's `user` */
    user: z.string().min(1).optional(),
    /** Root filesystem read-only. @default true */
    readonlyRootFilesystem: z.boolean().default(true),
    /** Containers of the task (the service's, by the service's name, or other sidecars) that must reach a state before this one starts. @default [] */
    dependsOn: z
        .array(
            strict({
                /** The container waited for: the service's (by the service's name) or another sidecar. */
                container: z.string().min(1),
                /** What it must reach first: START, COMPLETE, SUCCESS (exited 0) or HEALTHY (its health check passes). */
                condition: z.enum(CONTAINER_CONDITIONS),
            }),
        )
        .default([]),
    /** Docker health check inside the container. @default none */
    healthCheck: containerHealthCheck.optional(),
});
export type SidecarConfig = z.infer<typeof sidecarSchema>;

const scheduleSchema = strict({
    /** Name of the scheduled action, unique within the service. */
    name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "is letters, digits and - only"),
    /** cron(...), rate(...) or at(...) expression. */
    schedule: z.string().regex(/^(cron|rate|at)\(.+\)$/, "is not a cron(...), rate(...) or at(...) expression"),
    /** IANA time zone of the expression, e.g. "Europe/Dublin". @default "UTC" */
    timezone: z.string().refine(isTimeZone, { message: "is not an IANA time zone name like Europe/Dublin or UTC (exact case)" }).default("UTC"),
    /** Minimum tasks from this time on. */
    minCount: int(0, 1000),
    /** Maximum tasks from this time on. */
    maxCount: int(0, 1000),
});

/** Statistics a step-scaling alarm may read its metric by. */
export const STEP_STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"] as const;

/**
 * Step scaling on a CloudWatch alarm: tasks added when a metric rises past thresholds, removed when it falls below
 * others. For metrics target tracking cannot follow, such as a queue's depth for a worker.
 */
export const stepScalingSchema = strict({
    /** Name, unique among the service's step policies; it names the alarms. */
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "must be 1-32 characters: a lowercase letter, then lowercase letters, digits or -"),
    /** The service's average "cpu" or "memory" (AWS/ECS), or any CloudWatch metric. */
    metric: z.union([
        z.enum(["cpu", "memory"]),
        strict({
            /** The metric's namespace, e.g. AWS/SQS. */
            namespace: z.string().min(1).max(255),
            /** The metric's name, e.g. ApproximateNumberOfMessagesVisible. */
            name: z.string().min(1).max(255),
            /** Its dimensions, e.g. { QueueName: jobs }. @default {} */
            dimensions: z.record(z.string().min(1), z.string().min(1)).default({}),
            /** How the alarm reads it each minute. @default "Average" */
            statistic: z.enum(STEP_STATISTICS).default("Average"),
        }),
    ]),
    /** Tasks added once the metric reaches each threshold, thresholds rising. @default [] */
    scaleOut: z
        .array(
            strict({
                /** Threshold the metric reaches. */
                atOrAbove: z.number(),
                /** Tasks added. */
                add: int(1, 1000),
            }),
        )
        .max(10)
        .default([]),
    /** Tasks removed once the metric falls to each threshold, thresholds falling. @default [] */
    scaleIn: z
        .array(
            strict({
                /** Threshold the metric falls to. */
                atOrBelow: z.number(),
                /** Tasks removed. */
                remove: int(1, 1000),
            }),
        )
        .max(10)
        .default([]),
    /** One-minute periods the metric must stay past a threshold before tasks change. @default 2 */
    evaluationPeriods: int(1, 60).default(2),
    /** Seconds after a change before the next one. @default 60 */
    cooldownSeconds: int(0, 3600).default(60),
});
export type StepScalingConfig = z.infer<typeof stepScalingSchema>;

/**
 * Where ECS places tasks on EC2 container instances. Source: Amazon ECS Developer Guide, "Amazon ECS task placement"
 * and the API reference's PlacementStrategy and PlacementConstraint (read 2026-12-02); Fargate takes neither.
 */
export const placementSchema = strict({
    /** Strategies in order of precedence, at most 5: spread over a field, binpack on cpu or memory, random. @default [] */
    strategy: z
        .array(
            strict({
                /** spread, binpack or random. */
                type: z.enum(["spread", "binpack", "random"]),
                /** spread: instanceId or an attribute (attribute:ecs.availability-zone); binpack: cpu or memory; random: none. @default none */
                field: z.string().min(1).optional(),
            }),
        )
        .max(5)
        .default([]),
    /** Constraints, at most 10: distinctInstance, or memberOf a cluster query language expression. @default [] */
    constraints: z
        .array(
            strict({
                /** distinctInstance or memberOf. */
                type: z.enum(["distinctInstance", "memberOf"]),
                /** memberOf's cluster query language expression, e.g. attribute:ecs.instance-type =~ m7g.*. @default none */
                expression: z.string().min(1).max(2000).optional(),
            }),
        )
        .max(10)
        .default([]),
});

const autoscalingSchema = strict({
    /** Fewest tasks. */
    minCount: int(0, 1000),
    /** Most tasks. */
    maxCount: int(1, 1000),
    /** Target average CPU utilisation %. @default none */
    cpuTargetPercent: int(1, 100).optional(),
    /** Target average memory utilisation %. @default none */
    memoryTargetPercent: int(1, 100).optional(),
    /** Target ALB requests per task per minute (ALBRequestCountPerTarget). @default none */
    requestsPerTarget: int(1, 1000000).optional(),
    /** Seconds after a scale-in before the next one. @default 300 */
    scaleInCooldownSeconds: int(0, 3600).default(300),
    /** Seconds after a scale-out before the next one. @default 60 */
    scaleOutCooldownSeconds: int(0, 3600).default(60),
    /** Scheduled capacity changes, e.g. dev scaled to zero at night. @default [] */
    schedules: z.array(scheduleSchema).default([]),
    /** Step scaling on CloudWatch alarms, beside target tracking and schedules. @default [] */
    steps: z.array(stepScalingSchema).max(5).default([]),
});
export type AutoscalingConfig = z.infer<typeof autoscalingSchema>;

/** Strategies that shift load-balancer traffic between two target groups (ECS-native, with the same wiring). */
export const TRAFFIC_SHIFTING_STRATEGIES = ["blueGreen", "linear", "canary"] as const;

/** The service takes connections: from the ALB (it has paths) or on its NLB listener (expose: nlb). */
export function takesTraffic(svc: { paths: readonly string[]; expose: "alb" | "nlb" }): boolean {
    return svc.paths.length > 0 || svc.expose === "nlb";
}

/** True for blue/green, linear and canary: an alternate target group, the production listener rule, the infrastructure role. */
export function shiftsTraffic(strategy: string): boolean {
    return (TRAFFIC_SHIFTING_STRATEGIES as readonly string[]).includes(strategy);
}

const deploymentSchema = strict({
    /**
     * ROLLING with the circuit breaker and rollback; or ECS-native BLUE_GREEN, LINEAR or CANARY, which shift traffic
     * between two target groups (Amazon ECS Developer Guide, deployment strategies, read 2026-12-02). @default "rolling"
     */
    strategy: z.enum(["rolling", ...TRAFFIC_SHIFTING_STRATEGIES]).default("rolling"),
    /** Linear only: traffic moved in each step, in percent (3 to 100). @default 10 */
    linearStepPercent: z.number().min(3).max(100).default(10),
    /** Linear only: minutes between steps. @default 5 */
    linearStepBakeTimeMinutes: int(0, 1440).default(5),
    /** Canary only: traffic the new revision takes first, in percent (0.1 to 100). @default 10 */
    canaryPercent: z.number().min(0.1).max(100).default(10),
    /** Canary only: minutes the canary runs before all traffic moves. @default 10 */
    canaryBakeTimeMinutes: int(0, 1440).default(10),
    /** Running tasks kept during a deployment, as a share of the desired count. @default 100 */
    minimumHealthyPercent: int(0, 100).default(100),
    /** Tasks allowed during a deployment, as a share of the desired count. @default 200 */
    maximumPercent: int(100, 400).default(200),
    /** Blue/green, linear and canary: minutes both revisions stay up after all traffic moved, before the old one goes. @default 10 */
    bakeTimeMinutes: int(0, 1440).default(10),
    /** Seconds the ALB health check is ignored after a task starts. @default 60 */
    healthCheckGracePeriodSeconds: int(0, 2147483647).default(60),
});

export const statementSchema = strict({
    /** Allow or Deny. @default "Allow" */
    effect: z.enum(["Allow", "Deny"]).default("Allow"),
    /** IAM actions, e.g. ["s3:GetObject"]. */
    actions: z.array(z.string().regex(/^([a-z0-9-]+:[A-Za-z0-9*]+|\*)$/, "is not an IAM action like s3:GetObject")).min(1),
    /** Resource ARNs. */
    resources: z.array(z.string().min(1)).min(1),
});
export type StatementConfig = z.infer<typeof statementSchema>;

/** The Docker platform an image is built for, per ECS CPU architecture. */
export const BUILD_PLATFORM: Record<CpuArchitecture, "linux/amd64" | "linux/arm64"> = { X86_64: "linux/amd64", ARM64: "linux/arm64" };

/** A Docker build of the service's image (awsx.ecr.Image). */
const buildSchema = strict({
    /** Directory of the build context, relative to the project directory (where Pulumi.yaml is). */
    context: z.string().min(1),
    /** The Dockerfile, relative to the context. @default "Dockerfile" */
    dockerfile: z.string().min(1).default("Dockerfile"),
    /** The multi-stage build's target stage. @default none: the last stage */
    target: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "is not a build stage name")
        .optional(),
    /** Docker platform; must match the service's architecture. @default the service's architecture (linux/amd64 or linux/arm64) */
    platform: z.enum(["linux/amd64", "linux/arm64"]).optional(),
});
export type BuildConfig = z.infer<typeof buildSchema>;

/** One capacity provider, or an explicit strategy. */
export const capacityChoice = z.union([z.enum(CAPACITY_PROVIDERS), strict({ strategy: z.array(capacityStrategyItem).min(1).max(6) })], {
    error: `is not allowed (allowed: ${CAPACITY_PROVIDERS.join(", ")}, or { strategy: [{ provider, base, weight }] })`,
});

/** Variables by name: environment variables, or secrets. */
export const variableMap = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "is not an environment variable name"), z.string());

/** A container image reference: at most 255 characters, no whitespace (awsdata/limits.ts). */
export const imageReference = z.string().min(1).max(MAX_IMAGE_LENGTH).regex(/^\S+$/, "must not contain whitespace");

/** A name that prefixes AWS resource names: a lowercase letter, then lowercase letters, digits or -, 16 at most. */
export const shortName = z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, "must be 1-16 characters: a lowercase letter, then lowercase letters, digits or -");

export const serviceSchema = strict({
    /** Service name: lowercase letters, digits and -, at most 16 characters (it prefixes AWS resource names). */
    name: shortName,
    /**
     * Container image, ideally pinned by digest; at most 255 characters, no whitespace (awsdata/limits.ts). Give
     * either image or build. @default none: the image is built from `build`
     */
    image: imageReference.optional(),
    /** Build the image from source into the stack's ECR repository on `pulumi up`, instead of `image`. @default none */
    build: buildSchema.optional(),
    /**
     * CPU architectures the image is built for (its manifest list). A tag used on x86_64 in one stack and on ARM64
     * in another must be a multi-architecture image: list both. @default ["X86_64"]
     */
    imageArchitectures: z.array(z.enum(CPU_ARCHITECTURES)).min(1).max(2).default(["X86_64"]),
    /** Task CPU units (1024 = 1 vCPU). */
    cpu: z.number().int(),
    /** Task memory in MiB. */
    memory: z.number().int(),
    /** Port the container listens on. @default 8080 */
    containerPort: int(1, 65535).default(8080),
    /**
     * ALB path patterns routed to this service; "/*" is the catch-all and always evaluates last. None makes it a worker
     * service: no target group, listener rule or load-balancer ingress. @default []
     */
    paths: z.array(z.string()).max(5).default([]),
    /**
     * Removes this prefix from the request path before the service sees it (an ALB URL rewrite), for an application
     * that serves at "/" behind a route like "/docs/*". Every path must start with it. @default none
     */
    stripPathPrefix: z
        .string()
        .regex(/^(\/[A-Za-z0-9._~-]+)+$/, "is not a path prefix like /docs (no trailing /)")
        .optional(),
    /** Host headers that must also match. @default [] */
    hosts: z.array(z.string()).max(4).default([]),
    /**
     * How clients reach the service: through the stack's ALB by `paths` and `hosts` ("alb"; without paths the service
     * is a worker), or through the stack's Network Load Balancer on its own `listener` ("nlb": TCP or TLS, for
     * protocols other than HTTP, very high connection counts, static addresses or PrivateLink). @default "alb"
     */
    expose: z.enum(["alb", "nlb"]).default("alb"),
    /**
     * The NLB listener of a service with `expose: nlb`: the port clients connect to (unique on the NLB) and TCP, or
     * TLS ended at the NLB with `networkLoadBalancer.certificateArn`. Required with expose: nlb. @default none
     */
    listener: strict({
        /** Port clients connect to on the NLB. */
        port: int(1, 65535),
        /** "TLS" ends TLS at the NLB (certificate and TLS policy of `networkLoadBalancer`); "TCP" passes bytes through. @default "TLS" */
        protocol: z.enum(["TCP", "TLS"]).default("TLS"),
    }).optional(),
    /** Listener rule priority. @default derived from the service's position in the list */
    priority: int(1, 50000).optional(),
    /**
     * "daemon" runs one task on every container instance (log and monitoring agents): on capacity ec2 an ECS service
     * with the DAEMON strategy, on managedInstances an ECS managed daemon; no desired count, autoscaling or placement
     * strategies, no paths. @default "replica"
     */
    schedulingStrategy: z.enum(["replica", "daemon"]).default("replica"),
    /** Tasks kept running. @default 1 */
    desiredCount: int(0, 1000).default(1),
    /** Where tasks run: one provider, or an explicit strategy. @default "fargate" */
    capacity: capacityChoice.default("fargate"),
    /** CPU architecture the tasks run on; must be one of imageArchitectures, and the EC2 capacity's when on ec2. @default "X86_64" */
    architecture: z.enum(CPU_ARCHITECTURES).default("X86_64"),
    /** Plain environment variables; names that look secret are refused. @default {} */
    environment: variableMap.default({}),
    /** Secrets by variable name: a Secrets Manager ARN, or the name of a secret in `secrets`. @default {} */
    secrets: variableMap.default({}),
    /** KMS key the secrets are encrypted with; grants kms:Decrypt on it. @default none (AWS managed key) */
    secretsKmsKeyArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, "is not a KMS key ARN")
        .optional(),
    /** Command override. @default the image's */
    command: z.array(z.string()).optional(),
    /** User the container runs as, e.g. "1000:1000". @default the image's */
    user: z.string().min(1).optional(),
    /** Root filesystem read-only. @default true */
    readonlyRootFilesystem: z.boolean().default(true),
    /**
     * Writable scratch directories for a read-only container, e.g. ["/tmp"]: tmpfs mounts owned by the container's
     * user (or world-writable with the sticky bit when `user` is not numeric). Their size counts against the task's
     * memory. @default []
     */
    scratchPaths: z.array(z.string().regex(/^\/[A-Za-z0-9._/-]*$/, "is not an absolute path")).default([]),
    /** Size of each scratch tmpfs in MiB. @default 64 */
    scratchSizeMiB: int(1, 16384).default(64),
    /** ALB target group health check. */
    healthCheck: targetHealthCheck.default({
        path: "/",
        matcher: "200-399",
        intervalSeconds: 15,
        timeoutSeconds: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
    }),
    /** Docker health check inside the task. @default none */
    containerHealthCheck: containerHealthCheck.optional(),
    /** Seconds the ALB drains a deregistering task. @default 30 */
    deregistrationDelaySeconds: int(0, 3600).default(30),
    /** Application Auto Scaling. @default none (desiredCount fixed) */
    autoscaling: autoscalingSchema.optional(),
    /** Deployment strategy and limits. */
    deployment: deploymentSchema.default(deploymentSchema.parse({})),
    /** ECS Exec (SSM sessions into containers). Never in production. @default false */
    enableExecuteCommand: z.boolean().default(false),
    /** Public subnets and public IPs instead of private subnets (Fargate only, development only). @default false */
    assignPublicIp: z.boolean().default(false),
    /** EFS file system mounted into the container (encrypted, TLS in transit, IAM authorised). @default none */
    efs: strict({
        /** Mount point in the container. */
        containerPath: z.string().regex(/^\/[A-Za-z0-9._/-]*$/, "is not an absolute path"),
        /** Mounts the file system read-only. @default false */
        readOnly: z.boolean().default(false),
    }).optional(),
    /** Ingress to the database security group. @default false */
    databaseAccess: z.boolean().default(false),
    /** IAM statements for the task role; the task role has no permissions otherwise. @default [] */
    taskPolicy: z.array(statementSchema).default([]),
    /**
     * Tracing: "otel" runs an AWS Distro for OpenTelemetry collector beside the service's container, taking OTLP on
     * localhost:4317 (gRPC) and 4318 (HTTP) inside the task only and exporting to X-Ray, with the task role's X-Ray
     * permissions; the container gets OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME. @default "none"
     */
    tracing: z.enum(["none", "otel"]).default("none"),
    /** How the task's containers log. */
    logging: strict({
        /**
         * "awslogs": each container writes to the service's log group through the awslogs driver. "firelens": a Fluent
         * Bit log router (FireLens) beside the service's container, logging to its own log group, forwards the service's
         * and the sidecars' output to the service's log group with the task role's rights (its configuration can then
         * grow filters and other destinations). @default "awslogs"
         */
        router: z.enum(["awslogs", "firelens"]).default("awslogs"),
        /**
         * The router's image: AWS for Fluent Bit from public ECR, or a copy in this region's ECR (a pull-through cache),
         * which a stack without NAT needs. @default "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.4.17"
         */
        routerImage: z.string().min(1).max(MAX_IMAGE_LENGTH).regex(/^\S+$/, "must not contain whitespace").default(LOG_ROUTER_IMAGE),
    }).default({ router: "awslogs", routerImage: LOG_ROUTER_IMAGE }),
    /**
     * The services this one calls through Service Connect: each admits this service's tasks on its container port, by
     * this service's own security group. A service no one lists admits no peer. @default []
     */
    connectsTo: z.array(z.string()).max(50).default([]),
    /** Task placement on EC2 capacity (refused on Fargate, which places tasks itself). @default none */
    placement: placementSchema.optional(),
    /** Containers beside the service's own in its task: at most 9, as a task holds 10 (ECS service quotas). @default [] */
    sidecars: z.array(sidecarSchema).max(9, "holds at most 9: a task has at most 10 containers, the service's own included").default([]),
    /** Seconds between SIGTERM and SIGKILL. @default 30 */
    stopTimeoutSeconds: int(2, 120).default(30),
});
export type ServiceConfig = z.infer<typeof serviceSchema>;
