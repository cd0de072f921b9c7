import { assertHelp, capture } from "./helpers/commandLine";
import * as assert from "assert";
import * as yaml from "js-yaml";
import {
    BENCH_COMMAND,
    benchCommand,
    BenchResult,
    formatBench,
    generatedStackYaml,
    median,
    parseBenchArgs,
    peerPerServiceMs,
    perServiceMs,
} from "../release/bench";
import { EXIT } from "../cli/io";
import { usageLine } from "../cli/args";
import { validateStackConfig } from "../infra/config/validate";

describe("npm run bench", () => {
    it("generates stacks of n valid services on their own paths", () => {
        const doc = yaml.load(generatedStackYaml(50)) as { config: Record<string, unknown> };
        const services = doc.config["ecs-platform:services"] as { name: string; paths: string[] }[];
        assert.strictEqual(services.length, 50);
        assert.deepStrictEqual(services[49].paths, ["/svc50", "/svc50/*"]);
        const raw = Object.fromEntries(
            Object.entries(doc.config)
                .filter(([k]) => k.startsWith("ecs-platform:"))
                .map(([k, v]) => [k.slice("ecs-platform:".length), v]),
        );
        assert.doesNotThrow(() => validateStackConfig(raw, "eu-west-1"));
    });

    it("fits the cost of each added service by least squares and takes medians", () => {
        const r = (services: number, wallMs: number): BenchResult => ({ label: `generated, ${services}`, services, wallMs, exitCode: 0 });
        assert.ok(Math.abs(perServiceMs([r(1, 1000), r(10, 1090), r(50, 1490)])! - 10) < 1e-9);
        assert.strictEqual(perServiceMs([r(1, 1000)]), undefined);
        assert.strictEqual(median([3, 1, 2]), 2);
        assert.strictEqual(median([4, 1, 2, 3]), 2.5);
        const table = formatBench([{ label: "prod", services: 3, wallMs: 3000, peakMb: 370, exitCode: 0 }, r(1, 1000), r(10, 1090)]);
        assert.match(table, /^stack\s+services\s+wall ms \(median\)\s+peak MB\s+exit/);
        assert.match(table, /prod\s+3\s+3000\s+370\s+0/);
        assert.match(table, /Each added service: 10\.0 ms/);
    });

    it("prints the peer's figures and the ratios, leaves failed runs out of the slopes, and says when the peer failed", () => {
        const r = (services: number, wallMs: number, peerMs: number, exitCode = 0, peerExit = 0): BenchResult => ({
            label: `generated, ${services}`,
            services,
            wallMs,
            peakMb: 100,
            exitCode,
            peer: { wallMs: peerMs, peakMb: 400, exitCode: peerExit },
        });
        const results = [r(1, 1000, 4000), r(50, 1490, 5960), r(100, 1990, 7960), r(200, 300, 11960, 2), r(300, 3990, 1000, 0, 1)];
        assert.ok(Math.abs(perServiceMs(results)! - 10) < 1e-9, "ours: the failed 200-service run is left out");
        assert.ok(Math.abs(peerPerServiceMs(results)! - 40) < 1e-9, "the peer: its failed 300-service run is left out");
        const table = formatBench(results);
        assert.match(table, /peer ms\s+peer MB\s+time ratio\s+memory ratio/);
        assert.match(table, /generated, 1\s+1\s+1000\s+100\s+0\s+4000\s+400\s+0\.25×\s+0\.25×/);
        assert.match(table, /generated, 300\s+300\s+3990\s+100\s+0\s+failed \(exit 1\)\s+n\/a/);
        assert.match(table, /Each added service: 10\.0 ms \(slope over the generated stacks\); the peer: 40\.0 ms\./);
    });

    it("keeps its options and defaults: --peer, --services 1,10,50, --runs 3, also written --flag=value", () => {
        assert.deepStrictEqual(parseBenchArgs([]), { counts: [1, 10, 50], runs: 3, peer: false });
        assert.deepStrictEqual(parseBenchArgs(["--peer", "--services", "1,50,100", "--runs", "5"]), { counts: [1, 50, 100], runs: 5, peer: true });
        assert.deepStrictEqual(parseBenchArgs(["--services=2", "--runs=1"]), { counts: [2], runs: 1, peer: false });
    });

    it("lists every option on a line of its own on --help and -h, and exits 0 without benchmarking", async () => {
        const lines = await assertHelp(BENCH_COMMAND, benchCommand);
        assert.strictEqual(lines[0], "usage: npm run bench -- [--peer] [--services COUNTS] [--runs N]");
        assert.ok(lines.some((l) => /--services COUNTS .*\(default 1,10,50\)$/.test(l)));
    });

    it("exits 2 on an unknown option, a missing value or a bad count, naming each, without benchmarking", async () => {
        const c = capture();
        assert.strictEqual(await benchCommand(["--peers", "--services", "1,x", "--runs", "0"], c.io), EXIT.invalidConfig);
        assert.deepStrictEqual(c.err.join("\n").split("\n"), [
            "unknown option --peers (did you mean --peer?)",
            '--services: "1,x" is not a list of positive integers separated by commas',
            '--runs: "0" is not a positive integer',
            usageLine(BENCH_COMMAND),
        ]);
        const missing = capture();
        assert.strictEqual(await benchCommand(["--runs"], missing.io), EXIT.invalidConfig);
        assert.match(missing.err.join("\n"), /^--runs needs a number of runs$/m);
        assert.deepStrictEqual([...c.out, ...missing.out], []);
    });
});
