/** Rules of one service across its keys: size, secrets, autoscaling, health checks, architecture and scratch space. */
import { albMatcherProblem, MAX_CONTAINERS_PER_TASK_DEFINITION } from "../../awsdata/limits";
import { ESCALATION_ACTIONS, SECRET_READ } from "@ecs-platform/shared/iamActions";
import { coversEveryResource, matchesPattern } from "@ecs-platform/shared/iamPatterns";
import { isSecretsManagerArn, isSsmParameterArn, looksSecretName, SECRET_NAME_EXAMPLES } from "@ecs-platform/shared/secretNames";
import { buildProblems } from "./buildRules";
import { missingProvider, PROVIDER_KIND, runsOn, serviceStrategy, strategyProblems } from "./capacity";
import { describeValues, FARGATE_CPU_VALUES, fargateMemoryFor } from "./fargate";
import { ConfigSections, duplicates, Problems } from "./problems";
import { architectureProblems, scratchMemoryProblems } from "./runtimeRules";
import { ClusterConfig, ManagedSecretConfig, ServiceConfig, StatementConfig } from "./schema";
import { LOG_ROUTER, OTEL_COLLECTOR, OTLP_PORTS, shiftsTraffic } from "./serviceSchema";

/** Every rule of one service, in the order its problems are reported. */
export function serviceProblems(svc: ServiceConfig, path: string, s: ConfigSections): Problems {
    return [
        ...buildProblems(svc, path),
        ...capacityProblems(svc, path, s.cluster),
        ...sizeProblems(svc, path),
        ...secretProblems(svc, path, s.secrets),
        ...autoscalingProblems(svc, path),
        ...architectureProblems(svc, path, s.cluster),
        ...scratchMemoryProblems(svc, path),
        ...stripPathPrefixProblems(svc, path),
        ...healthCheckProblems(svc, path),
        ...workerProblems(svc, path),
        ...sidecarProblems(svc, path),
        ...placementProblems(svc, path),
        ...daemonProblems(svc, path),
        ...(svc.databaseAccess && s.database === null ? [`${path}.databaseAccess: true but the stack has no database key`] : []),
        ...(svc.efs && svc.scratchPaths.includes(svc.efs.containerPath)
            ? [`${path}.efs.containerPath: "${svc.efs.containerPath}" is also a scratch path`]
            : []),
        ...duplicates(svc.scratchPaths, (i, p) => `${path}.scratchPaths[${i}]: "${p}" is listed twice`),
        ...svc.taskPolicy.flatMap((st, i) => taskStatementProblems(st, `${path}.taskPolicy[${i}]`, path)),
    ];
}

/**
 * Sidecars share the task: distinct container names and ports, CPU and memory that leave some to the service's own
 * container, and dependencies on containers that exist (HEALTHY only on one with a health check), without cycles.
 */
