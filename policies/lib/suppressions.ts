/**
 * Per-resource suppressions, as cdk-nag has them: a rule's policy config may list resources it does not apply to,
 * each with a required reason,
 *
 *     "no-vpc-wide-ingress": { "suppressions": [{ "resource": "legacy-sg", "reason": "Peered VPC ... until 2027-03" }] }
 *
 * (the resource by its Pulumi name or URN). A suppressed violation is not reported by its rule; the rule
 * `suppressions-applied` lists it with its reason instead (advisory), and `suppressions-unused` reports a suppression
 * that matched no violation in the run (a stale entry that would silently cover a new resource of the same name).
 *
 * The two run last among the stack rules: Pulumi analyzes every resource before the stack, and calls stack rules in
 * the pack's order, so by then every rule has seen its suppressions and used them or not.
 */
import { ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { ResourceRule, Rule, StackRule } from "./rule";

export interface Suppression {
    /** The resource's Pulumi name (`api-sg`) or URN. */
    resource: string;
    /** Why the rule does not apply to it: shown with every check. */
    reason: string;
}

/** The JSON schema of a rule's `suppressions` config property. */
export const SUPPRESSIONS_SCHEMA = {
    type: "array",
    default: [],
    description: "Resources this rule does not apply to, each with the reason; shown by suppressions-applied.",
    items: {
        type: "object",
        additionalProperties: false,
        required: ["resource", "reason"],
        properties: {
            resource: { type: "string", minLength: 1, description: "The resource's Pulumi name or URN." },
            reason: { type: "string", minLength: 10, description: "Why the rule does not apply (at least 10 characters)." },
        },
    },
} as const;

interface Entry extends Suppression {
    rule: string;
    /** The messages it kept from being reported in this run. */
    suppressed: { urn: string; message: string }[];
    /** It kept a violation from being reported in this run (suppressions-applied empties `suppressed` as it shows them). */
    used: boolean;
}

/** The run's suppressions by rule and resource, filled as rules run and emptied by `suppressions-unused`. */
const entries = new Map<string, Entry>();
const key = (rule: string, resource: string) => `${rule}\u0000${resource}`;

function declare(rule: string, suppressions: Suppression[] | undefined): void {
    for (const s of suppressions ?? []) {
        if (!entries.has(key(rule, s.resource))) entries.set(key(rule, s.resource), { ...s, rule, suppressed: [], used: false });
    }
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/** A report function that drops (and records) violations of suppressed resources. */
function filtered(rule: string, report: ReportViolation, defaultUrn?: string): ReportViolation {
    return (message, urn) => {
        const target = urn ?? defaultUrn;
        const entry = target === undefined ? undefined : (entries.get(key(rule, target)) ?? entries.get(key(rule, nameOf(target))));
        if (entry && target !== undefined) {
            entry.suppressed.push({ urn: target, message });
            entry.used = true;
        } else report(message, urn);
    };
}

function withSuppressionsSchema<R extends Rule>(rule: R): R["configSchema"] {
    const schema = rule.configSchema ?? { properties: {} };
    return { ...schema, properties: { ...schema.properties, suppressions: SUPPRESSIONS_SCHEMA as any } };
}

/** The rule with a `suppressions` config property, honoured for every violation it reports. */
export function suppressible(rule: Rule): Rule {
    const configSchema = withSuppressionsSchema(rule);
    if ("validateResource" in rule && rule.validateResource) {
        const checks = Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource];
        const wrapped: ResourceRule = {
            ...rule,
            configSchema,
            validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
                declare(rule.name, args.getConfig<{ suppressions?: Suppression[] }>().suppressions);
                const honour = filtered(rule.name, report, args.urn);
                return Promise.all(checks.map((check) => check(args, honour))).then(() => undefined);
            },
        };
        return wrapped;
    }
    const stackRule = rule as StackRule;
    return {
        ...stackRule,
        configSchema,
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            declare(rule.name, args.getConfig<{ suppressions?: Suppression[] }>().suppressions);
            return stackRule.validateStack(args, filtered(rule.name, report));
        },
    };
}

export const suppressionsApplied: StackRule = {
    name: "suppressions-applied",
    description: "Lists every violation a per-resource suppression kept from being reported, with the suppression's reason.",
    enforcementLevel: "advisory",
    refuses: "nothing: it shows each violation a suppression hid, with the rule, the resource and the reason (advisory)",
    reads: "the `suppressions` of every rule's policy config",
    rationale: "A suppression is a decision someone took; everyone who reads the check should see it and its reason, as cdk-nag reports suppressed findings.",
    remediation: "None needed; remove the suppression when the reason no longer holds.",
    validateStack: (_args, report) => {
        for (const entry of entries.values()) {
            for (const { urn, message } of entry.suppressed) {
                const text = message.split("\n").pop();
                report(`${entry.rule} suppressed on "${nameOf(urn)}": ${entry.reason} (the violation: ${text})`, urn);
            }
            // Shown once: a run in which suppressions-unused is disabled (and so clears nothing) must not show them again.
            entry.suppressed = [];
        }
    },
};

export const suppressionsUnused: StackRule = {
    name: "suppressions-unused",
    description: "Every per-resource suppression in policy config matches a violation; an unused one is reported.",
    refuses: "a suppression that matched no violation in the run (its resource is gone, renamed, or now passes)",
    reads: "the `suppressions` of every rule's policy config",
    rationale: "A stale suppression silently covers the next resource that takes the name, so it goes as soon as it stops matching.",
    remediation: "Remove the entry from the rule's `suppressions` in policies/config/STACK.json.",
    validateStack: (_args, report) => {
        try {
            for (const entry of entries.values()) {
                if (!entry.used) {
                    report(
                        `the suppression of ${entry.rule} on "${entry.resource}" matched no violation; remove it from the rule's suppressions ("${entry.reason}").`,
                    );
                }
            }
        } finally {
            entries.clear();
        }
    },
};
