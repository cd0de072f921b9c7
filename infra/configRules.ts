/**
 * Which AWS Config managed rule keeps watching, after deploy, what each rule of the policy pack judged before it; or
 * why none does. Identifiers: AWS Config Developer Guide, "List of AWS Config Managed Rules", as aws-cdk-lib's
 * aws_config ManagedRuleIdentifiers spells them (read 2026-12-02). A managed rule evaluates every resource of its
 * types in the account and region, not only this stack's.
 */

/** What a managed rule's parameters are made from: the stack's settings that the pack's rule judges against. */
export interface RuleContext {
    /** `logs.retentionDays`: the shortest retention a log group may have. */
    readonly logRetentionDays: number;
    /** TCP ports the world may reach: 80 and 443 on the ALB, and the stack's internet-facing NLB listener ports. */
    readonly worldPorts: readonly number[];
}

export interface ManagedRule {
    /** The managed rule's source identifier, e.g. ECS_CONTAINERS_NONPRIVILEGED. */
    readonly identifier: string;
    /** Its input parameters, as strings (the Config API takes a JSON object of strings). */
    readonly parameters?: (context: RuleContext) => Record<string, string>;
}

/** The pack rule's managed equivalents, or the reason there is none. */
export type Equivalence = { readonly rules: readonly ManagedRule[]; readonly partly?: string } | { readonly none: string };

const rule = (identifier: string, parameters?: ManagedRule["parameters"]): ManagedRule => ({ identifier, ...(parameters ? { parameters } : {}) });

/**
 * The keys of environment variables the managed rule treats as secrets (its `secretKeys` parameter takes exact names;
 * the pack matches name patterns, so the managed rule sees only these).
 */
const SECRET_ENVIRONMENT_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA", "PASSWORD", "DB_PASSWORD", "SECRET", "API_KEY", "TOKEN"];

