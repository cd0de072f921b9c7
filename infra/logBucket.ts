import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StatefulOptions } from "./stateful";

export interface LogBucketArgs {
    /** Days objects are kept before they expire. */
    readonly expireAfterDays: number;
    /** The lifecycle rule's id. */
    readonly lifecycleRuleId: string;
    /** The bucket policy, from the bucket's ARN, the stack's account and partition: who may deliver logs, and TLS only. */
    readonly policy: (bucketArn: string, accountId: string, partition: string) => object;
    /** The stack's account id. */
    readonly accountId: pulumi.Input<string>;
    /** The stack's partition, for ARNs in the policy. @default "aws" */
    readonly partition?: pulumi.Input<string>;
    /** Protection of the bucket. */
    readonly stateful: StatefulOptions;
}

/**
 * A bucket an AWS service delivers logs to (ALB access logs, AWS Config snapshots, CloudTrail): no public access, the
 * bucket owner owns every object (ACLs off), SSE-S3 by default (ALB access logs accept SSE-S3 only: ELB User Guide,
 * "Enable access logs", read 2026-11-23), objects expire, and the given policy. Returns the bucket and its policy,
 * which delivery must wait for.
 */
export function createLogBucket(name: string, args: LogBucketArgs, parent: pulumi.Resource): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const child = { parent };
    const bucket = new aws.s3.Bucket(name, { forceDestroy: false }, { ...child, ...args.stateful });
    new aws.s3.BucketPublicAccessBlock(
        name,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        child,
    );
    new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
    new aws.s3.BucketServerSideEncryptionConfiguration(
        name,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        child,
    );
    new aws.s3.BucketLifecycleConfiguration(
        name,
        { bucket: bucket.id, rules: [{ id: args.lifecycleRuleId, status: "Enabled", filter: {}, expiration: { days: args.expireAfterDays } }] },
        child,
    );
    const policy = new aws.s3.BucketPolicy(
        name,
        {
            bucket: bucket.id,
            policy: pulumi
                .all([bucket.arn, args.accountId, args.partition ?? "aws"])
                .apply(([arn, account, partition]) => JSON.stringify(args.policy(arn, account, partition))),
        },
        child,
    );
    return { bucket, policy };
}

/** The statement every log bucket carries: nothing reaches it without TLS. */
export function denyInsecureTransport(bucketArn: string) {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * The policy of a bucket an AWS service delivers to under `AWSLogs/ACCOUNT/` (AWS Config, CloudTrail): the service
 * may check the bucket and write objects it hands to the bucket owner, each under `condition` (the account or the
 * delivering resource, against the confused deputy), and nothing reaches the bucket without TLS.
 */
export function serviceDeliveryPolicy(args: {
    /** Sid prefix: `<sid>BucketCheck`, `<sid>Write`. */
    sid: string;
    service: string;
    bucketArn: string;
    /** What the service reads of the bucket before it writes (GetBucketAcl; AWS Config also ListBucket). */
    checkActions: string[];
    /** The objects it writes, e.g. `arn…/AWSLogs/ACCOUNT/Config/*`. */
    writeResource: string;
    condition: Record<string, string>;
}) {
    const principal = { Service: args.service };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: `${args.sid}BucketCheck`,
                Effect: "Allow",
                Principal: principal,
                Action: args.checkActions,
                Resource: args.bucketArn,
                Condition: { StringEquals: args.condition },
            },
            {
                Sid: `${args.sid}Write`,
                Effect: "Allow",
                Principal: principal,
                Action: "s3:PutObject",
                Resource: args.writeResource,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...args.condition } },
            },
            denyInsecureTransport(args.bucketArn),
        ],
    };
}