function sidecarProblems(svc: ServiceConfig, path: string): Problems {
    const sidecars = svc.sidecars;
    const tracing = svc.tracing === "otel";
    const problems: Problems = [];
    if (tracing && (OTLP_PORTS as readonly number[]).includes(svc.containerPort)) {
        problems.push(`${path}.containerPort: ${svc.containerPort} is the tracing collector's OTLP port in this task (${OTLP_PORTS.join(", ")}); use another`);
    }
    if (sidecars.length === 0) return problems;
    // The collector and the log router are containers of the task too: their names (and the collector's ports) are taken.
    const router = svc.logging.router === "firelens";
    const names = [svc.name, ...(tracing ? [OTEL_COLLECTOR] : []), ...(router ? [LOG_ROUTER] : []), ...sidecars.map((s) => s.name)];
    if (names.length > MAX_CONTAINERS_PER_TASK_DEFINITION) {
        const added = [...(tracing ? ["the tracing collector"] : []), ...(router ? ["the log router"] : [])].join(" and ");
        problems.push(
            `${path}.sidecars: ${sidecars.length} sidecars beside the service's container and ${added} make ${names.length} containers; a task holds at most ${MAX_CONTAINERS_PER_TASK_DEFINITION}`,
        );
    }
    const offset = names.length - sidecars.length;
    problems.push(...duplicates(names, (i, name) => `${path}.sidecars[${i - offset}].name: "${name}" is already a container of this task`));
    const ports = [svc.containerPort, ...(tracing ? OTLP_PORTS : []), ...sidecars.flatMap((s) => s.ports)];
    problems.push(...duplicates(ports, (_i, port) => `${path}.sidecars: port ${port} is used by two containers of the task (they share one network)`));
    const cpu = sidecars.reduce((n, s) => n + s.cpu, 0);
    if (cpu >= svc.cpu) problems.push(`${path}.sidecars: their cpu (${cpu}) leaves nothing of the task's ${svc.cpu} to the service's container`);
    const memory = sidecars.reduce((n, s) => n + (s.memory ?? 0), 0);
    if (memory >= svc.memory)
        problems.push(`${path}.sidecars: their memory (${memory} MiB) leaves nothing of the task's ${svc.memory} MiB to the service's container`);
    const healthChecked = new Set([...(svc.containerHealthCheck ? [svc.name] : []), ...sidecars.filter((s) => s.healthCheck).map((s) => s.name)]);
    sidecars.forEach((sidecar, i) =>
        sidecar.dependsOn.forEach((dep, j) => {
            const at = `${path}.sidecars[${i}].dependsOn[${j}].container`;
            if (dep.container === sidecar.name) problems.push(`${at}: a container cannot wait for itself`);
            else if (!names.includes(dep.container))
                problems.push(`${at}: "${dep.container}" is not a container of this task (containers: ${names.join(", ")})`);
            else if (dep.condition === "HEALTHY" && !healthChecked.has(dep.container)) {
                problems.push(`${at}: HEALTHY needs a health check on "${dep.container}" (containerHealthCheck, or the sidecar's healthCheck)`);
            }
        }),
    );
    const cycle = dependencyCycle(sidecars);
    if (cycle) problems.push(`${path}.sidecars: ${cycle.join(" → ")} wait for each other, so none would start`);
    return problems;
}

/** A cycle among the sidecars' dependencies, as container names, or undefined. */
function dependencyCycle(sidecars: ServiceConfig["sidecars"]): string[] | undefined {
    const edges = new Map(sidecars.map((s) => [s.name, s.dependsOn.map((d) => d.container).filter((c) => c !== s.name)]));
    const visiting: string[] = [];
    const done = new Set<string>();
    const visit = (name: string): string[] | undefined => {
        if (visiting.includes(name)) return [...visiting.slice(visiting.indexOf(name)), name];
        if (done.has(name) || !edges.has(name)) return undefined;
        visiting.push(name);
        for (const next of edges.get(name)!) {
            const found = visit(next);
            if (found) return found;
        }
        visiting.pop();
        done.add(name);
        return undefined;
    };
    for (const name of edges.keys()) {
        const found = visit(name);
        if (found) return found;
    }
    return undefined;
}

/**
 * Step policies that can act: each has steps, thresholds in order, scale-in below scale-out (else the service flaps
 * between them), and none steers a metric target tracking already steers (two controllers would fight over it).
 */
