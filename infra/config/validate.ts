/**
 * Validation of a whole stack config: the schema first, then the cross-key rules on every section that passed it,
 * so one run reports every problem it can find. Nothing here touches Pulumi.
 */
import * as fs from "fs";
import { z } from "zod";
import { closest } from "./suggestions";
import { isKnownRegion, knownRegions, regionSource } from "../../awsdata/regions";
import { ConfigSections } from "./problems";
import { crossKeyProblems } from "./rules";
import { attributeNetworkProblems, layerOf, layerProblems, NETWORK_CONFIG_OUTPUT } from "./layers";
import { monitoringEnabled, ParsedStackConfig, scheduledTaskSchema, serviceSchema, stackSchema } from "./schema";

/** A validated stack config with every default applied. */
export interface StackConfig extends ParsedStackConfig {
    /** aws:region of the stack. */
    region: string;
    /** Resolved: the configured value, or true in production and false elsewhere. */
    protectStatefulResources: boolean;
    /** Monitoring with `enabled` resolved: the configured value, or true in production and false elsewhere. */
    monitoring: ParsedStackConfig["monitoring"] & { enabled: boolean };
    /** The AWS provider's default tags (aws:defaultTags.tags), which resources the provider does not tag must get too. */
    defaultTags: Record<string, string>;
}

/** Invalid stack config: every problem, each starting with the key path it is about. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
    }
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Validates the project's config keys (without the `project:` prefix) and the stack's aws:region.
 * Throws ConfigError listing every problem; returns the config with defaults applied.
 *
 * A services stack (`layer: services`) writes no `network`: `referencedNetwork` is the network stack's validated
 * `network` section (its `networkConfig` output), and the rules that relate services to the network run against it.
 */
export function validateStackConfig(
    written: Record<string, unknown>,
    region: string | undefined,
    defaultTags?: unknown,
    referencedNetwork?: unknown,
): StackConfig {
    const problems: string[] = [];
    const tags = defaultTagsOf(defaultTags, problems);
    if (region === undefined) problems.push(`aws:region: is required (pulumi config set aws:region eu-west-1)`);
    else if (!AWS_REGION.test(region)) problems.push(`aws:region: "${region}" is not an AWS region name like eu-west-1`);
    else if (!isKnownRegion(region)) {
        problems.push(`aws:region: "${region}" is not an AWS region (known: ${knownRegions().join(", ")}; from ${regionSource().package})`);
    }

    problems.push(...layerProblems(written));
    const layer = layerOf(written);
    const takesNetwork = layer === "services" && written.network === undefined;
    if (takesNetwork && referencedNetwork === undefined && typeof written.networkStack === "string") {
        problems.push(`networkStack: the network stack's ${NETWORK_CONFIG_OUTPUT} output could not be read; deploy the network stack first`);
    }
    const raw = takesNetwork && referencedNetwork !== undefined ? { ...written, network: referencedNetwork } : written;

    const whole = stackSchema.safeParse(raw, { reportInput: true });
    if (!whole.success) {
        // A value of the wrong type gets that one message, not also the checks that assumed the right type.
        const mistyped = new Set(whole.error.issues.filter((i) => i.code === "invalid_type").map((i) => formatPath(i.path)));
        const issues = whole.error.issues.filter((i) => i.code === "invalid_type" || !mistyped.has(formatPath(i.path)));
        problems.push(...issues.flatMap(formatIssue));
    }
    const sections = sectionsThatParse(raw);
    // A network stack has no services, cluster or load balancer: only its own sections' rules apply.
    const crossKey = crossKeyProblems(
        layer === "network"
            ? { environment: sections.environment, protectStatefulResources: sections.protectStatefulResources, network: sections.network, region }
            : { ...sections, region },
    );
    problems.push(...crossKey);

    // A services stack's file has no network keys: say where a problem about them is to be fixed.
    const attributed = layer === "services" && typeof written.networkStack === "string" ? attributeNetworkProblems(problems, written.networkStack) : problems;
    const unique = [...new Set(attributed)];
    if (unique.length > 0 || !whole.success) throw new ConfigError(unique);
    const config = whole.data;
    const production = config.environment === "production";
    return {
        ...config,
        region: region!,
        defaultTags: tags,
        protectStatefulResources: config.protectStatefulResources ?? production,
        monitoring: { ...config.monitoring, enabled: monitoringEnabled(config.monitoring, config.environment) },
    };
}

/** aws:defaultTags as the AWS provider takes it: `{ tags: { key: value } }`. */
function defaultTagsOf(value: unknown, problems: string[]): Record<string, string> {
    if (value === undefined) return {};
    const tags = (value as { tags?: unknown } | null)?.tags;
    const valid =
        typeof value === "object" &&
        value !== null &&
        Object.keys(value).every((k) => k === "tags") &&
        typeof tags === "object" &&
        tags !== null &&
        !Array.isArray(tags) &&
        Object.values(tags).every((v) => typeof v === "string");
    if (!valid) {
        problems.push(`aws:defaultTags: ${show(value)} is not { tags: { KEY: "value", ... } } (the AWS provider's default tags)`);
        return {};
    }
    return tags as Record<string, string>;
}

/**
 * The AWS provider's config keys (aws:region, aws:defaultTags, …), read from the text of @pulumi/aws's own config
 * module: loading it would load the Pulumi runtime, which validation runs without (so a typo reports at once).
 */
