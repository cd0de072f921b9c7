/** Which capacity providers a service's tasks run on. */
import { duplicates, Problems } from "./problems";
import { CapacityStrategyItem, ClusterConfig, ServiceConfig } from "./schema";

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
    const usesEc2 = strategy.some((x) => x.provider === "ec2");
    if (usesEc2 && strategy.some((x) => x.provider !== "ec2")) {
        problems.push(`${path}: mixes Fargate and EC2 providers (ECS allows one kind per strategy)`);
    }
    if (usesEc2 && cluster && !cluster.ec2Capacity) {
        problems.push(`${path}: uses provider "ec2" but cluster.ec2Capacity is not set`);
    }
    return problems;
}
