/** A stack's config map, as Pulumi holds it, to the validated StackConfig; no Pulumi runtime involved. */
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

/**
 * Validates a stack's whole config map (`project:key` and `aws:key` to values as Pulumi holds them: JSON text for
 * structured values); throws ConfigError with every problem. Needs no Pulumi runtime, so the offline commands call
 * it before loading Pulumi, and a typo reports at once. `referencedNetwork`: a services stack's network (see
 * validateStackConfig).
 */
export function validateConfigMap(all: Record<string, string>, project: string, referencedNetwork?: unknown): StackConfig {
    const keyProblems = configKeyProblems(all, project);
    const tags = all["aws:defaultTags"];
    try {
        const config = validateStackConfig(
            projectConfig(all, project),
            all["aws:region"],
            tags === undefined ? undefined : parseValue(tags),
            referencedNetwork,
        );
        if (keyProblems.length) throw new ConfigError(keyProblems);
        return config;
    } catch (err) {
        if (err instanceof ConfigError && keyProblems.length) {
            // A dotted key's own message replaces the schema's "unknown key" for it.
            const dotted = Object.keys(all)
                .map((k) => k.slice(k.indexOf(":") + 1))
                .filter((k) => k.includes("."));
            const rest = err.problems.filter((p) => !keyProblems.includes(p) && !dotted.some((k) => p.startsWith(`${k}: unknown key`)));
            throw new ConfigError([...keyProblems, ...rest]);
        }
        throw err;
    }
}
