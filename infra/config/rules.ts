/**
 * Rules that relate several config keys: `crossKeyProblems` lists every check, stack-wide ones here (network layout,
 * cluster, secret names, egress, the production invariants), a service's own in serviceRules.ts, the routes' in
 * routeRules.ts. Each takes the sections that passed the schema (a section that did not is absent) and returns
 * problems as `key.path: message`, so that one run reports everything it can. What other layers derive from config
 * (subnet CIDRs, endpoints needed without NAT, secrets' logical names) lives in its own module.
 */
import { parseCidr, subnetLayoutProblem, SubnetTier } from "../cidr";
import { strategyProblems } from "./capacity";
import { secretResourceName } from "./logicalNames";
import { ConfigSections, duplicates, Problems } from "./problems";
import { requiredEndpoints } from "./requiredEndpoints";
import { routeProblems } from "./routeRules";
import { ec2CapacityProblems, imageReachabilityProblems, instanceTypeProblems, managedInstancesProblems } from "./runtimeRules";
import { ClusterConfig, ManagedSecretConfig, MonitoringConfig, NetworkConfig, ServiceConfig, monitoringEnabled } from "./schema";
import { serviceProblems } from "./serviceRules";
import { peerProblems } from "./peerRules";
import { internalLoadBalancerProblems, nlbProblems } from "./loadBalancerRules";
import { taskAsService, taskProblems } from "./taskRules";
import { subnetPrefixLengths } from "./subnetLayout";
import { CONFIG_EQUIVALENTS } from "../configRules";

/** A service that passed the schema, with the key path of its entry. */
interface PresentService {
    svc: ServiceConfig;
    path: string;
}

/** Every cross-key problem in the sections given, in this order. */
export function crossKeyProblems(s: ConfigSections): Problems {
    const services = s.services ?? [];
    const present = services.flatMap((svc, i): PresentService[] => (svc ? [{ svc, path: `services[${i}]` }] : []));
    const { network, cluster } = s;
    const ec2 = cluster?.ec2Capacity;
    // Scheduled tasks run in the private subnets too: they need the same way out to their images, logs and secrets.
    const runsThere = [
        ...present,
        ...(s.tasks ?? []).flatMap((task, i): PresentService[] => (task ? [{ svc: taskAsService(task), path: `tasks[${i}]` }] : [])),
    ];
    return [
        ...(network ? networkProblems(network) : []),
        ...(cluster ? clusterProblems(cluster) : []),
        ...(s.secrets ? secretNameProblems(s.secrets) : []),
        ...present.flatMap(({ svc, path }) => serviceProblems(svc, path, s)),
        ...routeProblems(services),
        ...peerProblems(services, cluster),
        ...taskProblems(s),
        ...serviceNameProblems(services),
        ...(network ? egressProblems(network, cluster, runsThere) : []),
        ...(network ? runsThere.flatMap(({ svc, path }) => imageReachabilityProblems(svc, path, network, s.region)) : []),
        ...(ec2 ? ec2CapacityProblems(ec2, present) : []),
        ...(cluster?.managedInstances ? managedInstancesProblems(cluster.managedInstances, present) : []),
        ...(s.monitoring ? monitoringProblems(s.monitoring, s.environment) : []),
        ...(s.loadBalancer?.internal ? internalLoadBalancerProblems(s.loadBalancer) : []),
        ...nlbProblems(s.networkLoadBalancer, present),
        ...(s.compliance ? excludedRuleProblems(s.compliance.awsConfig.excludeRules) : []),
        ...(s.compliance?.awsConfig.createRecorder && !s.compliance.awsConfig.enabled
            ? ["compliance.awsConfig.createRecorder: true records for no rules; set compliance.awsConfig.enabled: true, or remove createRecorder"]
            : []),
        ...(s.environment === "production" ? productionProblems(s, present) : []),
    ];
}

