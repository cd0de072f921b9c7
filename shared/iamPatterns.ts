/** IAM wildcard patterns: what an action or resource pattern matches, and when it matches every resource. */

const compiled = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run of characters, `?` one; action names are case-insensitive. */
export function matchesPattern(pattern: string, value: string): boolean {
    let regex = compiled.get(pattern);
    if (!regex) {
        const source = pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".");
        regex = new RegExp(`^${source}$`, "i");
        compiled.set(pattern, regex);
    }
    return regex.test(value);
}

/** Services whose ARNs carry no resource type before the name. */
const UNTYPED_ARN_SERVICES = ["s3", "sns", "sqs"];

/**
 * True for a resource pattern that covers every resource of its service, or of every service: `*`,
 * `arn:aws:*:*:*:*`, `arn:aws:secretsmanager:*:*:secret:*`, `arn:aws:s3:::*`. A pattern naming a region, an account
 * or a resource name prefix is scoped (`arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/*`).
 */
export function coversEveryResource(pattern: string): boolean {
    if (pattern === "*") return true;
    const parts = pattern.split(":");
    if (parts[0] !== "arn" || parts.length < 6) return false;
    const [, , service, region, account] = parts;
    const resource = parts.slice(5).join(":");
    const open = (field: string) => field === "*" || field === "";
    if (service === "*" || /^\*+$/.test(resource)) return open(region) && open(account);
    // Services whose ARNs name the resource without a type (arn:aws:s3:::bucket/key, sns and sqs names): only a bare
    // wildcard covers them all. Elsewhere a resource type followed only by a wildcard does: secret:*, role/*.
    if (UNTYPED_ARN_SERVICES.includes(service)) return false;
    return open(region) && open(account) && /^[A-Za-z-]+[:/]\*$/.test(resource);
}
