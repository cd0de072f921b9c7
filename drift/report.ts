/**
 * The drift report: from the JSON of `pulumi preview --refresh --expect-no-changes --json` (the CLI's PreviewDigest:
 * `steps[]` with `op`, `urn`, `oldState`, `newState`, `diffReasons`, `detailedDiff`; pulumi/pulumi pkg/display/json.go,
 * read 2026-12-02), each drifted resource with the properties that differ (the live value, and what the program says),
 * the policy pack's verdict on the live values, and, when a CloudTrail client is given, who changed each one.
 *
 * The preview's JSON carries no policy results ("we don't handle policy events in JSON serialization", same file), so
 * the pack is run here over the refreshed state: every resource's live outputs, as its stack analysis would see them.
 */
import { createHash } from "crypto";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { AnalyzedResource, AnalyzerClient, Diagnostic, PolicyConfigEntry } from "../check/analyzerClient";
import { checkPlan } from "../check/policyCheck";
import { formatEvents, LookupOptions, TimeWindow, whoChanged, WhoChangedResult } from "./cloudTrail";

/** A resource's state in the preview's JSON (apitype.ResourceV3, the fields read here). */
interface StateV3 {
    urn: string;
    type: string;
    id?: string;
    custom?: boolean;
    parent?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
}

interface PreviewStep {
    op: string;
    urn: string;
    oldState?: StateV3;
    newState?: StateV3;
    diffReasons?: string[];
    detailedDiff?: Record<string, { kind?: string; inputDiff?: boolean }>;
}

/** One drifted property: its path, the live value, and the program's. */
export interface DriftedProperty {
    path: string;
    kind: string;
    live: unknown;
    program: unknown;
}

export interface DriftedResource {
    urn: string;
    type: string;
    name: string;
    /** What `pulumi up` would do about it: update (undo the drift), replace, create (deleted outside), delete. */
    op: string;
    properties: DriftedProperty[];
    /** Physical names CloudTrail may know it by: its id, ARN and name. */
    physicalNames: string[];
}

/** Step operations that are no change. */
const UNCHANGED = new Set(["same", "read", "refresh"]);

export class PreviewJsonError extends Error {}

/** The steps of a preview's JSON; throws PreviewJsonError when it is not one. */
export function previewSteps(raw: unknown): PreviewStep[] {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
        throw new PreviewJsonError("not the JSON of `pulumi preview --json` (an object with steps)");
    const steps = (raw as { steps?: unknown }).steps ?? [];
    if (!Array.isArray(steps) || steps.some((s) => typeof s?.op !== "string" || typeof s?.urn !== "string")) {
        throw new PreviewJsonError("steps: each step needs an op and a urn, as `pulumi preview --json` writes them");
    }
    return steps as PreviewStep[];
}

/** The preview's own errors (diagnostics of severity error): a refresh that was denied, a provider failure. */
export function previewErrors(raw: unknown): string[] {
    const diagnostics = (raw as { diagnostics?: { severity?: string; message?: string; urn?: string }[] } | null)?.diagnostics ?? [];
    return diagnostics.filter((d) => d.severity === "error").map((d) => `${d.urn ? `${d.urn.split("::").pop()}: ` : ""}${String(d.message ?? "").trim()}`);
}