/** Excluded pack rules are rules of the pack. */
function excludedRuleProblems(names: readonly string[]): Problems {
    const known = Object.keys(CONFIG_EQUIVALENTS);
    return names.flatMap((name, i) =>
        known.includes(name) ? [] : [`compliance.awsConfig.excludeRules[${i}]: "${name}" is not a rule of the pack (rules: ${known.join(", ")})`],
    );
}

/** Alarms notify someone: the stack's topic has a subscriber, or the alarms go to a topic someone already watches. */
function monitoringProblems(monitoring: MonitoringConfig, environment: ConfigSections["environment"]): Problems {
    const enabled = monitoringEnabled(monitoring, environment);
    if (monitoring.topicArn && monitoring.alarmEmails.length > 0) {
        return [
            `monitoring.alarmEmails: with monitoring.topicArn the stack creates no topic to subscribe them to; subscribe them to that topic where it is managed`,
        ];
    }
    if (enabled && !monitoring.topicArn && monitoring.alarmEmails.length === 0) {
        return [`monitoring.alarmEmails: the alarms would notify nobody; add an address, or set monitoring.topicArn to a topic someone watches`];
    }
    return [];
}

/** Service names must be unique: they name the services' resources. */
function serviceNameProblems(services: (ServiceConfig | undefined)[]): Problems {
    return duplicates(
        services.map((svc) => svc?.name),
        (i, name) => `services[${i}].name: "${name}" is used by an earlier service (names must be unique)`,
    );
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

/** The VPC CIDR's size, each tier's prefix against it, whether the subnets fit, endpoints listed once. */
function networkProblems(network: NetworkConfig): Problems {
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

/** The default capacity strategy, the EC2 group's bounds and its instance type. */
function clusterProblems(cluster: ClusterConfig): Problems {
    const problems = strategyProblems(cluster.defaultStrategy, "cluster.defaultStrategy", cluster);
    cluster.defaultStrategy.forEach((item, i) => {
        if (item.provider === "managedInstances") {
            problems.push(
                `cluster.defaultStrategy[${i}].provider: a Managed Instances provider cannot be in the cluster's default strategy (PutClusterCapacityProviders does not take one); name it in the services' capacity`,
            );
        }
    });
    const ec2 = cluster.ec2Capacity;
    if (ec2 && ec2.minSize > ec2.maxSize) {
        problems.push(`cluster.ec2Capacity.minSize: ${ec2.minSize} is larger than maxSize ${ec2.maxSize}`);
    }
    if (ec2) problems.push(...instanceTypeProblems(ec2));
    const mi = cluster.managedInstances;
    for (const key of ["vcpu", "memoryMiB"] as const) {
        const range = mi?.[key];
        if (range?.max !== undefined && range.max < range.min) {
            problems.push(`cluster.managedInstances.${key}.max: ${range.max} is below min ${range.min}`);
        }
    }
    return problems;
}

/** Without NAT, the VPC endpoints private tasks (and EC2 instances) need must be configured. */
function egressProblems(network: NetworkConfig, cluster: ClusterConfig | undefined, services: PresentService[]): Problems {
    if (network.natGateways !== "none") return [];
    const privateServices = services.map(({ svc }) => svc).filter((svc) => !svc.assignPublicIp);
    if (privateServices.length === 0 && !cluster?.ec2Capacity && !cluster?.managedInstances) return [];
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

/** Production keeps stateful resources protected, two tasks at least, tasks private and ECS Exec off. */
function productionProblems(s: ConfigSections, services: PresentService[]): Problems {
    const problems: Problems = [];
    if (s.protectStatefulResources === false) {
        problems.push(`protectStatefulResources: false is not allowed in production (log groups, buckets and EFS must be protected)`);
    }
    services.forEach(({ svc, path }) => {
        // A daemon has no desired count: it runs on every instance (and the EC2 group keeps minSize instances).
        if (svc.desiredCount < 2 && svc.schedulingStrategy !== "daemon")
            problems.push(`${path}.desiredCount: ${svc.desiredCount} is below 2, the production minimum`);
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
