/**
 * `npm run check -- --plan FILE [--policy-config FILE] [--dir DIR]`: the policy pack over a plan file, without the
 * Pulumi CLI. With --dir, relative paths are read from DIR, and without --policy-config the plan's stack is checked
 * with DIR/policies/config/STACK.json when it exists, as `plan --dir` does.
 * Exit codes: 0 no mandatory violation (advisory ones are printed); 1 mandatory violations; 2 bad arguments, plan or
 * policy config; 3 internal error (the pack failed to start or crashed).
 */
import * as fs from "fs";
import * as path from "path";
import { AnalyzerClient, PolicyConfigEntry } from "./analyzerClient";
import { EXIT, Io } from "../cli/io";
import { PolicyConfigError, readPolicyConfig } from "./policyConfig";
import { checkPlan, CheckInput, CheckResult, formatViolations, PlanFileError, readPlanFile } from "./policyCheck";
import { startPolicyHost } from "./policyHost";

export const CHECK_USAGE = "usage: npm run check -- --plan FILE [--policy-config FILE] [--dir DIR] [--debug]";

export interface CheckArgs {
    plan: string;
    policyConfig?: string;
    /** The project directory relative paths are read from, and whose policies/config/STACK.json applies. */
    dir?: string;
    debug: boolean;
}

export function parseCheckArgs(argv: string[]): CheckArgs | { help: true } | string {
    let plan: string | undefined;
    let policyConfig: string | undefined;
    let dir: string | undefined;
    let debug = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--plan" || arg === "--policy-config" || arg === "--dir") {
            const value = argv[++i];
            if (!value) return `${arg} needs a ${arg === "--dir" ? "directory" : "file name"}\n${CHECK_USAGE}`;
            if (arg === "--plan") plan = value;
            else if (arg === "--dir") dir = value;
            else policyConfig = value;
        } else if (arg === "--debug") debug = true;
        else if (arg === "--help" || arg === "-h") return { help: true };
        else return `unknown argument ${arg}\n${CHECK_USAGE}`;
    }
    if (!plan) return `--plan is required\n${CHECK_USAGE}`;
    return { plan, policyConfig, debug, ...(dir ? { dir } : {}) };
}

/** How a check reaches the pack: by default a fresh pack process; tests pass an in-process analyzer. */
export type AnalyzerFactory = () => Promise<{ client: AnalyzerClient; close(): void }>;

export const spawnedAnalyzer: AnalyzerFactory = async () => {
    const host = await startPolicyHost();
    const client = new AnalyzerClient(host.address);
    return {
        client,
        close: () => {
            client.close();
            host.close();
        },
    };
};

/** Runs the pack over a plan and prints the verdict; returns the exit code. Shared by `check` and `plan`. */
export async function runCheck(
    input: CheckInput,
    config: Record<string, PolicyConfigEntry>,
    configFile: string | undefined,
    io: Io,
    analyzer: AnalyzerFactory,
): Promise<number> {
    const { client, close } = await analyzer();
    let result: CheckResult;
    try {
        result = await checkPlan(client, input, config, configFile);
    } finally {
        close();
    }
    const text = formatViolations(result);
    if (result.mandatory > 0) io.err(text);
    else io.out(text);
    return result.mandatory > 0 ? EXIT.policyViolation : EXIT.ok;
}

export async function checkCommand(argv: string[], io: Io, analyzer: AnalyzerFactory = spawnedAnalyzer): Promise<number> {
    const args = parseCheckArgs(argv);
    if (typeof args === "string") {
        io.err(args);
        return EXIT.invalidConfig;
    }
    if ("help" in args) {
        io.out(`${CHECK_USAGE}\n\nThe policy pack over a plan file (npm run plan -- STACK --json FILE), in its own process as the Pulumi CLI runs it. Without --policy-config every rule is mandatory. Exit: 0 no mandatory violation; 1 mandatory violations; 2 bad plan, policy config or argument; 3 internal error.`);
        return EXIT.ok;
    }
    try {
        const from = (file: string) => (args.dir ? path.resolve(args.dir, file) : file);
        const input = readPlanFile(from(args.plan));
        const stackConfig = args.dir ? path.join(args.dir, "policies", "config", `${input.stack}.json`) : undefined;
        const configFile = args.policyConfig ? from(args.policyConfig) : stackConfig && fs.existsSync(stackConfig) ? stackConfig : undefined;
        const config = configFile ? readPolicyConfig(configFile) : {};
        return await runCheck(input, config, configFile, io, analyzer);
    } catch (err) {
        if (err instanceof PlanFileError || err instanceof PolicyConfigError) {
            io.err(err.message);
            return EXIT.invalidConfig;
        }
        io.err(args.debug ? String((err as Error).stack ?? err) : `internal error: ${(err as Error).message} (run with --debug for the stack trace)`);
        return EXIT.internal;
    }
}
