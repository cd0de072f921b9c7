/** Reads the stack's config from the Pulumi runtime; the only module that touches pulumi.Config. */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, configKeyProblems, StackConfig, validateStackConfig } from "./validate";

/**
 * The project's keys without their `project:` prefix, each value parsed as JSON where it is JSON (Pulumi keeps
 * structured values as JSON text) and kept as a string otherwise.
 */
export function projectConfig(all: Record<string, string>, project: string): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(`${project}:`)) continue;
        raw[key.slice(project.length + 1)] = parseValue(value);
    }
    return raw;
}

function parseValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** Validates the running stack's config; throws ConfigError before any resource is registered. */
export function loadConfig(): StackConfig {
    const all = pulumi.runtime.allConfig();
    const keyProblems = configKeyProblems(all, pulumi.getProject());
    const tags = all["aws:defaultTags"];
    try {
        const config = validateStackConfig(projectConfig(all, pulumi.getProject()), all["aws:region"], tags === undefined ? undefined : parseValue(tags));
        if (keyProblems.length) throw new ConfigError(keyProblems);
        return config;
    } catch (err) {
        if (err instanceof ConfigError && keyProblems.length) {
            // A dotted key's own message replaces the schema's "unknown key" for it.
            const dotted = Object.keys(all).map((k) => k.slice(k.indexOf(":") + 1)).filter((k) => k.includes("."));
            const rest = err.problems.filter((p) => !keyProblems.includes(p) && !dotted.some((k) => p.startsWith(`${k}: unknown key`)));
            throw new ConfigError([...keyProblems, ...rest]);
        }
        throw err;
    }
}
