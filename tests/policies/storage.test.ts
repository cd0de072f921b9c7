import { strict as assert } from "assert";
import { T } from "../../policies/lib/resourceTypes";
import { Spec, verdict } from "../helpers/policyPack";

describe("policy storage-encrypted", () => {
    const rule = "storage-encrypted";
    const lt = (inputs: Record<string, unknown>): Spec => ({ type: T.launchTemplate, name: "lt", inputs: { metadataOptions: { httpTokens: "required" }, ...inputs } });

    it("flags unencrypted EFS file systems and EBS volumes and accepts encrypted ones", async () => {
        const found = await verdict(rule, [
            { type: T.efsFileSystem, name: "efs-plain", inputs: {} },
            { type: T.efsFileSystem, name: "efs-ok", inputs: { encrypted: true } },
            { type: T.ebsVolume, name: "ebs-plain", inputs: { encrypted: false, size: 10 } },
            { type: T.ebsVolume, name: "ebs-ok", inputs: { encrypted: true, size: 10 } },
        ]);
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["efs-plain", "ebs-plain"]);
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
        const lt = (metadataOptions?: unknown): Spec => ({ type: T.launchTemplate, name: "lt", inputs: metadataOptions ? { metadataOptions } : {} });
        assert.deepEqual(await verdict("instance-metadata-v2", [lt({ httpTokens: "required" })]), []);
        assert.equal((await verdict("instance-metadata-v2", [lt({ httpTokens: "optional" })])).length, 1);
        assert.match((await verdict("instance-metadata-v2", [lt()]))[0], /httpTokens is not "required"/);
    });
});

describe("policy ecr-repository-hardening", () => {
    it("requires scan on push and immutable tags", async () => {
        const repo = (inputs: Record<string, unknown>): Spec => ({ type: T.ecrRepository, name: "repo", inputs });
        assert.deepEqual(await verdict("ecr-repository-hardening", [repo({ imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" })]), []);
        assert.deepEqual(await verdict("ecr-repository-hardening", [repo({ imageTagMutability: "MUTABLE" })]), [
            "repo: scanOnPush is off; set imageScanningConfiguration.scanOnPush: true.",
            'repo: image tags are mutable; set imageTagMutability: "IMMUTABLE".',
        ]);
    });
});
