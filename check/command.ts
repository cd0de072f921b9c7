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
import { answer, defineCommand, readCommandLine, refusal, usageLine } from "../cli/args";
import { EXIT, Io } from "../cli/io";
import { PolicyConfigError, readPolicyConfig } from "./policyConfig";
import { checkPlan, CheckInput, CheckResult, formatViolations, PlanFileError, readPlanFile } from "./policyCheck";
import { startPolicyHost } from "./policyHost";

/** The command line of `npm run check`: its options, usage line and --help. */
export const CHECK_COMMAND = defineCommand({
    run: "npm run check --",
    options: {
        plan: {
            type: "string",
            value: "FILE",
            needs: "a file name",
            required: true,
            help: "the plan file to check (npm run plan -- STACK --json FILE, or any plan in format v1)",
        },
        "policy-config": {
            type: "string",
            value: "FILE",
            needs: "a file name",
            help: "the policy config (default: every rule mandatory, or DIR/policies/config/STACK.json with --dir)",
        },
        dir: {
            type: "string",
            value: "DIR",
            needs: "a directory",
            help: "read relative paths from DIR, and check the plan's stack with DIR/policies/config/STACK.json",
        },
        debug: { type: "boolean", help: "print the stack trace of an internal error" },
    },
    about: "The policy pack over a plan file, in its own process as the Pulumi CLI runs it. Without --policy-config every rule is mandatory.",
    exit: "Exit: 0 no mandatory violation; 1 mandatory violations; 2 bad plan, policy config or argument; 3 internal error.",
});

export const CHECK_USAGE = usageLine(CHECK_COMMAND);

export interface CheckArgs {
    plan: string;
    policyConfig?: string;
    /** The project directory relative paths are read from, and whose policies/config/STACK.json applies. */
    dir?: string;
    debug: boolean;
}

/** Parses the command line; returns every problem with the usage line instead when it is wrong. */
export function parseCheckArgs(argv: string[]): CheckArgs | { help: true } | string {
    const line = readCommandLine(CHECK_COMMAND, argv);
    if (line.help) return { help: true };
    const { plan, dir, debug } = line.values;
    if (line.problems.length || plan === undefined) return refusal(CHECK_COMMAND, line.problems);
    return { plan, policyConfig: line.values["policy-config"], debug, ...(dir ? { dir } : {}) };
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

/** `npm run check`: the pack over a plan file; returns the exit code (EXIT). */
export async function checkCommand(argv: string[], io: Io, analyzer: AnalyzerFactory = spawnedAnalyzer): Promise<number> {
    const args = parseCheckArgs(argv);
    if (typeof args === "string" || "help" in args) return answer(CHECK_COMMAND, args, io);
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
