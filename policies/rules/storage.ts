import { ResourceRule } from "../lib/rule";
/** Storage and instance rules a security review adds: encrypted volumes, scanned immutable images, IMDSv2. */
import { DocumentError, rawStatements } from "../lib/iamDocuments";
import { isPublicStatement } from "../lib/publicPolicy";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { Judgement } from "../lib/unknowns";

function encryptedFlag(value: unknown): boolean {
    return value === true || value === "true";
}

export const storageEncrypted: ResourceRule = {
    name: "storage-encrypted",
    refuses: "unencrypted EFS, EBS volumes, launch-template block devices (and launch templates that leave the root volume to the account default)",
    reads: "`aws.efs.FileSystem`, `aws.ebs.Volume`, `aws.ec2.LaunchTemplate`",
    rationale: "Unencrypted volumes and file systems expose data in snapshots, backups and retired disks.",
    remediation: "Keep the platform's encrypted EFS and EC2 volumes (`encrypted: true`); set an encrypted root volume on launch templates you add.",
    description: "EFS file systems, EBS volumes and the volumes of launch templates are encrypted at rest.",
    validateResource: (args, report) => {
        const props = args.props;
        if (args.type === RESOURCE_TYPES.efsFileSystem || args.type === RESOURCE_TYPES.ebsVolume) {
            if (!encryptedFlag(props.encrypted)) report("encrypted is off; set encrypted: true (optionally with a KMS key).");
        } else if (args.type === RESOURCE_TYPES.launchTemplate) {
            const mappings: Record<string, any>[] = props.blockDeviceMappings ?? [];
            if (mappings.length === 0) {
                report('no blockDeviceMappings: the root volume\'s encryption depends on the account default; declare it with ebs.encrypted "true".');
            }
            for (const mapping of mappings) {
                if (mapping.ebs && !encryptedFlag(mapping.ebs.encrypted)) {
                    report(`block device ${mapping.deviceName ?? "(unnamed)"} is not encrypted; set ebs.encrypted to "true".`);
                }
            }
        }
    },
};

export const instanceMetadataV2: ResourceRule = {
    name: "instance-metadata-v2",
    refuses: "launch templates without `httpTokens: required`",
    reads: "LaunchTemplate",
    rationale: "IMDSv1 answers any request from the instance, so an SSRF bug in a container can read the instance role's credentials.",
    remediation: "Keep the platform's launch template (`metadataOptions.httpTokens: required`).",
    description: "Launch templates require IMDSv2 session tokens, so SSRF in a container cannot read instance credentials.",
    validateResource: (args, report) => {
        if (args.type !== RESOURCE_TYPES.launchTemplate) return;
        if (args.props.metadataOptions?.httpTokens !== "required") report('metadataOptions.httpTokens is not "required"; require IMDSv2.');
    },
};

export const ecrRepositoryHardening: ResourceRule = {
    name: "ecr-repository-hardening",
    refuses: "repositories without scan on push or with mutable tags",
    reads: "`aws.ecr.Repository`",
    rationale: "A mutable tag can be pushed over, so what runs is not what was reviewed; scan on push finds known vulnerabilities before deploy.",
    remediation: "Create repositories with `imageTagMutability: IMMUTABLE` and `scanOnPush: true`, and deploy by digest.",
    description: "ECR repositories scan images on push and keep tags immutable, so a deployed tag always means the same image.",
    validateResource: (args, report) => {
        if (args.type !== RESOURCE_TYPES.ecrRepository) return;
        if (args.props.imageScanningConfiguration?.scanOnPush !== true) report("scanOnPush is off; set imageScanningConfiguration.scanOnPush: true.");
        if (args.props.imageTagMutability !== "IMMUTABLE") report('image tags are mutable; set imageTagMutability: "IMMUTABLE".');
    },
};

/** Resource types whose `policy` input is a resource policy. */
export const RESOURCE_POLICY_TYPES = [
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/accessPoint:AccessPoint",
    "aws:secretsmanager/secretPolicy:SecretPolicy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy",
];

export const resourcePolicyNotPublic: ResourceRule = {
    name: "resource-policy-not-public",
    refuses:
        'a statement granting to everyone (`"*"`, `AWS: "*"`, NotPrincipal) unless a condition pins the request to fixed values of `aws:SourceIp` (not world-wide), `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceAccount`, `aws:SourceOwner` and the other keys of S3\'s "meaning of public"; `aws:SecureTransport`, negated and `…IfExists` operators do not pin',
    reads: "`aws.s3.BucketPolicy`, `Bucket`/`BucketV2` `policy`, `aws.s3.AccessPoint`, `aws.secretsmanager.SecretPolicy`, `aws.ecr.RepositoryPolicy`",
    rationale: "A resource policy that grants to everyone opens a bucket, secret or repository to every AWS account and, for S3, to the internet.",
    remediation:
        "Name the principals, or add a condition that pins the request (`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceVpce`, a narrow `aws:SourceIp`).",
    description:
        "No S3 bucket or access point policy, Secrets Manager secret policy or ECR repository policy grants to everyone " +
        "unless a condition pins the request to fixed values of aws:SourceIp, aws:SourceArn, aws:SourceVpc, " +
        "aws:SourceVpce, aws:SourceAccount, aws:SourceOwner or the like (S3's meaning of public; aws:SecureTransport " +
        "does not narrow who).",
    validateResource: (args, report) => {
        if (!RESOURCE_POLICY_TYPES.includes(args.type)) return;
        const judgement = new Judgement();
        judgement.check(() => {
            const raw = args.props.policy;
            if (raw === undefined || raw === null || raw === "") return;
            let statements: Record<string, unknown>[];
            try {
                statements = rawStatements(raw);
            } catch (err) {
                if (!(err instanceof DocumentError)) throw err;
                return report(`policy ${err.message}; AWS refuses it, and the pack cannot judge who it grants to.`);
            }
            statements.forEach((statement, i) => {
                if (!isPublicStatement(statement)) return;
                const label = `policy.Statement[${i}]${typeof statement.Sid === "string" ? ` (${statement.Sid})` : ""}`;
                const actions = JSON.stringify(statement.Action ?? statement.NotAction);
                report(
                    `${label} grants ${actions} to everyone with no condition that pins the request to fixed values of ` +
                        `aws:SourceVpce, aws:SourceVpc, aws:SourceAccount, aws:SourceArn, aws:SourceOwner or aws:SourceIp: public by ` +
                        `S3's definition. Name the principals, or add such a condition (aws:SecureTransport does not narrow who).`,
                );
            });
        });
        judgement.finish();
    },
};

export const storagePolicies = [storageEncrypted, instanceMetadataV2, ecrRepositoryHardening, resourcePolicyNotPublic];
