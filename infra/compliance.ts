/**
 * What watches the stack after deploy: AWS Config managed rules that mirror the policy pack (infra/configRules.ts),
 * optionally the configuration recorder they need, and optionally an account CloudTrail trail.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAwsServiceRole } from "./awsServiceRole";
import { ComplianceConfig } from "./config/schema";
import { managedRulesFor, RuleContext } from "./configRules";
import { createLogBucket, serviceDeliveryPolicy } from "./logBucket";
import { policyDocument } from "./serviceRoles";
import { StatefulOptions } from "./stateful";
import { AwsScope } from "./trust";

export interface ComplianceArgs {
    /** The validated compliance section. */
    readonly config: ComplianceConfig;
    /** Prefix of names AWS shows: rule names, the trail's name. */
    readonly namePrefix: string;
    readonly scope: AwsScope;
    /** What the managed rules' parameters are made from. */
    readonly ruleContext: RuleContext;
    /** Protection of the buckets. */
    readonly stateful: StatefulOptions;
}

/** A Config rule's name from the stack's prefix and the managed rule, e.g. `ecs-platform-prod-ecs-containers-nonprivileged`. */
function configRuleName(namePrefix: string, identifier: string): string {
    return `${namePrefix}-${identifier.toLowerCase().replace(/_/g, "-")}`;
}

export class Compliance extends pulumi.ComponentResource {
    readonly rules: aws.cfg.Rule[] = [];
    readonly trail?: aws.cloudtrail.Trail;

    constructor(name: string, args: ComplianceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:compliance:Compliance", name, {}, opts);
        const { awsConfig, trail } = args.config;
        if (awsConfig.enabled) {
            const recording = awsConfig.createRecorder ? this.createRecorder(name, args) : [];
            for (const { identifier, parameters } of managedRulesFor(args.ruleContext, awsConfig.excludeRules)) {
                this.rules.push(
                    new aws.cfg.Rule(
                        `${name}-${identifier.toLowerCase()}`,
                        {
                            name: configRuleName(args.namePrefix, identifier),
                            description: `Mirrors the ecs-platform policy pack after deploy (${identifier})`,
                            source: { owner: "AWS", sourceIdentifier: identifier },
                            inputParameters: parameters ? JSON.stringify(parameters) : undefined,
                        },
                        // A managed rule is refused while no recorder exists (AWS Config API Reference, PutConfigRule:
                        // NoAvailableConfigurationRecorderException; read 2026-12-02).
                        { parent: this, dependsOn: recording },
                    ),
                );
            }
        }
        if (trail.enabled) this.trail = this.createTrail(name, args, trail.retentionDays);
        this.registerOutputs({});
    }

