/**
 * AWS limits that no API model carries: read from AWS's documentation (or the provider's source) by hand, one entry
 * each with its source and the date it was read, so that the next person knows what to re-check. Where a model shape
 * carries the limit (awsdata/generated/shapes.json), the lint uses the shape instead.
 *
 * AWS changes: where a documented restriction was lifted by a later announcement, the announcement wins and the entry
 * says so (tmpfs on Fargate, 2026-01; ARM64 on Fargate Spot, 2024-09).
 */

/** A name rule: length, characters, and prefixes AWS refuses. */
export interface NameRule {
    /** What AWS calls it, for messages. */
    what: string;
    maxLength: number;
    minLength?: number;
    /** The whole name must match (anchored). */
    pattern: RegExp;
    /** Human form of the pattern, for messages. */
    characters: string;
    /** Prefixes AWS refuses, compared case-insensitively. */
    forbiddenPrefixes?: string[];
    /** Suffixes AWS refuses, compared case-insensitively. */
    forbiddenSuffixes?: string[];
    /** No leading or trailing hyphen. */
    noEdgeHyphen?: boolean;
    source: string;
}

const EC2_GROUP_CHARACTERS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

export const NAME_RULES = {
    securityGroupName: {
        what: "security group name",
        maxLength: 255,
        pattern: EC2_GROUP_CHARACTERS,
        characters: "a-z A-Z 0-9 spaces and ._-:/()#,@[]+=&;{}!$*",
        forbiddenPrefixes: ["sg-"],
        source: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (GroupName: "Cannot start with sg-"; VPC character set), read 2026-12-02',
    },
    securityGroupDescription: {
        what: "security group description",
        maxLength: 255,
        pattern: EC2_GROUP_CHARACTERS,
        characters: "a-z A-Z 0-9 spaces and ._-:/()#,@[]+=&;{}!$*",
        source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (GroupDescription), read 2026-12-02",
    },
    loadBalancerName: {
        what: "load balancer name",
        maxLength: 32,
        minLength: 1,
        pattern: /^[0-9A-Za-z-]+$/,
        characters: "A-Z a-z 0-9 and -",
        forbiddenPrefixes: ["internal-"],
        noEdgeHyphen: true,
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (Name); terraform-provider-aws internal/service/elbv2/validate.go validName, read 2026-12-02",
    },
    targetGroupName: {
        what: "target group name",
        maxLength: 32,
        minLength: 1,
        pattern: /^[0-9A-Za-z-]+$/,
        characters: "A-Z a-z 0-9 and -",
        noEdgeHyphen: true,
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html (Name), read 2026-12-02",
    },
    capacityProviderName: {
        what: "capacity provider name",
        maxLength: 255,
        minLength: 1,
        pattern: /^[A-Za-z0-9_-]+$/,
        characters: "A-Z a-z 0-9 _ and -",
        forbiddenPrefixes: ["aws", "ecs", "fargate"],
        source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html (name: "cannot be prefixed with aws, ecs, or fargate"), read 2026-12-02',
    },
    ecsName: {
        what: "ECS cluster, service or task family name",
        maxLength: 255,
        minLength: 1,
        pattern: /^[A-Za-z0-9_-]+$/,
        characters: "A-Z a-z 0-9 _ and -",
        source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html, API_CreateService.html, API_RegisterTaskDefinition.html (clusterName, serviceName, family), read 2026-12-02",
    },
    containerName: {
        what: "container name",
        maxLength: 255,
        minLength: 1,
        pattern: /^[A-Za-z0-9_-]+$/,
        characters: "A-Z a-z 0-9 _ and -",
        source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (name), read 2026-12-02",
    },
    s3BucketName: {
        what: "S3 bucket name",
        maxLength: 63,
        minLength: 3,
        pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
        characters: "a-z 0-9 . and -, starting and ending with a letter or digit",
        forbiddenPrefixes: ["xn--", "sthree-", "amzn-s3-demo-"],
        forbiddenSuffixes: ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
        source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html, read 2026-12-02",
    },
    scheduledActionName: {
        what: "scheduled action name",
        maxLength: 256,
        minLength: 1,
        pattern: /^[^:/|]+$/,
        characters: "any but : / |",
        source: "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html (ScheduledActionName), read 2026-12-02",
    },
} satisfies Record<string, NameRule>;

export type NameRuleId = keyof typeof NAME_RULES;

/** What is wrong with `name` under `rule`, or undefined when AWS accepts it. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
    if (name.length > rule.maxLength) return `is ${name.length} characters long (a ${rule.what} has at most ${rule.maxLength})`;
    if (rule.minLength !== undefined && name.length < rule.minLength) return `is shorter than ${rule.minLength} characters`;
    if (!rule.pattern.test(name)) return `has characters a ${rule.what} may not hold (allowed: ${rule.characters})`;
    const prefix = rule.forbiddenPrefixes?.find((p) => name.toLowerCase().startsWith(p));
    if (prefix) return `starts with "${prefix}", which AWS refuses for a ${rule.what}`;
    const suffix = rule.forbiddenSuffixes?.find((s) => name.toLowerCase().endsWith(s));
    if (suffix) return `ends with "${suffix}", which AWS refuses for a ${rule.what}`;
    if (rule.noEdgeHyphen && (name.startsWith("-") || name.endsWith("-"))) return `begins or ends with a hyphen`;
    return undefined;
}

/**
 * CloudWatch Logs retention values. The API model types retentionInDays as a bare integer; the allowed values are in
 * the API reference. Source: CloudWatch Logs API Reference, PutRetentionPolicy, retentionInDays (read 2026-12-02).
 */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const LOG_RETENTION_SOURCE =
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html (retentionInDays), read 2026-12-02";

