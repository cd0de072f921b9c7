/**
 * Resource ARNs in policy documents: the form IAM refuses to break (arn:partition:service:region:account:resource),
 * fields no resource can have, and whether an ARN fits a resource type of its service in the Service Authorization
 * Reference.
 */
import { isKnownRegion } from "../../../awsdata/regions";
import { LintLevel } from "../../finding";
import { hasWildcard } from "./document";
import { iamServices, resourceTemplates } from "./reference";

// ARNs. Format arn:partition:service:region:account:resource (IAM User Guide, "IAM identifiers", read 2026-12-02).

const PARTITIONS = new Set(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);
/** Policy variables (`${aws:username}`) stand for any text, may hold colons, and are not judged. */
const VARIABLE = /\$\{[^}]*\}/g;
const HOLE = "\u0001";

/** The six fields of an ARN; policy variables (`${…}`) are replaced by a marker that no field otherwise holds. */
export interface ArnFields {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

/** The fields of an ARN, or undefined when it is no ARN or has fewer than six fields. */
export function arnFields(arn: string): ArnFields | undefined {
    const parts = arn.replace(VARIABLE, HOLE).split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, partition, service, region, account] = parts;
    return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

const free = (field: string) => hasWildcard(field) || field.includes(HOLE);

/** Problems of one Resource entry, syntax only: errors IAM refuses, warnings for fields no resource can have. */
export function arnProblems(arn: string): { level: LintLevel; message: string }[] {
    if (arn === "*") return [];
    const error = (message: string) => [{ level: "error" as const, message }];
    if (/\s/.test(arn)) return error(`the ARN "${arn}" holds white space`);
    if (!arn.startsWith("arn:")) return error(`"${arn}" is not "*" or an ARN`);
    const f = arnFields(arn);
    if (!f) return error(`"${arn}" has fewer than the six fields arn:partition:service:region:account:resource`);
    if (!f.service) return error(`"${arn}" has no service`);
    if (!f.resource) return error(`"${arn}" names no resource after the account field`);
    if (!free(f.partition) && !PARTITIONS.has(f.partition)) {
        return [
            {
                level: "error",
                message: `partition "${f.partition}" of "${arn}" does not exist (IAM: Partition "${f.partition}" is not valid for resource "${arn}"); partitions: ${[...PARTITIONS].join(", ")}`,
            },
        ];
    }
    return arnFieldWarnings(arn, f);
}

function arnFieldWarnings(arn: string, f: ArnFields): { level: LintLevel; message: string }[] {
    const matchesNothing = (why: string) => ({
        level: "warning" as const,
        message: `${why}, so "${arn}" matches no resource and the statement does nothing for it`,
    });
    const warnings: { level: LintLevel; message: string }[] = [];
    if (!free(f.service) && !/^[a-z0-9-]+$/.test(f.service))
        warnings.push(matchesNothing(`service "${f.service}" is not lowercase letters, digits and hyphens`));
    if (f.region && !free(f.region) && !isKnownRegion(f.region)) warnings.push(matchesNothing(`region "${f.region}" does not exist`));
    if (f.account && !free(f.account) && !/^\d{12}$/.test(f.account) && f.account !== "aws") {
        warnings.push(matchesNothing(`account "${f.account}" is not a 12-digit account ID (nor empty, "*" or "aws")`));
    }
    return warnings;
}

/**
 * Why a well-formed ARN fits no resource type of its service (an S3 bucket ARN with a region, a log group ARN with
 * no account, `loggroup:` for `log-group:`), or undefined. A resource part with wildcards or variables is judged by
 * its literal head only. Services whose ARNs the data does not describe are not judged.
 */
export async function arnShapeProblem(arn: string): Promise<string | undefined> {
    const f = arnFields(arn);
    if (!f || free(f.service) || !(await iamServices()).has(f.service)) return undefined;
    const templates = (await resourceTemplates(f.service)).map(arnFields).filter((t): t is ArnFields => t?.service === f.service);
    if (templates.length === 0) return undefined;
    const fits = (field: string, template: string) => free(field) || (field === "") === (template === "");
    const shaped = templates.filter((t) => fits(f.region, t.region) && fits(f.account, t.account));
    if (shaped.length === 0) {
        const like = templates.find((t) => resourceMatches(t, f.resource)) ?? templates[0];
        return `no ${f.service} resource has an ARN with ${f.region ? "a" : "no"} region and ${f.account ? "an" : "no"} account (e.g. ${templateText(like)})`;
    }
    return shaped.some((t) => resourceMatches(t, f.resource))
        ? undefined
        : `"${f.resource}" is no ${f.service} resource (${[...new Set(shaped.map((t) => templateText(t)))].slice(0, 6).join(", ")})`;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Whether a policy's resource part can name a resource of template `t`: fully for literal ones, by the literal head for patterns. */
function resourceMatches(t: ArnFields, resource: string): boolean {
    if (!free(resource)) return new RegExp(`^${t.resource.split(HOLE).map(escapeRegex).join(".+")}$`).test(resource);
    // eslint-disable-next-line no-control-regex -- \u0001 is the HOLE marker of templates, not input text
    const head = resource.split(/[*?\u0001]/)[0];
    const templateHead = t.resource.split(HOLE)[0];
    return head.startsWith(templateHead) || templateHead.startsWith(head);
}
const templateText = (t: ArnFields) =>
    `arn:aws:${t.service}:${t.region ? "REGION" : ""}:${t.account ? "ACCOUNT" : ""}:${t.resource.replace(new RegExp(HOLE, "g"), "…")}`;
