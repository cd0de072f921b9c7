/**
 * `npm run diff -- STACK [--snapshot FILE] [--dir DIR]`: the current program's plan of a stack against its committed snapshot
 * (snapshots/STACK.json, or FILE: in a pull request, the base branch's snapshot), printed like `pulumi preview --diff`. Exit 0 whether or not there are changes; 2 for invalid
 * config or a missing stack file; 3 internal error.
 */
import { answer, defineCommand, readCommandLine, refusal, usageLine } from "../cli/args";
import { ConfigError } from "../infra/config/validate";
import { diffSnapshots, formatDiff } from "./planDiff";
import { EXIT, Io } from "../cli/io";
import { runPlan } from "../plan/runPlan";
import { readSnapshot, readSnapshotFile, Snapshot, SnapshotFileError, snapshotOf } from "./snapshot";
import { StackFileError } from "../plan/stackFiles";

/** The command line of `npm run diff`: its options, usage line and --help. */
export const DIFF_COMMAND = defineCommand({
    run: "npm run diff --",
    positional: { name: "STACK", noun: "stack", required: true, help: "the stack to plan and compare: Pulumi.STACK.yaml" },
    options: {
        snapshot: {
            type: "string",
            value: "FILE",
            needs: "a file",
            help: "compare with this snapshot, e.g. a pull request's base (default: snapshots/STACK.json)",
        },
        dir: { type: "string", value: "DIR", needs: "a directory", help: "read Pulumi.yaml and the stack file from DIR (default: the project)" },
    },
    about: "The plan of STACK against its committed snapshot (snapshots/STACK.json) or FILE, like pulumi preview --diff.",
    exit: "Exit: 0 with or without changes; 2 bad config, stack file, snapshot or argument; 3 internal error.",
});

export const DIFF_USAGE = usageLine(DIFF_COMMAND);

/** The command line, or every problem with the usage line when it is wrong. */
export function parseDiffArgs(argv: string[]): { stack: string; snapshot?: string; dir?: string } | { help: true } | string {
    const line = readCommandLine(DIFF_COMMAND, argv);
    if (line.help) return { help: true };
    const { snapshot, dir } = line.values;
    if (line.problems.length || line.positional === undefined) return refusal(DIFF_COMMAND, line.problems);
    return { stack: line.positional, ...(snapshot ? { snapshot } : {}), ...(dir ? { dir } : {}) };
}

/** `npm run diff`: a stack's plan against its snapshot; returns the exit code (EXIT). */
export async function diffCommand(argv: string[], io: Io, dir?: string, snapshotDir?: string): Promise<number> {
    const args = parseDiffArgs(argv);
    if (typeof args === "string" || "help" in args) return answer(DIFF_COMMAND, args, io);
    const stack = args.stack;
    try {
        const committed = args.snapshot ? readSnapshotFile(args.snapshot) : readSnapshot(stack, snapshotDir);
        const current = snapshotOf(await runPlan({ stack, dir: dir ?? args.dir }));
        const base: Snapshot = committed ?? { ...current, resources: {}, outputs: {} };
        if (!committed) io.out(`No snapshot of "${stack}" yet (npm run plan -- ${stack} --update-snapshot writes one); everything is new.`);
        io.out(formatDiff(diffSnapshots(base, current), stack));
        return EXIT.ok;
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError || err instanceof SnapshotFileError) {
            io.err(`Stack "${stack}": ${err.message}`);
            return EXIT.invalidConfig;
        }
        io.err(`internal error: ${(err as Error).message}`);
        return EXIT.internal;
    }
}
