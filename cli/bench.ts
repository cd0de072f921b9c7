/** Entry of `npm run bench`; see offline/bench.ts. Writes out/bench.json. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { benchCases, formatBench, perServiceMs, runBench } from "../offline/bench";

async function main(): Promise<void> {
    if (process.argv.includes("--help") || process.argv.includes("-h")) {
        console.log("usage: npm run bench\n\nRuns npm run plan (plan, lint, policy check) three times each for dev, prod and generated stacks of 1, 10 and 50 services; prints the median wall time and peak memory, and writes out/bench.json.");
        return;
    }
    const results = await runBench(benchCases(), 3, (t) => console.error(t));
    console.log(formatBench(results));
    const file = path.join(__dirname, "..", "out", "bench.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const machine = { node: process.version, cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) };
    fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, results, perServiceMs: perServiceMs(results) }, null, 2) + "\n");
    console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
    console.error(`bench failed: ${(err as Error).message}`);
    process.exitCode = 3;
});
