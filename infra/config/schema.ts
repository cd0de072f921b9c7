/**
 * The one schema of a stack's config: every key under the project's namespace in Pulumi.<stack>.yaml, its type,
 * its default and its meaning. Shape checks live here; rules that relate several keys live in `rules.ts`.
 */
import { z } from "zod";
import { capacityStrategyItem, serviceSchema } from "./serviceSchema";
import { scheduledTaskSchema } from "./taskSchema";
import { acmCertificateArn, cidrBlock, int, retentionDays, strict } from "./zodForms";
import { DEFAULT_TLS_POLICY, TLS12_POLICIES } from "@ecs-platform/shared/tlsPolicies";

export * from "./serviceSchema";
export * from "./taskSchema";

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

/**
 * What a stack holds: "all" of the platform, or one layer of it. A "network" stack holds the VPC, its subnets, NAT
 * gateways and VPC endpoints; a "services" stack holds everything else and reads the network from another stack.
 */
export const LAYERS = ["all", "network", "services"] as const;
export type Layer = (typeof LAYERS)[number];
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

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
        /** Prefix length of the public subnets (the ALB and NAT gateways). @default VPC prefix + 6 */
        public: int(16, 28).optional(),
        /** Prefix length of the private subnets, where tasks take their addresses. @default VPC prefix + 3 */
        private: int(16, 28).optional(),
        /** Prefix length of the isolated subnets (with `isolatedSubnets`). @default VPC prefix + 6 */
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
        /** Turns flow logs on for the VPC. @default false */
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
    instanceType: z
        .string()
        .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "is not an EC2 instance type like t3.medium")
        .default("t3.medium"),
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

/** vCPUs of instance types; max below min is refused with the cluster's rules (rules.ts). */
const vcpuRange = strict({
    /** Fewest vCPUs. */
    min: int(1, 1024),
    /** Most vCPUs. @default none: no upper bound */
    max: int(1, 1024).optional(),
});

/** Memory of instance types in MiB; max below min is refused with the cluster's rules (rules.ts). */
const memoryRange = strict({
    /** Least memory (MiB). */
    min: int(512, 4194304),
    /** Most memory (MiB). @default none: no upper bound */
    max: int(512, 4194304).optional(),
});

/**
 * ECS Managed Instances: ECS picks, launches, patches and retires the EC2 instances itself, from attribute-based
 * requirements (CreateCapacityProvider, ManagedInstancesProvider; Amazon ECS Developer Guide, "Amazon ECS Managed
 * Instances", read 2026-12-02). The platform's provider is named "managedInstances" in strategies.
 */
const managedInstancesSchema = strict({
    /** vCPUs of the instance types ECS may choose. @default {"min":2,"max":8} */
    vcpu: vcpuRange.default({ min: 2, max: 8 }),
    /** Memory (MiB) of the instance types ECS may choose. @default {"min":4096,"max":32768} */
    memoryMiB: memoryRange.default({ min: 4096, max: 32768 }),
    /** CPU architecture: arm64 keeps to Graviton (CPU manufacturer amazon-web-services), x86_64 to Intel and AMD. @default "x86_64" */
    architecture: z.enum(["x86_64", "arm64"]).default("x86_64"),
    /** Instance types (or patterns such as m7g.*) ECS may choose among; empty lets the requirements decide. @default [] */
    allowedInstanceTypes: z
        .array(
            z.string().regex(/^[a-z0-9*][a-z0-9.*-]*$/, "is not an instance type or pattern (lowercase letters, digits, . - and *, like m7g.large or m7g.*)"),
        )
        .max(400)
        .default([]),
    /** How the instances are bought: "onDemand" or "spot" (interruptible, cheaper). Changing it replaces the capacity provider. @default "onDemand" */
    purchase: z.enum(["onDemand", "spot"]).default("onDemand"),
    /** Size of each instance's task volume in GiB. @default 30 */
    storageGiB: int(1, 16384).default(30),
    /**
     * Seconds ECS waits before it consolidates idle or underused instances; -1 turns the optimization off.
     * @default none: ECS's default behaviour
     */
    scaleInAfterSeconds: int(-1, 3600).optional(),
});
export type ManagedInstancesConfig = z.infer<typeof managedInstancesSchema>;

