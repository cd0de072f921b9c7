/** Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI hands them to a program. */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { isSecureValue } from "../infra/config/validate";

/** The project's root: Pulumi.yaml and the stack files. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

function readYaml(file: string): unknown {
    try {
        return yaml.load(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new StackFileError(`${path.basename(file)}: ${(err as Error).message.split("\n")[0]}`);
    }
}

/** The project name from Pulumi.yaml. */
export function readProjectName(dir: string): string {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) throw new StackFileError(`no Pulumi.yaml in ${dir}`);
    const doc = readYaml(file) as { name?: unknown } | null;
    if (typeof doc?.name !== "string") throw new StackFileError("Pulumi.yaml: name is missing");
    return doc.name;
}

/** The stacks that have a Pulumi.<stack>.yaml in dir. */
export function listStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Placeholder for `secure:` values, which cannot be decrypted without the stack's secrets provider. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * The stack's config as the Pulumi engine passes it to a program: fully qualified keys (`project:key`,
 * `aws:region`), string values kept as they are and every other value as JSON text. Keys without a namespace belong
 * to the project, as in Pulumi.
 */
export function readStackConfig(dir: string, stack: string, project: string): { config: Record<string, string>; secretKeys: string[] } {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = listStacks(dir);
        throw new StackFileError(`no Pulumi.${stack}.yaml in ${dir} (stacks here: ${known.join(", ") || "none"})`);
    }
    const doc = readYaml(file);
    const shape = "a mapping with a config key, whose keys are like ecs-platform:environment and aws:region";
    if (doc === null || doc === undefined) throw new StackFileError(`Pulumi.${stack}.yaml is empty; it needs ${shape}`);
    if (typeof doc !== "object" || Array.isArray(doc)) throw new StackFileError(`Pulumi.${stack}.yaml is not ${shape}`);
    const section = (doc as { config?: unknown }).config;
    if (section === undefined || section === null) throw new StackFileError(`Pulumi.${stack}.yaml has no config key; it needs ${shape}`);
    if (typeof section !== "object" || Array.isArray(section)) {
        throw new StackFileError(
            `Pulumi.${stack}.yaml: config is ${Array.isArray(section) ? "a list" : `a ${typeof section}`}; it must be a mapping of keys like ecs-platform:environment`,
        );
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
        const qualified = key.includes(":") ? key : `${project}:${key}`;
        if (isSecureValue(value)) {
            config[qualified] = SECRET_PLACEHOLDER;
            secretKeys.push(qualified);
        } else {
            config[qualified] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { config, secretKeys };
}
