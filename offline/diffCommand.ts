/**
 * `npm run diff -- STACK [--snapshot FILE]`: the current program's plan of a stack against its committed snapshot
 * (snapshots/STACK.json, or FILE: in a pull request, the base branch's snapshot), printed like `pulumi preview --diff`. Exit 0 whether or not there are changes; 2 for invalid
 * config or a missing stack file; 3 internal error.
 */
import { ConfigError } from "../infra/config/validate";
import { diffSnapshots, formatDiff } from "./planDiff";
import { EXIT, Io } from "./planCommand";
import { runPlan } from "./runPlan";
import * as fs from "fs";
import { readSnapshot, Snapshot, snapshotOf } from "./snapshot";
import { StackFileError } from "./stackFiles";

export const DIFF_USAGE = "usage: npm run diff -- STACK [--snapshot FILE]";

export async function diffCommand(argv: string[], io: Io, dir?: string, snapshotDir?: string): Promise<number> {
    const [stack, option, file, ...rest] = argv;
    if (!stack || stack.startsWith("-") || rest.length > 0 || (option !== undefined && (option !== "--snapshot" || !file))) {
        io.err(!stack ? `which stack?\n${DIFF_USAGE}` : `unexpected arguments\n${DIFF_USAGE}`);
        return EXIT.invalidConfig;
    }
    try {
        const current = snapshotOf(await runPlan({ stack, dir }));
        const committed = file
            ? fs.existsSync(file) && fs.statSync(file).size > 0 ? (JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot) : undefined
            : readSnapshot(stack, snapshotDir);
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
