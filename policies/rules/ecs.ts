import { ResourceRule } from "../lib/rule";
/** ECS rules: hardened containers, logs kept, deployments that roll back, and cluster metrics. */
import { containerLabel, containersOf, isFirelensRouter, isTaskDefinition } from "../lib/containers";
import { shiftsTrafficEcs } from "@ecs-platform/shared/ecsDeployments";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";

/**
 * Capabilities that give a container power over the host or its network. Source: capabilities(7); Docker's default
 * set excludes all of them; ECS task definition reference, KernelCapabilities (Fargate accepts only SYS_PTRACE; read
 * 2026-12-02).
 */
const DANGEROUS_CAPABILITIES = [
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "SYS_TIME",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "BPF",
    "PERFMON",
    "SYSLOG",
];

export const containerHardening: ResourceRule = {
    name: "container-hardening",
    refuses:
        "privileged containers, writable root filesystems, `networkMode: host`, `pidMode: host`, added Linux capabilities that reach the host (`SYS_ADMIN`, `NET_ADMIN`…; Fargate takes only `SYS_PTRACE`)",
    reads: "container definitions",
    rationale: "Privileged containers, host namespaces and host-level capabilities let a container escape to the instance and every task on it.",
    remediation:
        "Keep `services[].readonlyRootFilesystem: true` (with `services[].scratchPaths` for writable paths) and remove privileged flags and added capabilities.",
    description: "Containers are never privileged and run with a read-only root filesystem; tasks never share the host's network or process namespace.",
    validateResource: (args, report) => {
        if (!isTaskDefinition(args.type)) return;
        if (args.props.networkMode === "host") {
            report(`networkMode is "host": tasks share the instance's network stack; use "awsvpc" so each task has its own security group.`);
        }
        if (args.props.pidMode === "host") {
            report(`pidMode is "host": containers can see and signal every process on the instance; leave pidMode unset or "task".`);
        }
        containersOf(args.props).forEach((container, i) => {
            const label = containerLabel(container, i);
            if (container.privileged === true) report(`${label} is privileged; drop privileged and add only the Linux capabilities it needs.`);
            const added = (container.linuxParameters?.capabilities?.add ?? []).filter((c) =>
                DANGEROUS_CAPABILITIES.includes(String(c).toUpperCase().replace(/^CAP_/, "")),
            );
            if (added.length) {
                report(
                    `${label} adds the Linux capabilities ${added.join(", ")}, which let it escape or reconfigure the host; remove them (Fargate accepts only SYS_PTRACE).`,
                );
            }
            if (container.readonlyRootFilesystem !== true) {
                report(
                    `${label} has a writable root filesystem; set readonlyRootFilesystem and mount volumes for the paths it writes (stack config: readonlyRootFilesystem: true with scratchPaths).`,
                );
            }
        });
    },
};

const ROOT_USERS = ["root", "0"];

export const containerNonRootUser: ResourceRule = {
    name: "container-non-root-user",
    refuses: "no `user`, `root` or uid 0 (except AWS for Fluent Bit as a FireLens log router, which ECS runs as root)",
    reads: "container definitions",
    rationale: "Root in a container is root on the host's kernel if anything breaks out; a non-root user limits what an exploit can do.",
    remediation: 'Set `services[].user` to a non-zero uid (`"1000"`, or `"1000:1000"`) that the image can run as.',
    description: "Containers run as a non-root user (`user` set to a uid other than 0).",
    validateResource: (args, report) => {
        if (!isTaskDefinition(args.type)) return;
        containersOf(args.props).forEach((container, i) => {
            if (isFirelensRouter(container)) return;
            const user = container.user?.split(":")[0];
            if (user === undefined || user === "" || ROOT_USERS.includes(user)) {
                report(
                    `${containerLabel(container, i)} runs as ${user ? `"${container.user}"` : "the image's default user (often root)"}; ` +
                        `set user to a non-root uid such as "1000:1000".`,
                );
            }
        });
    },
};

export const DEFAULT_MIN_RETENTION_DAYS = 30;

