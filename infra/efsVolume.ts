/**
 * A service's own EFS file system as a task volume: encrypted, reachable only over TLS, mounted in each private subnet
 * and entered through an access point that pins the POSIX user and root directory.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EfsGrant } from "./serviceRoles";
import { StatefulOptions } from "./stateful";

/** The task volume's name, which the container definition's mount point refers to. */
export const EFS_VOLUME_NAME = "efs";

export interface EfsVolumeArgs {
    /** Subnets of the mount targets: one per AZ, those the tasks run in. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The file system's security group, which admits NFS from the service only. */
    readonly securityGroupId: pulumi.Input<string>;
    /** The service mounts it read-only: the task role gets ClientMount without ClientWrite. */
    readonly readOnly: boolean;
    /** Protection of the file system, which holds the service's data. */
    readonly stateful: StatefulOptions;
}

export interface EfsVolume {
    readonly fileSystem: aws.efs.FileSystem;
    /** A task can mount the volume only once these exist. */
    readonly mountTargets: aws.efs.MountTarget[];
    /** The task definition's volume. */
    readonly volume: aws.types.input.ecs.TaskDefinitionVolume;
    /** What the task role needs to mount it. */
    readonly grant: pulumi.Output<EfsGrant>;
}

/** The file system with its TLS-only policy, mount targets and access point, as children of `parent`. */
export function createEfsVolume(name: string, args: EfsVolumeArgs, parent: pulumi.Resource): EfsVolume {
    const fileSystem = new aws.efs.FileSystem(
        `${name}-efs`,
        { encrypted: true, performanceMode: "generalPurpose", throughputMode: "elastic", tags: { Name: `${name}-efs` } },
        { parent, ...args.stateful },
    );
    new aws.efs.FileSystemPolicy(
        `${name}-efs`,
        { fileSystemId: fileSystem.id, policy: fileSystem.arn.apply((arn) => JSON.stringify(secureTransportOnly(arn))) },
        { parent },
    );
    const mountTargets = args.subnetIds.map(
        (subnetId, i) =>
            new aws.efs.MountTarget(`${name}-efs-az${i + 1}`, { fileSystemId: fileSystem.id, subnetId, securityGroups: [args.securityGroupId] }, { parent }),
    );
    const accessPoint = new aws.efs.AccessPoint(
        `${name}-efs`,
        {
            fileSystemId: fileSystem.id,
            posixUser: { uid: 1000, gid: 1000 },
            rootDirectory: { path: `/${name}`, creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "750" } },
        },
        { parent },
    );
    const volume = {
        name: EFS_VOLUME_NAME,
        efsVolumeConfiguration: {
            fileSystemId: fileSystem.id,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: accessPoint.id, iam: "ENABLED" },
        },
    };
    const readOnly = args.readOnly;
    const grant = pulumi.all([fileSystem.arn, accessPoint.arn]).apply(([fileSystemArn, accessPointArn]) => ({ fileSystemArn, accessPointArn, readOnly }));
    return { fileSystem, mountTargets, volume, grant };
}

/** The file system policy: nothing reaches the file system without TLS. */
function secureTransportOnly(fileSystemArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "*",
                Resource: fileSystemArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
