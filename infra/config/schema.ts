/**
 * The one schema of a stack's config: every key under the project's namespace in Pulumi.<stack>.yaml, its type,
 * its default and its meaning. Shape checks live here; rules that relate several keys live in `rules.ts`.
 */
import { z } from "zod";
import { LOG_RETENTION_DAYS, MAX_IMAGE_LENGTH } from "../../awsdata/limits";
import { cidrProblem } from "../cidr";

/** A strict object: an unknown key is an error that lists the keys this object accepts. */
function strict<T extends z.ZodRawShape>(shape: T) {
    const allowed = Object.keys(shape).join(", ");
    return z.strictObject(shape, {
        error: (issue) =>
            issue.code === "unrecognized_keys" ? `unknown key (allowed: ${allowed})` : undefined,
    });
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** An IPv4 CIDR block without host bits; the message names the fix. */
const cidrBlock = z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const retentionDays = z.number().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `is not a CloudWatch Logs retention (allowed: ${LOG_RETENTION_DAYS.join(", ")})`,
});

export const GATEWAY_ENDPOINTS = ["s3", "dynamodb"] as const;
export const INTERFACE_ENDPOINTS = [
    "ecr.api",
    "ecr.dkr",
    "logs",
    "secretsmanager",
    "ssm",
    "ssmmessages",
    "sts",
    "kms",
    "ecs",
    "ecs-agent",
    "ecs-telemetry",
] as const;
export type GatewayEndpoint = (typeof GATEWAY_ENDPOINTS)[number];
export type InterfaceEndpoint = (typeof INTERFACE_ENDPOINTS)[number];

export const NAT_STRATEGIES = ["none", "single", "perAz"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

export const CAPACITY_PROVIDERS = ["fargate", "fargateSpot", "ec2"] as const;

/** CPU architectures of ECS task definitions (RuntimePlatform.cpuArchitecture). */
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** True for the IANA time zone names this Node knows, aliases included (Application Auto Scaling takes IANA names). */
export function isTimeZone(name: string): boolean {
    try {
        new Intl.DateTimeFormat("en", { timeZone: name });
        return true;
    } catch {
        return false;
    }
}
export type CapacityProviderName = (typeof CAPACITY_PROVIDERS)[number];

/**
 * TLS policies of ALB HTTPS listeners that allow TLS 1.2 or newer only. Source: Elastic Load Balancing User Guide,
 * "Security policies for your Application Load Balancer" (read 2026-11-23).
 */
export const TLS12_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
] as const;

const capacityStrategyItem = strict({
    /** Which capacity provider. */
    provider: z.enum(CAPACITY_PROVIDERS),
    /** Tasks placed on this provider before weights apply. @default 0 */
    base: int(0, 100000).default(0),
    /** Relative share of tasks beyond the bases. @default 1 */
    weight: int(0, 1000).default(1),
});
export type CapacityStrategyItem = z.infer<typeof capacityStrategyItem>;

