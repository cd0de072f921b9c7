/**
 * The offline policy check: a plan file's resources sent to the policy pack over the analyzer protocol, in the order
 * `pulumi preview --policy-pack` uses (Configure, ConfigureStack, Analyze per resource, AnalyzeStack), and the
 * violations printed the way the CLI prints them.
 */
import * as fs from "fs";
import { AnalyzedResource, AnalyzerClient, Diagnostic, PolicyConfigEntry } from "./analyzerClient";
import { reconcilePolicyConfig } from "./policyConfig";

export class PlanFileError extends Error {
    constructor(
        readonly file: string,
        readonly problems: string[],
    ) {
        super(`${file}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
}

export interface CheckInput {
    project: string;
    stack: string;
    resources: AnalyzedResource[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/**
 * Reads a plan (format v1). Per resource only type, name and inputs are required; urn, parent, dependencies,
 * propertyDependencies and options are used when present. A missing urn is made up as Pulumi would write it.
 */
export function parsePlan(raw: unknown, file: string): CheckInput {
    const problems: string[] = [];
    if (!isObject(raw)) throw new PlanFileError(file, ["must be a JSON object with a resources array"]);
    if (raw.version !== undefined && raw.version !== 1) problems.push(`version: ${JSON.stringify(raw.version)} is not supported (allowed: 1)`);
    if (!Array.isArray(raw.resources)) problems.push("resources: must be an array");
    const project = typeof raw.project === "string" ? raw.project : "offline";
    const stack = typeof raw.stack === "string" ? raw.stack : "offline";
    const resources: AnalyzedResource[] = [];
    (Array.isArray(raw.resources) ? raw.resources : []).forEach((r: unknown, i: number) => {
        const at = `resources[${i}]`;
        if (!isObject(r)) return void problems.push(`${at}: must be an object`);
        const before = problems.length;
        if (typeof r.type !== "string" || r.type === "") problems.push(`${at}.type: must be a resource type token such as aws:ec2/vpc:Vpc`);
        if (typeof r.name !== "string" || r.name === "") problems.push(`${at}.name: must be a non-empty string`);
        if (!isObject(r.inputs)) problems.push(`${at}.inputs: must be an object`);
        if (r.urn !== undefined && typeof r.urn !== "string") problems.push(`${at}.urn: must be a string`);
        if (r.dependencies !== undefined && !isStringList(r.dependencies)) problems.push(`${at}.dependencies: must be a list of URNs`);
        if (r.propertyDependencies !== undefined && !(isObject(r.propertyDependencies) && Object.values(r.propertyDependencies).every(isStringList))) {
            problems.push(`${at}.propertyDependencies: must map property names to lists of URNs`);
        }
        if (problems.length > before) return;
        const options = isObject(r.options) ? r.options : {};
        resources.push({
            type: r.type as string,
            name: r.name as string,
            urn: (r.urn as string | undefined) ?? `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`,
            properties: r.inputs as Record<string, unknown>,
            parent: typeof r.parent === "string" ? r.parent : undefined,
            dependencies: (r.dependencies as string[] | undefined) ?? [],
            propertyDependencies: (r.propertyDependencies as Record<string, string[]> | undefined) ?? {},
            options: {
                protect: options.protect === true,
                deleteBeforeReplace: typeof options.deleteBeforeReplace === "boolean" ? options.deleteBeforeReplace : undefined,
                ignoreChanges: isStringList(options.ignoreChanges) ? options.ignoreChanges : [],
            },
        });
    });
    if (problems.length > 0) throw new PlanFileError(file, problems);
    return { project, stack, resources };
}

export function readPlanFile(file: string): CheckInput {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PlanFileError(file, [`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        throw new PlanFileError(file, [`not valid JSON: ${(err as Error).message}`]);
    }
    return parsePlan(raw, file);
}

export interface CheckResult {
    pack: { name: string; version: string };
    diagnostics: Diagnostic[];
    mandatory: number;
}

/** Runs the pack over the plan. `config` is the file's entries (before reconciliation); omit for the pack's defaults. */
export async function checkPlan(
    client: AnalyzerClient,
    input: CheckInput,
    config: Record<string, PolicyConfigEntry> = {},
    configFile?: string,
): Promise<CheckResult> {
    const info = await client.info();
    await client.configure(reconcilePolicyConfig(info, config, configFile));
    await client.configureStack(input.project, input.stack);
    const diagnostics: Diagnostic[] = [];
    // The engine analyzes resources as it registers them, many in flight at once; the results keep plan order.
    const perResource = await Promise.all(input.resources.map((resource) => client.analyze(resource)));
    perResource.forEach((found, i) => {
        // A resource rule reports without a URN; the CLI attributes it to the resource being analyzed.
        for (const d of found) diagnostics.push({ ...d, urn: d.urn || input.resources[i].urn });
    });
    diagnostics.push(...(await client.analyzeStack(input.resources)));
    return { pack: { name: info.name, version: info.version }, diagnostics, mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory").length };
}

/** `type: name` from a URN, as the CLI shows the flagged resource. */
function resourceOf(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) return urn || "stack";
    const type = parts[2].split("$").pop();
    return `${type}: ${parts.slice(3).join("::")}`;
}

/** The violations as `pulumi preview` prints them under "Policy Violations:". */
export function formatViolations(result: CheckResult): string {
    if (result.diagnostics.length === 0) return `Policy ${result.pack.name}@v${result.pack.version}: no violations.`;
    const ordered = [...result.diagnostics].sort((a, b) => Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory"));
    const lines = ["Policy Violations:"];
    for (const d of ordered) {
        lines.push(`    [${d.enforcementLevel}]  ${d.policyPackName} v${d.policyPackVersion}  ${d.policyName} (${resourceOf(d.urn)})`);
        // The SDK already starts the message with the policy's description, as the CLI prints it.
        for (const line of d.message.split("\n")) lines.push(`    ${line}`);
    }
    const advisory = result.diagnostics.length - result.mandatory;
    lines.push("", `${result.mandatory} mandatory, ${advisory} advisory (policy pack ${result.pack.name}@v${result.pack.version}).`);
    return lines.join("\n");
}
