/**
 * Trust policies of the roles AWS services assume for the stack, with the confused-deputy conditions AWS documents
 * for each service: the service may assume the role only on behalf of this account (aws:SourceAccount) and, where
 * the service sets it, only for this account's resources (aws:SourceArn).
 */
import * as pulumi from "@pulumi/pulumi";

/** The account, partition and region that a stack's ARNs are built from. */
export interface AwsScope {
    accountId: pulumi.Input<string>;
    /** `aws`, `aws-cn` or `aws-us-gov`. */
    partition: pulumi.Input<string>;
    region: string;
}

/** Who may assume a role: an AWS service principal, under a condition when one is given. */
export interface TrustGrant {
    /** The service principal, `ecs-tasks.amazonaws.com`. */
    readonly service: string;
    /** IAM condition block (operator → key → value), e.g. the confused-deputy keys. @default none */
    readonly condition?: Record<string, Record<string, string>>;
}

/**
 * The trust document of a role AWS services assume: one Allow sts:AssumeRole statement per grant. Every role of the
 * program takes its trust policy from here (the provider's aws.iam.assumeRolePolicyForPrincipal emits no Condition).
 */
export function trustDocument(...grants: TrustGrant[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: grants.map((g) => ({
            Effect: "Allow",
            Principal: { Service: g.service },
            Action: "sts:AssumeRole",
            ...(g.condition ? { Condition: g.condition } : {}),
        })),
    });
}

/** A trust document allowing `service` to assume the role on behalf of this account, optionally for matching ARNs. */
export function serviceTrustPolicy(service: string, scope: AwsScope, sourceArn?: (arnPrefix: string) => string): pulumi.Output<string> {
    return pulumi.all([scope.accountId, scope.partition]).apply(([account, partition]) => {
        const condition: Record<string, Record<string, string>> = { StringEquals: { "aws:SourceAccount": account } };
        if (sourceArn) condition.ArnLike = { "aws:SourceArn": sourceArn(`arn:${partition}`) };
        return trustDocument({ service, condition });
    });
}

/**
 * Roles of ECS tasks (execution and task roles). Source: Amazon ECS Developer Guide, "Task IAM role", which recommends
 * aws:SourceArn arn:aws:ecs:REGION:ACCOUNT:* (a cluster-specific ARN is not supported) and aws:SourceAccount (read
 * 2026-12-02). The execution role has the same principal; AWS's example for it was not found, so that it works there
 * too can only be verified on AWS (README, "Deploying for real").
 */
export function ecsTasksTrustPolicy(scope: AwsScope): pulumi.Output<string> {
    return pulumi
        .output(scope.accountId)
        .apply((account) => serviceTrustPolicy("ecs-tasks.amazonaws.com", scope, (arn) => `${arn}:ecs:${scope.region}:${account}:*`));
}

/**
 * The VPC Flow Logs delivery role. Source: Amazon VPC User Guide, "IAM role for publishing flow logs to CloudWatch
 * Logs" (confused-deputy example with aws:SourceAccount and aws:SourceArn of vpc-flow-log/*; read 2026-12-02).
 */
export function flowLogsTrustPolicy(scope: AwsScope): pulumi.Output<string> {
    return pulumi
        .output(scope.accountId)
        .apply((account) => serviceTrustPolicy("vpc-flow-logs.amazonaws.com", scope, (arn) => `${arn}:ec2:${scope.region}:${account}:vpc-flow-log/*`));
}
