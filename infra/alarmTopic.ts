import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StatefulOptions } from "./stateful";
import { AwsScope } from "./trust";

export interface AlarmTopicArgs {
    /** Account and partition of the key policy's administrator statement. */
    readonly scope: AwsScope;
    /** Prefix of the names AWS shows: the topic is `<prefix>-alarms`. */
    readonly namePrefix: string;
    /** Addresses subscribed by email. @default [] */
    readonly emails: readonly string[];
    /** Protection of the key: a deleted key makes every message encrypted with it unreadable. */
    readonly stateful: StatefulOptions;
}

/**
 * Where the stack's alarms go: an SNS topic encrypted with a customer managed KMS key, and its email subscriptions.
 *
 * The key is the stack's own because CloudWatch alarms cannot publish to a topic encrypted with the AWS managed
 * `alias/aws/sns` key, whose policy cannot be changed: the key policy must let `cloudwatch.amazonaws.com` use the key
 * (`kms:Decrypt`, `kms:GenerateDataKey*`). Source: Amazon SNS Developer Guide, "Key management" and "Configuring
 * AWS KMS permissions" for event sources from AWS services (read 2026-12-02). No condition narrows that statement:
 * the guide documents none for CloudWatch, and one CloudWatch does not send would stop every alarm mail.
 */
/** The component's type token (the cost estimate finds the topic's key by it). */
export const ALARM_TOPIC_TYPE = "ecsplatform:monitoring:AlarmTopic";

export class AlarmTopic extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;
    readonly key: aws.kms.Key;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ALARM_TOPIC_TYPE, name, {}, opts);
        const child = { parent: this };
        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `${args.namePrefix}: encrypts the alarm topic`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi.all([args.scope.accountId, args.scope.partition]).apply(([account, partition]) => keyPolicy(account, partition)),
            },
            { ...child, ...args.stateful },
        );
        new aws.kms.Alias(`${name}-key`, { name: `alias/${args.namePrefix}-alarms`, targetKeyId: this.key.keyId }, child);
        const topic = new aws.sns.Topic(`${name}-topic`, { name: `${args.namePrefix}-alarms`, kmsMasterKeyId: this.key.arn }, child);
        // Named by the address, not its position: removing one address must not rename (and so replace) the others. An
        // unconfirmed email subscription cannot be deleted by the provider (aws/sns/topicSubscription.d.ts), so a
        // replacement would leave it behind and mail a new confirmation.
        for (const email of args.emails) {
            new aws.sns.TopicSubscription(
                `${name}-email-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                child,
            );
        }
        this.topicArn = topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}

/** The key's policy: the account administers it (as AWS's default key policy does); CloudWatch may encrypt with it. */
function keyPolicy(account: string, partition: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CloudWatchAlarmsPublishToTheTopic",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ],
    });
}