let awsKeys: string[] | undefined;
export function awsProviderKeys(): string[] {
    awsKeys ??= [
        ...fs.readFileSync(require.resolve("@pulumi/aws/config/vars"), "utf8").matchAll(/Object\.defineProperty\(exports, "(\w+)", \{\s*get\(\)/g),
    ].map((m) => m[1]);
    return awsKeys;
}

/** Namespaces a stack file may hold besides the project's and aws: Pulumi's own and the other provider the program uses. */
const OTHER_NAMESPACES = ["pulumi", "random"];

/**
 * Problems of the stack file's keys themselves, before their values: a namespace that is neither the project's, aws
 * nor pulumi (a typo would otherwise be ignored), a dotted project key (not a nested one), an AWS provider key that
 * does not exist. `all` holds fully qualified keys as the engine passes them.
 */
export function configKeyProblems(all: Record<string, string>, project: string): string[] {
    const problems: string[] = [];
    const awsKeys = awsProviderKeys();
    for (const key of Object.keys(all).sort()) {
        const [namespace, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
        if (namespace === project) {
            if (name.includes(".")) {
                const [top, ...rest] = name.split(".");
                problems.push(`${key}: a dotted key is not a nested one; write ${project}:${top} as a mapping with ${rest.join(".")} inside it`);
            }
        } else if (namespace === "aws") {
            if (!awsKeys.includes(name)) problems.push(`${key}: not an AWS provider setting${nearest(name, awsKeys, "aws:")}`);
        } else if (!OTHER_NAMESPACES.includes(namespace)) {
            problems.push(`${key}: unknown namespace "${namespace}"${nearest(namespace, [project, "aws"], "")} (this project's keys start with ${project}:)`);
        }
    }
    return problems;
}

/** ` (did you mean X?)` for the closest of `options`, else "". */
function nearest(word: string, options: string[], prefix: string): string {
    const [best] = closest(word, options);
    return best ? ` (did you mean ${prefix}${best}?)` : "";
}

/** Each top-level section parsed on its own, so that a bad service does not hide the rules of the good ones. */
function sectionsThatParse(raw: Record<string, unknown>): ConfigSections {
    const shape = stackSchema.shape;
    const section = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | undefined => {
        const result = schema.safeParse(value);
        return result.success ? result.data : undefined;
    };
    const services = Array.isArray(raw.services) ? raw.services.map((svc) => section(serviceSchema, svc)) : undefined;
    const tasks = Array.isArray(raw.tasks) ? raw.tasks.map((task) => section(scheduledTaskSchema, task)) : [];
    return {
        environment: section(shape.environment, raw.environment),
        protectStatefulResources: section(shape.protectStatefulResources, raw.protectStatefulResources),
        monitoring: section(shape.monitoring, raw.monitoring),
        network: section(shape.network, raw.network),
        cluster: section(shape.cluster, raw.cluster),
        loadBalancer: section(shape.loadBalancer, raw.loadBalancer),
        networkLoadBalancer: section(shape.networkLoadBalancer, raw.networkLoadBalancer),
        compliance: section(shape.compliance, raw.compliance),
        secrets: section(shape.secrets, raw.secrets),
        database: raw.database === undefined ? null : section(shape.database, raw.database),
        services,
        tasks,
    };
}

/** Formats a key path the way the README and messages name keys: services[2].memory. */
export function formatPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((out, key) => {
        if (typeof key === "number") return `${out}[${key}]`;
        return out ? `${out}.${String(key)}` : String(key);
    }, "");
}

function show(value: unknown): string {
    if (value === undefined) return "missing";
    // A `secure:` value is ciphertext: never echoed.
    const text = JSON.stringify(value, (_key, v: unknown) => (isSecureValue(v) ? "[secret]" : v));
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A `secure:` config value: ciphertext that cannot be read offline. */
export function isSecureValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
}

/** A schema issue as `path: message` lines, naming the bad value and what is allowed; one line per unknown key. */
function formatIssue(issue: z.core.$ZodIssue): string[] {
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => `${formatPath([...issue.path, key])}: ${issue.message}`);
    }
    if (issue.code === "invalid_key") {
        // A record key the schema refuses (an environment variable name): name the key and what a name may be.
        const key = String((issue as { input?: unknown }).input ?? "");
        return [`${formatPath([...issue.path])}: "${key}" is not an environment variable name (letters, digits and _, not starting with a digit)`];
    }
    return [formatKnownIssue(issue)];
}

function formatKnownIssue(issue: z.core.$ZodIssue): string {
    const path = formatPath(issue.path) || "(stack config)";
    const input = (issue as { input?: unknown }).input;
    const own = issue.message;
    // Messages written in schema.ts read as predicates ("is not an ACM certificate ARN").
    if (/^(is|must|has) /.test(own)) return `${path}: ${show(input)} ${own}`;
    switch (issue.code) {
        case "invalid_type":
            if (input === undefined) return `${path}: is required`;
            return `${path}: ${show(input)} is not ${article(issue.expected)}`;
        case "invalid_value":
            return `${path}: ${show(input)} is not allowed (allowed: ${issue.values.map((v) => String(v)).join(", ")})`;
        case "too_small":
            return issue.origin === "array"
                ? `${path}: needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? "" : "s"}`
                : `${path}: ${show(input)} is below the minimum ${issue.minimum}`;
        case "too_big":
            // A schema's own message (it says why the limit is there) wins over the generic one.
            if (issue.origin === "array" && !/^Too big/.test(issue.message)) return `${path}: ${issue.message}`;
            return issue.origin === "array" ? `${path}: has more than ${issue.maximum} items` : `${path}: ${show(input)} is above the maximum ${issue.maximum}`;
        case "invalid_union":
            return `${path}: ${show(input)} matches none of the allowed forms`;
        default:
            return `${path}: ${show(input)} ${own}`;
    }
}

function article(type: string): string {
    return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
