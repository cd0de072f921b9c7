import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAwsServiceRole } from "./awsServiceRole";
import { CapacityProviderName, CapacityStrategyItem, ClusterConfig, Ec2CapacityConfig } from "./config/schema";
import { createManagedInstances, ManagedInstances } from "./managedInstances";
import { StatefulOptions } from "./stateful";

export interface ClusterArgs {
    /** The validated cluster section of the stack config. */
    readonly config: ClusterConfig;
    /** The cluster's name in AWS. */
    readonly clusterName: string;
    /** `aws`, `aws-cn` or `aws-us-gov`: AWS managed policy ARNs carry it. */
    readonly partition: pulumi.Input<string>;
    /** Private subnets, where container instances run. */
    readonly privateSubnetIds: pulumi.Input<string>[];
    /**
     * Security groups of the container instances: their own, and in a services stack the network stack's endpoint
     * clients group (required with ec2Capacity or managedInstances).
     * @default none: allowed without instances only; with them the constructor throws.
     */
    readonly instanceSecurityGroupIds?: pulumi.Input<string>[];
    /**
     * ECS Exec sessions are encrypted with a key of the stack and logged to this group with this retention.
     * @default none: no session key, no session log group, and the cluster sets no executeCommandConfiguration.
     */
    readonly execSessions?: { readonly logGroupName: string; readonly logRetentionDays: number };
    /** Routes, NAT gateways or endpoints, and security-group rules instances need before the first one launches. @default [] */
    readonly instanceNetworkReady?: pulumi.Resource[];
    /** The provider's default tags (aws:defaultTags), which EC2 instances and volumes launched by the group must carry too. */
    readonly defaultTags: Record<string, string>;
    /** Protection of the ECS Exec key and log group. */
    readonly stateful: StatefulOptions;
}

/** The KMS key and log group of ECS Exec sessions. */
export interface ExecSessions {
    key: aws.kms.Key;
    logGroup: aws.cloudwatch.LogGroup;
}

/**
 * ECS-optimized Amazon Linux 2023 AMIs, resolved by EC2 at each launch from the public SSM parameters, so that a
 * new AMI needs no plan change. Source: Amazon ECS Developer Guide, "Retrieving Amazon ECS-optimized Linux AMI
 * metadata" (read 2026-11-23).
 */
export const ECS_AMI_PARAMETER: Record<Ec2CapacityConfig["architecture"], string> = {
    x86_64: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    arm64: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
};

/**
 * The ECS cluster with Container Insights, the FARGATE and FARGATE_SPOT capacity providers, optionally an EC2
 * capacity provider on an Auto Scaling group, the default strategy, and an optional Service Connect namespace.
 *
 * `pulumi destroy` with managed termination protection: instances are protected from scale-in, so an Auto Scaling
 * group cannot shrink while tasks run on it and its deletion would wait for ever. Services therefore depend on
 * `capacityProviders` (they go first), and the group has `forceDelete`, which terminates protected instances once
 * nothing runs on them.
 */
