/** Storage and instance rules a security review adds: encrypted volumes, scanned immutable images, IMDSv2. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { T } from "../lib/resourceTypes";

function encryptedFlag(value: unknown): boolean {
    return value === true || value === "true";
}

export const storageEncrypted: ResourceValidationPolicy = {
    name: "storage-encrypted",
    description: "EFS file systems, EBS volumes and the volumes of launch templates are encrypted at rest.",
    validateResource: (args, report) => {
        const props = args.props;
        if (args.type === T.efsFileSystem || args.type === T.ebsVolume) {
            if (!encryptedFlag(props.encrypted)) report("encrypted is off; set encrypted: true (optionally with a KMS key).");
        } else if (args.type === T.launchTemplate) {
            const mappings: Record<string, any>[] = props.blockDeviceMappings ?? [];
            if (mappings.length === 0) {
                report("no blockDeviceMappings: the root volume's encryption depends on the account default; declare it with ebs.encrypted \"true\".");
            }
            for (const mapping of mappings) {
                if (mapping.ebs && !encryptedFlag(mapping.ebs.encrypted)) {
                    report(`block device ${mapping.deviceName ?? "(unnamed)"} is not encrypted; set ebs.encrypted to "true".`);
                }
            }
        }
    },
};

export const instanceMetadataV2: ResourceValidationPolicy = {
    name: "instance-metadata-v2",
    description: "Launch templates require IMDSv2 session tokens, so SSRF in a container cannot read instance credentials.",
    validateResource: (args, report) => {
        if (args.type !== T.launchTemplate) return;
        if (args.props.metadataOptions?.httpTokens !== "required") report('metadataOptions.httpTokens is not "required"; require IMDSv2.');
    },
};

export const ecrRepositoryHardening: ResourceValidationPolicy = {
    name: "ecr-repository-hardening",
    description: "ECR repositories scan images on push and keep tags immutable, so a deployed tag always means the same image.",
    validateResource: (args, report) => {
        if (args.type !== T.ecrRepository) return;
        if (args.props.imageScanningConfiguration?.scanOnPush !== true) report("scanOnPush is off; set imageScanningConfiguration.scanOnPush: true.");
        if (args.props.imageTagMutability !== "IMMUTABLE") report('image tags are mutable; set imageTagMutability: "IMMUTABLE".');
    },
};

export const storagePolicies = [storageEncrypted, instanceMetadataV2, ecrRepositoryHardening];
