/**
 * The size and characters of a policy document. Source: IAM User Guide, "IAM and AWS STS quotas" (read 2026-12-02): a
 * role's inline policies together ≤ 10,240 characters, a managed policy ≤ 6,144, a role trust policy ≤ 2,048 by default
 * (raisable through Service Quotas); IAM does not count white space. Policy documents hold only tab, LF, CR and
 * U+0020–U+00FF.
 */
import { DocumentProblem, refused } from "./document";
import { SOURCES } from "./sources";

/** Size limits in characters, white space not counted. */
export const SIZE_LIMITS = { inline: 10_240, managed: 6_144, trust: 2_048 } as const;

/** The size IAM counts: characters other than white space. */
export function policySize(text: string): number {
    return text.replace(/\s/g, "").length;
}

/** The document as text: the JSON string the provider sends, or an object serialised. */
export function documentText(raw: unknown): string {
    return typeof raw === "string" ? raw : JSON.stringify(raw);
}

/** Characters IAM refuses in a policy document, at most a few listed. */
export function characterProblems(text: string): DocumentProblem[] {
    const bad = [...new Set(text.match(/[^\t\n\r\u0020-\u00ff]/g) ?? [])];
    if (bad.length === 0) return [];
    const shown = bad
        .slice(0, 5)
        .map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`)
        .join(", ");
    return [refused("", `the document holds characters outside tab, LF, CR and U+0020–U+00FF (${shown})`, SOURCES.characters)];
}

/** An IAM size quota: the limit, what it applies to, and a note (the trust policy quota can be raised). */
export interface SizeLimit {
    max: number;
    what: string;
    note?: string;
}

/** The size problem of a document over its quota, if any. */
export function sizeProblems(text: string, limit: SizeLimit): DocumentProblem[] {
    const size = policySize(text);
    if (size <= limit.max) return [];
    const note = limit.note ? `; ${limit.note}` : "";
    return [
        refused(
            "",
            `the ${limit.what} is ${size.toLocaleString("en-US")} characters without white space, over IAM's ${limit.max.toLocaleString("en-US")} (LimitExceeded)${note}`,
            SOURCES.quotas,
        ),
    ];
}
