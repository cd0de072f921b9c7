/**
 * How many EC2 container instances a set of ECS services needs at its peak: one arithmetic, used by config
 * validation (infra/config/runtimeRules.ts) and by the lint (lint/checks/services.ts), so the two cannot disagree.
 */
import { awsvpcTaskLimit, ecsCpuUnits, ecsMemoryUpperBoundMiB, InstanceTypeInfo } from "./instanceTypes";

/** ECS's default deployment maximumPercent for a replica service. Source: ECS API Reference, DeploymentConfiguration (read 2026-12-02). */
export const DEFAULT_MAXIMUM_PERCENT = 200;

export interface ScalingShape {
    /** The most tasks scaling may ask for: autoscaling max (or desired count). */
    maxCount: number;
    /** What each scheduled action sets as the maximum; a schedule may raise it above maxCount. */
    scheduleMaxCounts: number[];
    blueGreen: boolean;
    /** The rolling deployment's maximumPercent. */
    maximumPercent: number;
}

/**
 * The most tasks a service asks for at once: its highest scaling maximum (autoscaling or a schedule), raised by a
 * deployment, which starts new tasks before the old ones stop: maximumPercent for rolling, a second fleet for
 * blue/green.
 */
export function peakTasks(s: ScalingShape): { tasks: number; why: string } {
    const steady = Math.max(s.maxCount, ...s.scheduleMaxCounts);
    const what = steady > s.maxCount ? `a schedule's maxCount ${steady}` : `maxCount ${steady}`;
    if (s.blueGreen) return { tasks: steady * 2, why: `${what}, doubled during a blue/green deployment` };
    return { tasks: Math.ceil((steady * s.maximumPercent) / 100), why: `${what} at a deployment's maximumPercent ${s.maximumPercent}` };
}

/** One service's peak on the capacity: its tasks and each task's size. */
export interface Demand {
    tasks: number;
    cpu: number;
    memoryMiB: number;
}

/** What one instance of a type holds: awsvpc tasks (ENIs − 1, no trunking), CPU units, and at most its installed memory. */
export function perInstance(info: InstanceTypeInfo): { tasks: number; cpu: number; memoryMiB: number } {
    return { tasks: awsvpcTaskLimit(info, false), cpu: ecsCpuUnits(info), memoryMiB: ecsMemoryUpperBoundMiB(info) };
}

/**
 * The fewest instances that can hold the demands beside `reserved` on each instance (the daemons): a necessary
 * condition (bin packing may need more, never fewer).
 * Memory uses the installed amount, an upper bound of what ECS registers, so a shortfall is certain.
 */
export function instancesNeeded(info: InstanceTypeInfo, demands: Demand[], reserved: Demand = { tasks: 0, cpu: 0, memoryMiB: 0 }): number {
    // What daemons take on every instance (one task each: an ENI, their CPU and memory) is not there for the rest.
    const whole = perInstance(info);
    const each = { tasks: whole.tasks - reserved.tasks, cpu: whole.cpu - reserved.cpu, memoryMiB: whole.memoryMiB - reserved.memoryMiB };
    const sum = (f: (d: Demand) => number) => demands.reduce((n, d) => n + f(d), 0);
    return Math.max(
        Math.ceil(sum((d) => d.tasks) / each.tasks),
        Math.ceil(sum((d) => d.tasks * d.cpu) / each.cpu),
        Math.ceil(sum((d) => d.tasks * d.memoryMiB) / each.memoryMiB),
    );
}
