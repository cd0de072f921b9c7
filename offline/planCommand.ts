/**
 * `npm run plan -- STACK [--json FILE]`: the offline preview of a stack. Exit codes: 0 planned; 2 invalid config or
 * stack files (problems only, no stack trace); 1 is kept for policy violations; 3 for an internal error.
 */
import * as fs from "fs";
import { ConfigError } from "../infra/config/validate";
import { runPlan } from "./runPlan";
import { StackFileError } from "./stackFiles";
import { formatSummary } from "./summary";

export const EXIT = { ok: 0, policyViolation: 1, invalidConfig: 2, internal: 3 } as const;

export interface PlanCommandArgs {
    stack: string;
    json?: string;
    debug: boolean;
}

export const USAGE = "usage: npm run plan -- STACK [--json FILE] [--debug]";

/** Parses the command line; returns a message instead when it is wrong. */
export function parsePlanArgs(argv: string[]): PlanCommandArgs | string {
    let stack: string | undefined;
    let json: string | undefined;
    let debug = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--json") {
            json = argv[++i];
            if (!json) return `--json needs a file name\n${USAGE}`;
        } else if (arg === "--debug") debug = true;
        else if (arg.startsWith("-")) return `unknown option ${arg}\n${USAGE}`;
        else if (stack === undefined) stack = arg;
        else return `one stack at a time (got ${stack} and ${arg})\n${USAGE}`;
    }
    if (!stack) return `which stack?\n${USAGE}`;
    return { stack, json, debug };
}

export interface Io {
    out(text: string): void;
    err(text: string): void;
}

export async function planCommand(argv: string[], io: Io, dir?: string): Promise<number> {
    const args = parsePlanArgs(argv);
    if (typeof args === "string") {
        io.err(args);
        return EXIT.invalidConfig;
    }
    try {
        const plan = await runPlan({ stack: args.stack, dir });
        io.out(formatSummary(plan));
        if (args.json) {
            fs.writeFileSync(args.json, JSON.stringify(plan, null, 2) + "\n");
            io.out(`\nPlan written to ${args.json}`);
        }
        return EXIT.ok;
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError) {
            io.err(`Stack "${args.stack}": ${err.message}`);
            return EXIT.invalidConfig;
        }
        io.err(args.debug ? String((err as Error).stack ?? err) : `internal error: ${(err as Error).message} (run with --debug for the stack trace)`);
        return EXIT.internal;
    }
}
