/**
 * The ECS Managed Instances capacity provider: ECS chooses, launches, patches and retires the EC2 instances from
 * attribute-based requirements, with two roles of the stack (CreateCapacityProvider, ManagedInstancesProvider; Amazon
 * ECS Developer Guide, "Amazon ECS Managed Instances", read 2026-12-02):
 * - the infrastructure role, which ECS assumes to manage the instances (AWS managed policy
 *   AmazonECSInfrastructureRolePolicyForManagedInstances);
 * - the instance role in an instance profile, which the ECS agent on each instance uses (AWS managed policy
 *   AmazonECSInstanceRolePolicyForManagedInstances).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ManagedInstancesConfig } from "./config/schema";
import { createAwsServiceRole } from "./awsServiceRole";

export interface ManagedInstancesArgs {
    /** The validated cluster.managedInstances section. */
    readonly config: ManagedInstancesConfig;
    /** The cluster the provider belongs to (a Managed Instances provider is created inside one cluster). */
    readonly cluster: aws.ecs.Cluster;
    /** `aws`, `aws-cn` or `aws-us-gov`: AWS managed policy ARNs carry it. */
    readonly partition: pulumi.Input<string>;
    /** Private subnets, where ECS launches the instances. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The container instances' security group (no ingress; HTTPS out). */
    readonly securityGroupIds: pulumi.Input<string>[];
    /** Routes, NAT or endpoints and security-group rules the instances need before ECS launches the first. @default [] */
    readonly networkReady?: pulumi.Resource[];
}

export interface ManagedInstances {
    readonly provider: aws.ecs.CapacityProvider;
    readonly infrastructureRole: aws.iam.Role;
    readonly instanceRole: aws.iam.Role;
    readonly instanceProfile: aws.iam.InstanceProfile;
}

/**
 * The instance role's name must start with this: AmazonECSInfrastructureRolePolicyForManagedInstances allows
 * iam:PassRole on arn:aws:iam::*:role/ecsInstanceRole* only, and an auto-generated name fails at task launch (Amazon
 * ECS Developer Guide, "Amazon ECS Managed Instances instance profile", read 2026-12-02).
 */
const MANAGED_INSTANCE_ROLE_PREFIX = "ecsInstanceRole";

/** CPU manufacturers per architecture: Graviton is "amazon-web-services" in EC2's instance requirements. */
const CPU_MANUFACTURERS: Record<ManagedInstancesConfig["architecture"], string[]> = { x86_64: ["intel", "amd"], arm64: ["amazon-web-services"] };

/** The provider and its two roles, children of `parent`. */
export function createManagedInstances(name: string, args: ManagedInstancesArgs, parent: pulumi.Resource): ManagedInstances {
    const child = { parent };
    const mi = args.config;
    // The infrastructure role: AWS documents its trust without conditions, as for the other ECS infrastructure roles.
    const infrastructure = createAwsServiceRole(
        `${name}-mi-infrastructure`,
        {
            service: "ecs.amazonaws.com",
            description: "Lets ECS launch and manage the cluster's Managed Instances",
            managedPolicy: "AmazonECSInfrastructureRolePolicyForManagedInstances",
            partition: args.partition,
        },
        parent,
    );
    // The instance role's name prefix keeps it within the infrastructure policy's PassRole pattern; IAM role names are
    // at most 64 characters, and namePrefix leaves 26 of them for the random suffix.
    const instance = createAwsServiceRole(
        `${name}-mi-instance`,
        {
            service: "ec2.amazonaws.com",
            description: "ECS Managed Instances: the ECS instance policy for Managed Instances only",
            managedPolicy: "AmazonECSInstanceRolePolicyForManagedInstances",
            partition: args.partition,
            namePrefix: `${MANAGED_INSTANCE_ROLE_PREFIX}-`,
            instanceProfile: true,
        },
        parent,
    );
    const infrastructureRole = infrastructure.role;
    const infrastructureAttachment = infrastructure.attachment;
    const instanceRole = instance.role;
    const instanceAttachment = instance.attachment;
    const instanceProfile = instance.profile!;

    const provider = new aws.ecs.CapacityProvider(
        `${name}-managed-instances`,
        {
            cluster: args.cluster.name,
            managedInstancesProvider: {
                infrastructureRoleArn: infrastructureRole.arn,
                propagateTags: "CAPACITY_PROVIDER",
                infrastructureOptimization: mi.scaleInAfterSeconds === undefined ? undefined : { scaleInAfter: mi.scaleInAfterSeconds },
                instanceLaunchTemplate: launchTemplate(mi, instanceProfile.arn, args),
            },
        },
        // The roles' policies must be attached before ECS uses them to launch the first instance.
        { ...child, dependsOn: [infrastructureAttachment, instanceAttachment, ...(args.networkReady ?? [])] },
    );
    return { provider, infrastructureRole, instanceRole, instanceProfile };
}

/** How ECS launches the instances: profile, subnets and group, purchase option, task volume, requirements. */
function launchTemplate(
    mi: ManagedInstancesConfig,
    instanceProfileArn: pulumi.Input<string>,
    args: ManagedInstancesArgs,
): aws.types.input.ecs.CapacityProviderManagedInstancesProviderInstanceLaunchTemplate {
    return {
        ec2InstanceProfileArn: instanceProfileArn,
        capacityOptionType: mi.purchase === "spot" ? "SPOT" : "ON_DEMAND",
        networkConfiguration: { subnets: args.subnetIds, securityGroups: args.securityGroupIds },
        storageConfiguration: { storageSizeGib: mi.storageGiB },
        monitoring: "DETAILED",
        instanceRequirements: {
            vcpuCount: { min: mi.vcpu.min, max: mi.vcpu.max },
            memoryMib: { min: mi.memoryMiB.min, max: mi.memoryMiB.max },
            cpuManufacturers: CPU_MANUFACTURERS[mi.architecture],
            allowedInstanceTypes: mi.allowedInstanceTypes.length > 0 ? [...mi.allowedInstanceTypes] : undefined,
            // Current generations only: older ones are slower per dollar and some lack Nitro.
            instanceGenerations: ["current"],
            // Burstable types run out of CPU credits under steady load.
            burstablePerformance: "excluded",
        },
    };
}
