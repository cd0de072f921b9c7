/**
 * The README's commands stay true: every `npm run` line in its shell blocks names a script package.json has and
 * options its command accepts, for a stack that exists (or that the recipe before it creates); every `pulumi` line
 * names a policy pack and policy configs that exist.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseCheckArgs } from "../check/command";
import { parseDiffArgs } from "../release/diffCommand";
import { parsePlanArgs } from "../plan/command";
import { LINT_USAGE } from "../lint/command";

const ROOT = path.join(__dirname, "..");
const DOCUMENTS = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => path.join("docs", f))];

/** The command lines of the shell blocks of a Markdown file, comments and optional [..] parts removed. */
function shellLines(file: string): string[] {
    const lines: string[] = [];
    let inShell = false;
    for (const line of fs.readFileSync(path.join(ROOT, file), "utf8").split("\n")) {
        if (/^\s*```sh\s*$/.test(line)) inShell = true;
        else if (/^\s*```/.test(line)) inShell = false;
        else if (inShell)
            lines.push(
                line
                    .replace(/#.*$/, "")
                    .replace(/\[[^\]]*\]/g, "")
                    .trim(),
            );
    }
    return lines.flatMap((l) => l.split("&&").map((part) => part.trim())).filter((l) => l.length > 0);
}

const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
const stackExists = (stack: string) => stack === "staging" || fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`));

describe("the README's commands", () => {
    const lines = DOCUMENTS.flatMap((file) => shellLines(file).map((line) => ({ file, line })));

    it("are there to check", () => {
        assert.ok(lines.filter((l) => l.line.startsWith("npm run")).length >= 5, lines.map((l) => l.line).join("\n"));
    });

    for (const { file, line } of lines.filter((l) => /^npm (run|test|ci)/.test(l.line))) {
        it(`${file}: ${line}`, () => {
            const words = line.split(/\s+/);
            if (words[1] !== "run") return; // npm ci, npm test
            const script = words[2];
            assert.ok(script in scripts, `package.json has no script ${script}`);
            const args = words.slice(words.indexOf("--") + 1);
            if (script === "plan") {
                const parsed = parsePlanArgs(args);
                assert.notStrictEqual(typeof parsed, "string", String(parsed));
                if (typeof parsed !== "string" && "stack" in parsed) assert.ok(stackExists(parsed.stack), parsed.stack);
            } else if (script === "diff") {
                const parsed = parseDiffArgs(args);
                assert.notStrictEqual(typeof parsed, "string", String(parsed));
                if (typeof parsed !== "string" && "stack" in parsed) assert.ok(stackExists(parsed.stack), parsed.stack);
            } else if (script === "check") {
                assert.notStrictEqual(typeof parseCheckArgs(args), "string");
            } else if (script === "lint") {
                for (const option of args.filter((a) => a.startsWith("--"))) assert.ok(LINT_USAGE.includes(option), option);
            }
        });
    }

    it("name a policy pack and policy configs that exist in every pulumi line", () => {
        for (const { line } of lines.filter((l) => l.line.startsWith("pulumi "))) {
            const words = line.split(/\s+/);
            const after = (flag: string) => words[words.indexOf(flag) + 1];
            if (words.includes("--policy-pack")) assert.ok(fs.existsSync(path.join(ROOT, after("--policy-pack"), "PulumiPolicy.yaml")), line);
            if (words.includes("--policy-pack-config")) assert.ok(fs.existsSync(path.join(ROOT, after("--policy-pack-config"))), line);
        }
    });
});

describe("the README's policy rule table", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## The policy pack"), readme.indexOf("**AWS managed policies**"));
    const rows = section
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .map((l) => l.split(" | ").map((cell) => cell.replace(/^\| /, "").replace(/ \|$/, "")));
    const { policies } = require("../policies/all") as typeof import("../policies/all");
    const configOf = (stack: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "config", `${stack}.json`), "utf8"));
    const level = (config: Record<string, unknown>, rule: string) => {
        const own = config[rule];
        if (typeof own === "string") return own;
        const set = (own as { enforcementLevel?: string } | undefined)?.enforcementLevel;
        return set ?? (config.all as string) ?? "mandatory";
    };

    it("has one row per rule of the pack, and says how many there are", () => {
        assert.deepStrictEqual(rows.map((r) => r[0].replace(/`/g, "")).sort(), policies.map((p) => p.name).sort());
        assert.match(section, new RegExp(`with ${policies.length}\\s+rules`));
    });

    it("is what npm run docs generates from the rules and the policy configs (a stale README fails here)", () => {
        const { regenerate } = require("../release/readmeTables") as typeof import("../release/readmeTables");
        assert.ok(readme === regenerate(readme), "README.md is stale: run npm run docs");
    });

    it("npm run docs --check exits 1 on a stale README and writes nothing; without --check it rewrites the tables", () => {
        const { docsCommand } = require("../release/readmeTables") as typeof import("../release/readmeTables");
        const os = require("os") as typeof import("os");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "readme-")), "README.md");
        const stale = readme.replace(/^\| `tasks-private` \|.*$/m, "| `tasks-private` | an old row | | | |");
        fs.writeFileSync(file, stale);
        const lines: string[] = [];
        const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
        assert.equal(docsCommand(["--check"], io, file), 1);
        assert.match(lines.join("\n"), /README\.md is stale/);
        assert.equal(fs.readFileSync(file, "utf8"), stale, "--check writes nothing");
        assert.equal(docsCommand([], io, file), 0);
        assert.equal(fs.readFileSync(file, "utf8"), readme);
        assert.equal(docsCommand(["--chek"], io, file), 2, "an unknown option");
        fs.writeFileSync(file, "no markers");
        assert.equal(docsCommand([], io, file), 3, "a README without the markers");
    });

    it("gives every rule a rationale and a remediation, and names only config keys that exist", () => {
        const { schemaKeyPaths } = require("../release/configReference") as typeof import("../release/configReference");
        const keys = schemaKeyPaths();
        for (const rule of policies) {
            assert.ok(rule.rationale.length > 40 && rule.remediation.length > 20, rule.name);
            const named = [...rule.remediation.matchAll(/`((?:services\[\]|network|cluster|loadBalancer|logs)\.[A-Za-z.]+)/g)].map((m) => m[1]);
            assert.deepStrictEqual(
                named.filter((k) => !keys.has(k)),
                [],
                `${rule.name} names a config key the schema does not have`,
            );
        }
    });

    it("gives each rule the level that policies/config/dev.json and prod.json set", () => {
        const [dev, prod] = [configOf("dev"), configOf("prod")];
        for (const [name, , , devCell, prodCell] of rows) {
            const rule = name.replace(/`/g, "");
            assert.equal(devCell.split(",")[0], level(dev, rule), `${rule} (dev)`);
            assert.equal(prodCell.split(",")[0], level(prod, rule), `${rule} (prod)`);
        }
    });
});

