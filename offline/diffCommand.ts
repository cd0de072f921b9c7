/**
 * `npm run diff -- STACK`: the current program's plan of a stack against its committed snapshot
 * (snapshots/STACK.json), printed like `pulumi preview --diff`. Exit 0 whether or not there are changes; 2 for invalid
 * config or a missing stack file; 3 internal error.
 */
import { ConfigError } from "../infra/config/validate";
import { diffSnapshots, formatDiff } from "./planDiff";
import { EXIT, Io } from "./planCommand";
import { runPlan } from "./runPlan";
import { readSnapshot, Snapshot, snapshotOf } from "./snapshot";
import { StackFileError } from "./stackFiles";

export const DIFF_USAGE = "usage: npm run diff -- STACK";

export async function diffCommand(argv: string[], io: Io, dir?: string, snapshotDir?: string): Promise<number> {
    if (argv.length !== 1 || argv[0].startsWith("-")) {
        io.err(argv.length === 0 ? `which stack?\n${DIFF_USAGE}` : `one stack, no options\n${DIFF_USAGE}`);
        return EXIT.invalidConfig;
    }
    const stack = argv[0];
    try {
        const current = snapshotOf(await runPlan({ stack, dir }));
        const committed = readSnapshot(stack, snapshotDir);
        const base: Snapshot = committed ?? { ...current, resources: {}, outputs: {} };
        if (!committed) io.out(`No snapshot of "${stack}" yet (npm run plan -- ${stack} --update-snapshot writes one); everything is new.`);
        io.out(formatDiff(diffSnapshots(base, current), stack));
        return EXIT.ok;
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError) {
            io.err(`Stack "${stack}": ${err.message}`);
            return EXIT.invalidConfig;
        }
        io.err(`internal error: ${(err as Error).message}`);
        return EXIT.internal;
    }
}
