import * as assert from "assert";
import * as yaml from "js-yaml";
import { BenchResult, formatBench, generatedStackYaml, median, perServiceMs } from "../release/bench";
import { validateStackConfig } from "../infra/config/validate";

describe("npm run bench", () => {
    it("generates stacks of n valid services on their own paths", () => {
        const doc = yaml.load(generatedStackYaml(50)) as { config: Record<string, unknown> };
        const services = doc.config["ecs-platform:services"] as { name: string; paths: string[] }[];
        assert.strictEqual(services.length, 50);
        assert.deepStrictEqual(services[49].paths, ["/svc50", "/svc50/*"]);
        const raw = Object.fromEntries(Object.entries(doc.config).filter(([k]) => k.startsWith("ecs-platform:")).map(([k, v]) => [k.slice("ecs-platform:".length), v]));
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
});