/** Every rule of the pack (its name), with its managed equivalents or the reason for none. A test keeps it complete. */
export const CONFIG_EQUIVALENTS: Readonly<Record<string, Equivalence>> = {
    "container-hardening": {
        rules: [
            rule("ECS_CONTAINERS_NONPRIVILEGED"),
            rule("ECS_CONTAINERS_READONLY_ACCESS"),
            rule("ECS_TASK_DEFINITION_PID_MODE_CHECK"),
            rule("ECS_AWSVPC_NETWORKING_ENABLED"),
        ],
        partly: "Linux capabilities and no-new-privileges have no managed rule",
    },
    "container-non-root-user": {
        rules: [rule("ECS_TASK_DEFINITION_NONROOT_USER"), rule("ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK")],
        partly: "ECS_TASK_DEFINITION_NONROOT_USER reads EC2 task definitions only, and flags the FireLens router the pack exempts (it runs as root)",
    },
    "logs-required": {
        rules: [
            rule("ECS_TASK_DEFINITION_LOG_CONFIGURATION"),
            rule("CW_LOGGROUP_RETENTION_PERIOD_CHECK", (c) => ({ MinRetentionTime: String(minRetentionTime(c.logRetentionDays)) })),
        ],
    },
    "safe-deployments": { none: "no managed rule reads an ECS service's deployment configuration (circuit breaker, healthy percent)" },
    "container-insights": { rules: [rule("ECS_CONTAINER_INSIGHTS_ENABLED")] },
    "no-wildcard-admin": {
        rules: [rule("IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS"), rule("IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS")],
        partly: "the managed rules read customer managed policies; the platform's roles carry inline policies, which only the pack judges",
    },
    "task-and-execution-roles-separate": { none: "no managed rule compares a task definition's two roles" },
    "trust-not-public": { none: "no managed rule reads role trust policies (IAM Access Analyzer reports external access, outside this stack)" },
    "no-privilege-escalation": { none: "no managed rule reads which roles a policy lets its holder pass or change" },
    "alb-drop-invalid-headers": {
        rules: [rule("ALB_HTTP_DROP_INVALID_HEADER_ENABLED"), rule("ALB_DESYNC_MODE_CHECK", () => ({ desyncMode: "defensive,strictest" }))],
    },
    "alb-deletion-protection": { rules: [rule("ELB_DELETION_PROTECTION_ENABLED")] },
    "alb-access-logs": { rules: [rule("ELB_LOGGING_ENABLED")], partly: "ELB_LOGGING_ENABLED also evaluates Network Load Balancers, which the pack leaves out" },
    "alb-tls-policy": {
        none: "ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK covers Classic Load Balancers only; no managed rule reads an ALB or NLB listener's policy",
    },
    "http-redirects-to-https": { rules: [rule("ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK")] },
    "alb-https-required": {
        rules: [rule("ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK")],
        partly: "it finds an HTTP listener that does not redirect, not an ALB without HTTPS",
    },
    "nlb-tls-required": { none: "no managed rule reads an NLB listener's protocol" },
    "routing-sane": { none: "listener rule priorities and orphaned target groups are structure of the plan, not settings a managed rule reads" },
    "service-alarms": {
        rules: [
            rule("CLOUDWATCH_ALARM_ACTION_CHECK", () => ({ alarmActionRequired: "true", insufficientDataActionRequired: "false", okActionRequired: "false" })),
        ],
        partly: "it checks every alarm has an action, not that every service has its alarms",
    },
    "no-vpc-wide-ingress": { none: "no managed rule knows the VPC's range as a source to refuse" },
    "world-ingress-only-on-load-balancer": {
        rules: [rule("VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS", (c) => ({ authorizedTcpPorts: c.worldPorts.join(",") })), rule("INCOMING_SSH_DISABLED")],
        partly: "the managed rule allows the authorized ports on any group, not only the load balancers'",
    },
    "tasks-private": { none: "Security Hub's ECS.2 control checks it (a service-linked rule of Security Hub, not a managed rule this stack can create)" },
    "private-egress-path": { none: "routes and endpoints a task needs are the plan's structure; a broken path shows as tasks that fail to start" },
    "vpc-flow-logs": { rules: [rule("VPC_FLOW_LOGS_ENABLED")] },
    "service-peers-declared": { none: "which groups every task wears is the plan's structure, not a setting a managed rule reads" },
    "secrets-only-via-secrets-manager": {
        rules: [rule("ECS_NO_ENVIRONMENT_SECRETS", () => ({ secretKeys: SECRET_ENVIRONMENT_KEYS.join(",") }))],
        partly: "the managed rule takes exact variable names (SECRET_ENVIRONMENT_KEYS); the pack matches name patterns and values",
    },
    "secret-access-scoped": { none: "no managed rule relates a role's secret grants to the secrets its task definition names" },
    "storage-encrypted": { rules: [rule("EFS_ENCRYPTED_CHECK"), rule("ENCRYPTED_VOLUMES")] },
    "instance-metadata-v2": { rules: [rule("EC2_IMDSV2_CHECK")] },
    "ecr-repository-hardening": { rules: [rule("ECR_PRIVATE_IMAGE_SCANNING_ENABLED"), rule("ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED")] },
    "resource-policy-not-public": {
        rules: [rule("S3_BUCKET_PUBLIC_READ_PROHIBITED"), rule("S3_BUCKET_PUBLIC_WRITE_PROHIBITED")],
        partly: "secrets' and repositories' policies have no managed rule",
    },
    "suppressions-applied": { none: "it reports the pack's own suppressions" },
    "suppressions-unused": { none: "it reports the pack's own suppressions" },
};

/**
 * Managed rules of AWS's "Operational Best Practices for Amazon ECS" conformance pack, the ELB, VPC and log rules, and
 * every rule the stack creates, each with the pack rule it mirrors, or why the platform needs none: a pack rule listed
 * here must map to it, and every rule the stack creates must be listed here (tests/compliance.test.ts).
 */
