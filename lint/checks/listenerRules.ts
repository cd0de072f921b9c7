/** ALB listener rules: what CreateRule refuses that no input shape shows (unique priorities, condition values). */
import { MAX_RULE_CONDITION_VALUES, RULE_CONDITIONS_SOURCE } from "../../awsdata/limits";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { finding, LintCheck } from "../check";
import { Finding } from "../finding";
import { NOT_KNOWN, PlanIndex } from "../planIndex";

type Condition = Record<string, { values?: unknown[] } | undefined>;

export const listenerRules: LintCheck = {
    id: "alb-listener-rules",
    level: "error",
    description: "Listener rules have unique priorities on their listener and at most five condition values in all.",
    source: `${RULE_CONDITIONS_SOURCE}; ELB API Reference, CreateRule (PriorityInUse), read 2026-12-02`,
    run(plan: PlanIndex): Finding[] {
        const findings: Finding[] = [];
        const byListener = new Map<string, Map<number, string>>();
        for (const rule of plan.ofType(RESOURCE_TYPES.listenerRule)) {
            const conditions = plan.input<Condition[]>(rule, "conditions");
            if (conditions !== NOT_KNOWN && Array.isArray(conditions)) {
                const values = conditions.reduce((n, c) => n + Object.values(c).reduce((m, block) => m + (block?.values?.length ?? 0), 0), 0);
                if (values > MAX_RULE_CONDITION_VALUES) {
                    findings.push(
                        finding(
                            listenerRules,
                            rule,
                            `has ${values} condition values; a rule takes at most ${MAX_RULE_CONDITION_VALUES} (CreateRule fails with TooManyConditionValues)`,
                            RULE_CONDITIONS_SOURCE,
                        ),
                    );
                }
            }
            const listener = (rule.propertyDependencies.listenerArn ?? [])[0];
            const priority = plan.input(rule, "priority");
            if (!listener || typeof priority !== "number") continue;
            const taken = byListener.get(listener) ?? new Map<number, string>();
            const other = taken.get(priority);
            if (other)
                findings.push(
                    finding(
                        listenerRules,
                        rule,
                        `has priority ${priority}, which rule ${other} on the same listener has too (CreateRule fails with PriorityInUse)`,
                        this.source,
                    ),
                );
            taken.set(priority, rule.name);
            byListener.set(listener, taken);
        }
        return findings;
    },
};
