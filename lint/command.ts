/**
 * `npm run lint -- --plan FILE [--json OUT]`: the pre-deploy lint over a plan file (format v1, as `npm run plan --
 * STACK --json FILE` writes it). Exit codes: 0 no error (warnings are printed); 1 error-level findings; 2 bad
 * arguments or plan file; 3 internal error.
 */
import * as fs from "fs";
import { answer, defineCommand, readCommandLine, refusal, usageLine } from "../cli/args";
import { Plan, PlanResource } from "../plan/planFormat";
import { writeCreatingFolder } from "../plan/files";
import { readSnapshotFile, Snapshot, SnapshotFileError } from "../release/snapshot";
import { formatLint, lintPlan } from "./index";

export const LINT_EXIT = { ok: 0, errors: 1, badInput: 2, internal: 3 } as const;

/** The command line of `npm run lint`: its options, usage line and --help. */
export const LINT_COMMAND = defineCommand({
    run: "npm run lint --",
    options: {
        plan: { type: "string", value: "FILE", needs: "a file name", required: true, help: "the plan file to lint (npm run plan -- STACK --json FILE)" },
        previous: { type: "string", value: "SNAPSHOT", needs: "a file name", help: "judge changes against this snapshot of the stack (default: none)" },
        json: { type: "string", value: "OUT", needs: "a file name", help: "write the lint's result as JSON" },
        debug: { type: "boolean", help: "print the stack trace of an internal error" },
    },
    about: "The pre-deploy lint over a plan file in format v1 (as npm run plan -- STACK --json FILE writes it).",
    exit: "Exit: 0 no error (warnings are printed); 1 error-level findings; 2 bad plan file or argument; 3 internal error.",
});

export const LINT_USAGE = usageLine(LINT_COMMAND);

export interface LintArgs {
    plan: string;
    previous?: string;
    json?: string;
    debug: boolean;
}

/** Parses the command line; returns every problem with the usage line instead when it is wrong. */
export function parseLintArgs(argv: string[]): LintArgs | { help: true } | string {
    const line = readCommandLine(LINT_COMMAND, argv);
    if (line.help) return { help: true };
    const { plan, previous, json, debug } = line.values;
    if (line.problems.length || plan === undefined) return refusal(LINT_COMMAND, line.problems);
    return { plan, previous, json, debug };
}

export interface Io {
    out(text: string): void;
    err(text: string): void;
}

/** A plan file read for the lint; every problem with its path, or the plan with missing optional fields filled in. */
export function readLintPlan(text: string, file: string): Plan | string[] {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        return [`${file}: not JSON (${(err as Error).message})`];
    }
    const doc = raw as { version?: unknown; resources?: unknown; project?: unknown; stack?: unknown; outputs?: unknown };
    if (typeof raw !== "object" || raw === null || !Array.isArray(doc.resources)) return [`${file}: must be a plan object with a resources array`];
    if (doc.version !== undefined && doc.version !== 1) return [`${file}: version ${JSON.stringify(doc.version)} is not supported (allowed: 1)`];
    const problems: string[] = [];
    const project = typeof doc.project === "string" ? doc.project : "offline";
    const stack = typeof doc.stack === "string" ? doc.stack : "offline";
    const resources: PlanResource[] = [];
    (doc.resources as unknown[]).forEach((r, i) => {
        const res = r as Partial<PlanResource> | null;
        if (!res || typeof res.type !== "string" || typeof res.name !== "string" || typeof res.inputs !== "object" || res.inputs === null) {
            problems.push(`${file}: resources[${i}] needs type, name and inputs`);
            return;
        }
        resources.push({
            urn: res.urn ?? `urn:pulumi:${stack}::${project}::${res.type}::${res.name}`,
            type: res.type,
            name: res.name,
            custom: res.custom ?? true,
            parent: res.parent,
            inputs: res.inputs,
            dependencies: res.dependencies ?? [],
            propertyDependencies: res.propertyDependencies ?? {},
            options: res.options ?? {},
        });
    });
    if (problems.length) return problems;
    return { version: 1, project, stack, unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", resources, outputs: {} };
}

/** `npm run lint`: the pre-deploy lint over a plan file; returns the exit code (LINT_EXIT). */
export async function lintCommand(argv: string[], io: Io): Promise<number> {
    const args = parseLintArgs(argv);
    if (typeof args === "string" || "help" in args) return answer(LINT_COMMAND, args, io);
    const { plan: planFile, previous: previousFile, json: jsonOut, debug } = args;
    if (!fs.existsSync(planFile)) {
        io.err(refusal(LINT_COMMAND, [`${planFile} does not exist`]));
        return LINT_EXIT.badInput;
    }
    const plan = readLintPlan(fs.readFileSync(planFile, "utf8"), planFile);
    if (Array.isArray(plan)) {
        io.err(plan.join("\n"));
        return LINT_EXIT.badInput;
    }
    let previous: Snapshot | undefined;
    try {
        previous = previousFile ? readSnapshotFile(previousFile) : undefined;
    } catch (err) {
        if (!(err instanceof SnapshotFileError)) throw err;
        io.err(err.message);
        return LINT_EXIT.badInput;
    }
    try {
        const result = await lintPlan(plan, { previous });
        (result.errors ? io.err : io.out)(formatLint(result));
        if (jsonOut) writeCreatingFolder(jsonOut, JSON.stringify(result, null, 2) + "\n");
        return result.errors ? LINT_EXIT.errors : LINT_EXIT.ok;
    } catch (err) {
        io.err(debug ? String((err as Error).stack ?? err) : `internal error: ${(err as Error).message} (run with --debug for the stack trace)`);
        return LINT_EXIT.internal;
    }
}
