/** The zod forms the config schema is built from: strict objects that list their keys, bounded integers, CIDRs, retentions. */
import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../awsdata/limits";
import { cidrProblem } from "../cidr";

/** A strict object: an unknown key is an error that lists the keys this object accepts. */
export function strict<T extends z.ZodRawShape>(shape: T) {
    const allowed = Object.keys(shape).join(", ");
    return z.strictObject(shape, { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown key (allowed: ${allowed})` : undefined) });
}

export const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** An IPv4 CIDR block without host bits; the message names the fix. */
export const cidrBlock = z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const retentionDays = z
    .number()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `is not a CloudWatch Logs retention (allowed: ${LOG_RETENTION_DAYS.join(", ")})`,
    });

/** An ACM certificate ARN, of any partition. */
export const acmCertificateArn = z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, "is not an ACM certificate ARN");
