/**
 * Rules that relate several config keys: the stack-wide ones (network layout, cluster, secret names, egress, the
 * production invariants); a service's own rules are in serviceRules.ts, the routes' in routeRules.ts. Each takes the sections that passed the schema (a section that did not is absent) and returns problems
 * as `key.path: message`, so that one run reports everything it can.
 */
import { layoutSubnets, parseCidr, subnetLayoutProblem, SubnetTier } from "../cidr";
import { strategyProblems } from "./capacity";
import { ConfigSections, duplicates, Problems } from "./problems";
import { routeProblems } from "./routeRules";
import { ec2CapacityProblems, imageReachabilityProblems, instanceTypeProblems } from "./runtimeRules";
import { ClusterConfig, InterfaceEndpoint, ManagedSecretConfig, NetworkConfig, ServiceConfig } from "./schema";
import { serviceProblems } from "./serviceRules";

export type { ConfigSections, Problems } from "./problems";

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
