/** Entry of `npm run bench`; see release/bench.ts. Writes out/bench.json. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { benchCases, formatBench, installPeer, peerPerServiceMs, perServiceMs, runBench } from "../release/bench";

const USAGE = `usage: npm run bench [-- --peer] [--services 1,10,50] [--runs 3]

Runs npm run plan (plan, lint, policy check) for dev, prod and generated stacks of the given service counts; prints
the median wall time and peak memory, and writes out/bench.json.
  --peer       alternate each run with the same platform in AWS CDK + cdk-nag (installed into a temporary folder),
               and print the ratios
  --services   service counts of the generated stacks (default 1,10,50)
  --runs       runs per stack (default 3)`;

function option(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
    if (process.argv.includes("--help") || process.argv.includes("-h")) {
        console.log(USAGE);
        return;
    }
    const counts = (option("--services") ?? "1,10,50").split(",").map(Number);
    const runs = Number(option("--runs") ?? 3);
    if (counts.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
        console.error(`--services takes positive integers separated by commas, --runs a positive integer\n\n${USAGE}`);
        process.exitCode = 2;
        return;
    }
    const log = (t: string) => console.error(t);
    const peer = process.argv.includes("--peer") ? installPeer(log) : undefined;
    const results = await runBench(benchCases(counts), runs, log, peer);
    console.log(formatBench(results));
    const file = path.join(__dirname, "..", "out", "bench.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const machine = { node: process.version, cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) };
    const summary = { perServiceMs: perServiceMs(results), peerPerServiceMs: peerPerServiceMs(results) };
    fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, results, ...summary }, null, 2) + "\n");
    console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
    console.error(`bench failed: ${(err as Error).message}`);
    process.exitCode = 3;
});