export const networkSchema = strict({
    /** The VPC's IPv4 CIDR block, /16 to /24. @default "10.0.0.0/16" */
    cidr: cidrBlock.default("10.0.0.0/16"),
    /** Availability zones used, 2 or 3 (the ALB needs two). @default 2 */
    azCount: int(2, 3).default(2),
    /** Internet egress of the private subnets: no NAT, one shared NAT gateway, or one per AZ. @default "single" */
    natGateways: z.enum(NAT_STRATEGIES).default("single"),
    /** Adds a subnet tier with no route out of the VPC, for databases. @default false */
    isolatedSubnets: z.boolean().default(false),
    /**
     * Prefix length of each tier's subnets. Defaults: private VPC+3 (a /19 in a /16), public and isolated VPC+6.
     * Space for three AZs is reserved per tier, so azCount can grow without renumbering.
     */
    subnetPrefixLengths: strict({
        /** @default VPC prefix + 6 */
        public: int(16, 28).optional(),
        /** @default VPC prefix + 3 */
        private: int(16, 28).optional(),
        /** @default VPC prefix + 6 */
        isolated: int(16, 28).optional(),
    }).default({}),
    /** VPC endpoints, so that AWS APIs are reached without NAT. */
    endpoints: strict({
        /** Gateway endpoints, attached to the private (and isolated) route tables. Free of charge. @default [] */
        gateway: z.array(z.enum(GATEWAY_ENDPOINTS)).default([]),
        /** Interface endpoints in the private subnets, private DNS on, 443 from the service security groups. @default [] */
        interface: z.array(z.enum(INTERFACE_ENDPOINTS)).default([]),
    }).default({ gateway: [], interface: [] }),
    /** VPC flow logs to CloudWatch Logs. */
    flowLogs: strict({
        /** @default false */
        enabled: z.boolean().default(false),
        /** Days the flow log group keeps records. @default 90 */
        retentionDays: retentionDays.default(90),
        /** Which traffic is logged. @default "ALL" */
        trafficType: z.enum(["ALL", "ACCEPT", "REJECT"]).default("ALL"),
    }).default({ enabled: false, retentionDays: 90, trafficType: "ALL" }),
});
export type NetworkConfig = z.infer<typeof networkSchema>;

const ec2CapacitySchema = strict({
    /** EC2 instance type of the container instances. @default "t3.medium" */
    instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "is not an EC2 instance type like t3.medium").default("t3.medium"),
    /** CPU architecture of the instance type; picks the ECS-optimized AL2023 AMI. @default "x86_64" */
    architecture: z.enum(["x86_64", "arm64"]).default("x86_64"),
    /** Smallest Auto Scaling group size. @default 0 */
    minSize: int(0, 1000).default(0),
    /** Largest Auto Scaling group size. @default 4 */
    maxSize: int(1, 1000).default(4),
    /** Managed scaling keeps the group at this % utilisation of reserved capacity. @default 100 */
    targetCapacityPercent: int(1, 100).default(100),
    /** Root EBS volume size (encrypted gp3). @default 30 */
    rootVolumeGiB: int(30, 16384).default(30),
});
export type Ec2CapacityConfig = z.infer<typeof ec2CapacitySchema>;

export const clusterSchema = strict({
    /** Container Insights level; "disabled" is not offered. @default "enabled" */
    containerInsights: z.enum(["enabled", "enhanced"]).default("enabled"),
    /** When set, an Auto Scaling group of ECS-optimized instances becomes the cluster's "ec2" capacity provider. */
    ec2Capacity: ec2CapacitySchema.optional(),
    /** The cluster's default capacity provider strategy. @default [{ provider: "fargate", base: 0, weight: 1 }] */
    defaultStrategy: z.array(capacityStrategyItem).min(1).default([{ provider: "fargate", base: 0, weight: 1 }]),
    /**
     * Create the ECS service-linked role (AWSServiceRoleForECS). An account that has never used ECS lacks it, and the
     * first CreateCluster/CreateCapacityProvider then fails; creating it where it already exists fails too, so this is
     * a switch: set it for the first stack of a fresh account, or run
     * `aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com` once instead. @default false
     */
    createServiceLinkedRole: z.boolean().default(false),
    /** Cloud Map HTTP namespace for Service Connect; every service joins it under its own name. @default none */
    serviceConnectNamespace: z
        .string()
        .regex(/^[a-z0-9]([a-z0-9.-]{0,62}[a-z0-9])?$/, "is not a namespace name (lowercase letters, digits, . and -)")
        .optional(),
});
export type ClusterConfig = z.infer<typeof clusterSchema>;

