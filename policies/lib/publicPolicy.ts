/**
 * Whether a resource policy statement is public, by Amazon S3's definition (S3 User Guide, "Blocking public access
 * to your Amazon S3 storage", section "The meaning of 'public'"; and the S3 API Reference,
 * PublicAccessBlockConfiguration; both read 2026-12-02). S3 assumes a statement that grants to everyone is public
 * unless its condition pins the request to fixed values (no wildcard, no policy variable) of: a set of aws:SourceIp
 * CIDRs, aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount,
 * s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid (outside the pattern "AROLEID:*"),
 * s3:DataAccessPointArn, s3:DataAccessPointAccount. Any other condition, aws:SecureTransport included, leaves it public.
 *
 * Two choices of the pack, stricter than S3: a set of aws:SourceIp ranges that covers the world (see ./cidr,
 * worldFamilies) does not pin, and a condition operator that is true when the key is absent (…IfExists,
 * ForAllValues:…) or negated (StringNotEquals, NotIpAddress…) does not pin either.
 */
import { Cidr, parseCidr } from "@ecs-platform/shared/cidr";
import { worldFamilies } from "./cidr";

export const PINNING_KEYS = [
    "aws:sourceip",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceowner",
    "aws:sourceaccount",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "aws:userid",
    "s3:dataaccesspointarn",
    "s3:dataaccesspointaccount",
];

/** Operators that require the key to equal (or, for IpAddress, fall in) the given values. */
const PINNING_OPERATORS = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"];

/** True for a principal that names everyone: "*", { AWS: "*" } or a list holding "*". */
export function isEveryone(principal: unknown): boolean {
    if (principal === "*") return true;
    if (typeof principal !== "object" || principal === null) return false;
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

function values(value: unknown): string[] {
    return (Array.isArray(value) ? value : [value]).map(String);
}

function isFixed(value: string): boolean {
    return value !== "" && !/[*?]|\$\{/.test(value);
}

/** True when one condition key's values pin a request to fixed values, as S3 reads them. */
function pins(key: string, given: unknown): boolean {
    const list = values(given);
    if (list.length === 0 || !list.every(isFixed)) return false;
    if (key === "aws:sourceip") {
        // A bare address is its own /32 (or /128).
        const cidrs = list.map((v) => parseCidr(v.includes("/") ? v : `${v}/${v.includes(":") ? 128 : 32}`));
        if (cidrs.some((c) => c === undefined)) return false;
        return worldFamilies(cidrs as Cidr[]).length === 0;
    }
    return true;
}

/**
 * Keys that pin who may assume a role, for trust policies: the caller's organization, organization path, account or
 * ARN (IAM User Guide, "AWS global condition context keys", read 2026-12-02), and S3's source keys. Not sts:ExternalId:
 * it guards against the confused deputy, but anyone who learns the string can use it.
 */
export const TRUST_PINNING_KEYS = ["aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", ...PINNING_KEYS];

/** True when a statement's Condition block pins who may use the grant, by fixed values of one of `keys`. */
export function conditionPins(condition: unknown, keys: readonly string[] = PINNING_KEYS): boolean {
    if (typeof condition !== "object" || condition === null) return false;
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
        const op = operator.toLowerCase().replace(/^foranyvalue:/, "");
        if (!PINNING_OPERATORS.includes(op) || typeof block !== "object" || block === null) continue;
        for (const [key, given] of Object.entries(block as Record<string, unknown>)) {
            if (keys.includes(key.toLowerCase()) && pins(key.toLowerCase(), given)) return true;
        }
    }
    return false;
}

/** True when the raw statement grants to everyone (or everyone but NotPrincipal) with nothing that pins it. */
export function isPublicStatement(statement: Record<string, unknown>): boolean {
    if (statement.Effect !== "Allow") return false;
    if (!isEveryone(statement.Principal) && statement.NotPrincipal === undefined) return false;
    return !conditionPins(statement.Condition);
}
