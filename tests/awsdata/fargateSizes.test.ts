/**
 * The hand-typed Fargate task sizes (infra/config/fargate.ts) against the list AWS documents with the ECS API: the
 * installed @aws-sdk/client-ecs carries the API reference's text for RegisterTaskDefinition's `memory` (which
 * memory values go with which `cpu`), so a change AWS makes reaches this test with the next SDK update.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { FARGATE_MEMORY_BY_CPU } from "../../infra/config/fargate";

const MODELS = path.join(path.dirname(require.resolve("@aws-sdk/client-ecs/package.json")), "dist-types", "models");

/** The Fargate memory values by cpu, as the documentation's list items state them. */
function documentedSizes(): Record<number, number[]> {
    const text = fs
        .readdirSync(MODELS)
        .map((f) => fs.readFileSync(path.join(MODELS, f), "utf8"))
        .join("\n");
    const doc = text
        .split("\n")
        .find(
            (line) =>
                line.includes("this field is required and you must use one of the following values") && line.includes("Available <code>cpu</code> values"),
        );
    assert.ok(doc, "the SDK documents RegisterTaskDefinition memory with the Fargate list");
    const sizes: Record<number, number[]> = {};
    for (const [, item] of doc.matchAll(/<li> <p>(.*?)<\/p>/g)) {
        const cpu = Number(/Available <code>cpu<\/code> values: (\d+)/.exec(item)?.[1]);
        const mib = /^Between (\d+) \(\d+ GB\) and (\d+) \(\d+ GB\) in increments of (\d+)/.exec(item);
        const gb = /^Between (\d+) ?GB and (\d+) GB in (\d+) GB increments/.exec(item);
        const steps = mib ? mib.slice(1).map(Number) : gb ? gb.slice(1).map((v) => Number(v) * 1024) : undefined;
        const values: number[] = [];
        if (steps) for (let m = steps[0]; m <= steps[1]; m += steps[2]) values.push(m);
        else values.push(...[...item.split(" - ")[0].matchAll(/(\d+) \(/g)].map((m) => Number(m[1])));
        sizes[cpu] = values;
    }
    return sizes;
}

describe("Fargate task sizes", () => {
    it("are the cpu and memory pairs the ECS API reference lists (from the installed @aws-sdk/client-ecs)", () => {
        const documented = documentedSizes();
        assert.deepStrictEqual(Object.keys(documented).map(Number), [256, 512, 1024, 2048, 4096, 8192, 16384]);
        const ours = Object.fromEntries(Object.entries(FARGATE_MEMORY_BY_CPU).map(([cpu, values]) => [Number(cpu), [...values]]));
        assert.deepStrictEqual(ours, documented);
    });
});