export const logsRequired: ResourceRule = {
    name: "logs-required",
    refuses: "containers without a log configuration; log groups without retention or below `minRetentionDays`",
    reads: "container definitions, `aws.cloudwatch.LogGroup`",
    rationale: "Without logs an incident cannot be investigated, and log groups without retention grow and cost forever.",
    remediation: "Keep the platform's awslogs configuration and set `logs.retentionDays` to at least the environment's minimum.",
    description: "Every container has a log configuration, and every log group a retention of at least the configured days.",
    configSchema: {
        properties: { minRetentionDays: { type: "integer", minimum: 1, default: DEFAULT_MIN_RETENTION_DAYS, description: "Shortest retention allowed." } },
    },
    validateResource: (args, report) => {
        if (args.type === RESOURCE_TYPES.logGroup) {
            const min = args.getConfig<{ minRetentionDays?: number }>().minRetentionDays ?? DEFAULT_MIN_RETENTION_DAYS;
            const days = args.props.retentionInDays;
            if (days === undefined || days === 0) {
                report(`log group has no retention (logs are kept, and billed, forever); set retentionInDays to at least ${min}.`);
            } else if (days < min) {
                report(
                    `log group keeps logs ${days} days; this environment requires at least ${min} (stack config: logs.retentionDays, or network.flowLogs.retentionDays for flow logs).`,
                );
            }
            return;
        }
        if (!isTaskDefinition(args.type)) return;
        containersOf(args.props).forEach((container, i) => {
            if (!container.logConfiguration?.logDriver) {
                report(`${containerLabel(container, i)} has no logConfiguration; send its output to CloudWatch Logs with the awslogs driver.`);
            }
        });
    },
};

export const DEFAULT_MIN_HEALTHY_PERCENT = 100;

export const safeDeployments: ResourceRule = {
    name: "safe-deployments",
    refuses:
        "rolling deployments without a rolling-back circuit breaker (blue/green passes), `deploymentMinimumHealthyPercent` below `minHealthyPercent`, ECS Exec unless `allowExecuteCommand`",
    reads: "`aws.ecs.Service`",
    rationale:
        "A rolling deployment without a rolling-back circuit breaker can replace healthy tasks with crashing ones and stay there; ECS Exec in production is a shell into live tasks.",
    remediation:
        "Keep rolling deployments on the platform's circuit breaker with rollback (or use `services[].deployment.strategy: blueGreen`), raise `services[].deployment.minimumHealthyPercent`, and turn `services[].enableExecuteCommand` off in production.",
    description:
        "Services deploy with a circuit breaker that rolls back, or blue/green; keep the configured minimum healthy percent; " +
        "ECS Exec only where the environment allows it.",
    configSchema: {
        properties: {
            minHealthyPercent: { type: "integer", minimum: 0, maximum: 100, default: DEFAULT_MIN_HEALTHY_PERCENT },
            allowExecuteCommand: { type: "boolean", default: false, description: "Allow enableExecuteCommand (ECS Exec)." },
        },
    },
    validateResource: (args, report) => {
        if (args.type !== RESOURCE_TYPES.ecsService) return;
        const config = args.getConfig<{ minHealthyPercent?: number; allowExecuteCommand?: boolean }>();
        const props = args.props;
        const blueGreen = shiftsTrafficEcs(props.deploymentConfiguration?.strategy) || props.deploymentController?.type === "CODE_DEPLOY";
        const breaker = props.deploymentCircuitBreaker;
        if (!blueGreen && !(breaker?.enable === true && breaker?.rollback === true)) {
            report(
                "rolling deployment without a circuit breaker that rolls back; set deploymentCircuitBreaker { enable: true, rollback: true } or use blue/green.",
            );
        }
        const minHealthy = config.minHealthyPercent ?? DEFAULT_MIN_HEALTHY_PERCENT;
        const actual = props.deploymentMinimumHealthyPercent ?? 100;
        // A daemon runs one task per instance and is replaced in place: nothing can stay healthy beside it.
        if (actual < minHealthy && props.schedulingStrategy !== "DAEMON") {
            report(
                `deploymentMinimumHealthyPercent is ${actual}; this environment requires at least ${minHealthy} during deployments (stack config: services[].deployment.minimumHealthyPercent).`,
            );
        }
        if (props.enableExecuteCommand === true && config.allowExecuteCommand !== true) {
            report("enableExecuteCommand is on, and this environment does not allow ECS Exec; turn it off (service exec: false).");
        }
    },
};

const INSIGHTS_ON = ["enabled", "enhanced"];

export const containerInsights: ResourceRule = {
    name: "container-insights",
    refuses: "clusters without Container Insights (`enabled` or `enhanced`)",
    reads: "`aws.ecs.Cluster`",
    rationale: "Without Container Insights there are no per-task CPU, memory and task-count metrics to alarm on.",
    remediation: "Set `cluster.containerInsights` to `enabled` or `enhanced` (the default).",
    description: "Every ECS cluster has Container Insights on (enabled or enhanced).",
    validateResource: (args, report) => {
        if (args.type !== RESOURCE_TYPES.ecsCluster) return;
        const settings: { name?: string; value?: string }[] = args.props.settings ?? [];
        const insights = settings.find((s) => s.name === "containerInsights");
        if (!insights || !INSIGHTS_ON.includes(String(insights.value))) {
            report(`Container Insights is ${insights ? `"${insights.value}"` : "not set"}; add the setting containerInsights = "enabled" (or "enhanced").`);
        }
    },
};

export const ecsPolicies = [containerHardening, containerNonRootUser, logsRequired, safeDeployments, containerInsights];
