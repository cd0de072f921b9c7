/**
 * `npm run bench`: wall time and peak memory of the offline plan (program + policy check, as `npm run plan` runs
 * them: two processes) for dev, prod and generated stacks of 1, 10 and 50 services. Memory is the largest sum of the
 * resident set sizes of the plan process and its children (the policy pack), sampled from /proc every 10 ms.
 * Options: BENCH_COMMAND; entry: cli/bench.ts.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { answer, defineCommand, readCommandLine, refusal } from "../cli/args";
import { EXIT, Io } from "../cli/io";
import { PROJECT_DIR } from "../plan/stackFiles";

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
    /** The peer's figures for the same stack, run alternately with ours (`--peer`). */
    peer?: { wallMs: number; peakMb?: number; exitCode: number };
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
    return [{ label: "dev", stack: "dev", dir: PROJECT_DIR, services: 3 }, { label: "prod", stack: "prod", dir: PROJECT_DIR, services: 3 }, ...generated];
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
    const args = ["-r", path.join(PROJECT_DIR, "cli", "register.js"), path.join("cli", "plan.ts"), c.stack, "--dir", c.dir];
    return timed(args, {});
}

/** Versions of the peer, as the issue that asked for the comparison measured them. */
export const PEER_PACKAGES = ["aws-cdk-lib@2.276.0", "cdk-nag@2.38.2", "constructs@10.8.1", "js-yaml@4.1.1"];

/**
 * Installs the peer (AWS CDK and cdk-nag) into a folder of the system's temporary directory, once per set of
 * versions; returns its node_modules. Never a dependency of this project.
 */
export function installPeer(log: (t: string) => void = () => undefined): string {
    const dir = path.join(os.tmpdir(), `ecs-platform-peer-${PEER_PACKAGES.join("_").replace(/[@/]/g, "-")}`);
    const modules = path.join(dir, "node_modules");
    if (!fs.existsSync(path.join(modules, "cdk-nag", "package.json"))) {
        log(`installing ${PEER_PACKAGES.join(", ")} into ${dir}…`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "peer", private: true }));
        const result = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--silent", ...PEER_PACKAGES], { cwd: dir, stdio: "inherit" });
        if (result.status !== 0) throw new Error(`npm install of the peer failed in ${dir}`);
    }
    return modules;
}

/** One run of the peer (CDK synth with cdk-nag's AwsSolutions checks) over the case's stack file. */
function runPeerOnce(c: BenchCase, peerModules: string): Promise<{ ms: number; peakKb: number; code: number }> {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "peer-out-"));
    const app = path.join(__dirname, "peer", "cdkApp.js");
    return timed([app, path.join(c.dir, `Pulumi.${c.stack}.yaml`), out], { NODE_PATH: peerModules }).finally(() =>
        fs.rmSync(out, { recursive: true, force: true }),
    );
}

/** Runs node with `args`, sampling the resident memory of it and its children every 10 ms. */
function timed(args: string[], env: Record<string, string>): Promise<{ ms: number; peakKb: number; code: number }> {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: PROJECT_DIR, stdio: "ignore", env: { ...process.env, ...env } });
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

/**
 * Runs every case `runs` times; with `peerModules`, each of our runs is followed by one of the peer on the same stack
 * file, so both see the same machine load.
 */
export async function runBench(cases: BenchCase[], runs = 3, log: (t: string) => void = () => undefined, peerModules?: string): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    const summarise = (samples: { ms: number; peakKb: number; code: number }[]) => {
        const peak = Math.max(...samples.map((s) => s.peakKb));
        return {
            wallMs: Math.round(median(samples.map((s) => s.ms))),
            peakMb: peak > 0 ? Math.round(peak / 1024) : undefined,
            exitCode: Math.max(...samples.map((s) => s.code)),
        };
    };
    for (const c of cases) {
        log(`benchmarking ${c.label} (${runs} runs${peerModules ? ", alternating with the peer" : ""})…`);
        const ours = [];
        const peer = [];
        for (let i = 0; i < runs; i++) {
            ours.push(await runOnce(c));
            if (peerModules) peer.push(await runPeerOnce(c, peerModules));
        }
        results.push({ label: c.label, services: c.services, ...summarise(ours), ...(peerModules ? { peer: summarise(peer) } : {}) });
    }
    return results;
}

/** Least-squares slope of wall time over services, for the generated stacks. */
function slope(points: { services: number; wallMs: number }[]): number | undefined {
    if (points.length < 2) return undefined;
    const mx = points.reduce((s, p) => s + p.services, 0) / points.length;
    const my = points.reduce((s, p) => s + p.wallMs, 0) / points.length;
    const num = points.reduce((s, p) => s + (p.services - mx) * (p.wallMs - my), 0);
    const den = points.reduce((s, p) => s + (p.services - mx) ** 2, 0);
    return den === 0 ? undefined : num / den;
}

/** Milliseconds each added service costs, from the generated stacks (least-squares slope). */
export function perServiceMs(results: BenchResult[]): number | undefined {
    return slope(results.filter((r) => r.label.startsWith("generated") && r.exitCode === 0));
}