describe("the README's config tables", () => {
    const { configFields, defaultDrift } = require("../release/configReference") as typeof import("../release/configReference");
    const fields = configFields();

    it("list every key the schema accepts, each with a description", () => {
        const { schemaKeyPaths } = require("../release/configReference") as typeof import("../release/configReference");
        const documented = new Set(fields.map((f) => f.path));
        // Keys of list elements that are values, not objects (`services[].paths[]`), have no row of their own.
        const schemaKeys = [...schemaKeyPaths()].filter((k) => !k.endsWith("[]"));
        assert.deepStrictEqual(
            schemaKeys.filter((k) => !documented.has(k)),
            [],
        );
        assert.deepStrictEqual(
            fields.filter((f) => f.description === "").map((f) => f.path),
            [],
            "keys without TSDoc",
        );
    });

    it("show zod's defaults, and every TSDoc @default says the same as zod", () => {
        assert.deepStrictEqual(defaultDrift(fields), []);
        const drifted = defaultDrift(fields.map((f) => (f.path === "network.natGateways" ? { ...f, documentedDefault: '"perAz"' } : f)));
        assert.deepStrictEqual(drifted, ['network.natGateways: TSDoc says @default "perAz", the schema "single"']);
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.match(readme, /^\| `network\.natGateways` \| .* One of: `none`, `single`, `perAz`\. \| `single` \|$/m);
    });
});