    /**
     * The recorder of every supported resource type (global ones too), its delivery channel to a bucket of its own,
     * and its status (started). The bucket policy follows the AWS Config Developer Guide, "Permissions for the Amazon S3
     * Bucket for the AWS Config Delivery Channel" (GetBucketAcl and ListBucket on the bucket, PutObject under
     * AWSLogs/ACCOUNT/Config with bucket-owner-full-control, each for this account only; read 2026-12-02).
     */
    private createRecorder(name: string, args: ComplianceArgs): pulumi.Resource[] {
        const { role, attachment } = createAwsServiceRole(
            `${name}-recorder`,
            {
                service: "config.amazonaws.com",
                description: "AWS Config recorder: read resource configurations",
                managedPolicy: "service-role/AWS_ConfigRole",
                partition: args.scope.partition,
                // AWS Config sends aws:SourceAccount when it assumes the recorder's role (AWS Config Developer Guide,
                // "Permissions for the IAM Role Assigned to AWS Config", confused-deputy example; read 2026-12-02).
                sourceAccount: args.scope,
            },
            this,
        );
        const { bucket, policy } = createLogBucket(
            `${name}-config`,
            {
                expireAfterDays: args.config.awsConfig.retentionDays,
                lifecycleRuleId: "expire-config-history",
                policy: configBucketPolicy,
                accountId: args.scope.accountId,
                stateful: args.stateful,
            },
            this,
        );
        const child = { parent: this };
        const delivery = configDeliveryGrant(`${name}-recorder-delivery`, role, bucket.arn, args.scope.accountId, this);
        const recorder = new aws.cfg.Recorder(
            `${name}-recorder`,
            { roleArn: role.arn, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
            { ...child, dependsOn: [attachment] },
        );
        const channel = new aws.cfg.DeliveryChannel(`${name}-delivery`, { s3BucketName: bucket.bucket }, { ...child, dependsOn: [recorder, policy, delivery] });
        const status = new aws.cfg.RecorderStatus(`${name}-recorder`, { name: recorder.name, isEnabled: true }, { ...child, dependsOn: [channel] });
        return [status];
    }

    /**
     * A trail of every region's management events with log file validation, to a bucket only CloudTrail may write, for
     * this trail only. Bucket policy: AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"
     * (GetBucketAcl, and PutObject under AWSLogs/ACCOUNT with bucket-owner-full-control, each with aws:SourceArn of the
     * trail; read 2026-12-02).
     */
    private createTrail(name: string, args: ComplianceArgs, retentionDays: number): aws.cloudtrail.Trail {
        const trailName = `${args.namePrefix}-trail`;
        const { bucket, policy } = createLogBucket(
            `${name}-trail`,
            {
                expireAfterDays: retentionDays,
                lifecycleRuleId: "expire-trail-logs",
                policy: (arn, account, partition) =>
                    serviceDeliveryPolicy({
                        sid: "CloudTrail",
                        service: "cloudtrail.amazonaws.com",
                        bucketArn: arn,
                        checkActions: ["s3:GetBucketAcl"],
                        writeResource: `${arn}/AWSLogs/${account}/*`,
                        condition: { "aws:SourceArn": `arn:${partition}:cloudtrail:${args.scope.region}:${account}:trail/${trailName}` },
                    }),
                accountId: args.scope.accountId,
                partition: args.scope.partition,
                stateful: args.stateful,
            },
            this,
        );
        return new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: trailName,
                s3BucketName: bucket.bucket,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
            },
            // CloudTrail checks the bucket policy when the trail is created (InsufficientS3BucketPolicyException).
            { parent: this, dependsOn: [policy] },
        );
    }
}

/** The delivery bucket's policy (AWS Config Developer Guide, "Permissions for the Amazon S3 Bucket", read 2026-12-02): this account only. */
function configBucketPolicy(arn: string, account: string) {
    return serviceDeliveryPolicy({
        sid: "Config",
        service: "config.amazonaws.com",
        bucketArn: arn,
        checkActions: ["s3:GetBucketAcl", "s3:ListBucket"],
        writeResource: `${arn}/AWSLogs/${account}/Config/*`,
        condition: { "aws:SourceAccount": account },
    });
}

/**
 * With a bucket of the same account, Config delivers with the recorder's role, not under the bucket policy (AWS
 * Config Developer Guide, "Permissions for the Amazon S3 Bucket", read 2026-12-02), and AWS_ConfigRole grants no
 * s3:PutObject: the role writes under its own prefix only.
 */
function configDeliveryGrant(
    name: string,
    role: aws.iam.Role,
    bucketArn: pulumi.Output<string>,
    accountId: pulumi.Input<string>,
    parent: pulumi.Resource,
): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(
        name,
        {
            role: role.id,
            policy: pulumi.all([bucketArn, accountId]).apply(([arn, account]) =>
                JSON.stringify(
                    policyDocument([
                        { Effect: "Allow", Action: ["s3:GetBucketAcl"], Resource: [arn] },
                        {
                            Effect: "Allow",
                            Action: ["s3:PutObject"],
                            Resource: [`${arn}/AWSLogs/${account}/Config/*`],
                            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
                        },
                    ]),
                ),
            ),
        },
        { parent },
    );
}