/** The peer's milliseconds per added service, from the same stacks. */
export function peerPerServiceMs(results: BenchResult[]): number | undefined {
    return slope(
        results.filter((r) => r.label.startsWith("generated") && r.peer?.exitCode === 0).map((r) => ({ services: r.services, wallMs: r.peer!.wallMs })),
    );
}

const ratio = (ours: number | undefined, theirs: number | undefined) => (ours === undefined || !theirs ? "n/a" : `${(ours / theirs).toFixed(2)}×`);

export function formatBench(results: BenchResult[]): string {
    const withPeer = results.some((r) => r.peer);
    const mb = (v: number | undefined) => (v === undefined ? "n/a" : `${v}`);
    const rows = results.map((r) => [
        r.label,
        String(r.services),
        `${r.wallMs}`,
        mb(r.peakMb),
        String(r.exitCode),
        ...(withPeer
            ? r.peer?.exitCode === 0
                ? [`${r.peer.wallMs}`, mb(r.peer.peakMb), ratio(r.wallMs, r.peer.wallMs), ratio(r.peakMb, r.peer.peakMb)]
                : [`failed (exit ${r.peer?.exitCode})`, "n/a", "n/a", "n/a"]
            : []),
    ]);
    const header = ["stack", "services", "wall ms (median)", "peak MB", "exit", ...(withPeer ? ["peer ms", "peer MB", "time ratio", "memory ratio"] : [])];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
    const ours = perServiceMs(results);
    const theirs = peerPerServiceMs(results);
    return [
        line(header),
        line(widths.map((w) => "-".repeat(w))),
        ...rows.map(line),
        "",
        ours === undefined
            ? ""
            : `Each added service: ${ours.toFixed(1)} ms (slope over the generated stacks)${theirs === undefined ? "" : `; the peer: ${theirs.toFixed(1)} ms`}.`,
    ].join("\n");
}

const isPositiveInteger = (value: string) => Number.isInteger(Number(value)) && Number(value) >= 1;

/** The command line of `npm run bench`: its options, usage line and --help. */
export const BENCH_COMMAND = defineCommand({
    run: "npm run bench --",
    options: {
        peer: { type: "boolean", help: "alternate each run with the same stack in AWS CDK + cdk-nag (in a temporary folder); print the ratios" },
        services: {
            type: "string",
            value: "COUNTS",
            default: "1,10,50",
            needs: "service counts separated by commas",
            check: (v) => (v.split(",").every(isPositiveInteger) ? undefined : `"${v}" is not a list of positive integers separated by commas`),
            help: "service counts of the generated stacks",
        },
        runs: {
            type: "string",
            value: "N",
            default: "3",
            needs: "a number of runs",
            check: (v) => (isPositiveInteger(v) ? undefined : `"${v}" is not a positive integer`),
            help: "runs per stack",
        },
    },
    about: [
        "Runs npm run plan (plan, lint, policy check) for dev, prod and generated stacks of the given service counts; prints",
        "the median wall time and peak memory, and writes out/bench.json.",
    ].join("\n"),
    exit: "Exit: 0 measured (a failed plan shows in the exit column); 2 bad argument; 3 the bench itself failed.",
});

export interface BenchArgs {
    /** Service counts of the generated stacks. */
    counts: number[];
    runs: number;
    peer: boolean;
}

/** Parses the command line; returns every problem with the usage line instead when it is wrong. */
export function parseBenchArgs(argv: string[]): BenchArgs | { help: true } | string {
    const line = readCommandLine(BENCH_COMMAND, argv);
    if (line.help) return { help: true };
    if (line.problems.length) return refusal(BENCH_COMMAND, line.problems);
    const { services, runs, peer } = line.values;
    return { counts: services.split(",").map(Number), runs: Number(runs), peer };
}

/** `npm run bench`: measures, prints the table and writes out/bench.json; returns the exit code (EXIT). */
export async function benchCommand(argv: string[], io: Io): Promise<number> {
    const args = parseBenchArgs(argv);
    if (typeof args === "string" || "help" in args) return answer(BENCH_COMMAND, args, io);
    try {
        const log = (t: string) => io.err(t);
        const peer = args.peer ? installPeer(log) : undefined;
        const results = await runBench(benchCases(args.counts), args.runs, log, peer);
        io.out(formatBench(results));
        io.out(`\nWritten to ${path.relative(process.cwd(), writeBenchFile(results))}`);
        return EXIT.ok;
    } catch (err) {
        io.err(`bench failed: ${(err as Error).message}`);
        return EXIT.internal;
    }
}

/** out/bench.json: the results with the date, the machine and the per-service slopes; returns its path. */
function writeBenchFile(results: BenchResult[]): string {
    const file = path.join(PROJECT_DIR, "out", "bench.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const machine = { node: process.version, cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) };
    const summary = { perServiceMs: perServiceMs(results), peerPerServiceMs: peerPerServiceMs(results) };
    fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, results, ...summary }, null, 2) + "\n");
    return file;
}
