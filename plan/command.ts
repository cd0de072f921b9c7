/**
 * `npm run plan -- STACK [--json FILE] [--skip-policy] …` (every option: PLAN_COMMAND): the offline preview of a stack,
 * then the policy pack over it with policies/config/STACK.json when that file exists. Exit codes: 0 planned (advisory violations at most);
 * 1 mandatory policy violations or pre-deploy lint errors; 2 invalid config, stack files or policy config (problems only, no stack trace);
 * 3 internal error.
 */
import * as fs from "fs";
import * as path from "path";
import { answer, defineCommand, readCommandLine, refusal, usageLine } from "../cli/args";
import { EXIT, Io } from "../cli/io";
import { validateConfigMap } from "../infra/config/configMap";
import { networkStackFile, NetworkStackFile } from "./networkStack";
import { NETWORK_CONFIG_OUTPUT } from "../infra/config/layers";
import { ConfigError } from "../infra/config/validate";
import type { AnalyzerFactory } from "../check/command";
import { PolicyConfigError, readPolicyConfig } from "../check/policyConfig";
import { DEFAULT_PACK_DIR } from "../check/policyHost";
import { SnapshotFileError } from "../release/snapshot";
import { PROJECT_DIR, readProjectName, readStackConfig, StackFileError } from "./stackFiles";

export { EXIT, Io };

export interface PlanCommandArgs {
    stack: string;
    json?: string;
    debug: boolean;
    /** Skip the policy check (faster, for inner loops); CI never passes it. */
    skipPolicy: boolean;
    /** Skip the pre-deploy lint; its errors then do not fail the command. */
    skipLint: boolean;
    /** The stack's previous plan for the lint's checks of changes; default the committed snapshot. */
    previous?: string;
    /** Plan a first deploy as `pulumi preview` of a new stack sees it: values AWS assigns unknown. */
    firstDeploy: boolean;
    /** Rewrite snapshots/STACK.json from this plan. */
    updateSnapshot: boolean;
    /** Where Pulumi.yaml and the stack file are; default the project. */
    dir?: string;
    /** Write the Mermaid architecture diagram to this Markdown file. */
    diagram?: string;
}

/** The command line of `npm run plan`: its options, usage line and --help. */
export const PLAN_COMMAND = defineCommand({
    run: "npm run plan --",
    positional: { name: "STACK", noun: "stack", required: true, help: "the stack to plan: Pulumi.STACK.yaml" },
    options: {
        json: { type: "string", value: "FILE", needs: "a file name", help: "write the plan (format v1) with the lint's result" },
        diagram: { type: "string", value: "FILE.md", needs: "a file name", help: "write the Mermaid architecture diagram" },
        "update-snapshot": { type: "boolean", help: "rewrite snapshots/STACK.json" },
        "skip-policy": { type: "boolean", help: "skip the policy check (faster, for inner loops; CI never passes it)" },
        "skip-lint": { type: "boolean", help: "skip the pre-deploy lint; its errors then do not fail the command" },
        previous: { type: "string", value: "SNAPSHOT", needs: "a snapshot file", help: "judge changes against this snapshot (default: the committed one)" },
        "first-deploy": { type: "boolean", help: "plan as a new stack: values AWS assigns unknown" },
        dir: { type: "string", value: "DIR", needs: "a directory", help: "read Pulumi.yaml and the stack file from DIR (default: the project)" },
        debug: { type: "boolean", help: "print the stack trace of an internal error" },
    },
    about: [
        "The offline plan of STACK (Pulumi.STACK.yaml) as a deployed stack sees it, then the pre-deploy lint, then the policy pack",
        "with policies/config/STACK.json (every rule mandatory without one).",
    ].join("\n"),
    exit: "Exit: 0 ok; 1 mandatory policy violations or lint errors; 2 bad config, stack file or argument; 3 internal error.",
});

export const USAGE = usageLine(PLAN_COMMAND);

/** The policy config a stack is checked with. */
export function policyConfigFile(stack: string): string {
    return path.join(DEFAULT_PACK_DIR, "config", `${stack}.json`);
}

/** Parses the command line; returns every problem with the usage line instead when it is wrong. */
export function parsePlanArgs(argv: string[]): PlanCommandArgs | { help: true } | string {
    const line = readCommandLine(PLAN_COMMAND, argv);
    if (line.help) return { help: true };
    const v = line.values;
    const problems = [...line.problems];
    if (v["first-deploy"] && v["update-snapshot"]) problems.push("--first-deploy plans cannot be snapshots (snapshots model the deployed stack)");
    if (problems.length || line.positional === undefined) return refusal(PLAN_COMMAND, problems);
    const { json, dir, diagram, previous } = v;
    return {
        stack: line.positional,
        json,
        debug: v.debug,
        skipPolicy: v["skip-policy"],
        skipLint: v["skip-lint"],
        firstDeploy: v["first-deploy"],
        updateSnapshot: v["update-snapshot"],
        ...(dir ? { dir } : {}),
        ...(diagram ? { diagram } : {}),
        ...(previous ? { previous } : {}),
    };
}

/**
 * Validates a stack file and, for a services stack, the network stack file it reads; throws ConfigError with the
 * problems of both at once.
 */
function validateWithNetworkStack(dir: string, stack: string, project: string): void {
    const { config } = readStackConfig(dir, stack, project);
    const problems: string[] = [];
    let network: NetworkStackFile | undefined;
    try {
        network = networkStackFile(dir, stack, config, project);
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(...err.problems);
    }
    try {
        validateConfigMap(config, project, network?.network);
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        // Without a readable network stack, "its output could not be read" only repeats what the problems above say.
        problems.push(...err.problems.filter((p) => problems.length === 0 || !p.includes(NETWORK_CONFIG_OUTPUT)));
    }
    if (problems.length > 0) throw new ConfigError(problems);
}