export class Cluster extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly clusterName: pulumi.Output<string>;
    readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
    readonly ec2CapacityProvider?: aws.ecs.CapacityProvider;
    readonly autoScalingGroup?: aws.autoscaling.Group;
    /** The Managed Instances capacity provider and its roles (cluster.managedInstances). */
    readonly managedInstances?: ManagedInstances;
    readonly namespace?: aws.servicediscovery.HttpNamespace;
    readonly execSessions?: ExecSessions;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:cluster:Cluster", name, {}, opts);
        const child = { parent: this };
        const { config } = args;

        if (config.serviceConnectNamespace) {
            this.namespace = new aws.servicediscovery.HttpNamespace(
                `${name}-namespace`,
                { name: config.serviceConnectNamespace, description: `Service Connect namespace of ${args.clusterName}` },
                child,
            );
        }

        const serviceLinkedRole = config.createServiceLinkedRole ? this.createServiceLinkedRole(name) : undefined;

        if (args.execSessions) this.execSessions = this.createExecSessions(name, args.execSessions, args.stateful);
        this.cluster = this.createCluster(name, args, serviceLinkedRole);
        this.clusterName = this.cluster.name;

        if (config.ec2Capacity) {
            if (args.instanceSecurityGroupIds === undefined) throw new Error("Cluster: ec2Capacity needs instanceSecurityGroupIds");
            this.autoScalingGroup = this.createInstances(name, args, config.ec2Capacity, args.instanceSecurityGroupIds);
            this.ec2CapacityProvider = this.createEc2CapacityProvider(name, this.autoScalingGroup, config.ec2Capacity);
        }

        if (config.managedInstances) {
            if (args.instanceSecurityGroupIds === undefined) throw new Error("Cluster: managedInstances needs instanceSecurityGroupIds");
            this.managedInstances = createManagedInstances(
                name,
                {
                    config: config.managedInstances,
                    cluster: this.cluster,
                    partition: args.partition,
                    subnetIds: args.privateSubnetIds,
                    securityGroupIds: args.instanceSecurityGroupIds,
                    networkReady: args.instanceNetworkReady,
                },
                this,
            );
        }

        // A Managed Instances provider belongs to its cluster from its creation (CreateCapacityProvider's cluster), and
        // PutClusterCapacityProviders does not take one (ECS API Reference, read 2026-12-02): it is not listed here.
        this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity`,
            {
                clusterName: this.cluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT", ...(this.ec2CapacityProvider ? [this.ec2CapacityProvider.name] : [])],
                defaultCapacityProviderStrategies: this.strategy(config.defaultStrategy),
            },
            child,
        );

        this.registerOutputs({ clusterName: this.clusterName });
    }

    /** The cluster: Container Insights, Service Connect defaults and ECS Exec session settings. */
    private createCluster(name: string, args: ClusterArgs, serviceLinkedRole: aws.iam.ServiceLinkedRole | undefined): aws.ecs.Cluster {
        const exec = this.execSessions;
        return new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                name: args.clusterName,
                settings: [{ name: "containerInsights", value: args.config.containerInsights }],
                serviceConnectDefaults: this.namespace ? { namespace: this.namespace.arn } : undefined,
                // ECS Exec sessions encrypted with the stack's key and logged (the task role may use both: serviceRoles).
                configuration: exec
                    ? {
                          executeCommandConfiguration: {
                              kmsKeyId: exec.key.arn,
                              logging: "OVERRIDE",
                              logConfiguration: { cloudWatchLogGroupName: exec.logGroup.name, cloudWatchEncryptionEnabled: false },
                          },
                      }
                    : undefined,
            },
            { parent: this, dependsOn: serviceLinkedRole ? [serviceLinkedRole] : [] },
        );
    }

    /** A capacity provider strategy in the form the ECS resources take. */
    strategy(items: readonly CapacityStrategyItem[]): { capacityProvider: pulumi.Input<string>; base: number; weight: number }[] {
        return items.map((item) => ({ capacityProvider: this.providerName(item.provider), base: item.base, weight: item.weight }));
    }

    private providerName(provider: CapacityProviderName): pulumi.Input<string> {
        switch (provider) {
            case "fargate":
                return "FARGATE";
            case "fargateSpot":
                return "FARGATE_SPOT";
            case "ec2":
                if (!this.ec2CapacityProvider) throw new Error('capacity provider "ec2" used without cluster.ec2Capacity');
                return this.ec2CapacityProvider.name;
            case "managedInstances":
                if (!this.managedInstances) throw new Error('capacity provider "managedInstances" used without cluster.managedInstances');
                return this.managedInstances.provider.name;
        }
    }

    /**
     * A fresh account has no ECS service-linked role until something creates it; CreateCluster and
     * CreateCapacityProvider then fail ("Unable to assume the service linked role"). It is account-wide and other
     * stacks may rely on it, so it is never deleted with this one.
     */
    private createServiceLinkedRole(name: string): aws.iam.ServiceLinkedRole {
        return new aws.iam.ServiceLinkedRole(
            `${name}-ecs-service-linked-role`,
            { awsServiceName: "ecs.amazonaws.com", description: "Lets Amazon ECS manage the cluster's resources" },
            { parent: this, retainOnDelete: true },
        );
    }

    /** The EC2 capacity provider on the group: managed scaling, termination protection and draining. */
    private createEc2CapacityProvider(name: string, asg: aws.autoscaling.Group, ec2: Ec2CapacityConfig): aws.ecs.CapacityProvider {
        return new aws.ecs.CapacityProvider(
            `${name}-ec2`,
            {
                autoScalingGroupProvider: {
                    autoScalingGroupArn: asg.arn,
                    managedTerminationProtection: "ENABLED",
                    managedDraining: "ENABLED",
                    managedScaling: { status: "ENABLED", targetCapacity: ec2.targetCapacityPercent, minimumScalingStepSize: 1, maximumScalingStepSize: 10 },
                },
            },
            { parent: this, dependsOn: [this.cluster] },
        ); // after the cluster, and so after the service-linked role
    }

    private createExecSessions(name: string, exec: NonNullable<ClusterArgs["execSessions"]>, stateful: StatefulOptions): ExecSessions {
        const child = { parent: this };
        const key = new aws.kms.Key(
            `${name}-exec`,
            {
                description: "Encrypts ECS Exec sessions of the cluster",
                enableKeyRotation: true,
                // KMS waits 7 to 30 days before deleting a key; the shortest where the stack's data is not protected.
                deletionWindowInDays: stateful.protect ? 30 : 7,
            },
            { ...child, ...stateful },
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-exec`,
            { name: exec.logGroupName, retentionInDays: exec.logRetentionDays },
            { ...child, ...stateful },
        );
        return { key, logGroup };
    }

    /** The container instances' role (the ECS instance policy only) and its instance profile. */
    /**
     * The container instances' role (the ECS instance policy only) and its instance profile. No confused-deputy
     * condition: AWS documents none for instance-profile roles, and reports say EC2 sets neither aws:SourceAccount nor
     * aws:SourceArn when it assumes them (prowler#2810, 2023-09; #7021, 2025-02; IAM User Guide, "The confused deputy
     * problem", read 2026-12-02).
     */
    private createInstanceProfile(
        name: string,
        partition: pulumi.Input<string>,
    ): { profile: aws.iam.InstanceProfile; attachment: aws.iam.RolePolicyAttachment } {
        const { profile, attachment } = createAwsServiceRole(
            `${name}-instance`,
            {
                service: "ec2.amazonaws.com",
                description: "ECS container instances: the ECS instance policy only",
                managedPolicy: "service-role/AmazonEC2ContainerServiceforEC2Role",
                partition,
                instanceProfile: true,
            },
            this,
        );
        return { profile: profile!, attachment };
    }

    private createInstances(name: string, args: ClusterArgs, ec2: Ec2CapacityConfig, securityGroupIds: pulumi.Input<string>[]): aws.autoscaling.Group {
        const child = { parent: this };
        const clusterName = args.clusterName;
        const { profile, attachment } = this.createInstanceProfile(name, args.partition);
        const userData = [
            "#!/bin/bash",
            `echo ECS_CLUSTER=${clusterName} >> /etc/ecs/ecs.config`,
            "echo ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config",
            "echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config",
        ].join("\n");
        const template = new aws.ec2.LaunchTemplate(
            `${name}-instances`,
            {
                imageId: `resolve:ssm:${ECS_AMI_PARAMETER[ec2.architecture]}`,
                // Instances and their volumes carry the stack's default tags; the provider's defaultTags reach neither.
                tagSpecifications: Object.keys(args.defaultTags).length
                    ? ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: args.defaultTags }))
                    : undefined,
                instanceType: ec2.instanceType,
                iamInstanceProfile: { arn: profile.arn },
                vpcSecurityGroupIds: securityGroupIds,
                userData: Buffer.from(userData).toString("base64"),
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                monitoring: { enabled: true },
                blockDeviceMappings: [
                    { deviceName: "/dev/xvda", ebs: { volumeSize: ec2.rootVolumeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
                ],
                updateDefaultVersion: true,
            },
            { ...child, dependsOn: [attachment] },
        );
        const groupTags = Object.entries(args.defaultTags).map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
        return new aws.autoscaling.Group(
            `${name}-instances`,
            {
                vpcZoneIdentifiers: args.privateSubnetIds,
                minSize: ec2.minSize,
                maxSize: ec2.maxSize,
                launchTemplate: { id: template.id, version: "$Latest" },
                // Managed termination protection requires scale-in protection on the group.
                protectFromScaleIn: true,
                forceDelete: true,
                healthCheckType: "EC2",
                tags: [{ key: "AmazonECSManaged", value: "true", propagateAtLaunch: true }, ...groupTags],
            },
            // The first instance launches with its group: its way out and its group's rules must exist by then.
            { ...child, ignoreChanges: ["desiredCapacity"], dependsOn: args.instanceNetworkReady ?? [] },
        );
    }
}