export const loadBalancerSchema = strict({
    /** ACM certificate for the HTTPS listener; without it the ALB serves plain HTTP. @default none */
    certificateArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, "is not an ACM certificate ARN")
        .optional(),
    /** TLS policy of the HTTPS listener (TLS 1.2 or newer only). @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    sslPolicy: z.enum(TLS12_POLICIES).default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
    /** Refuse deletion of the ALB. @default false */
    deletionProtection: z.boolean().default(false),
    /** Seconds an idle connection stays open. @default 60 */
    idleTimeoutSeconds: int(1, 4000).default(60),
    /** Sources allowed to reach the listeners. @default ["0.0.0.0/0"] */
    ingressCidrs: z.array(cidrBlock).min(1).default(["0.0.0.0/0"]),
    /** Access logs to an S3 bucket the stack creates (SSE-S3, public access blocked, ELB log delivery allowed). */
    accessLogs: strict({
        /** @default false */
        enabled: z.boolean().default(false),
        /** Days before log objects expire. @default 90 */
        expireAfterDays: int(1, 3650).default(90),
    }).default({ enabled: false, expireAfterDays: 90 }),
});
export type LoadBalancerConfig = z.infer<typeof loadBalancerSchema>;

export const managedSecretSchema = strict({
    /** Name of a Secrets Manager secret the stack creates (its value is set outside Pulumi). */
    name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,128}$/, "is not a Secrets Manager secret name"),
    /** @default "" */
    description: z.string().max(2048).default(""),
    /** KMS key that encrypts it. @default the AWS managed key aws/secretsmanager */
    kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, "is not a KMS key ARN").optional(),
    /**
     * The secret starts with a generated random value, so tasks that read it can start on the first deploy (a secret
     * with no value fails them with ResourceInitializationError). Pulumi never changes the value afterwards: set the
     * real one with `aws secretsmanager put-secret-value`.
     */
    initialValue: strict({
        /** Characters of the generated value. @default 32 */
        length: int(16, 4096).default(32),
        /** Include punctuation (off by default: the value is safe in URLs and connection strings). @default false */
        punctuation: z.boolean().default(false),
    }).default({ length: 32, punctuation: false }),
});
export type ManagedSecretConfig = z.infer<typeof managedSecretSchema>;

const targetHealthCheck = strict({
    /** Path the ALB probes. @default "/" */
    path: z.string().regex(/^\/[\x21-\x7e]{0,1023}$/, "must start with / and hold no spaces").default("/"),
    /** HTTP codes that count as healthy. @default "200-399" */
    matcher: z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, "is not an HTTP code list like 200-399").default("200-399"),
    /** @default 15 */
    intervalSeconds: int(5, 300).default(15),
    /** @default 5 */
    timeoutSeconds: int(2, 120).default(5),
    /** @default 2 */
    healthyThreshold: int(2, 10).default(2),
    /** @default 3 */
    unhealthyThreshold: int(2, 10).default(3),
});

const containerHealthCheck = strict({
    /** Command run in the container, e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]. */
    command: z.array(z.string()).min(1),
    /** @default 30 */
    intervalSeconds: int(5, 300).default(30),
    /** @default 5 */
    timeoutSeconds: int(2, 60).default(5),
    /** @default 3 */
    retries: int(1, 10).default(3),
    /** @default 0 */
    startPeriodSeconds: int(0, 300).default(0),
});

const scheduleSchema = strict({
    /** Name of the scheduled action, unique within the service. */
    name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "is letters, digits and - only"),
    /** cron(...), rate(...) or at(...) expression. */
    schedule: z.string().regex(/^(cron|rate|at)\(.+\)$/, "is not a cron(...), rate(...) or at(...) expression"),
    /** IANA time zone of the expression, e.g. "Europe/Dublin". @default "UTC" */
    timezone: z.string().refine(isTimeZone, { message: "is not an IANA time zone name like Europe/Dublin or UTC" }).default("UTC"),
    /** Minimum tasks from this time on. */
    minCount: int(0, 1000),
    /** Maximum tasks from this time on. */
    maxCount: int(0, 1000),
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
    /** @default 300 */
    scaleInCooldownSeconds: int(0, 3600).default(300),
    /** @default 60 */
    scaleOutCooldownSeconds: int(0, 3600).default(60),
    /** Scheduled capacity changes, e.g. dev scaled to zero at night. @default [] */
    schedules: z.array(scheduleSchema).default([]),
});
export type AutoscalingConfig = z.infer<typeof autoscalingSchema>;

