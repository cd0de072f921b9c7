/**
 * `npm run bench`: wall time and peak memory of the offline plan (program + policy check, as `npm run plan` runs
 * them: two processes) for dev, prod and generated stacks of 1, 10 and 50 services. Memory is the largest sum of the
 * resident set sizes of the plan process and its children (the policy pack), sampled from /proc every 10 ms.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "./runPlan";

export interface BenchCase {
    label: string;
    stack: string;
    dir: string;
    services: number;
}

export interface BenchResult {
    label: string;
    services: number;
    /** Median wall time of the runs, in milliseconds. */
    wallMs: number;
    /** Largest resident memory seen across the runs, in MB; undefined where /proc is unavailable. */
    peakMb?: number;
    exitCode: number;
}

/** A copy of the dev stack with `count` services like dev's `docs`, each on its own path. */
export function generatedStackYaml(count: number, dir = PROJECT_DIR): string {
    const doc = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
    const services = doc.config["ecs-platform:services"] as Record<string, unknown>[];
    const template = services.find((s) => s.name === "docs") ?? services[0];
    doc.config["ecs-platform:services"] = Array.from({ length: count }, (_, i) => ({
        ...template,
        name: `svc${i + 1}`,
        paths: [`/svc${i + 1}`, `/svc${i + 1}/*`],
        ...("stripPathPrefix" in template ? { stripPathPrefix: `/svc${i + 1}` } : {}),
    }));
    return yaml.dump(doc);
}

/** Generated stacks are called "dev" (each in its own directory) so that dev's policy config checks them too. */
export function benchCases(counts = [1, 10, 50]): BenchCase[] {
    const generated = counts.map((n) => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${n}-`));
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(tmp, "Pulumi.yaml"));
        fs.writeFileSync(path.join(tmp, "Pulumi.dev.yaml"), generatedStackYaml(n));
        return { label: `generated, ${n} service${n === 1 ? "" : "s"}`, stack: "dev", dir: tmp, services: n };
    });
    return [
        { label: "dev", stack: "dev", dir: PROJECT_DIR, services: 3 },
        { label: "prod", stack: "prod", dir: PROJECT_DIR, services: 3 },
        ...generated,
    ];
}

function rssKb(pid: number): number {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
        return own + children.reduce((sum, child) => sum + rssKb(Number(child)), 0);
    } catch {
        return 0;
    }
}

/** One run of `cli/plan.ts STACK` in the case's directory. */
function runOnce(c: BenchCase): Promise<{ ms: number; peakKb: number; code: number }> {
    const started = process.hrtime.bigint();
    const args = ["-r", "ts-node/register/transpile-only", path.join("cli", "plan.ts"), c.stack, "--dir", c.dir];
    const child = spawn(process.execPath, args, { cwd: PROJECT_DIR, stdio: "ignore" });
    let peakKb = 0;
    const sampler = setInterval(() => (peakKb = Math.max(peakKb, rssKb(child.pid!))), 10);
    return new Promise((resolve) =>
        child.on("exit", (code) => {
            clearInterval(sampler);
            resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, peakKb, code: code ?? -1 });
        }),
    );
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function runBench(cases: BenchCase[], runs = 3, log: (t: string) => void = () => undefined): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    for (const c of cases) {
        log(`benchmarking ${c.label} (${runs} runs)…`);
        const samples = [];
        for (let i = 0; i < runs; i++) samples.push(await runOnce(c));
        const peak = Math.max(...samples.map((s) => s.peakKb));
        results.push({
            label: c.label,
            services: c.services,
            wallMs: Math.round(median(samples.map((s) => s.ms))),
            peakMb: peak > 0 ? Math.round(peak / 1024) : undefined,
            exitCode: Math.max(...samples.map((s) => s.code)),
        });
    }
    return results;
}

/** Milliseconds each added service costs, from the generated stacks (least-squares slope). */
export function perServiceMs(results: BenchResult[]): number | undefined {
    const points = results.filter((r) => r.label.startsWith("generated"));
    if (points.length < 2) return undefined;
    const mx = points.reduce((s, p) => s + p.services, 0) / points.length;
    const my = points.reduce((s, p) => s + p.wallMs, 0) / points.length;
    const num = points.reduce((s, p) => s + (p.services - mx) * (p.wallMs - my), 0);
    const den = points.reduce((s, p) => s + (p.services - mx) ** 2, 0);
    return den === 0 ? undefined : num / den;
}

export function formatBench(results: BenchResult[]): string {
    const rows = results.map((r) => [r.label, String(r.services), `${r.wallMs}`, r.peakMb === undefined ? "n/a" : `${r.peakMb}`, String(r.exitCode)]);
    const header = ["stack", "services", "wall ms (median)", "peak MB", "exit"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
    const slope = perServiceMs(results);
    return [
        line(header),
        line(widths.map((w) => "-".repeat(w))),
        ...rows.map(line),
        "",
        slope === undefined ? "" : `Each added service: ${slope.toFixed(1)} ms (slope over the generated stacks).`,
    ].join("\n");
}
