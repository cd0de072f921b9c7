/**
 * Fargate task sizes. Source: Amazon ECS Developer Guide, "Task CPU and memory" (fargate-tasks-services,
 * task-cpu-memory-error), as read on 2026-11-23. Memory is in MiB, CPU in CPU units (1024 = 1 vCPU).
 * tests/awsdata/fargateSizes.test.ts compares the table with the API reference text the installed AWS SDK carries.
 */

function range(from: number, to: number, step: number): number[] {
    const values: number[] = [];
    for (let v = from; v <= to; v += step) values.push(v);
    return values;
}

export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

export const FARGATE_CPU_VALUES: readonly number[] = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);

/** The memory values Fargate accepts with this CPU, or undefined when the CPU value itself is not a Fargate size. */
export function fargateMemoryFor(cpu: number): readonly number[] | undefined {
    return FARGATE_MEMORY_BY_CPU[cpu];
}

/** Lists allowed values compactly: `1024, 2048, …, 8192 (every 1024)` for long arithmetic runs. */
export function describeValues(values: readonly number[]): string {
    if (values.length <= 4) return values.join(", ");
    const step = values[1] - values[0];
    const arithmetic = values.every((v, i) => i === 0 || v - values[i - 1] === step);
    return arithmetic ? `${values[0]} to ${values[values.length - 1]} in steps of ${step}` : values.join(", ");
}