export const clusterSchema = strict({
    /** Container Insights level; "disabled" is not offered. @default "enabled" */
    containerInsights: z.enum(["enabled", "enhanced"]).default("enabled"),
    /** When set, an Auto Scaling group of ECS-optimized instances becomes the cluster's "ec2" capacity provider. */
    ec2Capacity: ec2CapacitySchema.optional(),
    /** When set, the cluster gets an ECS Managed Instances capacity provider, "managedInstances" in strategies. @default none */
    managedInstances: managedInstancesSchema.optional(),
    /** The cluster's default capacity provider strategy. @default [{ provider: "fargate", base: 0, weight: 1 }] */
    defaultStrategy: z
        .array(capacityStrategyItem)
        .min(1)
        .default([{ provider: "fargate", base: 0, weight: 1 }]),
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
    certificateArn: acmCertificateArn.optional(),
    /** TLS policy of the HTTPS listener: one of shared/tlsPolicies.ts (TLS 1.2 or newer only). @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    sslPolicy: z.enum(TLS12_POLICIES).default(DEFAULT_TLS_POLICY),
    /** Refuse deletion of the ALB. @default false */
    deletionProtection: z.boolean().default(false),
    /** Seconds an idle connection stays open. @default 60 */
    idleTimeoutSeconds: int(1, 4000).default(60),
    /** Sources allowed to reach the listeners (with `internal`, the client ranges inside the network). @default ["0.0.0.0/0"] */
    ingressCidrs: z.array(cidrBlock).min(1).default(["0.0.0.0/0"]),
    /**
     * An internal ALB in the private subnets, reachable only from inside the network (peered VPCs, VPN, Direct
     * Connect) from `ingressCidrs`, for stacks that serve no one on the internet. Changing it replaces the ALB. @default false
     */
    internal: z.boolean().default(false),
    /** Access logs to an S3 bucket the stack creates (SSE-S3, public access blocked, ELB log delivery allowed). */
    accessLogs: strict({
        /** Writes the ALB's access logs to a bucket the stack creates. @default false */
        enabled: z.boolean().default(false),
        /** Days before log objects expire. @default 90 */
        expireAfterDays: int(1, 3650).default(90),
    }).default({ enabled: false, expireAfterDays: 90 }),
});
export type LoadBalancerConfig = z.infer<typeof loadBalancerSchema>;

export const managedSecretSchema = strict({
    /** Name of a Secrets Manager secret the stack creates (its value is set outside Pulumi). */
    name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,128}$/, "is not a Secrets Manager secret name"),
    /** What the secret is for, shown in the Secrets Manager console. @default "" */
    description: z.string().max(2048).default(""),
    /** KMS key that encrypts it. @default the AWS managed key aws/secretsmanager */
    kmsKeyArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, "is not a KMS key ARN")
        .optional(),
    /**
     * The secret starts with a generated random value, so tasks that read it can start on the first deploy (a secret
     * with no value fails them with ResourceInitializationError). Pulumi never changes the value afterwards: set the
     * real one with `aws secretsmanager put-secret-value`. @default { length: 32, punctuation: false }
     */
    initialValue: strict({
        /** Characters of the generated value. @default 32 */
        length: int(16, 4096).default(32),
        /** Include punctuation (off by default: the value is safe in URLs and connection strings). @default false */
        punctuation: z.boolean().default(false),
    }).default({ length: 32, punctuation: false }),
});
export type ManagedSecretConfig = z.infer<typeof managedSecretSchema>;

/**
 * One listener rule per service, and an ALB allows 100 rules per load balancer by default.
 * Source: ELB User Guide, "Quotas for your Application Load Balancers" (read 2026-11-23).
 */
export const MAX_SERVICES = 100;

export const databaseSchema = strict({
    /** Port the database listens on; only services with databaseAccess may reach it. @default 5432 */
    port: int(1, 65535).default(5432),
});

