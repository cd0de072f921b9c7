/** Which capacity providers a service's tasks run on. */
import { duplicates, Problems } from "./problems";
import { CapacityProviderName, CapacityStrategyItem, ClusterConfig, ServiceConfig } from "./schema";

/** The kind of capacity behind each provider name: a strategy holds one kind only. */
export const PROVIDER_KIND: Record<CapacityProviderName, "Fargate" | "EC2" | "Managed Instances"> = {
    fargate: "Fargate",
    fargateSpot: "Fargate",
    ec2: "EC2",
    managedInstances: "Managed Instances",
};

/** The cluster section each instance-backed provider needs. */
const PROVIDER_SECTION: Partial<Record<CapacityProviderName, keyof ClusterConfig>> = { ec2: "ec2Capacity", managedInstances: "managedInstances" };

/** Why a provider is not available in this cluster (its section is not set), or undefined. */
export function missingProvider(provider: CapacityProviderName, cluster: ClusterConfig | undefined): string | undefined {
    const section = PROVIDER_SECTION[provider];
    if (!cluster || !section || cluster[section] !== undefined) return undefined;
    const available = (Object.keys(PROVIDER_KIND) as CapacityProviderName[]).filter((p) => {
        const s = PROVIDER_SECTION[p];
        return !s || cluster[s] !== undefined;
    });
    return `uses provider "${provider}" but cluster.${section} is not set (available here: ${available.join(", ")})`;
}

/** Whether any of the service's tasks may run on this kind of capacity. */
export function runsOn(svc: Pick<ServiceConfig, "capacity">, kind: (typeof PROVIDER_KIND)[CapacityProviderName]): boolean {
    return serviceStrategy(svc).some((s) => PROVIDER_KIND[s.provider] === kind);
}

/** The providers a service may run on: its one provider, or its explicit strategy. */
export function serviceStrategy(svc: Pick<ServiceConfig, "capacity">): CapacityStrategyItem[] {
    return typeof svc.capacity === "string" ? [{ provider: svc.capacity, base: 0, weight: 1 }] : svc.capacity.strategy;
}

/** Rules of ECS capacity provider strategies. Source: Amazon ECS API, CapacityProviderStrategyItem (read 2026-11-23). */
export function strategyProblems(strategy: CapacityStrategyItem[], path: string, cluster: ClusterConfig | undefined): Problems {
    const problems: Problems = [];
    problems.push(
        ...duplicates(
            strategy.map((x) => x.provider),
            (i, p) => `${path}[${i}].provider: "${p}" appears twice`,
        ),
    );
    if (strategy.filter((x) => x.base > 0).length > 1) {
        problems.push(`${path}: only one provider may have a base above 0`);
    }
    if (strategy.every((x) => x.weight === 0)) problems.push(`${path}: at least one provider needs a weight above 0`);
    // ECS takes one kind of capacity per strategy: Fargate providers, or providers of instances it launches.
    const kinds = [...new Set(strategy.map((x) => PROVIDER_KIND[x.provider]))];
    if (kinds.length > 1) {
        problems.push(`${path}: mixes ${kinds.join(" and ")} providers (ECS allows one kind of capacity per strategy)`);
    }
    for (const provider of new Set(strategy.map((x) => x.provider))) {
        const missing = missingProvider(provider, cluster);
        if (missing) problems.push(`${path}: ${missing}`);
    }
    return problems;
}

/** A daemon on Managed Instances is an ECS managed daemon (aws.ecs.Daemon), not an ECS service. */
export function isManagedDaemon(svc: Pick<ServiceConfig, "capacity" | "schedulingStrategy">): boolean {
    return svc.schedulingStrategy === "daemon" && svc.capacity === "managedInstances";
}
