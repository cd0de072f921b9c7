/**
 * What a change does to resources that exist, against the stack's previous plan (its snapshot): the provider's
 * replacement rules (release/replacements.ts, cascading through property dependencies) decide which resources are
 * replaced. Two outcomes make `pulumi up` fail: deleting or replacing a protected resource (the engine refuses), and
 * replacing a resource whose fixed name stays the same without deleting it first (the new one is created first, and
 * AWS refuses a second resource of that name).
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { diffSnapshots } from "../../release/planDiff";
import { snapshotOf } from "../../release/snapshot";
import { finding, LintCheck } from "../check";
import { Finding } from "../finding";
import { PlanIndex } from "../planIndex";
import { AUTONAMED } from "./autoNames";

export const safeReplacements: LintCheck = {
    id: "safe-replacements",
    level: "error",
    description:
        "Against the stack's previous plan: no change deletes or replaces a protected resource, and a resource replaced under an unchanged fixed name is deleted before its replacement is created.",
    source: "Pulumi docs, resource options protect and deleteBeforeReplace (read 2026-12-02); replacement rules in release/replacements.ts",
    run(plan: PlanIndex): Finding[] {
        const previous = plan.previous;
        if (!previous) return [];
        const findings: Finding[] = [];
        for (const change of diffSnapshots(previous, snapshotOf(plan.plan)).changes) {
            const before = previous.resources[change.urn];
            const after = plan.get(change.urn);
            const subject = { urn: change.urn, type: change.type, name: change.name } as Parameters<typeof finding>[1];
            const why = change.replaceBecause.length ? ` (${change.replaceBecause.join(", ")} changed)` : "";
            if ((change.op === "delete" || change.op === "replace") && before?.options.protect) {
                findings.push(
                    finding(
                        safeReplacements,
                        after ?? subject,
                        `is protected, and this change ${change.op === "delete" ? "deletes" : "replaces"} it${why}: pulumi up stops. ` +
                            `Keep its logical name (or add an alias), or lift the protection deliberately (pulumi state unprotect) and say so in review`,
                    ),
                );
            }
            const nameProperty = AUTONAMED[change.type]?.property;
            if (change.op !== "replace" || !after || !nameProperty || change.type === RESOURCE_TYPES.taskDefinition) continue;
            const name = after.inputs[nameProperty];
            if (typeof name === "string" && name === before?.inputs[nameProperty] && !after.options.deleteBeforeReplace) {
                findings.push(
                    finding(
                        safeReplacements,
                        after,
                        `is replaced${why} under the same ${nameProperty} "${name}": the new one is created before the old one is deleted, and AWS refuses the duplicate name; ` +
                            `set deleteBeforeReplace, or let the provider name it`,
                    ),
                );
            }
        }
        return findings;
    },
};