const deploymentSchema = strict({
    /** ROLLING with the circuit breaker and rollback, or ECS-native BLUE_GREEN with an alternate target group. @default "rolling" */
    strategy: z.enum(["rolling", "blueGreen"]).default("rolling"),
    /** @default 100 */
    minimumHealthyPercent: int(0, 100).default(100),
    /** @default 200 */
    maximumPercent: int(100, 400).default(200),
    /** Blue/green only: minutes both revisions stay up before the old one goes. @default 10 */
    bakeTimeMinutes: int(0, 1440).default(10),
    /** Seconds the ALB health check is ignored after a task starts. @default 60 */
    healthCheckGracePeriodSeconds: int(0, 2147483647).default(60),
});
export type DeploymentConfig = z.infer<typeof deploymentSchema>;

const statementSchema = strict({
    /** @default "Allow" */
    effect: z.enum(["Allow", "Deny"]).default("Allow"),
    /** IAM actions, e.g. ["s3:GetObject"]. */
    actions: z.array(z.string().regex(/^([a-z0-9-]+:[A-Za-z0-9*]+|\*)$/, "is not an IAM action like s3:GetObject")).min(1),
    /** Resource ARNs. */
    resources: z.array(z.string().min(1)).min(1),
});
export type StatementConfig = z.infer<typeof statementSchema>;

export const serviceSchema = strict({
    /** Service name: lowercase letters, digits and -, at most 16 characters (it prefixes AWS resource names). */
    name: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, "must be 1-16 characters: a lowercase letter, then lowercase letters, digits or -"),
    /** Container image, ideally pinned by digest; at most 255 characters, no whitespace (awsdata/limits.ts). */
    image: z.string().min(1).max(MAX_IMAGE_LENGTH).regex(/^\S+$/, "must not contain whitespace"),
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
    /** ALB path patterns routed to this service; "/*" is the catch-all and always evaluates last. */
    paths: z.array(z.string()).min(1).max(5),
    /**
     * Removes this prefix from the request path before the service sees it (an ALB URL rewrite), for an application
     * that serves at "/" behind a route like "/docs/*". Every path must start with it. @default none
     */
    stripPathPrefix: z.string().regex(/^(\/[A-Za-z0-9._~-]+)+$/, "is not a path prefix like /docs (no trailing /)").optional(),
    /** Host headers that must also match. @default [] */
    hosts: z.array(z.string()).max(4).default([]),
    /** Listener rule priority. @default derived from the service's position in the list */
    priority: int(1, 50000).optional(),
    /** Tasks kept running. @default 1 */
    desiredCount: int(0, 1000).default(1),
    /** Where tasks run: one provider, or an explicit strategy. @default "fargate" */
    capacity: z
        .union([z.enum(CAPACITY_PROVIDERS), strict({ strategy: z.array(capacityStrategyItem).min(1).max(6) })], {
            error: `is not allowed (allowed: ${CAPACITY_PROVIDERS.join(", ")}, or { strategy: [{ provider, base, weight }] })`,
        })
        .default("fargate"),
    /** CPU architecture the tasks run on; must be one of imageArchitectures, and the EC2 capacity's when on ec2. @default "X86_64" */
    architecture: z.enum(CPU_ARCHITECTURES).default("X86_64"),
    /** Plain environment variables; names that look secret are refused. @default {} */
    environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "is not an environment variable name"), z.string()).default({}),
    /** Secrets by variable name: a Secrets Manager ARN, or the name of a secret in `secrets`. @default {} */
    secrets: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "is not an environment variable name"), z.string()).default({}),
    /** KMS key the secrets are encrypted with; grants kms:Decrypt on it. @default none (AWS managed key) */
    secretsKmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, "is not a KMS key ARN").optional(),
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
    healthCheck: targetHealthCheck.default({ path: "/", matcher: "200-399", intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 }),
    /** Docker health check inside the task. @default none */
    containerHealthCheck: containerHealthCheck.optional(),
    /** Seconds the ALB drains a deregistering task. @default 30 */
    deregistrationDelaySeconds: int(0, 3600).default(30),
    /** Application Auto Scaling. @default none (desiredCount fixed) */
    autoscaling: autoscalingSchema.optional(),
    /** Deployment strategy and limits. */
    deployment: deploymentSchema.default({ strategy: "rolling", minimumHealthyPercent: 100, maximumPercent: 200, bakeTimeMinutes: 10, healthCheckGracePeriodSeconds: 60 }),
    /** ECS Exec (SSM sessions into containers). Never in production. @default false */
    enableExecuteCommand: z.boolean().default(false),
    /** Public subnets and public IPs instead of private subnets (Fargate only, development only). @default false */
    assignPublicIp: z.boolean().default(false),
    /** EFS file system mounted into the container (encrypted, TLS in transit, IAM authorised). @default none */
    efs: strict({
        /** Mount point in the container. */
        containerPath: z.string().regex(/^\/[A-Za-z0-9._/-]*$/, "is not an absolute path"),
        /** @default false */
        readOnly: z.boolean().default(false),
    }).optional(),
    /** Ingress to the database security group. @default false */
    databaseAccess: z.boolean().default(false),
    /** IAM statements for the task role; the task role has no permissions otherwise. @default [] */
    taskPolicy: z.array(statementSchema).default([]),
    /** Seconds between SIGTERM and SIGKILL. @default 30 */
    stopTimeoutSeconds: int(2, 120).default(30),
});
export type ServiceConfig = z.infer<typeof serviceSchema>;

