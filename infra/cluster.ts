import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CapacityProviderName, CapacityStrategyItem, ClusterConfig, Ec2CapacityConfig } from "./config/schema";

export interface ClusterArgs {
    config: ClusterConfig;
    /** The cluster's name in AWS. */
    clusterName: string;
    /** Private subnets, where container instances run. */
    privateSubnetIds: pulumi.Input<string>[];
    /** Security group of the container instances (required with ec2Capacity). */
    instanceSecurityGroupId?: pulumi.Input<string>;
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
    readonly namespace?: aws.servicediscovery.HttpNamespace;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:cluster:Cluster", name, {}, opts);
        const child = { parent: this };
        const { config } = args;

        if (config.serviceConnectNamespace) {
            this.namespace = new aws.servicediscovery.HttpNamespace(`${name}-namespace`, {
                name: config.serviceConnectNamespace,
                description: `Service Connect namespace of ${args.clusterName}`,
            }, child);
        }

        this.cluster = new aws.ecs.Cluster(`${name}-cluster`, {
            name: args.clusterName,
            settings: [{ name: "containerInsights", value: config.containerInsights }],
            serviceConnectDefaults: this.namespace ? { namespace: this.namespace.arn } : undefined,
        }, child);
        this.clusterName = this.cluster.name;

        if (config.ec2Capacity) {
            if (args.instanceSecurityGroupId === undefined) throw new Error("Cluster: ec2Capacity needs instanceSecurityGroupId");
            const asg = this.createInstances(name, args.clusterName, config.ec2Capacity, args.privateSubnetIds, args.instanceSecurityGroupId);
            this.autoScalingGroup = asg;
            this.ec2CapacityProvider = new aws.ecs.CapacityProvider(`${name}-ec2`, {
                autoScalingGroupProvider: {
                    autoScalingGroupArn: asg.arn,
                    managedTerminationProtection: "ENABLED",
                    managedDraining: "ENABLED",
                    managedScaling: {
                        status: "ENABLED",
                        targetCapacity: config.ec2Capacity.targetCapacityPercent,
                        minimumScalingStepSize: 1,
                        maximumScalingStepSize: 10,
                    },
                },
            }, child);
        }

        this.capacityProviders = new aws.ecs.ClusterCapacityProviders(`${name}-capacity`, {
            clusterName: this.cluster.name,
            capacityProviders: [
                "FARGATE",
                "FARGATE_SPOT",
                ...(this.ec2CapacityProvider ? [this.ec2CapacityProvider.name] : []),
            ],
            defaultCapacityProviderStrategies: this.strategy(config.defaultStrategy),
        }, child);

        this.registerOutputs({ clusterName: this.clusterName });
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
        }
    }

    private createInstances(
        name: string,
        clusterName: string,
        ec2: Ec2CapacityConfig,
        subnetIds: pulumi.Input<string>[],
        securityGroupId: pulumi.Input<string>,
    ): aws.autoscaling.Group {
        const child = { parent: this };
        const role = new aws.iam.Role(`${name}-instance`, {
            description: "ECS container instances: the ECS instance policy only",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"],
        }, child);
        const profile = new aws.iam.InstanceProfile(`${name}-instance`, { role: role.name }, child);
        const userData = [
            "#!/bin/bash",
            `echo ECS_CLUSTER=${clusterName} >> /etc/ecs/ecs.config`,
            "echo ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config",
            "echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config",
        ].join("\n");
        const template = new aws.ec2.LaunchTemplate(`${name}-instances`, {
            imageId: `resolve:ssm:${ECS_AMI_PARAMETER[ec2.architecture]}`,
            instanceType: ec2.instanceType,
            iamInstanceProfile: { arn: profile.arn },
            vpcSecurityGroupIds: [securityGroupId],
            userData: Buffer.from(userData).toString("base64"),
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            monitoring: { enabled: true },
            blockDeviceMappings: [{
                deviceName: "/dev/xvda",
                ebs: { volumeSize: ec2.rootVolumeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
            }],
            updateDefaultVersion: true,
        }, child);
        return new aws.autoscaling.Group(`${name}-instances`, {
            vpcZoneIdentifiers: subnetIds,
            minSize: ec2.minSize,
            maxSize: ec2.maxSize,
            launchTemplate: { id: template.id, version: "$Latest" },
            // Managed termination protection requires scale-in protection on the group.
            protectFromScaleIn: true,
            forceDelete: true,
            healthCheckType: "EC2",
            tags: [{ key: "AmazonECSManaged", value: "true", propagateAtLaunch: true }],
        }, { ...child, ignoreChanges: ["desiredCapacity"] });
    }
}
