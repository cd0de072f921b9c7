/**
 * The policy pack served in this test process, reached over the analyzer protocol like the spawned pack of
 * `npm run check`: same SDK server, same unknown-value handling, same config path. Serving it here (not in a child
 * process) lets mutation testing see the rules run. Only one pack can be served per process, so it is shared.
 */
import { AnalyzedResource, AnalyzerClient, Diagnostic, PolicyConfigEntry } from "../../check/analyzerClient";
import { UNKNOWN } from "../../plan/planFormat";
import { checkPlan, CheckResult } from "../../check/policyCheck";
import { servePackInProcess } from "../../check/inProcessPack";

export { UNKNOWN };

/** One client for the whole test process, over the pack served in it (check/inProcessPack.ts, as `npm run plan`). */
const shared = globalThis as { ecsPlatformPackClient?: Promise<AnalyzerClient> };

export function packClient(): Promise<AnalyzerClient> {
    shared.ecsPlatformPackClient ??= servePackInProcess().then((address) => new AnalyzerClient(address));
    return shared.ecsPlatformPackClient;
}

// Served as this module loads, outside any test: the rules' module-level values are then computed at load, which
// mutation testing must see as such (it re-runs them in a fresh process instead of inside one test).
packClient().catch(() => undefined);

/** A resource for a test: dependencies are given by the names of the other resources. */
export interface Spec {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    deps?: Record<string, string[]>;
}

export const urnOf = (spec: Pick<Spec, "type" | "name">) => `urn:pulumi:test::test::${spec.type}::${spec.name}`;

export function toResources(specs: Spec[]): AnalyzedResource[] {
    const byName = new Map(specs.map((s) => [s.name, s]));
    const urn = (name: string) => {
        const target = byName.get(name);
        if (!target) throw new Error(`test bug: no resource named ${name}`);
        return urnOf(target);
    };
    return specs.map((s) => {
        const propertyDependencies = Object.fromEntries(Object.entries(s.deps ?? {}).map(([k, names]) => [k, names.map(urn)]));
        return {
            type: s.type,
            name: s.name,
            urn: urnOf(s),
            properties: s.inputs,
            dependencies: [...new Set(Object.values(propertyDependencies).flat())],
            propertyDependencies,
            options: {},
        };
    });
}

export async function check(specs: Spec[], config: Record<string, PolicyConfigEntry> = {}): Promise<CheckResult> {
    return checkPlan(await packClient(), { project: "test", stack: "test", resources: toResources(specs) }, config);
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/** `resource: message` of one policy's violations, without the description line the SDK puts first. */
export function violations(result: CheckResult, policy: string): string[] {
    return result.diagnostics
        .filter((d) => d.policyName === policy && !d.message.startsWith("can't run"))
        .map((d) => `${nameOf(d.urn)}: ${d.message.split("\n").slice(1).join(" ")}`);
}

/** Names of the resources a policy could not judge at preview (the SDK's advisory line). */
export function deferred(result: CheckResult, policy: string): Diagnostic[] {
    return result.diagnostics.filter((d) => d.policyName === policy && d.message.startsWith("can't run"));
}

/** Runs the rule over the specs and returns its violations. */
export async function verdict(policy: string, specs: Spec[], config: Record<string, PolicyConfigEntry> = {}): Promise<string[]> {
    return violations(await check(specs, config), policy);
}
