/**
 * `npm run diff -- STACK [--snapshot FILE] [--dir DIR]`: the current program's plan of a stack against its committed snapshot
 * (snapshots/STACK.json, or FILE: in a pull request, the base branch's snapshot), printed like `pulumi preview --diff`. Exit 0 whether or not there are changes; 2 for invalid
 * config or a missing stack file; 3 internal error.
 */
import { ConfigError } from "../infra/config/validate";
import { diffSnapshots, formatDiff } from "./planDiff";
import { EXIT, Io } from "../cli/io";
import { runPlan } from "../plan/runPlan";
import { readSnapshot, readSnapshotFile, Snapshot, SnapshotFileError, snapshotOf } from "./snapshot";
import { StackFileError } from "../plan/stackFiles";

export const DIFF_USAGE = "usage: npm run diff -- STACK [--snapshot FILE] [--dir DIR]";

/** The command line, or a message when it is wrong. */
export function parseDiffArgs(argv: string[]): { stack: string; snapshot?: string; dir?: string } | { help: true } | string {
    let stack: string | undefined;
    let snapshot: string | undefined;
    let dir: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") return { help: true };
        if (arg === "--snapshot" || arg === "--dir") {
            const value = argv[++i];
            if (!value) return `${arg} needs a ${arg === "--dir" ? "directory" : "file"}\n${DIFF_USAGE}`;
            if (arg === "--snapshot") snapshot = value;
            else dir = value;
        } else if (arg.startsWith("-")) return `unknown option ${arg}\n${DIFF_USAGE}`;
        else if (stack === undefined) stack = arg;
        else return `one stack at a time (got ${stack} and ${arg})\n${DIFF_USAGE}`;
    }
    if (!stack) return `which stack?\n${DIFF_USAGE}`;
    return { stack, ...(snapshot ? { snapshot } : {}), ...(dir ? { dir } : {}) };
}

export async function diffCommand(argv: string[], io: Io, dir?: string, snapshotDir?: string): Promise<number> {
    const args = parseDiffArgs(argv);
    if (typeof args === "string") {
        io.err(args);
        return EXIT.invalidConfig;
    }
    if ("help" in args) {
        io.out(`${DIFF_USAGE}\n\nThe plan of STACK against its committed snapshot (snapshots/STACK.json) or FILE, like pulumi preview --diff. Exit 0 with or without changes; 2 bad config, stack file or snapshot; 3 internal error.`);
        return EXIT.ok;
    }
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