/** `npm run plan`: plans, lints and checks a stack; returns the exit code (EXIT). */
export async function planCommand(argv: string[], io: Io, dir?: string, analyzer?: AnalyzerFactory): Promise<number> {
    const args = parsePlanArgs(argv);
    if (typeof args === "string" || "help" in args) return answer(PLAN_COMMAND, args, io);
    const configFile = policyConfigFile(args.stack);
    // A stack without a policy config of its own is checked with every rule mandatory (the pack's defaults).
    const checking = !args.skipPolicy;
    const hasPolicyConfig = fs.existsSync(configFile);
    // The stack files and config are read and validated before anything loads Pulumi, so a typo reports at once.
    try {
        const planDir = dir ?? args.dir ?? PROJECT_DIR;
        const project = readProjectName(planDir);
        validateWithNetworkStack(planDir, args.stack, project);
        if (hasPolicyConfig) readPolicyConfig(configFile);
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError || err instanceof PolicyConfigError) {
            io.err(`Stack "${args.stack}": ${err.message}`);
            return EXIT.invalidConfig;
        }
        throw err;
    }
    // A pack process given by the caller (tests, the bench's comparison) starts now and loads while this one plans;
    // by default the pack is served in this process once the plan is made (check/inProcessPack.ts).
    let pack: ReturnType<AnalyzerFactory> | undefined;
    if (checking && analyzer) {
        pack = analyzer();
        pack.catch(() => undefined); // reported where it is awaited
    }
    try {
        // Loaded after validation: these bring in Pulumi, the program and the lint's data.
        const [{ planWithConfig }, { formatSummary }, cost, { formatLint, lintPlan }, snapshot, { writeCreatingFolder }, { diagramMarkdown }, { parsePlan }] =
            await Promise.all([
                import("./runPlan"),
                import("./summary"),
                import("../release/cost"),
                import("../lint"),
                import("../release/snapshot"),
                import("./files"),
                import("../release/diagram"),
                import("../check/policyCheck"),
            ]);
        const { costInputs, estimateCost, formatCost, loadPrices, PricesMissingError } = cost;
        const { readSnapshot, readSnapshotFile, writeSnapshot } = snapshot;
        const { plan, config } = await planWithConfig({ stack: args.stack, dir: dir ?? args.dir, firstDeploy: args.firstDeploy, stackTraces: args.debug });
        io.out(formatSummary(plan));
        try {
            io.out(`\n${formatCost(estimateCost(plan, costInputs(config), loadPrices(config.region)), args.stack)}`);
        } catch (err) {
            if (!(err instanceof PricesMissingError)) throw err;
            io.out(`\nNo cost estimate: ${err.message}.`);
        }
        let lintFailed = false;
        if (args.skipLint) io.out("\nPre-deploy lint skipped (--skip-lint).");
        else {
            // What the change starts from: the given snapshot, else the committed one (not for a stack from --dir).
            const fromProject = dir === undefined && args.dir === undefined;
            // A first deploy has nothing before it.
            const previous = args.firstDeploy
                ? undefined
                : args.previous
                  ? readSnapshotFile(args.previous)
                  : fromProject
                    ? readSnapshot(args.stack)
                    : undefined;
            const lint = await lintPlan(plan, { previous });
            io.out(`\n${formatLint(lint)}`);
            lintFailed = lint.errors > 0;
            if (args.json) plan.lint = lint;
        }
        if (args.json) {
            writeCreatingFolder(args.json, JSON.stringify(plan, null, 2) + "\n");
            io.out(`\nPlan written to ${args.json}`);
        }
        if (args.diagram) {
            writeCreatingFolder(args.diagram, diagramMarkdown(plan));
            io.out(`\nDiagram written to ${args.diagram}`);
        }
        if (args.updateSnapshot) io.out(`\nSnapshot written to ${path.relative(process.cwd(), writeSnapshot(plan))}`);
        const lintExit = lintFailed ? EXIT.policyViolation : EXIT.ok;
        if (!checking) {
            io.out("\nPolicy check skipped (--skip-policy).");
            return lintExit;
        }
        pack ??= (await import("../check/inProcessPack")).inProcessAnalyzer();
        const { runCheck } = await import("../check/command");
        io.out(
            hasPolicyConfig
                ? `\nPolicy check with ${path.relative(process.cwd(), configFile)}:`
                : `\nPolicy check with every rule mandatory: ${path.relative(process.cwd(), configFile)} does not exist (copy policies/config/prod.json and relax it for the environment).`,
        );
        const input = parsePlan(JSON.parse(JSON.stringify(plan)), `plan of ${args.stack}`);
        const started = pack;
        pack = undefined; // runCheck closes it
        const policyExit = await runCheck(
            input,
            hasPolicyConfig ? readPolicyConfig(configFile) : {},
            hasPolicyConfig ? configFile : undefined,
            io,
            () => started,
        );
        return Math.max(policyExit, lintExit);
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError || err instanceof PolicyConfigError || err instanceof SnapshotFileError) {
            io.err(`Stack "${args.stack}": ${err.message}`);
            return EXIT.invalidConfig;
        }
        io.err(args.debug ? String((err as Error).stack ?? err) : `internal error: ${(err as Error).message} (run with --debug for the stack trace)`);
        return EXIT.internal;
    } finally {
        pack?.then(
            (p) => p.close(),
            () => undefined,
        );
    }
}