function stepProblems(as: NonNullable<ServiceConfig["autoscaling"]>, path: string): Problems {
    const problems: Problems = [];
    problems.push(
        ...duplicates(
            as.steps.map((s) => s.name),
            (i, name) => `${path}.steps[${i}].name: "${name}" is used by an earlier step policy`,
        ),
    );
    as.steps.forEach((step, i) => {
        const at = `${path}.steps[${i}]`;
        if (step.scaleOut.length === 0 && step.scaleIn.length === 0)
            problems.push(`${at}: has neither scaleOut nor scaleIn steps, so it never changes the task count`);
        const out = step.scaleOut.map((s) => s.atOrAbove);
        const into = step.scaleIn.map((s) => s.atOrBelow);
        if (out.some((v, j) => j > 0 && v <= out[j - 1])) problems.push(`${at}.scaleOut: thresholds must rise (got ${out.join(", ")})`);
        if (into.some((v, j) => j > 0 && v >= into[j - 1])) problems.push(`${at}.scaleIn: thresholds must fall (got ${into.join(", ")})`);
        if (out.length > 0 && into.length > 0 && Math.max(...into) >= Math.min(...out)) {
            problems.push(`${at}: scaleIn at ${Math.max(...into)} is not below scaleOut at ${Math.min(...out)}; both would fire and the service would flap`);
        }
        const tracked = step.metric === "cpu" ? as.cpuTargetPercent : step.metric === "memory" ? as.memoryTargetPercent : undefined;
        if (tracked !== undefined) {
            problems.push(
                `${at}.metric: ${step.metric} is already steered by ${step.metric}TargetPercent; two policies on one metric fight each other (use one)`,
            );
        }
    });
    return problems;
}

/**
 * A daemon runs one task per EC2 container instance: ECS refuses a capacity provider strategy for it (so it uses the
 * EC2 launch type), and a desired count, autoscaling and placement strategies mean nothing for it (placement
 * constraints still choose the instances). Source: Amazon ECS Developer Guide, "Daemon scheduling strategy" (read
 * 2026-12-02). The platform runs daemons as workers: no load balancer, rolling deployments only.
 */
function daemonProblems(svc: ServiceConfig, path: string): Problems {
    if (svc.schedulingStrategy !== "daemon") return [];
    const problems: Problems = [];
    const why = "a daemon runs one task on every container instance";
    if (svc.capacity !== "ec2" && svc.capacity !== "managedInstances") {
        problems.push(
            `${path}.capacity: ${why}; set capacity: ec2 (with cluster.ec2Capacity) or managedInstances (with cluster.managedInstances, as an ECS managed daemon)`,
        );
    }
    if (svc.autoscaling) problems.push(`${path}.autoscaling: ${why}, so nothing scales it; remove autoscaling`);
    if (svc.placement && svc.placement.strategy.length > 0) problems.push(`${path}.placement.strategy: ${why}; only constraints apply to it`);
    if (svc.paths.length > 0)
        problems.push(`${path}.paths: the platform runs daemons as workers (agents on every instance); route traffic to a replica service`);
    if (svc.deployment.strategy !== "rolling") problems.push(`${path}.deployment.strategy: ${why}, replaced in place; use "rolling"`);
    if (svc.capacity === "managedInstances") problems.push(...managedDaemonProblems(svc, path));
    return problems;
}

/**
 * A daemon on Managed Instances is an ECS managed daemon: its task definition has no network mode, no port mappings
 * and host volumes only (aws.ecs.DaemonTaskDefinition, @pulumi/aws 7.48), so it has no security group, EFS volume or
 * ECS Exec volumes; the platform does not run the tracing collector beside it (unverified on AWS).
 */
function managedDaemonProblems(svc: ServiceConfig, path: string): Problems {
    const why = "a managed daemon (daemon on managedInstances) has no network configuration or task volumes of its own";
    const problems: Problems = [];
    if (svc.databaseAccess) problems.push(`${path}.databaseAccess: ${why}, so no security group to admit; run it as a replica service`);
    if (svc.efs) problems.push(`${path}.efs: ${why} (host volumes only); remove efs`);
    if (svc.enableExecuteCommand) problems.push(`${path}.enableExecuteCommand: ${why}, so not the agent paths ECS Exec writes; turn it off`);
    if (svc.tracing !== "none") problems.push(`${path}.tracing: the platform does not run the collector beside a managed daemon; set tracing: none`);
    if (svc.logging.router !== "awslogs") {
        problems.push(`${path}.logging.router: the platform does not run a FireLens router beside a managed daemon; use "awslogs"`);
    }
    svc.sidecars.forEach((s, i) => {
        if (s.ports.length > 0) problems.push(`${path}.sidecars[${i}].ports: a daemon task definition has no port mappings; remove them`);
    });
    return problems;
}

