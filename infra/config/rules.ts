/**
 * Rules that relate several config keys: Fargate sizes, routes, capacity, secrets, egress and the production
 * invariants. Each takes the sections that passed the schema (a section that did not is absent) and returns problems
 * as `key.path: message`, so that one run reports everything it can.
 */
import { albMatcherProblem } from "../../awsdata/limits";
import { layoutSubnets, parseCidr, subnetLayoutProblem, SubnetTier } from "../cidr";
import { isCatchAll, rulePriorities } from "../routing";
import { isSecretsManagerArn, isSsmParameterArn, looksSecretName, SECRET_NAME_EXAMPLES } from "../../policies/lib/secretNames";
import { serviceStrategy } from "./capacity";
import { describeValues, FARGATE_CPU_VALUES, fargateMemoryFor } from "./fargate";
import {
    architectureProblems,
    ec2CapacityProblems,
    imageReachabilityProblems,
    instanceTypeProblems,
    scratchMemoryProblems,
} from "./runtimeRules";
import {
    CapacityStrategyItem,
    ClusterConfig,
    InterfaceEndpoint,
    ManagedSecretConfig,
    NetworkConfig,
    ServiceConfig,
} from "./schema";

export interface ConfigSections {
    /** aws:region, when it is set. */
    region?: string;
    environment?: "development" | "production";
    protectStatefulResources?: boolean;
    network?: NetworkConfig;
    cluster?: ClusterConfig;
    secrets?: ManagedSecretConfig[];
    /** null when the stack has no database key; undefined when that key failed the schema. */
    database?: { port: number } | null;
    /** One entry per configured service; undefined where that service failed the schema. */
    services?: (ServiceConfig | undefined)[];
}

export type Problems = string[];

/** Every cross-key problem in the sections given. */
export function crossKeyProblems(s: ConfigSections): Problems {
    const problems: Problems = [];
    if (s.network) problems.push(...networkProblems(s.network));
    if (s.cluster) problems.push(...clusterProblems(s.cluster));
    if (s.secrets) problems.push(...secretNameProblems(s.secrets));
    const services = s.services ?? [];
    services.forEach((svc, i) => {
        if (svc) problems.push(...serviceProblems(svc, `services[${i}]`, s));
    });
    problems.push(...routeProblems(services));
    problems.push(
        ...duplicates(
            services.map((svc) => svc?.name),
            (i, name) => `services[${i}].name: "${name}" is used by an earlier service (names must be unique)`,
        ),
    );
    if (s.network) problems.push(...egressProblems(s.network, s.cluster, services));
    if (s.network) {
        const network = s.network;
        services.forEach((svc, i) => svc && problems.push(...imageReachabilityProblems(svc, `services[${i}]`, network, s.region)));
    }
    const ec2 = s.cluster?.ec2Capacity;
    if (ec2) {
        const present = services.flatMap((svc, i) => (svc ? [{ svc, path: `services[${i}]` }] : []));
        problems.push(...ec2CapacityProblems(ec2, present));
    }
    if (s.environment === "production") problems.push(...productionProblems(s, services));
    return problems;
}

/** The Pulumi logical name of a secret the stack creates: its name with / and other symbols as -. */
export function secretResourceName(name: string): string {
    return `secret-${name.replace(/[^A-Za-z0-9-]/g, "-")}`;
}

/** Secret names must be unique, also once turned into resource names ("a/b" and "a-b" would collide). */
function secretNameProblems(secrets: ManagedSecretConfig[]): Problems {
    const firstByKey = new Map<string, string>();
    const problems: Problems = [];
    secrets.forEach(({ name }, i) => {
        const key = secretResourceName(name);
        const earlier = firstByKey.get(key);
        if (earlier === name) problems.push(`secrets[${i}].name: "${name}" is defined twice`);
        else if (earlier !== undefined) problems.push(`secrets[${i}].name: "${name}" gives the same resource name (${key}) as "${earlier}"; rename one`);
        else firstByKey.set(key, name);
    });
    return problems;
}

function duplicates<T>(values: readonly (T | undefined)[], message: (index: number, value: T) => string): Problems {
    const seen = new Set<T>();
    const problems: Problems = [];
    values.forEach((v, i) => {
        if (v === undefined) return;
        if (seen.has(v)) problems.push(message(i, v));
        seen.add(v);
    });
    return problems;
}

