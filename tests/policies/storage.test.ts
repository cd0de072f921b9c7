import { strict as assert } from "assert";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { accessLogBucketPolicy } from "../../infra/loadBalancer";
import { check, deferred, Spec, UNKNOWN, verdict, violations } from "../helpers/policyPack";

describe("policy storage-encrypted", () => {
    const rule = "storage-encrypted";
    const lt = (inputs: Record<string, unknown>): Spec => ({
        type: RESOURCE_TYPES.launchTemplate,
        name: "lt",
        inputs: { metadataOptions: { httpTokens: "required" }, ...inputs },
    });

    it("flags unencrypted EFS file systems and EBS volumes and accepts encrypted ones", async () => {
        const found = await verdict(rule, [
            { type: RESOURCE_TYPES.efsFileSystem, name: "efs-plain", inputs: {} },
            { type: RESOURCE_TYPES.efsFileSystem, name: "efs-ok", inputs: { encrypted: true } },
            { type: RESOURCE_TYPES.ebsVolume, name: "ebs-plain", inputs: { encrypted: false, size: 10 } },
            { type: RESOURCE_TYPES.ebsVolume, name: "ebs-ok", inputs: { encrypted: true, size: 10 } },
        ]);
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["efs-plain", "ebs-plain"],
        );
    });

    it("asks launch templates to declare encrypted block devices", async () => {
        assert.match((await verdict(rule, [lt({})]))[0], /no blockDeviceMappings/);
        const found = await verdict(rule, [lt({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] })]);
        assert.deepEqual(found, ['lt: block device /dev/xvda is not encrypted; set ebs.encrypted to "true".']);
        assert.deepEqual(await verdict(rule, [lt({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }] })]), []);
    });
});

describe("policy instance-metadata-v2", () => {
    it("requires IMDSv2 tokens on launch templates", async () => {
        const lt = (metadataOptions?: unknown): Spec => ({
            type: RESOURCE_TYPES.launchTemplate,
            name: "lt",
            inputs: metadataOptions ? { metadataOptions } : {},
        });
        assert.deepEqual(await verdict("instance-metadata-v2", [lt({ httpTokens: "required" })]), []);
        assert.equal((await verdict("instance-metadata-v2", [lt({ httpTokens: "optional" })])).length, 1);
        assert.match((await verdict("instance-metadata-v2", [lt()]))[0], /httpTokens is not "required"/);
    });
});

