/**
 * Names the provider makes up. A resource with a name input left unset gets `<logical name>-<7 random hex>` from the
 * Pulumi AWS provider (lowercased for S3 buckets), and a name prefix gets a 26-character unique suffix from the
 * provider; nothing strips characters AWS refuses, and a name longer than the provider's own maximum is an error
 * before anything is created. Sources: pulumi/pulumi-aws provider/autonaming.go and resources.go (AutoName with
 * maxLength 255 by default, 32 for lb.TargetGroup, 64 for iam.Role, 63 lowercased for s3.Bucket);
 * pulumi/pulumi-terraform-bridge pkg/tfbridge/info/autonaming.go (7 random characters); terraform-provider-aws
 * internal/create/naming.go (prefix + 26 characters), read 2026-12-02.
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { NAME_RULES, NameRule, nameProblem } from "../../awsdata/limits";
import { compileModelPattern, getShape } from "../../awsdata/shapes";
import { finding, LintCheck } from "../check";
import { Finding } from "../finding";
import { NOT_KNOWN, PlanIndex } from "../planIndex";

/** Random hex characters the provider appends to a logical name. */
export const AUTONAME_RANDOM_CHARS = 7;
/** Characters the provider appends to a name prefix (a timestamp and counter). */
export const NAME_PREFIX_SUFFIX_CHARS = 26;

interface AutoName {
    /** The input the provider fills in. */
    property: string;
    /** The provider's own maximum: longer auto-names fail at preview. */
    providerMaxLength: number;
    lowercase?: boolean;
    /** AWS's rule for the name, from the limits table or an API model shape. */
    rule: NameRule;
}

/** A name rule from an API model shape's length and pattern. */
function shapeRule(id: string, what: string): NameRule {
    const shape = getShape(id);
    if (!shape) throw new Error(`lint: no model shape ${id}`);
    return {
        what,
        maxLength: shape.length?.max ?? Number.MAX_SAFE_INTEGER,
        minLength: shape.length?.min,
        pattern: (shape.pattern && compileModelPattern(id, shape.pattern)) || /^[\s\S]*$/,
        characters: shape.pattern ?? "any",
        source: `AWS API model ${id}`,
    };
}

/** The auto-named resource types of the platform, with the rule each generated name must meet. */
export const AUTONAMED: Record<string, AutoName> = {
    [RESOURCE_TYPES.securityGroup]: { property: "name", providerMaxLength: 255, rule: NAME_RULES.securityGroupName },
    [RESOURCE_TYPES.loadBalancer]: { property: "name", providerMaxLength: 32, rule: NAME_RULES.loadBalancerName },
    [RESOURCE_TYPES.targetGroup]: { property: "name", providerMaxLength: 32, rule: NAME_RULES.targetGroupName },
    [RESOURCE_TYPES.capacityProvider]: { property: "name", providerMaxLength: 255, rule: NAME_RULES.capacityProviderName },
    [RESOURCE_TYPES.ecsService]: { property: "name", providerMaxLength: 255, rule: NAME_RULES.ecsName },
    [RESOURCE_TYPES.ecsCluster]: { property: "name", providerMaxLength: 255, rule: NAME_RULES.ecsName },
    [RESOURCE_TYPES.s3Bucket]: { property: "bucket", providerMaxLength: 63, lowercase: true, rule: NAME_RULES.s3BucketName },
    [RESOURCE_TYPES.scheduledAction]: { property: "name", providerMaxLength: 255, rule: NAME_RULES.scheduledActionName },
    [RESOURCE_TYPES.iamRole]: { property: "name", providerMaxLength: 64, rule: shapeRule("iam#roleNameType", "IAM role name") },
    [RESOURCE_TYPES.rolePolicy]: { property: "name", providerMaxLength: 255, rule: shapeRule("iam#policyNameType", "inline policy name") },
    [RESOURCE_TYPES.instanceProfile]: { property: "name", providerMaxLength: 255, rule: shapeRule("iam#instanceProfileNameType", "instance profile name") },
    [RESOURCE_TYPES.logGroup]: { property: "name", providerMaxLength: 255, rule: shapeRule("logs#LogGroupName", "log group name") },
    [RESOURCE_TYPES.secret]: { property: "name", providerMaxLength: 255, rule: shapeRule("secretsmanager#NameType", "secret name") },
};

/** The name the provider would make from a logical name: its form with the random part as `x`s. */
export function autoName(logicalName: string, spec: Pick<AutoName, "lowercase">): string {
    const name = `${logicalName}-${"x".repeat(AUTONAME_RANDOM_CHARS)}`;
    return spec.lowercase ? name.toLowerCase() : name;
}

export const providerAutoNames: LintCheck = {
    id: "provider-auto-names",
    level: "error",
    description:
        "Names the provider generates (logical name + 7 random characters, or a prefix + 26) fit the provider's maximum and AWS's rules for that name.",
    source: "pulumi/pulumi-aws autonaming (resources.go), terraform-provider-aws naming, AWS API references (awsdata/limits.ts)",
    run(plan: PlanIndex): Finding[] {
        const findings: Finding[] = [];
        for (const r of plan.resources) {
            const spec = AUTONAMED[r.type];
            if (!spec || r.inputs[spec.property] !== undefined) continue;
            const prefix = plan.input<string>(r, `${spec.property}Prefix`);
            if (prefix === NOT_KNOWN) continue;
            const generated = typeof prefix === "string" ? prefix + "x".repeat(NAME_PREFIX_SUFFIX_CHARS) : autoName(r.name, spec);
            const how =
                typeof prefix === "string"
                    ? `${spec.property}Prefix "${prefix}" gives names like "${generated}"`
                    : `${spec.property} is not set, so the provider names it "${generated}" (x: random)`;
            if (typeof prefix !== "string" && generated.length > spec.providerMaxLength) {
                findings.push(
                    finding(
                        providerAutoNames,
                        r,
                        `${how}, longer than the provider's maximum ${spec.providerMaxLength}: preview fails; shorten the logical name or set ${spec.property}`,
                        this.source,
                    ),
                );
                continue;
            }
            const problem = nameProblem(generated, spec.rule);
            if (problem)
                findings.push(
                    finding(
                        providerAutoNames,
                        r,
                        `${how}; that name ${problem}, so creation fails; set ${spec.property} or rename the resource`,
                        spec.rule.source,
                    ),
                );
        }
        return findings;
    },
};
