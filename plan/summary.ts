/** A preview-like text summary of a plan: resources grouped by component, counts by type, stack outputs. */
import { Plan, PlanResource, UNKNOWN } from "./planFormat";

const KNOWN_AFTER_DEPLOY = "(known after deploy)";

/** Short type names: aws:ec2/subnet:Subnet → aws:ec2:Subnet. */
export function shortType(type: string): string {
    const parts = type.split(":");
    return parts.length === 3 ? `${parts[0]}:${parts[1].split("/")[0]}:${parts[2]}` : type;
}

/** The default locale's collation, as String.localeCompare uses it, built once (localeCompare builds it per call). */
const collator = new Intl.Collator();

function countBy<T>(items: T[], key: (item: T) => string): [string, number][] {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => collator.compare(a[0], b[0]));
}

function showOutput(value: unknown, assigned: ReadonlySet<string>): string {
    if (value === UNKNOWN) return KNOWN_AFTER_DEPLOY;
    if (typeof value === "string" && [...assigned].some((p) => value.includes(p))) return `${value} (placeholder: assigned at deploy)`;
    if (Array.isArray(value)) return `[${value.map((v) => showOutput(v, assigned)).join(", ")}]`;
    if (value !== null && typeof value === "object") return "";
    return String(value);
}

export function formatSummary(plan: Plan): string {
    const lines: string[] = [];
    const custom = plan.resources.filter((r) => r.custom);
    lines.push(`Offline preview of stack "${plan.stack}" (project ${plan.project}): ${custom.length} resources`);
    lines.push(
        plan.firstDeploy
            ? "As a first deploy: values AWS assigns (ids, ARNs, DNS names) are unknown, and what is built from them is not judged."
            : `As a deployed stack: ${plan.placeholders?.length ?? 0} values AWS assigns are placeholders marked "offline" (plan --first-deploy shows a first deploy).`,
    );
    lines.push("");
    lines.push("Resources by component:");
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const children = new Map<string, PlanResource[]>();
    for (const r of plan.resources) {
        if (!r.parent) continue;
        children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    }
    const walk = (component: PlanResource, depth: number) => {
        const kids = children.get(component.urn) ?? [];
        const own = kids.filter((k) => k.custom);
        const indent = "  ".repeat(depth);
        lines.push(`${indent}${component.name} (${component.type})${own.length ? `: ${own.length}` : ""}`);
        for (const [type, n] of countBy(own, (k) => shortType(k.type))) lines.push(`${indent}    ${n} × ${type}`);
        for (const kid of kids.filter((k) => !k.custom)) walk(kid, depth + 1);
    };
    for (const root of plan.resources.filter((r) => !r.parent || !byUrn.has(r.parent))) {
        if (root.custom) continue;
        walk(root, 1);
    }
    lines.push("");
    lines.push("Counts by type:");
    const typeCounts = countBy(custom, (r) => shortType(r.type));
    const width = Math.max(...typeCounts.map(([t]) => t.length));
    for (const [type, n] of typeCounts) lines.push(`  ${type.padEnd(width)}  ${String(n).padStart(3)}`);
    lines.push("");
    lines.push("Outputs:");
    const assigned = new Set(plan.placeholders ?? []);
    const outputLines = (value: unknown, name: string, depth: number) => {
        const shown = showOutput(value, assigned);
        lines.push(`${"  ".repeat(depth)}${name}: ${shown}`);
        if (shown === "" && value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) outputLines(v, k, depth + 1);
        }
    };
    for (const [name, value] of Object.entries(plan.outputs).sort()) outputLines(value, name, 1);
    return lines.join("\n");
}