export function networkProblems(network: NetworkConfig): Problems {
    const vpc = parseCidr(network.cidr)!; // the schema has checked the form
    if (vpc.prefix < 16 || vpc.prefix > 24) {
        return [`network.cidr: "${network.cidr}" has prefix /${vpc.prefix} (allowed: /16 to /24; AWS allows /16 to /28 and subnets need room)`];
    }
    const problems: Problems = [];
    const lengths = subnetPrefixLengths(network);
    for (const [tier, prefix] of Object.entries(lengths) as [SubnetTier, number][]) {
        if (prefix <= vpc.prefix) {
            problems.push(`network.subnetPrefixLengths.${tier}: /${prefix} is not smaller than the VPC's /${vpc.prefix}`);
        }
    }
    if (problems.length === 0) {
        const fit = subnetLayoutProblem({ vpcCidr: network.cidr, prefixLengths: lengths });
        if (fit) problems.push(`network.subnetPrefixLengths: ${fit}; use longer prefixes or a larger network.cidr`);
    }
    problems.push(
        ...duplicates(network.endpoints.gateway, (i, e) => `network.endpoints.gateway[${i}]: "${e}" is listed twice`),
        ...duplicates(network.endpoints.interface, (i, e) => `network.endpoints.interface[${i}]: "${e}" is listed twice`),
    );
    return problems;
}

/** The subnet prefix length of each tier the stack has, defaults applied. */
export function subnetPrefixLengths(network: NetworkConfig): Partial<Record<SubnetTier, number>> {
    const vpcPrefix = parseCidr(network.cidr)?.prefix ?? 16;
    const lengths: Partial<Record<SubnetTier, number>> = {
        private: network.subnetPrefixLengths.private ?? Math.min(vpcPrefix + 3, 28),
        public: network.subnetPrefixLengths.public ?? Math.min(vpcPrefix + 6, 28),
    };
    if (network.isolatedSubnets) lengths.isolated = network.subnetPrefixLengths.isolated ?? Math.min(vpcPrefix + 6, 28);
    return lengths;
}

/** The subnet CIDRs per tier, only for the AZs in use. */
export function subnetCidrs(network: NetworkConfig): Record<SubnetTier, string[]> {
    const layout = layoutSubnets({ vpcCidr: network.cidr, prefixLengths: subnetPrefixLengths(network) });
    return {
        private: layout.private.slice(0, network.azCount),
        public: layout.public.slice(0, network.azCount),
        isolated: layout.isolated.slice(0, network.azCount),
    };
}

function clusterProblems(cluster: ClusterConfig): Problems {
    const problems = strategyProblems(cluster.defaultStrategy, "cluster.defaultStrategy", cluster);
    const ec2 = cluster.ec2Capacity;
    if (ec2 && ec2.minSize > ec2.maxSize) {
        problems.push(`cluster.ec2Capacity.minSize: ${ec2.minSize} is larger than maxSize ${ec2.maxSize}`);
    }
    if (ec2) problems.push(...instanceTypeProblems(ec2));
    return problems;
}

/** Rules of ECS capacity provider strategies. Source: Amazon ECS API, CapacityProviderStrategyItem (read 2026-11-23). */
function strategyProblems(strategy: CapacityStrategyItem[], path: string, cluster: ClusterConfig | undefined): Problems {
    const problems: Problems = [];
    problems.push(...duplicates(strategy.map((x) => x.provider), (i, p) => `${path}[${i}].provider: "${p}" appears twice`));
    if (strategy.filter((x) => x.base > 0).length > 1) {
        problems.push(`${path}: only one provider may have a base above 0`);
    }
    if (strategy.every((x) => x.weight === 0)) problems.push(`${path}: at least one provider needs a weight above 0`);
    const usesEc2 = strategy.some((x) => x.provider === "ec2");
    if (usesEc2 && strategy.some((x) => x.provider !== "ec2")) {
        problems.push(`${path}: mixes Fargate and EC2 providers (ECS allows one kind per strategy)`);
    }
    if (usesEc2 && cluster && !cluster.ec2Capacity) {
        problems.push(`${path}: uses provider "ec2" but cluster.ec2Capacity is not set`);
    }
    return problems;
}

