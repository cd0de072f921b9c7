/** A check of the pre-deploy lint: one concern, one id, findings on the resources of a plan. */
import { Finding, LintLevel } from "./finding";
import { label, PlanIndex } from "./planIndex";
import { PlanResource } from "../plan/planFormat";

export interface LintCheck {
    /** kebab-case id, shown with every finding and in the README's table. */
    id: string;
    /** The level of its findings: error when AWS or the provider refuses the input, or the service cannot work. */
    level: LintLevel;
    /** What must hold, in one line. */
    description: string;
    /** Where the rule comes from (AWS API model shapes, a documentation page with the date read, provider source). */
    source: string;
    run(plan: PlanIndex): Finding[] | Promise<Finding[]>;
}

/** A finding of `check` on resource `r`. */
export function finding(check: Pick<LintCheck, "id" | "level">, r: PlanResource | undefined, message: string, source?: string): Finding {
    return { check: check.id, level: check.level, ...(r ? { urn: r.urn, resource: label(r) } : {}), message, ...(source ? { source } : {}) };
}
