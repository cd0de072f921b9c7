/**
 * The README's reference tables, generated from the code so they cannot drift: the stack config keys from the schema
 * (release/configReference.ts), the policy rules from each rule's own documentation fields (policies/lib/rule.ts) and
 * the levels and settings of policies/config/{dev,prod}.json.
 * `npm run docs` writes them between their markers; tests/readme.test.ts fails when the README differs.
 */
import * as fs from "fs";
import * as path from "path";
import { answer, defineCommand, readCommandLine, refusal } from "../cli/args";
import { EXIT, Io } from "../cli/io";
import { policies } from "../policies/all";
import { Rule } from "../policies/lib/rule";
import { equivalenceCell } from "../infra/configRules";
import { ConfigField, configFields, defaultCell } from "./configReference";

export const README = path.join(__dirname, "..", "README.md");
const POLICY_CONFIG_DIR = path.join(__dirname, "..", "policies", "config");

/** A generated block: the text between `<!-- generated:NAME -->` and `<!-- end:NAME -->`. */
export interface Block {
    name: string;
    text: string;
}

type PolicyConfigFile = Record<string, string | Record<string, unknown>>;

function readConfig(stack: string): PolicyConfigFile {
    return JSON.parse(fs.readFileSync(path.join(POLICY_CONFIG_DIR, `${stack}.json`), "utf8"));
}

/** `mandatory`, or `advisory, minRetentionDays 7`: the rule's level in a stack's config, then its settings. */
export function levelCell(config: PolicyConfigFile, rule: Rule): string {
    const own = config[rule.name];
    const settings = typeof own === "object" ? Object.entries(own).filter(([k]) => k !== "enforcementLevel") : [];
    const level =
        typeof own === "string"
            ? own
            : (typeof own === "object" && (own.enforcementLevel as string)) || (config.all as string) || rule.enforcementLevel || "mandatory";
    return [level, ...settings.map(([k, v]) => `${k} ${Array.isArray(v) ? `${v.length} entries` : String(v)}`)].join(", ");
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function rulesTable(): Block {
    const [dev, prod] = [readConfig("dev"), readConfig("prod")];
    const rows = policies.map(
        (rule) =>
            `| \`${rule.name}\` | ${cell(rule.refuses)} | ${cell(rule.reads)} | ${levelCell(dev, rule)} | ${levelCell(prod, rule)} | ${cell(equivalenceCell(rule.name))} |`,
    );
    return {
        name: "rules",
        text: ["| rule | refuses | reads | dev | prod | AWS Config after deploy |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n"),
    };
}

export function ruleReasons(): Block {
    const lines = policies.map((rule) => `- \`${rule.name}\`: ${rule.rationale} *Fix:* ${rule.remediation}`);
    return { name: "rule-reasons", text: lines.join("\n") };
}

function configRow(field: ConfigField, key: string): string {
    const allowed = field.allowed && field.allowed.length > 0 ? ` One of: ${field.allowed.map((v) => `\`${v}\``).join(", ")}.` : "";
    return `| \`${key}\` | ${cell(field.description)}${allowed} | ${cell(defaultCell(field))} |`;
}

const SERVICE = "services[].";

/** The stack-wide keys (every key but a service's own), from the schema's TSDoc and zod defaults. */
export function configTable(fields: ConfigField[] = configFields()): Block {
    const rows = fields.filter((f) => !f.path.startsWith(SERVICE)).map((f) => configRow(f, f.path));
    return { name: "config", text: ["| key | meaning | default |", "| --- | --- | --- |", ...rows].join("\n") };
}

/** A service's keys (`services[].…`, shown without the prefix). */
export function serviceConfigTable(fields: ConfigField[] = configFields()): Block {
    const rows = fields.filter((f) => f.path.startsWith(SERVICE)).map((f) => configRow(f, f.path.slice(SERVICE.length)));
    return { name: "service-config", text: ["| key | meaning | default |", "| --- | --- | --- |", ...rows].join("\n") };
}

export function blocks(): Block[] {
    const fields = configFields();
    return [configTable(fields), serviceConfigTable(fields), rulesTable(), ruleReasons()];
}

/** The README with every block replaced by its generated text; throws naming a block whose markers are missing. */
export function regenerate(readme: string, generated: Block[] = blocks()): string {
    let text = readme;
    for (const block of generated) {
        const start = `<!-- generated:${block.name} (npm run docs) -->`;
        const end = `<!-- end:${block.name} -->`;
        const from = text.indexOf(start);
        const to = text.indexOf(end);
        if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
        text = `${text.slice(0, from + start.length)}\n${block.text}\n${text.slice(to)}`;
    }
    return text;
}

export const DOCS_COMMAND = defineCommand({
    run: "npm run docs",
    options: { check: { type: "boolean", help: "write nothing; exit 1 when README.md differs from what would be generated" } },
    about: "Regenerates the README's reference tables (the policy rules and why each matters) from the code.",
    exit: "Exit: 0 written or up to date; 1 stale (with --check); 2 bad argument; 3 README markers missing.",
});

/** `npm run docs [--check]`: rewrites the generated blocks of README.md, or only says whether they are stale. */
export function docsCommand(argv: string[], io: Io, readmeFile = README): number {
    const line = readCommandLine(DOCS_COMMAND, argv);
    if (line.help || line.problems.length) return answer(DOCS_COMMAND, line.help ? { help: true } : refusal(DOCS_COMMAND, line.problems), io);
    const before = fs.readFileSync(readmeFile, "utf8");
    let after: string;
    try {
        after = regenerate(before);
    } catch (err) {
        io.err((err as Error).message);
        return EXIT.internal;
    }
    if (after === before) {
        io.out("README.md is up to date.");
        return EXIT.ok;
    }
    if (line.values.check) {
        io.err("README.md is stale: its generated tables differ from the code; run npm run docs.");
        return EXIT.policyViolation;
    }
    fs.writeFileSync(readmeFile, after);
    io.out("README.md: generated tables rewritten.");
    return EXIT.ok;
}
