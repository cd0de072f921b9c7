/**
 * Policy pack config files (`--policy-pack-config`), read and reconciled as the Pulumi CLI does
 * (pkg/resource/analyzer/config.go): each key is a policy name or "all", its value an enforcement level or an object
 * with `enforcementLevel` and the policy's properties; schema defaults first, then "all", then each policy; then each
 * policy's properties are validated against its JSON schema. Two differences, both stricter: a key that names no
 * policy of the pack, and a setting a policy's schema does not declare, are errors here (the CLI ignores both),
 * because a misspelt name would silently keep the default.
 */
import type AjvClass from "ajv";
import type { ValidateFunction } from "ajv";
import * as fs from "fs";
import type { AnalyzerInfo, PolicyConfigEntry } from "./analyzerClient";

/** The enforcement levels of @pulumi/policy; here, not in the analyzer client, so reading a config loads no gRPC. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
export const ENFORCEMENT_LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

export class PolicyConfigError extends Error {
    constructor(
        readonly file: string,
        readonly problems: string[],
    ) {
        super(`${file}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as string[]).includes(value);
}

const LEVELS = ENFORCEMENT_LEVELS.join(", ");

/** Parses the file's JSON into entries; all problems at once. */
export function parsePolicyConfig(text: string, file: string): Record<string, PolicyConfigEntry> {
    let raw: unknown;
    try {
        raw = text.trim() === "" ? {} : JSON.parse(text);
    } catch (err) {
        throw new PolicyConfigError(file, [`not valid JSON: ${(err as Error).message}`]);
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new PolicyConfigError(file, ["must be a JSON object of policy name → enforcement level or settings"]);
    }
    const problems: string[] = [];
    const entries: Record<string, PolicyConfigEntry> = {};
    for (const [name, value] of Object.entries(raw)) {
        if (typeof value === "string") {
            if (isLevel(value)) entries[name] = { enforcementLevel: value };
            else problems.push(`${name}: "${value}" is not an enforcement level (allowed: ${LEVELS})`);
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                problems.push(`${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (allowed: ${LEVELS})`);
                continue;
            }
            entries[name] = { enforcementLevel, properties };
        } else {
            problems.push(`${name}: ${JSON.stringify(value)} must be an enforcement level (${LEVELS}) or an object`);
        }
    }
    if (problems.length > 0) throw new PolicyConfigError(file, problems);
    return entries;
}

export function readPolicyConfig(file: string): Record<string, PolicyConfigEntry> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PolicyConfigError(file, [`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
    }
    return parsePolicyConfig(text, file);
}

let ajv: AjvClass | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * The compiled validator of a settings schema, compiled once per schema for the process (a check, and every test,
 * reconciles the same 29 schemas again and again). Ajv is loaded here, when a config is checked against the pack's
 * schemas: reading a stack's config should not pay for it.
 */
function validatorOf(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily
        ajv ??= new (require("ajv") as { default: typeof AjvClass }).default({ allErrors: true, strict: false });
        validate = ajv.compile(schema);
        validators.set(key, validate);
    }
    return validate;
}

/** Schema defaults, then "all", then per-policy settings; validated against each policy's schema. */
export function reconcilePolicyConfig(info: AnalyzerInfo, given: Record<string, PolicyConfigEntry>, file = "policy config"): Record<string, PolicyConfigEntry> {
    const problems: string[] = [];
    const names = info.policies.map((p) => p.name);
    for (const name of Object.keys(given)) {
        if (name !== "all" && !names.includes(name)) problems.push(`${name}: no such policy in ${info.name} (policies: ${names.join(", ")})`);
    }
    const result: Record<string, PolicyConfigEntry> = {};
    for (const policy of info.policies) {
        const defaults: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if ("default" in schema) defaults[key] = schema.default;
        }
        result[policy.name] = {
            enforcementLevel: given.all?.enforcementLevel ?? policy.enforcementLevel,
            properties: { ...defaults, ...(given[policy.name]?.properties ?? {}) },
        };
        if (given[policy.name]?.enforcementLevel) result[policy.name].enforcementLevel = given[policy.name].enforcementLevel;
    }
    for (const policy of info.policies) {
        const props = result[policy.name].properties ?? {};
        const schema = policy.configSchema;
        if (!schema) {
            const extra = Object.keys(props);
            if (extra.length > 0) problems.push(`${policy.name}: takes no settings (got ${extra.join(", ")})`);
            continue;
        }
        const validate = validatorOf({ type: "object", properties: schema.properties, required: schema.required, additionalProperties: false });
        if (!validate(props)) {
            for (const error of validate.errors ?? []) {
                const key = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
                const detail =
                    error.keyword === "additionalProperties"
                        ? `unknown setting ${(error.params as { additionalProperty: string }).additionalProperty} (allowed: ${Object.keys(schema.properties).join(", ")})`
                        : `${key ? `${key} ` : ""}${error.message}`;
                problems.push(`${policy.name}: ${detail}`);
            }
        }
    }
    if (problems.length > 0) throw new PolicyConfigError(file, problems);
    return result;
}