/** Placement applies on EC2 capacity only, and each strategy and constraint takes the field or expression ECS expects. */
function placementProblems(svc: ServiceConfig, path: string): Problems {
    const placement = svc.placement;
    if (!placement) return [];
    const problems: Problems = [];
    const providers = [...new Set(serviceStrategy(svc).map((s) => s.provider))];
    if (providers.some((p) => p !== "ec2")) {
        // Managed Instances: ECS chooses the instances itself; the platform has not verified placement there.
        problems.push(
            `${path}.placement: placement strategies and constraints apply to EC2 capacity only (ECS refuses them for Fargate, and on Managed Instances ECS places tasks itself); capacity here: ${providers.join(", ")}`,
        );
    }
    placement.strategy.forEach((s, i) => {
        const at = `${path}.placement.strategy[${i}]`;
        if (s.type === "random" && s.field !== undefined) problems.push(`${at}.field: random takes no field`);
        if (s.type === "binpack" && s.field !== "cpu" && s.field !== "memory")
            problems.push(`${at}.field: binpack packs on cpu or memory (got ${s.field ?? "none"})`);
        if (s.type === "spread") {
            if (s.field === "host") problems.push(`${at}.field: write instanceId: AWS stores host as instanceId, so every plan would show a change`);
            else if (s.field !== "instanceId" && !s.field?.startsWith("attribute:")) {
                problems.push(`${at}.field: spread needs instanceId or an attribute such as attribute:ecs.availability-zone (got ${s.field ?? "none"})`);
            }
        }
    });
    placement.constraints.forEach((c, i) => {
        const at = `${path}.placement.constraints[${i}]`;
        if (c.type === "memberOf" && c.expression === undefined) problems.push(`${at}.expression: memberOf needs a cluster query language expression`);
        if (c.type === "distinctInstance" && c.expression !== undefined) problems.push(`${at}.expression: distinctInstance takes no expression`);
    });
    return problems;
}

/** A worker (no paths) takes no traffic from the load balancer, so nothing that shapes that traffic applies to it. */
function workerProblems(svc: ServiceConfig, path: string): Problems {
    // A service on the NLB is no worker: loadBalancerRules.ts judges it.
    if (svc.paths.length > 0 || svc.expose === "nlb") return [];
    const why = "a worker service (no paths) takes no traffic from the load balancer";
    const problems: Problems = [];
    if (svc.hosts.length > 0) problems.push(`${path}.hosts: ${why}; remove hosts, or give it paths`);
    if (svc.stripPathPrefix !== undefined) problems.push(`${path}.stripPathPrefix: ${why}; remove it, or give it paths`);
    if (svc.priority !== undefined) problems.push(`${path}.priority: ${why}, so it has no listener rule; remove it, or give it paths`);
    if (svc.autoscaling?.requestsPerTarget !== undefined) {
        problems.push(`${path}.autoscaling.requestsPerTarget: ${why}; scale it on cpuTargetPercent or memoryTargetPercent`);
    }
    if (shiftsTraffic(svc.deployment.strategy))
        problems.push(`${path}.deployment.strategy: ${svc.deployment.strategy} shifts load-balancer traffic, and ${why}; use "rolling"`);
    return problems;
}

/** The providers the service names exist in the cluster, and its own strategy follows the rules of strategies. */
function capacityProblems(svc: ServiceConfig, path: string, cluster: ClusterConfig | undefined): Problems {
    if (typeof svc.capacity !== "string") return strategyProblems(serviceStrategy(svc), `${path}.capacity.strategy`, cluster);
    const missing = missingProvider(svc.capacity, cluster);
    return missing ? [`${path}.capacity: ${missing}`] : [];
}

