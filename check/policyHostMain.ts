/**
 * Child-process entry that serves the policy pack, as the Pulumi CLI's `run-policy-pack` does: it calls that script's
 * own `run` (which changes to the pack directory, installs the error handlers and loads the pack; the pack's
 * PolicyPack prints its gRPC port). The one difference: TypeScript is transpiled by cli/register.js (cached, no type
 * check), registered by the parent's `-r`, because `npm run typecheck` already type-checks the pack.
 * Usage: node -r ./cli/register.js check/policyHostMain.ts [PACK_DIR]
 */
import * as path from "path";
import { answer, defineCommand, readCommandLine, refusal } from "../cli/args";
import { Io } from "../cli/io";

/** The command line of the pack's process: its one argument and --help. */
export const POLICY_HOST_COMMAND = defineCommand({
    run: "node -r ./cli/register.js check/policyHostMain.ts",
    positional: { name: "PACK_DIR", noun: "pack directory", required: false, help: "the policy pack's directory (default policies)" },
    options: {},
    about: "Serves the policy pack over the analyzer protocol and prints its gRPC port, as the Pulumi CLI's run-policy-pack does.\nnpm run check starts it (check/policyHost.ts).",
    exit: "Exit: 0 on --help; 2 bad argument; otherwise it serves until it is stopped.",
});

/** Parses the command line: the pack directory, resolved; or every problem with the usage line when it is wrong. */
export function parsePolicyHostArgs(argv: string[]): { packDir: string } | { help: true } | string {
    const line = readCommandLine(POLICY_HOST_COMMAND, argv);
    if (line.help) return { help: true };
    if (line.problems.length) return refusal(POLICY_HOST_COMMAND, line.problems);
    return { packDir: path.resolve(line.positional ?? "policies") };
}

/** Serves the pack in `packDir` with the Pulumi CLI's own run-policy-pack script. */
function servePack(packDir: string): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module without declarations
    const { run } = require("@pulumi/pulumi/cmd/run-policy-pack/run");
    run({ argv: { _: [packDir], pwd: packDir }, programStarted: () => undefined, reportLoggedError: () => undefined, typeScript: false });
}

/** Reads the command line and serves the pack; returns an exit code when it does not serve (help, bad argument). */
export function policyHostMain(argv: string[], io: Io, serve: (packDir: string) => void = servePack): number | undefined {
    const args = parsePolicyHostArgs(argv);
    if (typeof args === "string" || "help" in args) return answer(POLICY_HOST_COMMAND, args, io);
    serve(args.packDir);
    return undefined;
}

// Run as the process's script, not when a test imports it.
if (require.main === module) {
    const code = policyHostMain(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) });
    if (code !== undefined) process.exitCode = code;
}