function serviceProblems(svc: ServiceConfig, path: string, s: ConfigSections): Problems {
    const problems: Problems = [];
    const strategy = serviceStrategy(svc);
    if (typeof svc.capacity === "string") {
        if (svc.capacity === "ec2" && s.cluster && !s.cluster.ec2Capacity) {
            problems.push(`${path}.capacity: "ec2" needs cluster.ec2Capacity (allowed here: fargate, fargateSpot)`);
        }
    } else {
        problems.push(...strategyProblems(strategy, `${path}.capacity.strategy`, s.cluster));
    }
    const onFargate = strategy.some((x) => x.provider !== "ec2");
    if (onFargate) problems.push(...fargateSizeProblems(svc, path));
    else {
        if (svc.cpu < 128 || svc.cpu > 196608) problems.push(`${path}.cpu: ${svc.cpu} is outside 128 to 196608 CPU units`);
        if (svc.memory < 128) problems.push(`${path}.memory: ${svc.memory} is below 128 MiB`);
    }
    if (svc.assignPublicIp && !strategy.every((x) => x.provider !== "ec2")) {
        problems.push(`${path}.assignPublicIp: public IPs need Fargate capacity (awsvpc tasks on EC2 cannot have one)`);
    }
    problems.push(...secretProblems(svc, path, s.secrets));
    problems.push(...autoscalingProblems(svc, path));
    problems.push(...architectureProblems(svc, path, s.cluster));
    problems.push(...scratchMemoryProblems(svc, path));
    if (svc.stripPathPrefix !== undefined) {
        const prefix = svc.stripPathPrefix;
        svc.paths.forEach((p, j) => {
            if (p !== prefix && !p.startsWith(`${prefix}/`)) {
                problems.push(`${path}.paths[${j}]: "${p}" does not start with stripPathPrefix "${prefix}" (the rewrite would not apply to it)`);
            }
        });
    }
    const hc = svc.healthCheck;
    const matcher = albMatcherProblem(hc.matcher);
    if (matcher) problems.push(`${path}.healthCheck.matcher: ${matcher}`);
    if (hc.timeoutSeconds >= hc.intervalSeconds) {
        problems.push(`${path}.healthCheck.timeoutSeconds: ${hc.timeoutSeconds} must be less than intervalSeconds (${hc.intervalSeconds})`);
    }
    if (svc.databaseAccess && s.database === null) {
        problems.push(`${path}.databaseAccess: true but the stack has no database key`);
    }
    if (svc.efs && svc.scratchPaths.includes(svc.efs.containerPath)) {
        problems.push(`${path}.efs.containerPath: "${svc.efs.containerPath}" is also a scratch path`);
    }
    problems.push(...duplicates(svc.scratchPaths, (i, p) => `${path}.scratchPaths[${i}]: "${p}" is listed twice`));
    svc.taskPolicy.forEach((st, i) => {
        const broad = st.actions.filter((a) => a === "*" || a.endsWith(":*"));
        if (st.effect === "Allow" && broad.length > 0 && st.resources.includes("*")) {
            problems.push(`${path}.taskPolicy[${i}]: allows ${broad.join(", ")} on "*" (name the actions and resources the task needs)`);
        }
    });
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
    const problems: Problems = [];
    for (const name of Object.keys(svc.environment)) {
        if (looksSecretName(name)) {
            problems.push(
                `${path}.environment.${name}: looks like a secret (names containing ${SECRET_NAME_EXAMPLES}); ` +
                    `move it to ${path}.secrets as a Secrets Manager ARN or a secret the stack creates`,
            );
        }
        if (name in svc.secrets) problems.push(`${path}.environment.${name}: also defined in ${path}.secrets`);
    }
    const managedNames = managed?.map((m) => m.name);
    for (const [name, ref] of Object.entries(svc.secrets)) {
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
    if (metrics.length === 0 && as.schedules.length === 0) {
        problems.push(
            `${path}.autoscaling: has no target metric and no schedule, so nothing ever scales the service ` +
                `(set cpuTargetPercent, memoryTargetPercent or requestsPerTarget, add schedules, or remove autoscaling)`,
        );
    }
    if (as.requestsPerTarget !== undefined && svc.deployment.strategy === "blueGreen") {
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
    problems.push(...duplicates(as.schedules.map((x) => x.name), (i, n) => `${path}.autoscaling.schedules[${i}].name: "${n}" is used twice`));
    return problems;
}

/** ALB path patterns. Source: ELB User Guide, "Listener rules: path conditions" (read 2026-11-23). */
const PATH_PATTERN = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
const HOST_PATTERN = /^[A-Za-z0-9\-.*?]+$/;
/** A rule may hold at most five condition values in all. Source: ELB User Guide, "Listener rules: rule conditions". */
const MAX_CONDITION_VALUES = 5;

function routeProblems(services: (ServiceConfig | undefined)[]): Problems {
    const problems: Problems = [];
    services.forEach((svc, i) => {
        if (!svc) return;
        svc.paths.forEach((p, j) => {
            const at = `services[${i}].paths[${j}]`;
            if (!p.startsWith("/") && p !== "*") problems.push(`${at}: "${p}" must start with /`);
            else if (p.length > 128) problems.push(`${at}: is ${p.length} characters long (at most 128)`);
            else if (!PATH_PATTERN.test(p)) {
                problems.push(`${at}: "${p}" has a character ALB does not accept (allowed: A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?)`);
            }
        });
        svc.hosts.forEach((h, j) => {
            if (h.length > 128 || !HOST_PATTERN.test(h)) {
                problems.push(`services[${i}].hosts[${j}]: "${h}" is not a host pattern (A-Z a-z 0-9 - . * ?, at most 128 characters)`);
            }
        });
        if (svc.paths.length + svc.hosts.length > MAX_CONDITION_VALUES) {
            problems.push(`services[${i}]: ${svc.paths.length} paths and ${svc.hosts.length} hosts exceed the ${MAX_CONDITION_VALUES} condition values of one ALB rule`);
        }
    });
    const routed = services.map((svc) => svc && { name: svc.name, paths: svc.paths, hosts: svc.hosts, priority: svc.priority });
    const present = routed.flatMap((r, i) => (r ? [{ r, i }] : []));
    const priorities = rulePriorities(present.map((x) => x.r));
    const byPriority = new Map<number, number>();
    present.forEach(({ r, i }, k) => {
        const earlier = byPriority.get(priorities[k]);
        if (earlier !== undefined) {
            const how = r.priority === undefined ? "derived priority" : "priority";
            problems.push(`services[${i}].priority: ${how} ${priorities[k]} is also that of services[${earlier}] (${services[earlier]!.name})`);
        } else byPriority.set(priorities[k], i);
    });
    present.forEach(({ r, i }, k) => {
        if (!isCatchAll(r)) return;
        const shadowed = present.filter((o, m) => !isCatchAll(o.r) && priorities[m] > priorities[k]);
        if (shadowed.length) {
            problems.push(
                `services[${i}].priority: ${priorities[k]} makes the catch-all route evaluate before ` +
                    `${shadowed.map((o) => o.r.name).join(", ")}; a catch-all needs the highest priority number`,
            );
        }
    });
    const owners = new Map<string, number>();
    present.forEach(({ r, i }) => {
        for (const host of r.hosts.length ? r.hosts : ["(any host)"]) {
            for (const path of r.paths) {
                const key = `${host} ${path}`;
                const earlier = owners.get(key);
                if (earlier !== undefined && earlier !== i) {
                    problems.push(`services[${i}].paths: route ${path} on ${host} is also routed to services[${earlier}] (${services[earlier]!.name})`);
                } else owners.set(key, i);
            }
        }
    });
    return problems;
}

/** The interface endpoints private tasks need when the VPC has no NAT gateway. */
export function requiredEndpoints(cluster: ClusterConfig | undefined, services: ServiceConfig[]): {
    gateway: "s3"[];
    interface: InterfaceEndpoint[];
} {
    const needed: InterfaceEndpoint[] = ["ecr.api", "ecr.dkr", "logs"];
    if (services.some((svc) => Object.keys(svc.secrets).length > 0)) needed.push("secretsmanager");
    if (services.some((svc) => svc.enableExecuteCommand)) needed.push("ssmmessages");
    if (cluster?.ec2Capacity) needed.push("ecs", "ecs-agent", "ecs-telemetry");
    return { gateway: ["s3"], interface: needed };
}

function egressProblems(network: NetworkConfig, cluster: ClusterConfig | undefined, services: (ServiceConfig | undefined)[]): Problems {
    if (network.natGateways !== "none") return [];
    const privateServices = services.filter((svc): svc is ServiceConfig => svc !== undefined && !svc.assignPublicIp);
    if (privateServices.length === 0 && !cluster?.ec2Capacity) return [];
    const required = requiredEndpoints(cluster, privateServices);
    const missing = [
        ...required.gateway.filter((e) => !network.endpoints.gateway.includes(e)).map((e) => `${e} (gateway)`),
        ...required.interface.filter((e) => !network.endpoints.interface.includes(e)),
    ];
    if (missing.length === 0) return [];
    return [
        `network.endpoints: with natGateways "none", private tasks cannot pull images, write logs or read secrets ` +
            `without these endpoints: ${missing.join(", ")} (add them, or set natGateways to "single" or "perAz")`,
    ];
}

function productionProblems(s: ConfigSections, services: (ServiceConfig | undefined)[]): Problems {
    const problems: Problems = [];
    if (s.protectStatefulResources === false) {
        problems.push(`protectStatefulResources: false is not allowed in production (log groups, buckets and EFS must be protected)`);
    }
    services.forEach((svc, i) => {
        if (!svc) return;
        const path = `services[${i}]`;
        if (svc.desiredCount < 2) problems.push(`${path}.desiredCount: ${svc.desiredCount} is below 2, the production minimum`);
        if (svc.autoscaling && svc.autoscaling.minCount < 2) {
            problems.push(`${path}.autoscaling.minCount: ${svc.autoscaling.minCount} is below 2, the production minimum`);
        }
        svc.autoscaling?.schedules.forEach((sch, j) => {
            if (sch.minCount < 2) problems.push(`${path}.autoscaling.schedules[${j}].minCount: ${sch.minCount} is below 2, the production minimum`);
        });
        if (svc.assignPublicIp) problems.push(`${path}.assignPublicIp: true is not allowed in production (tasks stay in private subnets)`);
        if (svc.enableExecuteCommand) problems.push(`${path}.enableExecuteCommand: true is not allowed in production`);
    });
    return problems;
}