/** A Fargate size on Fargate; ECS's bounds on EC2; a public IP only on Fargate. */
function sizeProblems(svc: ServiceConfig, path: string): Problems {
    const strategy = serviceStrategy(svc);
    const problems: Problems = [];
    const onFargate = runsOn(svc, "Fargate");
    if (onFargate) problems.push(...fargateSizeProblems(svc, path));
    else {
        if (svc.cpu < 128 || svc.cpu > 196608) problems.push(`${path}.cpu: ${svc.cpu} is outside 128 to 196608 CPU units`);
        if (svc.memory < 128) problems.push(`${path}.memory: ${svc.memory} is below 128 MiB`);
    }
    if (svc.assignPublicIp && !strategy.every((x) => PROVIDER_KIND[x.provider] === "Fargate")) {
        problems.push(`${path}.assignPublicIp: public IPs need Fargate capacity (awsvpc tasks on EC2 or Managed Instances cannot have one)`);
    }
    return problems;
}

/** Every path starts with the prefix the rewrite strips, or the rewrite would not apply to it. */
function stripPathPrefixProblems(svc: ServiceConfig, path: string): Problems {
    const prefix = svc.stripPathPrefix;
    if (prefix === undefined) return [];
    return svc.paths.flatMap((p, j) =>
        p !== prefix && !p.startsWith(`${prefix}/`)
            ? [`${path}.paths[${j}]: "${p}" does not start with stripPathPrefix "${prefix}" (the rewrite would not apply to it)`]
            : [],
    );
}

/** An ALB matcher, and a timeout shorter than the interval. */
function healthCheckProblems(svc: ServiceConfig, path: string): Problems {
    const hc = svc.healthCheck;
    const problems: Problems = [];
    const matcher = albMatcherProblem(hc.matcher);
    if (matcher) problems.push(`${path}.healthCheck.matcher: ${matcher}`);
    if (hc.timeoutSeconds >= hc.intervalSeconds) {
        problems.push(`${path}.healthCheck.timeoutSeconds: ${hc.timeoutSeconds} must be less than intervalSeconds (${hc.intervalSeconds})`);
    }
    return problems;
}

/**
 * A statement of the task policy names what the task needs: no broad actions on every resource, no IAM escalation
 * and no secret reads on every resource.
 */
function taskStatementProblems(st: StatementConfig, at: string, path: string): Problems {
    const problems: Problems = [];
    const broad = st.actions.filter((a) => a === "*" || a.endsWith(":*"));
    const everything = st.resources.filter(coversEveryResource);
    if (st.effect === "Allow" && broad.length > 0 && everything.length > 0) {
        problems.push(
            `${at}: allows ${broad.join(", ")} on ${everything.map((r) => `"${r}"`).join(", ")}, every resource (name the actions and resources the task needs)`,
        );
    }
    if (st.effect !== "Allow" || everything.length === 0) return problems;
    const grants = (action: string) => st.actions.some((pattern) => matchesPattern(pattern, action));
    const escalation = ESCALATION_ACTIONS.filter(grants);
    if (escalation.length > 0 && broad.length === 0) {
        problems.push(
            `${at}: grants ${escalation.join(", ")} on every resource, which lets the task give itself any permission (name the roles or policies it may act on)`,
        );
    }
    if (grants(SECRET_READ) && broad.length === 0) {
        problems.push(`${at}: grants ${SECRET_READ} on every secret (list the secret ARNs, or use ${path}.secrets)`);
    }
    return problems;
}

function fargateSizeProblems(svc: ServiceConfig, path: string): Problems {
    const memory = fargateMemoryFor(svc.cpu);
    if (!memory) return [`${path}.cpu: ${svc.cpu} is not a Fargate size (allowed: ${FARGATE_CPU_VALUES.join(", ")})`];
    if (!memory.includes(svc.memory)) {
        return [`${path}.memory: ${svc.memory} is not valid with cpu ${svc.cpu} (allowed: ${describeValues(memory)})`];
    }
    return [];
}

