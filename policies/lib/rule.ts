/**
 * What every rule of the pack carries beside its check, as cdk-nag's packs do: its id (the policy `name`, which the
 * CLI prints with each violation, which policy config and suppressions name), what it refuses and reads, why it
 * matters and how to fix a violation in this platform. The README's rule tables are generated from these fields
 * (`npm run docs`), so a rule and its documentation change together.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export interface RuleDoc {
    /** What the rule refuses (Markdown, one table cell). */
    readonly refuses: string;
    /** The resources and inputs it reads (Markdown, one table cell). */
    readonly reads: string;
    /** Why a violation matters. */
    readonly rationale: string;
    /** How to fix a violation here: the stack config key to change, or what to write instead. */
    readonly remediation: string;
}

export type ResourceRule = ResourceValidationPolicy & RuleDoc;
export type StackRule = StackValidationPolicy & RuleDoc;
export type Rule = ResourceRule | StackRule;