export const KNOWN_MANAGED_EQUIVALENTS: readonly { identifier: string; packRule?: string; why?: string }[] = [
    { identifier: "ECS_CONTAINERS_NONPRIVILEGED", packRule: "container-hardening" },
    { identifier: "ECS_CONTAINERS_READONLY_ACCESS", packRule: "container-hardening" },
    { identifier: "ECS_NO_ENVIRONMENT_SECRETS", packRule: "secrets-only-via-secrets-manager" },
    { identifier: "ECS_CONTAINER_INSIGHTS_ENABLED", packRule: "container-insights" },
    { identifier: "ECS_TASK_DEFINITION_NONROOT_USER", packRule: "container-non-root-user" },
    { identifier: "ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK", packRule: "container-non-root-user" },
    { identifier: "ECS_TASK_DEFINITION_PID_MODE_CHECK", packRule: "container-hardening" },
    { identifier: "ECS_TASK_DEFINITION_LOG_CONFIGURATION", packRule: "logs-required" },
    { identifier: "ECS_AWSVPC_NETWORKING_ENABLED", packRule: "container-hardening" },
    { identifier: "ECS_TASK_DEFINITION_MEMORY_HARD_LIMIT", why: "tasks have a task-level memory size (validation), which bounds every container" },
    { identifier: "ECS_FARGATE_LATEST_PLATFORM_VERSION", why: "services leave the platform version to ECS (LATEST)" },
    { identifier: "VPC_FLOW_LOGS_ENABLED", packRule: "vpc-flow-logs" },
    { identifier: "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS", packRule: "world-ingress-only-on-load-balancer" },
    { identifier: "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", packRule: "http-redirects-to-https" },
    { identifier: "ALB_HTTP_DROP_INVALID_HEADER_ENABLED", packRule: "alb-drop-invalid-headers" },
    { identifier: "ELB_DELETION_PROTECTION_ENABLED", packRule: "alb-deletion-protection" },
    { identifier: "ELB_LOGGING_ENABLED", packRule: "alb-access-logs" },
    { identifier: "CW_LOGGROUP_RETENTION_PERIOD_CHECK", packRule: "logs-required" },
    { identifier: "ECR_PRIVATE_IMAGE_SCANNING_ENABLED", packRule: "ecr-repository-hardening" },
    { identifier: "ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED", packRule: "ecr-repository-hardening" },
    { identifier: "EC2_IMDSV2_CHECK", packRule: "instance-metadata-v2" },
    { identifier: "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", packRule: "no-wildcard-admin" },
    { identifier: "IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS", packRule: "no-wildcard-admin" },
    { identifier: "ALB_DESYNC_MODE_CHECK", packRule: "alb-drop-invalid-headers" },
    { identifier: "CLOUDWATCH_ALARM_ACTION_CHECK", packRule: "service-alarms" },
    { identifier: "INCOMING_SSH_DISABLED", packRule: "world-ingress-only-on-load-balancer" },
    { identifier: "EFS_ENCRYPTED_CHECK", packRule: "storage-encrypted" },
    { identifier: "ENCRYPTED_VOLUMES", packRule: "storage-encrypted" },
    { identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED", packRule: "resource-policy-not-public" },
    { identifier: "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", packRule: "resource-policy-not-public" },
];

/**
 * The retention values CW_LOGGROUP_RETENTION_PERIOD_CHECK's MinRetentionTime takes (AWS Config Developer Guide,
 * cw-loggroup-retention-period-check, read 2026-12-02); CloudWatch Logs takes a few more (1096, 2192, …).
 */
const CONFIG_RETENTION_VALUES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653];

/** The longest retention the managed rule takes that is no longer than the stack's. */
export function minRetentionTime(days: number): number {
    return CONFIG_RETENTION_VALUES.filter((v) => v <= days).pop() ?? CONFIG_RETENTION_VALUES[0];
}

/**
 * The managed rules a stack creates: the equivalents of each pack rule but the `excluded` ones (those the stack's policy
 * config makes advisory, as dev's does), once each, with parameters from the stack.
 */
export function managedRulesFor(context: RuleContext, excluded: readonly string[] = []): { identifier: string; parameters?: Record<string, string> }[] {
    const seen = new Map<string, Record<string, string> | undefined>();
    for (const [packRule, equivalence] of Object.entries(CONFIG_EQUIVALENTS)) {
        if (!("rules" in equivalence) || excluded.includes(packRule)) continue;
        for (const r of equivalence.rules) if (!seen.has(r.identifier)) seen.set(r.identifier, r.parameters?.(context));
    }
    return [...seen].map(([identifier, parameters]) => ({ identifier, ...(parameters ? { parameters } : {}) }));
}

/** The README's cell: the managed rules, or "none" with why. */
export function equivalenceCell(packRule: string): string {
    const e = CONFIG_EQUIVALENTS[packRule];
    if (!e) return "none (not mapped)";
    if ("none" in e) return `none: ${e.none}`;
    return e.rules.map((r) => `\`${r.identifier}\``).join(", ") + (e.partly ? ` (partly: ${e.partly})` : "");
}