/**
 * One listener rule per service, and an ALB allows 100 rules per load balancer by default.
 * Source: ELB User Guide, "Quotas for your Application Load Balancers" (read 2026-11-23).
 */
export const MAX_SERVICES = 100;

export const databaseSchema = strict({
    /** Port the database listens on; only services with databaseAccess may reach it. @default 5432 */
    port: int(1, 65535).default(5432),
});

/** Top-level keys, each under the project's namespace in Pulumi.<stack>.yaml (`ecs-platform:network`, …). */
export const stackSchema = strict({
    /** "production" turns on the prod invariants (≥2 AZs, ≥2 tasks, private tasks, no ECS Exec, protection). */
    environment: z.enum(["development", "production"]),
    /** Protect and retain on delete the stateful resources (log groups, access-log bucket, EFS). @default true in production */
    protectStatefulResources: z.boolean().optional(),
    /** @default all network defaults */
    network: networkSchema.default(networkSchema.parse({})),
    /** @default all cluster defaults */
    cluster: clusterSchema.default(clusterSchema.parse({})),
    /** @default all load balancer defaults */
    loadBalancer: loadBalancerSchema.default(loadBalancerSchema.parse({})),
    /** Container log groups. */
    logs: strict({
        /** @default 30 */
        retentionDays: retentionDays.default(30),
    }).default({ retentionDays: 30 }),
    /** Secrets Manager secrets the stack creates, referenced from services by name. @default [] */
    secrets: z.array(managedSecretSchema).default([]),
    /** A database security group in the isolated tier, reachable only from services with databaseAccess. @default none */
    database: databaseSchema.optional(),
    /** The services, each behind its own listener rule. */
    services: z.array(serviceSchema).min(1).max(MAX_SERVICES),
    /** Usage assumptions for the cost estimate of `npm run plan`; they change no resource. @default all cost defaults */
    cost: strict({
        /** GB a month the tasks send and receive through NAT gateways or interface endpoints. @default 100 */
        egressGbPerMonth: z.number().min(0).default(100),
        /** GB a month of logs ingested by CloudWatch Logs. @default 10 */
        logsGbPerMonth: z.number().min(0).default(10),
        /** Average load balancer capacity units in use. @default 1 */
        albLcus: z.number().min(0).default(1),
    }).default({ egressGbPerMonth: 100, logsGbPerMonth: 10, albLcus: 1 }),
});
export type StackConfigInput = z.input<typeof stackSchema>;
export type ParsedStackConfig = z.infer<typeof stackSchema>;
