/**
 * The layout keeps its promises: no import circles among the project's modules (static imports, `import type`
 * excepted, and dynamic ones); the policy pack imports nothing outside policies/ but the shared package it declares
 * and bundles (it is published on its own); the program does not depend on the pack; shared/ imports neither.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const FOLDERS = ["cli", "plan", "check", "release", "drift", "lint", "infra", "awsdata", "policies", "shared"];
/** The shared package's name: an import of `${SHARED}/x` is shared/x.ts. */
const SHARED = "@ecs-platform/shared";
const IMPORT =
    /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']((?:\.{1,2}|@ecs-platform\/shared)(?:\/[^"']+)?)["']|(?:import|require)\(\s*["']((?:\.{1,2}|@ecs-platform\/shared)(?:\/[^"']+)?)["']\s*\)/g;

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "data" ? [] : sources(full);
        return /\.ts$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

function resolve(from: string, spec: string): string | undefined {
    const base = spec.startsWith(SHARED) ? path.join(ROOT, "shared", spec.slice(SHARED.length)) : path.resolve(path.dirname(from), spec);
    return [`${base}.ts`, path.join(base, "index.ts"), base].find((f) => fs.existsSync(f) && fs.statSync(f).isFile() && f.endsWith(".ts"));
}

const graph = new Map<string, string[]>();
for (const file of FOLDERS.flatMap((f) => sources(path.join(ROOT, f)))) {
    const text = fs.readFileSync(file, "utf8");
    const targets = [...text.matchAll(IMPORT)].map((m) => resolve(file, m[1] ?? m[2])).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
}
const rel = (f: string) => path.relative(ROOT, f);

describe("the layout", () => {
    it("has no import circles", () => {
        const cycles: string[] = [];
        const state = new Map<string, "open" | "done">();
        const stack: string[] = [];
        const visit = (file: string) => {
            state.set(file, "open");
            stack.push(file);
            for (const next of graph.get(file) ?? []) {
                if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(" → "));
                else if (!state.has(next)) visit(next);
            }
            stack.pop();
            state.set(file, "done");
        };
        for (const file of graph.keys()) if (!state.has(file)) visit(file);
        assert.deepStrictEqual(cycles, []);
    });

    it("keeps the policy pack self-contained: policies/ imports nothing outside it but the shared package", () => {
        const outside = [...graph].flatMap(([file, targets]) =>
            rel(file).startsWith("policies/") ? targets.filter((t) => !/^(policies|shared)\//.test(rel(t))).map((t) => `${rel(file)} → ${rel(t)}`) : [],
        );
        assert.deepStrictEqual(outside, []);
        const seen = [...graph].some(([file, targets]) => rel(file).startsWith("policies/") && targets.some((t) => rel(t).startsWith("shared/")));
        assert.ok(seen, "the pack imports the shared package (the import pattern still sees package imports)");
    });

    it("keeps the program off the pack, and shared/ off both: both depend on shared/, it only on a package both declare", () => {
        const offending = [...graph].flatMap(([file, targets]) => {
            const from = rel(file).split("/")[0];
            return targets
                .map(rel)
                .filter((t) => (from === "infra" && t.startsWith("policies/")) || (from === "shared" && !t.startsWith("shared/")))
                .map((t) => `${rel(file)} → ${t}`);
        });
        assert.deepStrictEqual(offending, []);
        // A package shared/ imports must be a dependency of both packages that load it: it is not bundled with it.
        const text = fs
            .readdirSync(path.join(ROOT, "shared"))
            .filter((f) => f.endsWith(".ts"))
            .map((f) => fs.readFileSync(path.join(ROOT, "shared", f), "utf8"));
        const packages = [...new Set(text.flatMap((t) => [...t.matchAll(/from\s+["']([^."'][^"']*)["']/g)].map((m) => m[1])))];
        const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
        for (const manifest of ["package.json", "policies/package.json"]) {
            const declared = read(manifest).dependencies;
            assert.deepStrictEqual(
                packages.filter((p) => !(p in declared)),
                [],
                `${manifest} declares every package shared/ imports`,
            );
        }
        assert.deepStrictEqual(packages, ["ipaddr.js"], "shared/ imports only ipaddr.js");
    });

    it("declares the shared package where it is used, and bundles it with the pack so the pack publishes alone", () => {
        const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
        const root = read("package.json");
        const pack = read("policies/package.json");
        assert.equal(read("shared/package.json").name, SHARED);
        assert.equal(root.dependencies[SHARED], "file:shared");
        assert.equal(pack.dependencies[SHARED], "file:../shared");
        assert.deepStrictEqual(pack.bundleDependencies, [SHARED]);
    });

    it("keeps the three jobs apart: the check does not import the plan's runner, nor the plan the release tooling's commands", () => {
        const offending = [...graph].flatMap(([file, targets]) => {
            const from = rel(file).split("/")[0];
            return targets
                .map(rel)
                .filter((t) => (from === "check" && t.startsWith("plan/")) || (from !== "release" && from !== "cli" && t === "release/diffCommand.ts"))
                .map((t) => `${rel(file)} → ${t}`);
        });
        assert.deepStrictEqual(offending, []);
    });

    it("pins the pack's SDK to the project's versions: a clean clone runs the pack on the project's copy, the CLI on the pack's", () => {
        const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
        const root = read("package.json");
        const pack = read("policies/package.json");
        const rootVersions = { ...root.dependencies, ...root.devDependencies };
        for (const name of ["@pulumi/policy", "@pulumi/pulumi"]) {
            assert.equal(pack.dependencies[name], rootVersions[name], name);
            assert.match(pack.dependencies[name], /^\d+\.\d+\.\d+$/, `${name} is pinned`);
        }
    });

    it("spells every resource type token of the one table as @pulumi/aws has it", () => {
        const { RESOURCE_TYPES } = require("../shared/resourceTypes") as typeof import("../shared/resourceTypes");
        const wrong = Object.values(RESOURCE_TYPES).filter((token: string) => {
            const m = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(token);
            if (!m || m[3].toLowerCase() !== m[2].toLowerCase()) return true;
            const dts = path.join(ROOT, "node_modules", "@pulumi", "aws", m[1], `${m[2]}.d.ts`);
            return !fs.existsSync(dts) || !fs.readFileSync(dts, "utf8").includes(`export declare class ${m[3]} `);
        });
        assert.deepStrictEqual(wrong, []);
    });

    it("keys the release tables (replacement rules, pipeline actions) by tokens of that one table", () => {
        const { RESOURCE_TYPES } = require("../shared/resourceTypes") as typeof import("../shared/resourceTypes");
        const { REPLACE_ON } = require("../release/replacements") as typeof import("../release/replacements");
        const { ACTIONS_BY_TYPE } = require("../release/pipelineRoles") as typeof import("../release/pipelineRoles");
        const known = new Set<string>(Object.values(RESOURCE_TYPES));
        const stray = [...Object.keys(REPLACE_ON), ...Object.keys(ACTIONS_BY_TYPE)].filter((t) => t.startsWith("aws:") && !known.has(t));
        assert.deepStrictEqual([...new Set(stray)].sort(), []);
    });
});