describe("policy ecr-repository-hardening", () => {
    it("requires scan on push and immutable tags", async () => {
        const repo = (inputs: Record<string, unknown>): Spec => ({ type: RESOURCE_TYPES.ecrRepository, name: "repo", inputs });
        assert.deepEqual(
            await verdict("ecr-repository-hardening", [repo({ imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" })]),
            [],
        );
        assert.deepEqual(await verdict("ecr-repository-hardening", [repo({ imageTagMutability: "MUTABLE" })]), [
            "repo: scanOnPush is off; set imageScanningConfiguration.scanOnPush: true.",
            'repo: image tags are mutable; set imageTagMutability: "IMMUTABLE".',
        ]);
    });
});

describe("policy resource-policy-not-public", () => {
    const rule = "resource-policy-not-public";
    const bucketArn = "arn:aws:s3:::logs";
    const read = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${bucketArn}/*`, ...extra });
    const forms = (statement: Record<string, unknown>): Spec[] => {
        const policy = JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
        return [
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "bucket-policy", inputs: { bucket: "logs", policy } },
            { type: "aws:s3/bucket:Bucket", name: "bucket", inputs: { policy: JSON.parse(policy) } },
            { type: "aws:s3/bucketV2:BucketV2", name: "bucket-v2", inputs: { policy } },
            { type: "aws:s3/accessPoint:AccessPoint", name: "access-point", inputs: { bucket: "logs", policy } },
            { type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "secret-policy", inputs: { secretArn: UNKNOWN, policy } },
            { type: "aws:ecr/repositoryPolicy:RepositoryPolicy", name: "repository-policy", inputs: { repository: "app", policy } },
        ];
    };
    const FORMS = forms(read()).map((f) => f.name);

    it("flags a grant to everyone in every form, with the statement and what it grants", async () => {
        const found = await verdict(rule, forms(read({ Sid: "PublicRead" })));
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            FORMS,
        );
        assert.equal(
            found[0],
            'bucket-policy: policy.Statement[0] (PublicRead) grants "s3:GetObject" to everyone with no condition that pins the request to fixed values of ' +
                "aws:SourceVpce, aws:SourceVpc, aws:SourceAccount, aws:SourceArn, aws:SourceOwner or aws:SourceIp: public by S3's definition. " +
                "Name the principals, or add such a condition (aws:SecureTransport does not narrow who).",
        );
    });

    for (const [what, extra] of [
        ['{ AWS: "*" }', { Principal: { AWS: ["arn:aws:iam::123456789012:root", "*"] } }],
        ["NotPrincipal", { Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }],
        ["an aws:SecureTransport condition", { Condition: { Bool: { "aws:SecureTransport": "true" } } }],
        ["a wildcard source account", { Condition: { StringLike: { "aws:SourceAccount": "*" } } }],
        ["a policy variable", { Condition: { StringEquals: { "aws:SourceVpce": "${aws:username}" } } }],
        ["a world source range", { Condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/0"] } } }],
        ["source ranges that together are the world", { Condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"] } } }],
        ["a negated operator", { Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }],
        ["an IfExists operator", { Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }],
        ["a key S3 does not count (aws:PrincipalTag)", { Condition: { StringEquals: { "aws:PrincipalTag/team": "platform" } } }],
    ] as const) {
        it(`flags a grant to everyone with ${what}`, async () => {
            const found = await verdict(rule, forms(read(extra)));
            assert.deepEqual(
                found.map((f) => f.split(":")[0]),
                FORMS,
            );
        });
    }

    for (const [what, extra] of [
        ["a fixed aws:SourceVpce", { Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } }],
        ["a fixed aws:SourceVpc (ForAnyValue)", { Condition: { "ForAnyValue:StringEquals": { "aws:sourcevpc": ["vpc-111", "vpc-222"] } } }],
        ["fixed aws:SourceIp ranges", { Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.7"] } } }],
        [
            "a fixed aws:SourceAccount and aws:SourceArn",
            {
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1" },
                },
            },
        ],
        ["a named principal", { Principal: { AWS: "arn:aws:iam::123456789012:role/reader" } }],
        ["Deny", { Effect: "Deny" }],
    ] as const) {
        it(`passes a grant with ${what}`, async () => {
            assert.deepEqual(await verdict(rule, forms(read(extra))), []);
        });
    }

    it("passes the platform's ALB access-log bucket policy in a region with and without an ELB account", async () => {
        for (const region of ["us-east-1", "eu-south-2"]) {
            const policy = JSON.stringify(accessLogBucketPolicy(bucketArn, "123456789012", region));
            assert.deepEqual(await verdict(rule, [{ type: "aws:s3/bucketPolicy:BucketPolicy", name: "log", inputs: { bucket: "logs", policy } }]), [], region);
        }
    });

    it("reports a policy that is not JSON, and defers one unknown at preview", async () => {
        const found = await verdict(rule, [{ type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", inputs: { bucket: "b", policy: "{" } }]);
        assert.equal(found.length, 1);
        assert.match(found[0], /^p: policy is not valid JSON \(.*\); AWS refuses it, and the pack cannot judge who it grants to\.$/);
        const result = await check([{ type: "aws:s3/bucketPolicy:BucketPolicy", name: "u", inputs: { bucket: "b", policy: UNKNOWN } }]);
        assert.deepEqual(violations(result, rule), []);
        assert.equal(deferred(result, rule).length, 1);
    });
});

describe("policy resource-policy-not-public, edges", () => {
    const rule = "resource-policy-not-public";
    const everyone = { Sid: 7, Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };

    it("reads only resource policies, names a statement without a string Sid by index, and refuses an empty policy text", async () => {
        const policy = JSON.stringify({ Statement: [everyone] });
        const found = await verdict(rule, [
            { type: "aws:iam/policy:Policy", name: "identity", inputs: { policy } },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "numbered", inputs: { bucket: "b", policy } },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "empty", inputs: { bucket: "b", policy: "" } },
            { type: "aws:s3/bucket:Bucket", name: "none", inputs: {} },
        ]);
        assert.deepEqual(
            found.map((f) => f.split(" grants")[0]),
            ["numbered: policy.Statement[0]"],
        );
    });
});
