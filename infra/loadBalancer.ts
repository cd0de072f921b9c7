import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LoadBalancerConfig } from "./config/schema";
import { elbLogDeliveryPrincipal } from "./elbLogDelivery";
import { StatefulOptions } from "./stateful";
import { createLogBucket, denyInsecureTransport } from "./logBucket";

export interface LoadBalancerArgs {
    /** The validated loadBalancer section of the stack config. */
    readonly config: LoadBalancerConfig;
    /** The public subnets an internet-facing ALB has a node in, one per AZ. */
    readonly publicSubnetIds: pulumi.Input<string>[];
    /** The private subnets an internal ALB has a node in, one per AZ. */
    readonly privateSubnetIds: pulumi.Input<string>[];
    /** The ALB's security group: listener ports from the configured sources only. */
    readonly securityGroupId: pulumi.Input<string>;
    /** AWS region, which decides who delivers access logs. */
    readonly region: string;
    /** The stack's account: the log bucket accepts logs of this account's load balancers only. */
    readonly accountId: pulumi.Input<string>;
    /** Options of the access-log bucket. */
    readonly stateful: StatefulOptions;
}

const NOT_FOUND = { type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" } };

/**
 * The access-log bucket's policy: the region's ELB log delivery may write this account's logs under the prefix (as
 * AWS's example scopes it: ELB User Guide, "Enable access logs for your Application Load Balancer", step 2, read
 * 2026-12-02; without the account, any account's load balancers in the region could write here), and nothing may
 * reach the bucket without TLS.
 */
export function accessLogBucketPolicy(bucketArn: string, accountId: string, region: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ElbLogDelivery",
                Effect: "Allow",
                Principal: elbLogDeliveryPrincipal(region),
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${accountId}/*`,
            },
            denyInsecureTransport(bucketArn),
        ],
    };
}

/** Prefix of access-log objects in the bucket. */
export const ACCESS_LOG_PREFIX = "alb";

/**
 * The stack's one ALB: internet-facing in the public subnets, or internal in the private ones (loadBalancer.internal). With a certificate, HTTP redirects to HTTPS and the HTTPS
 * listener (TLS 1.2+) carries the service rules; without, the HTTP listener does. Unmatched requests get a fixed 404.
 */
export class LoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    /** The listener that carries the service rules. */
    readonly listener: aws.lb.Listener;
    readonly dnsName: pulumi.Output<string>;
    /** "https" with a certificate, else "http". */
    readonly scheme: "http" | "https";
    readonly accessLogBucket?: aws.s3.Bucket;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:loadbalancer:LoadBalancer", name, {}, opts);
        const child = { parent: this };
        const { config } = args;

        let accessLogs: aws.types.input.lb.LoadBalancerAccessLogs | undefined;
        let dependsOn: pulumi.Resource[] = [];
        if (config.accessLogs.enabled) {
            const { bucket, policy } = this.createAccessLogBucket(name, args, config.accessLogs.expireAfterDays);
            this.accessLogBucket = bucket;
            accessLogs = { bucket: bucket.bucket, prefix: ACCESS_LOG_PREFIX, enabled: true };
            dependsOn = [policy];
        }

        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: config.internal,
                // An internal ALB has its nodes (private addresses only) in the private subnets.
                subnets: config.internal ? args.privateSubnetIds : args.publicSubnetIds,
                securityGroups: [args.securityGroupId],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: config.deletionProtection,
                idleTimeout: config.idleTimeoutSeconds,
                accessLogs,
            },
            { ...child, dependsOn },
        );
        this.dnsName = this.loadBalancer.dnsName;

        const { listener, scheme } = this.createListeners(name, config);
        this.listener = listener;
        this.scheme = scheme;

        this.registerOutputs({ dnsName: this.dnsName });
    }

    /** Port 80 (a redirect to HTTPS when there is a certificate, else the routes) and, with a certificate, HTTPS. */
    private createListeners(name: string, config: LoadBalancerArgs["config"]): { listener: aws.lb.Listener; scheme: "http" | "https" } {
        const child = { parent: this };
        const http = new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    config.certificateArn ? { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } : NOT_FOUND,
                ],
            },
            child,
        );

        if (config.certificateArn) {
            const https = new aws.lb.Listener(
                `${name}-https`,
                {
                    loadBalancerArn: this.loadBalancer.arn,
                    port: 443,
                    protocol: "HTTPS",
                    sslPolicy: config.sslPolicy,
                    certificateArn: config.certificateArn,
                    defaultActions: [NOT_FOUND],
                },
                child,
            );
            return { listener: https, scheme: "https" };
        } else {
            return { listener: http, scheme: "http" };
        }
    }

    /** The URL of a path on this load balancer. */
    url(path: string): pulumi.Output<string> {
        return pulumi.interpolate`${this.scheme}://${this.dnsName}${path}`;
    }

    private createAccessLogBucket(name: string, args: LoadBalancerArgs, expireAfterDays: number) {
        return createLogBucket(
            `${name}-access-logs`,
            {
                expireAfterDays,
                lifecycleRuleId: "expire-access-logs",
                policy: (arn, account) => accessLogBucketPolicy(arn, account, args.region),
                accountId: args.accountId,
                stateful: args.stateful,
            },
            this,
        );
    }
}