/** Thresholds of the alarms (each condition must hold for `evaluationPeriods` one-minute periods). */
export const alarmThresholdsSchema = strict({
    /** Average CPU of a service's tasks, in percent of what they reserve, above which its alarm fires. @default 85 */
    cpuPercent: int(1, 100).default(85),
    /** Average memory of a service's tasks, in percent of what they reserve, above which its alarm fires. @default 85 */
    memoryPercent: int(1, 100).default(85),
    /** 5xx responses of a service's targets in one minute above which its alarm fires. @default 10 */
    target5xxCount: int(1, 1_000_000).default(10),
    /** 5xx responses the load balancer itself returns in one minute above which its alarm fires. @default 10 */
    loadBalancer5xxCount: int(1, 1_000_000).default(10),
    /** The load balancer's p95 target response time, in seconds, above which its alarm fires. @default 2 */
    responseTimeSeconds: z.number().positive().max(600).default(2),
    /** One-minute periods a condition must hold before an alarm fires. @default 3 */
    evaluationPeriods: int(1, 60).default(3),
});
export type AlarmThresholds = z.infer<typeof alarmThresholdsSchema>;

export const monitoringSchema = strict({
    /** CloudWatch alarms on every service and the load balancer, their SNS topic, and the stack's dashboard. @default true in production, else false */
    enabled: z.boolean().optional(),
    /** Addresses subscribed to the alarm topic by email (AWS mails each one a confirmation link first). @default [] */
    alarmEmails: z.array(z.email("is not an email address")).default([]),
    /** An existing SNS topic to notify instead of one the stack creates (then no key or subscriptions are created). @default none */
    topicArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, "is not an SNS topic ARN")
        .optional(),
    /** The stack's CloudWatch dashboard: load balancer, services, NAT gateways. @default true */
    dashboard: z.boolean().default(true),
    /** When the alarms fire. @default all threshold defaults */
    thresholds: alarmThresholdsSchema.default(alarmThresholdsSchema.parse({})),
});
export type MonitoringConfig = z.infer<typeof monitoringSchema>;

/** Whether monitoring is on: as configured, else in production only. */
export function monitoringEnabled(monitoring: Pick<MonitoringConfig, "enabled">, environment: "development" | "production" | undefined): boolean {
    return monitoring.enabled ?? environment === "production";
}

/** The stack's Network Load Balancer, created when a service has `expose: nlb`. */
export const networkLoadBalancerSchema = strict({
    /** Internal: private subnets and private addresses only; sources must then be client ranges. @default false */
    internal: z.boolean().default(false),
    /** Sources allowed to reach the NLB's listener ports (its security group). @default ["0.0.0.0/0"] */
    ingressCidrs: z.array(cidrBlock).min(1).default(["0.0.0.0/0"]),
    /** ACM certificate of the TLS listeners; required when a listener is TLS. @default none */
    certificateArn: acmCertificateArn.optional(),
    /** TLS policy of the TLS listeners (TLS 1.2 or newer). @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    sslPolicy: z.enum(TLS12_POLICIES).default(DEFAULT_TLS_POLICY),
    /** Refuse deletion of the NLB (production requires it by policy). @default false */
    deletionProtection: z.boolean().default(false),
    /**
     * Cross-zone load balancing: each node sends to targets in every AZ (off by default on an NLB, so an AZ with
     * fewer tasks takes as many connections as one with more). @default true
     */
    crossZone: z.boolean().default(true),
});
export type NetworkLoadBalancerConfig = z.infer<typeof networkLoadBalancerSchema>;

/** After deploy: AWS Config rules mirroring the pack, and an account trail, for accounts without a landing zone's. */
export const complianceSchema = strict({
    /** AWS Config managed rules that keep judging, after deploy, what the pack judged before it (infra/configRules.ts). */
    awsConfig: strict({
        /** Create the managed rules. They need a configuration recorder running in the account and region. @default false */
        enabled: z.boolean().default(false),
        /**
         * Create the recorder (all supported resource types), its delivery channel and bucket. An account and region
         * hold one recorder, often a landing zone's (Control Tower's): leave this off where one runs. @default false
         */
        createRecorder: z.boolean().default(false),
        /** Days the delivery bucket keeps configuration snapshots and history (with createRecorder). @default 365 */
        retentionDays: int(1, 3650).default(365),
        /**
         * Pack rules whose managed equivalents the stack does not create: those its policy config makes advisory (a
         * Config rule cannot be advisory; it would flag the stack's own resources for good). @default []
         */
        excludeRules: z.array(z.string()).default([]),
    }).default({ enabled: false, createRecorder: false, retentionDays: 365, excludeRules: [] }),
    /** An account CloudTrail trail (every region, log file validation) to an encrypted bucket of its own. */
    trail: strict({
        /** Create the trail; off where an organization trail records the account already. @default false */
        enabled: z.boolean().default(false),
        /** Days the trail's bucket keeps log files. @default 365 */
        retentionDays: int(1, 3650).default(365),
    }).default({ enabled: false, retentionDays: 365 }),
});
export type ComplianceConfig = z.infer<typeof complianceSchema>;

