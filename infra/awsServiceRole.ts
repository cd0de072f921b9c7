/**
 * A role an AWS service assumes with one AWS managed policy attached (an attachment resource: managedPolicyArns on
 * aws.iam.Role is deprecated in @pulumi/aws 7), optionally in an instance profile. The role, the attachment and the
 * profile share one logical name. The trust carries a confused-deputy condition (aws:SourceAccount) only when given a
 * scope: the EC2 instance and ECS infrastructure roles have none, as AWS documents them (a condition on a key the
 * service does not send would deny it); AWS Config's recorder role has one.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsScope, serviceTrustPolicy, trustDocument } from "./trust";

export interface AwsServiceRoleArgs {
    /** The service principal, `ec2.amazonaws.com`. */
    readonly service: string;
    readonly description: string;
    /** The AWS managed policy's path and name: `service-role/AmazonEC2ContainerServiceforEC2Role`. */
    readonly managedPolicy: string;
    /** `aws`, `aws-cn` or `aws-us-gov`. */
    readonly partition: pulumi.Input<string>;
    /** A role name prefix where a policy must match the name. @default none: auto-named */
    readonly namePrefix?: string;
    /** Trust the service only on behalf of this account (`aws:SourceAccount`), where the service sends it. @default none */
    readonly sourceAccount?: AwsScope;
    /** Put the role in an instance profile of the same logical name. @default false */
    readonly instanceProfile?: boolean;
}

export interface AwsServiceRole {
    readonly role: aws.iam.Role;
    readonly attachment: aws.iam.RolePolicyAttachment;
    readonly profile?: aws.iam.InstanceProfile;
}

export function createAwsServiceRole(name: string, args: AwsServiceRoleArgs, parent: pulumi.Resource): AwsServiceRole {
    const child = { parent };
    const role = new aws.iam.Role(
        name,
        {
            namePrefix: args.namePrefix,
            description: args.description,
            assumeRolePolicy: args.sourceAccount ? serviceTrustPolicy(args.service, args.sourceAccount) : trustDocument({ service: args.service }),
        },
        child,
    );
    const attachment = new aws.iam.RolePolicyAttachment(
        name,
        { role: role.name, policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${args.managedPolicy}` },
        child,
    );
    const profile = args.instanceProfile ? new aws.iam.InstanceProfile(name, { role: role.name }, child) : undefined;
    return { role, attachment, profile };
}
