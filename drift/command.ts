/**
 * `npm run drift -- STACK --preview FILE [--since TIME] [--no-cloudtrail]`: the drift report of a stack from the JSON
 * of `pulumi preview --refresh --expect-no-changes --json` (drift/report.ts), with the pack's verdict on the live
 * values and who changed each drifted resource (CloudTrail LookupEvents in the stack's region, from TIME until now).
 * Exit 0 without drift or violation; 1 with drift, a mandatory violation on the live values or a failed preview; 2 bad
 * input (a preview without its unchanged resources too); 3 internal error.
 */
import * as fs from "fs";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { answer, defineCommand, readCommandLine, refusal } from "../cli/args";
import { EXIT, Io } from "../cli/io";
import { AnalyzerClient } from "../check/analyzerClient";
import { PolicyConfigError, readPolicyConfig } from "../check/policyConfig";
import { policyConfigFile } from "../plan/command";
import { PROJECT_DIR, readProjectName, readStackConfig, StackFileError } from "../plan/stackFiles";
import { driftReport, formatDriftReport, previewErrors, previewSteps, PreviewJsonError } from "./report";

/** How far back CloudTrail is asked by default: the daily schedule's interval and an hour's overlap. */
export const DEFAULT_WINDOW_HOURS = 25;

export const DRIFT_COMMAND = defineCommand({
    run: "npm run drift --",
    positional: { name: "STACK", noun: "stack", required: true, help: "the stack the preview is of: its region, and its policy config" },
    options: {
        preview: { type: "string", value: "FILE", needs: "a file", help: "the JSON of pulumi preview --refresh --expect-no-changes --json" },
        since: { type: "string", value: "TIME", needs: "an ISO 8601 time", help: `ask CloudTrail from TIME (default: ${DEFAULT_WINDOW_HOURS} hours ago)` },
        "no-cloudtrail": { type: "boolean", help: "do not ask CloudTrail who changed what (offline, or without cloudtrail:LookupEvents)" },
    },
    about: "The drift report of STACK from a refreshed preview's JSON: each drifted property, the pack's verdict on the live values, who changed it.",
    exit: "Exit: 0 no drift and no mandatory violation; 1 drift or a mandatory violation; 2 bad argument, stack file or preview JSON; 3 internal error.",
});

interface DriftArgs {
    stack: string;
    preview: string;
    since: Date;
    cloudTrail: boolean;
}

export function parseDriftArgs(argv: string[], now = new Date()): DriftArgs | { help: true } | string {
    const line = readCommandLine(DRIFT_COMMAND, argv);
    if (line.help) return { help: true };
    const problems = [...line.problems];
    const { preview, since } = line.values as { preview?: string; since?: string; "no-cloudtrail"?: boolean };
    if (!preview) problems.push("--preview: is required (the JSON of pulumi preview --refresh --expect-no-changes --json)");
    const start = since === undefined ? new Date(now.getTime() - DEFAULT_WINDOW_HOURS * 3600_000) : new Date(since);
    if (Number.isNaN(start.getTime())) problems.push(`--since: "${since}" is not an ISO 8601 time like 2026-12-01T00:00:00Z`);
    else if (start > now) problems.push(`--since: ${since} is in the future`);
    if (problems.length || line.positional === undefined) return refusal(DRIFT_COMMAND, problems);
    return { stack: line.positional, preview: preview!, since: start, cloudTrail: line.values["no-cloudtrail"] !== true };
}

/** `npm run drift`; `pack` connects to the policy pack, `cloudTrail` makes the client for a region (tests give mocks). */
export async function driftCommand(
    argv: string[],
    io: Io,
    deps: { pack: () => Promise<AnalyzerClient>; cloudTrail?: (region: string) => CloudTrailClient; now?: Date; dir?: string },
): Promise<number> {
    const now = deps.now ?? new Date();
    const args = parseDriftArgs(argv, now);
    if (typeof args === "string" || "help" in args) return answer(DRIFT_COMMAND, args, io);
    try {
        const dir = deps.dir ?? PROJECT_DIR;
        const region = readStackConfig(dir, args.stack, readProjectName(dir)).config["aws:region"] ?? "us-east-1";
        let raw: unknown;
        try {
            raw = JSON.parse(fs.readFileSync(args.preview, "utf8"));
        } catch (err) {
            throw new PreviewJsonError(`${args.preview}: ${(err as Error).message.split("\n")[0]}`);
        }
        const steps = previewSteps(raw);
        const config = readPolicyConfig(policyConfigFile(args.stack));
        // One attempt per call in the SDK: drift/cloudTrail.ts backs off on throttling itself (no retries twice over).
        const client = deps.cloudTrail ?? ((r: string) => new CloudTrailClient({ region: r, maxAttempts: 1 }));
        const cloudTrail = args.cloudTrail ? { client, region, window: { start: args.since, end: now } } : undefined;
        const report = await driftReport(args.stack, steps, { client: await deps.pack(), config }, cloudTrail, previewErrors(raw));
        io.out(formatDriftReport(report));
        const mandatory = report.verdicts.some((v) => v.enforcementLevel === "mandatory");
        return report.errors.length > 0 || report.drifted.length > 0 || mandatory ? EXIT.policyViolation : EXIT.ok;
    } catch (err) {
        if (err instanceof PreviewJsonError || err instanceof StackFileError || err instanceof PolicyConfigError) {
            io.err(`Stack "${args.stack}": ${err.message}`);
            return EXIT.invalidConfig;
        }
        io.err(`internal error: ${(err as Error).message}`);
        return EXIT.internal;
    }
}