/** Container definitions per task definition. Source: Amazon ECS service quotas, "Containers per task definition" (read 2026-12-02). */
export const MAX_CONTAINERS_PER_TASK_DEFINITION = 10;
export const MAX_CONTAINERS_SOURCE =
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html ("Containers per task definition": 10), read 2026-12-02';

/** Image references. Source: ECS API Reference, ContainerDefinition, image ("Up to 255 letters ..."), read 2026-12-02. */
export const MAX_IMAGE_LENGTH = 255;
export const IMAGE_SOURCE =
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (image: up to 255 characters), read 2026-12-02";

/**
 * Secrets Manager deletion: a recovery window of 7 to 30 days, or 0 for deletion without recovery (the provider's
 * ForceDeleteWithoutRecovery). Source: Secrets Manager API Reference, DeleteSecret (read 2026-12-02).
 */
export const SECRET_RECOVERY_WINDOW = { min: 7, max: 30, immediate: 0 } as const;
export const SECRET_RECOVERY_SOURCE =
    "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html (RecoveryWindowInDays 7-30), read 2026-12-02";

/** Condition values of one ALB listener rule, all conditions together. Source: ELB User Guide, "Listener rules", conditions (read 2026-12-02). */
export const MAX_RULE_CONDITION_VALUES = 5;
export const RULE_CONDITIONS_SOURCE =
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html (five condition values per rule), read 2026-12-02";

/**
 * Features whose documented restriction AWS has lifted; the lint must not flag them. Kept so the next reader of the
 * API reference, which may still state the restriction, knows why.
 */
export const LIFTED_RESTRICTIONS = {
    tmpfsOnFargate: {
        since: "2026-01-06",
        source: "https://aws.amazon.com/about-aws/whats-new/2026/01/amazon-ecs-tmpfs-mounts-aws-fargate-managed-instances/ (2026-01-06); aws/containers-roadmap#736 shipped. The ECS API reference (LinuxParameters.tmpfs) still says Fargate does not support it.",
    },
    arm64OnFargateSpot: { since: "2024-09", source: 'AWS What\'s New, "AWS Fargate Spot now supports ARM64 (Graviton) workloads" (2024-09)' },
} as const;

/**
 * ECS Exec with a read-only root filesystem: AWS lists it as unsupported (ECS Developer Guide, "Monitor Amazon ECS
 * containers with ECS Exec", considerations, read 2026-12-02); it works when the agent's paths are writable volumes
 * (aws/containers-roadmap#1359, open), which the platform mounts. A workaround AWS does not document.
 */
export const EXEC_READONLY_ROOT_SOURCE =
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, considerations (read 2026-12-02); aws/containers-roadmap#1359";

/**
 * What is wrong with an ALB target group's success codes, or undefined: single codes, comma lists or ranges from 200
 * to 499. Source: ELB API Reference, Matcher.HttpCode ("For Application Load Balancers, you can specify values between
 * 200 and 499"), read 2026-12-02.
 */
export function albMatcherProblem(codes: string): string | undefined {
    for (const part of codes.split(",")) {
        const range = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
        if (!range) return `"${part}" is not a code or a range like 200-399`;
        const [from, to] = [Number(range[1]), Number(range[2] ?? range[1])];
        if (from < 200 || to > 499 || from > to) return `"${part}" is outside 200-499, the codes an Application Load Balancer accepts`;
    }
    return undefined;
}

/**
 * Container health-check ranges in seconds (retries a count). Source: ECS API Reference, HealthCheck (interval 5-300,
 * timeout 2-120, retries 1-10, startPeriod 0-300), read 2026-12-02; the API model carries none of them.
 */
export const CONTAINER_HEALTH_CHECK_RANGES: Readonly<Record<string, readonly [number, number]>> = {
    interval: [5, 300],
    timeout: [2, 120],
    retries: [1, 10],
    startPeriod: [0, 300],
};
export const CONTAINER_HEALTH_CHECK_SOURCE = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html, read 2026-12-02";

/**
 * Target-group health-check defaults the provider fills in. Source: @pulumi/aws lb.TargetGroup healthCheck docs
 * (interval 30; timeout 6 for HTTP, 10 for HTTPS, TCP and TLS, 5 for GENEVE, 30 for lambda targets), read 2026-12-02.
 */
export const TARGET_GROUP_HEALTH_CHECK_DEFAULTS = {
    interval: 30,
    timeoutByProtocol: { HTTP: 6, HTTPS: 10, TCP: 10, TLS: 10, GENEVE: 5 } as Readonly<Record<string, number>>,
    lambdaTimeout: 30,
} as const;