/** The value at a detailedDiff path like `ingress[0].cidrBlocks[1]` or `tags.Name`. */
export function valueAt(value: unknown, path: string): unknown {
    const keys = path.match(/[^.[\]]+/g) ?? [];
    return keys.reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** The resources the preview would change: each a drift from what the program declares. */
export function driftedResources(steps: PreviewStep[]): DriftedResource[] {
    const seen = new Set<string>();
    return steps
        .filter((s) => !UNCHANGED.has(s.op) && !seen.has(s.urn) && seen.add(s.urn) !== undefined)
        .filter((s) => s.op !== "delete-replaced" && !s.urn.includes("::pulumi:pulumi:Stack::") && !isComponent(s))
        .map((s) => {
            const live = s.oldState?.outputs ?? s.oldState?.inputs ?? {};
            const program = s.newState?.inputs ?? {};
            const paths = s.detailedDiff ? Object.keys(s.detailedDiff) : (s.diffReasons ?? []);
            const properties = paths
                .sort()
                .map((path) => ({ path, kind: s.detailedDiff?.[path]?.kind ?? "update", live: valueAt(live, path), program: valueAt(program, path) }));
            const state = s.oldState ?? s.newState;
            // A security group rule's events are filed under its group as well as its own id.
            const names = [state?.id, live.arn, live.name, live.securityGroupId].filter((n): n is string => typeof n === "string" && n.length > 0);
            return { urn: s.urn, type: state?.type ?? typeOf(s.urn), name: s.urn.split("::").pop()!, op: s.op, properties, physicalNames: [...new Set(names)] };
        });
}

function isComponent(step: PreviewStep): boolean {
    const state = step.oldState ?? step.newState;
    return state?.custom === false;
}

function typeOf(urn: string): string {
    return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

/**
 * The refreshed stack as the pack's stack analysis sees it: every custom resource with its live outputs, once (a
 * `refresh` step's old state is the checkpoint before the refresh: the other step of its URN wins). Needs the
 * unchanged resources too: `pulumi preview --json` lists them only with `--show-sames`, and a rule judged on the drifted
 * resources alone would miss what they are judged with (an ALB's group without the ALB).
 */
export function liveResources(steps: PreviewStep[]): AnalyzedResource[] {
    if (steps.length > 0 && !steps.some((s) => s.op === "same")) {
        throw new PreviewJsonError("the preview lists no unchanged resources: run pulumi preview with --show-sames, so the pack judges the whole live stack");
    }
    const byUrn = new Map<string, PreviewStep>();
    for (const step of steps) if (!byUrn.has(step.urn) || byUrn.get(step.urn)!.op === "refresh") byUrn.set(step.urn, step);
    return [...byUrn.values()].flatMap((s) => {
        const state = s.oldState;
        if (!state || state.custom === false || s.op === "create") return [];
        const propertyDependencies = state.propertyDependencies ?? {};
        return [
            {
                type: state.type,
                name: s.urn.split("::").pop()!,
                urn: s.urn,
                properties: state.outputs ?? state.inputs ?? {},
                parent: state.parent,
                dependencies: state.dependencies ?? [...new Set(Object.values(propertyDependencies).flat())],
                propertyDependencies,
                options: { protect: state.protect },
            },
        ];
    });
}

export interface DriftReport {
    stack: string;
    /** The preview's own errors: with any, "no drift" cannot be told. */
    errors: string[];
    drifted: DriftedResource[];
    /** The pack's verdicts on the live values. */
    verdicts: Diagnostic[];
    /** Who changed each drifted resource, by URN, when CloudTrail was asked. */
    changes?: Map<string, WhoChangedResult>;
}

/** Builds the report; `cloudTrail` asks CloudTrail who changed each drifted resource in `window`. */
export async function driftReport(
    stack: string,
    steps: PreviewStep[],
    pack: { client: AnalyzerClient; config: Record<string, PolicyConfigEntry> },
    cloudTrail?: { client: (region: string) => CloudTrailClient; region: string; window: TimeWindow; options?: LookupOptions },
    errors: string[] = [],
): Promise<DriftReport> {
    const drifted = driftedResources(steps);
    const project = steps[0]?.urn.split("::")[1] ?? "unknown";
    const result = await checkPlan(pack.client, { project, stack, resources: liveResources(steps) }, pack.config);
    const changes = cloudTrail ? await whoChangedEach(drifted, cloudTrail) : undefined;
    return { stack, errors, drifted, verdicts: result.diagnostics, changes };
}

/**
 * CloudTrail records a global service's events in us-east-1 (CloudTrail User Guide, "Global service events", read
 * 2026-12-02): IAM's for one.
 */
const GLOBAL_SERVICES = ["aws:iam/"];

async function whoChangedEach(
    drifted: DriftedResource[],
    cloudTrail: { client: (region: string) => CloudTrailClient; region: string; window: TimeWindow; options?: LookupOptions },
): Promise<Map<string, WhoChangedResult>> {
    const changes = new Map<string, WhoChangedResult>();
    const lookable = drifted.filter((d) => d.physicalNames.length > 0);
    for (const region of [...new Set([cloudTrail.region, "us-east-1"])]) {
        const here = lookable.filter((d) => (GLOBAL_SERVICES.some((g) => d.type.startsWith(g)) ? "us-east-1" : cloudTrail.region) === region);
        if (here.length === 0) continue;
        const found = await whoChanged(
            cloudTrail.client(region),
            here.map((d) => ({ urn: d.urn, names: d.physicalNames })),
            cloudTrail.window,
            cloudTrail.options,
        );
        for (const [urn, result] of found) changes.set(urn, result);
    }
    return changes;
}

/** Property paths whose values the report never prints: they may hold what should have been a secret. */
const SENSITIVE = /secret|password|passwd|token|key|credential|environment|userdata|containerdefinitions|policy/i;

/**
 * A value for the job summary: short scalars as they are; anything under a sensitive path, or long (a container
 * definition's JSON), as its length and a digest, so a secret pasted in the console is not published by the report.
 */
export function shown(path: string, v: unknown): string {
    if (v === undefined) return "(none)";
    const text = JSON.stringify(v);
    if (SENSITIVE.test(path) || text.length > 120) return `(${text.length} characters, sha256 ${createHash("sha256").update(text).digest("hex").slice(0, 12)})`;
    return `\`${text}\``;
}

/** The report as Markdown, for the job summary. */
export function formatDriftReport(report: DriftReport): string {
    const lines = [`### Drift of ${report.stack}`, ""];
    if (report.errors.length > 0) {
        lines.push("The preview failed, so drift cannot be told from no drift:", ...report.errors.map((e) => `- ${e}`), "");
    } else if (report.drifted.length === 0) lines.push("No drift: AWS matches what the stack declares.");
    for (const d of report.drifted) {
        lines.push(`#### ${d.type.split(":").pop()} \`${d.name}\` (pulumi up would ${d.op} it)`);
        for (const p of d.properties) lines.push(`- \`${p.path}\` (${p.kind}): live ${shown(p.path, p.live)}, declared ${shown(p.path, p.program)}`);
        const change = report.changes?.get(d.urn);
        if (change) lines.push("", "Who changed it:", ...formatEvents(d.urn, change));
        else if (report.changes) lines.push("", "Who changed it: no physical name to look up in CloudTrail.");
        lines.push("");
    }
    const verdicts = report.verdicts.filter((v) => !v.message.startsWith("can't run"));
    lines.push(`#### The policy pack on the live values: ${verdicts.length === 0 ? "no violations" : `${verdicts.length} violation(s)`}`);
    for (const v of verdicts)
        lines.push(`- ${v.enforcementLevel} \`${v.policyName}\` on \`${v.urn.split("::").pop()}\`: ${v.message.split("\n").slice(1).join(" ")}`);
    return lines.join("\n");
}