/** Top-level keys, each under the project's namespace in Pulumi.<stack>.yaml (`ecs-platform:network`, …). */
export const stackSchema = strict({
    /** "production" turns on the prod invariants (≥2 AZs, ≥2 tasks, private tasks, no ECS Exec, protection). */
    environment: z.enum(["development", "production"]),
    /**
     * What this stack holds: the whole platform ("all"), only the network ("network": VPC, subnets, NAT gateways,
     * VPC endpoints) or everything but the network ("services", on the network of `networkStack`). @default "all"
     */
    layer: z.enum(LAYERS).default("all"),
    /**
     * The network stack a services stack reads, as `pulumi.StackReference` names it: `<organization>/<project>/<stack>`
     * (or `<stack>` in the same organization and project). Required with `layer: services`, refused otherwise.
     * @default none
     */
    networkStack: z
        .string()
        .regex(/^(?:[A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/, "is not a stack name like acme/ecs-platform/prod-network")
        .optional(),
    /**
     * Protect and retain on delete the stateful resources (log groups, access-log bucket, EFS, queues, repositories),
     * and protect the VPC and its subnets (no retain). @default true in production
     */
    protectStatefulResources: z.boolean().optional(),
    /** The VPC, its subnets and how private subnets reach AWS and the internet. @default all network defaults */
    network: networkSchema.default(networkSchema.parse({})),
    /** The ECS cluster and its capacity. @default all cluster defaults */
    cluster: clusterSchema.default(clusterSchema.parse({})),
    /** The stack's one Application Load Balancer. @default all load balancer defaults */
    loadBalancer: loadBalancerSchema.default(loadBalancerSchema.parse({})),
    /** The Network Load Balancer of the services with `expose: nlb`. @default all network load balancer defaults */
    networkLoadBalancer: networkLoadBalancerSchema.default(networkLoadBalancerSchema.parse({})),
    /** Alarms that notify someone, and a dashboard. @default all monitoring defaults */
    monitoring: monitoringSchema.default(monitoringSchema.parse({})),
    /** Container log groups. */
    logs: strict({
        /** Days the services' log groups keep records (production requires 365 or more by policy). @default 30 */
        retentionDays: retentionDays.default(30),
    }).default({ retentionDays: 30 }),
    /** Secrets Manager secrets the stack creates, referenced from services by name. @default [] */
    secrets: z.array(managedSecretSchema).default([]),
    /** A database security group in the isolated tier, reachable only from services with databaseAccess. @default none */
    database: databaseSchema.optional(),
    /** The services, each behind its own listener rule; at least one, except in a network stack, which has none. */
    services: z.array(serviceSchema).max(MAX_SERVICES).default([]),
    /** Tasks EventBridge Scheduler runs on a schedule (batch jobs, reports, clean-ups). @default [] */
    tasks: z.array(scheduledTaskSchema).max(50).default([]),
    /** AWS Config rules and an account trail, which watch the stack after deploy. @default both off */
    compliance: complianceSchema.default(complianceSchema.parse({})),
    /** Usage assumptions for the cost estimate of `npm run plan`; they change no resource. @default all cost defaults */
    cost: strict({
        /** GB a month the tasks send and receive through NAT gateways or interface endpoints. @default 100 */
        egressGbPerMonth: z.number().min(0).default(100),
        /** GB a month of logs ingested by CloudWatch Logs. @default 10 */
        logsGbPerMonth: z.number().min(0).default(10),
        /** Average load balancer capacity units in use. @default 1 */
        albLcus: z.number().min(0).default(1),
        /** Average NLB capacity units (NLCUs) in use, when a service has expose: nlb. @default 1 */
        nlbLcus: z.number().min(0).default(1),
    }).default({ egressGbPerMonth: 100, logsGbPerMonth: 10, albLcus: 1, nlbLcus: 1 }),
});
export type ParsedStackConfig = z.infer<typeof stackSchema>;