function secretProblems(svc: ServiceConfig, path: string, managed: ManagedSecretConfig[] | undefined): Problems {
    return [
        ...containerSecretProblems(svc, path, managed),
        ...svc.sidecars.flatMap((sidecar, i) => containerSecretProblems(sidecar, `${path}.sidecars[${i}]`, managed)),
    ];
}

/** One container's variables: none looks secret, and each secret is a Secrets Manager ARN or a secret the stack creates. */
function containerSecretProblems(
    container: { environment: Record<string, string>; secrets: Record<string, string> },
    path: string,
    managed: ManagedSecretConfig[] | undefined,
): Problems {
    const problems: Problems = [];
    for (const name of Object.keys(container.environment)) {
        if (looksSecretName(name)) {
            problems.push(
                `${path}.environment.${name}: looks like a secret (names containing ${SECRET_NAME_EXAMPLES}); ` +
                    `move it to ${path}.secrets as a Secrets Manager ARN or a secret the stack creates`,
            );
        }
        if (name in container.secrets) problems.push(`${path}.environment.${name}: also defined in ${path}.secrets`);
    }
    const managedNames = managed?.map((m) => m.name);
    for (const [name, ref] of Object.entries(container.secrets)) {
        if (ref.startsWith("arn:")) {
            if (isSsmParameterArn(ref)) {
                problems.push(`${path}.secrets.${name}: "${ref}" is an SSM parameter; secrets come only from Secrets Manager`);
            } else if (!isSecretsManagerArn(ref)) {
                problems.push(`${path}.secrets.${name}: "${ref}" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)`);
            }
        } else if (managedNames && !managedNames.includes(ref)) {
            const allowed = managedNames.length ? managedNames.join(", ") : "none defined";
            problems.push(`${path}.secrets.${name}: "${ref}" is neither a Secrets Manager ARN nor a secret in the secrets key (defined: ${allowed})`);
        }
    }
    return problems;
}

function autoscalingProblems(svc: ServiceConfig, path: string): Problems {
    const as = svc.autoscaling;
    if (!as) return [];
    const problems: Problems = [];
    if (as.minCount > as.maxCount) {
        problems.push(`${path}.autoscaling.minCount: ${as.minCount} is larger than maxCount ${as.maxCount}`);
    } else if (svc.desiredCount < as.minCount || svc.desiredCount > as.maxCount) {
        problems.push(`${path}.desiredCount: ${svc.desiredCount} is outside autoscaling ${as.minCount} to ${as.maxCount}`);
    }
    const metrics = [as.cpuTargetPercent, as.memoryTargetPercent, as.requestsPerTarget].filter((m) => m !== undefined);
    problems.push(...stepProblems(as, `${path}.autoscaling`));
    if (metrics.length === 0 && as.schedules.length === 0 && as.steps.length === 0) {
        problems.push(
            `${path}.autoscaling: has no target metric and no schedule, so nothing ever scales the service ` +
                `(set cpuTargetPercent, memoryTargetPercent or requestsPerTarget, add schedules, or remove autoscaling)`,
        );
    }
    if (as.requestsPerTarget !== undefined && shiftsTraffic(svc.deployment.strategy)) {
        problems.push(
            `${path}.autoscaling.requestsPerTarget: ALBRequestCountPerTarget tracks one target group, and a blue/green ` +
                `deployment moves the traffic to the other; scale this service on cpuTargetPercent or memoryTargetPercent, ` +
                `or deploy it rolling`,
        );
    }
    as.schedules.forEach((sch, i) => {
        if (sch.minCount > sch.maxCount) {
            problems.push(`${path}.autoscaling.schedules[${i}].minCount: ${sch.minCount} is larger than maxCount ${sch.maxCount}`);
        }
    });
    problems.push(
        ...duplicates(
            as.schedules.map((x) => x.name),
            (i, n) => `${path}.autoscaling.schedules[${i}].name: "${n}" is used twice`,
        ),
    );
    return problems;
}
