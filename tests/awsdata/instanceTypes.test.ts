import * as assert from "assert";
import {
    awsvpcTaskLimit,
    ECS_CPU_UNITS_PER_VCPU,
    ecsCpuUnits,
    ecsEstimatedMemoryMiB,
    ecsMemoryUpperBoundMiB,
    instanceType,
    instanceTypeSource,
} from "../../awsdata/instanceTypes";
import { isKnownRegion, knownRegions, regionSource } from "../../awsdata/regions";
import { parseEcsTrunkingPage, parseKarpenterDoc, parseVpcLimits, trunkingFor } from "../../awsdata/generate/instanceTypes";
import { parsePartitionsModule, regionsByPartition } from "../../awsdata/generate/regions";

describe("awsdata: instance types", () => {
    it("m7g.large: 2 vCPUs, 8 GiB, arm64, 3 ENIs, ECS trunking to 10 tasks", () => {
        assert.deepStrictEqual(instanceType("m7g.large"), {
            name: "m7g.large",
            vcpus: 2,
            memoryMiB: 8192,
            architecture: "arm64",
            maxEnis: 3,
            trunking: { branchEnis: 10, basis: "ecs-docs" },
        });
    });

    it("t3.medium: 2 vCPUs, 4 GiB, x86_64, 3 ENIs, no trunking", () => {
        assert.deepStrictEqual(instanceType("t3.medium"), { name: "t3.medium", vcpus: 2, memoryMiB: 4096, architecture: "x86_64", maxEnis: 3 });
    });

    it("c5.large takes 2 awsvpc tasks, 10 with trunking (the ECS guide's own example)", () => {
        const c5 = instanceType("c5.large")!;
        assert.strictEqual(awsvpcTaskLimit(c5, false), 2);
        assert.strictEqual(awsvpcTaskLimit(c5, true), 10);
        assert.strictEqual(awsvpcTaskLimit(instanceType("t3.medium")!, true), 2);
    });

    it("a type newer than the ECS table takes the EKS controller's trunking figure", () => {
        assert.deepStrictEqual(instanceType("m8g.large")?.trunking, { branchEnis: 9, basis: "eks-vpc-resource-controller" });
    });

    it("an unknown type, or an Object.prototype key, is undefined", () => {
        assert.strictEqual(instanceType("m7g.huge"), undefined);
        assert.strictEqual(instanceType("constructor"), undefined);
    });

    it("ECS CPU units and memory bounds", () => {
        const m7g = instanceType("m7g.large")!;
        assert.strictEqual(ecsCpuUnits(m7g), 2 * ECS_CPU_UNITS_PER_VCPU);
        assert.strictEqual(ecsMemoryUpperBoundMiB(m7g), 8192);
        assert.strictEqual(ecsMemoryUpperBoundMiB(m7g, 256), 7936);
        assert.strictEqual(ecsEstimatedMemoryMiB(m7g), 7985);
    });

    it("records a repository and commit for every column", () => {
        const { sources, columns } = instanceTypeSource();
        for (const column of ["vcpus", "memoryMiB", "architecture", "maxEnis"]) {
            const source = sources[columns[column].split(":")[0]];
            assert.match(source.repo, /^aws(docs)?\/[\w.-]+$/, column);
            assert.match(source.fileCommit, /^[0-9a-f]{40}$/, column);
        }
    });
});

describe("awsdata: generator parsers", () => {
    it("reads a limits.go entry", () => {
        const go = `var Limits = map[string]*VPCLimits{\n\t"x1.large": {\n\t\tInterface:               3,\n\t\tIsTrunkingCompatible:    true,\n\t\tBranchInterface:         9,\n\t},\n}`;
        assert.deepStrictEqual(parseVpcLimits(go).get("x1.large"), { interfaces: 3, trunkingCompatible: true, branchInterfaces: 9 });
    });

    it("reads a karpenter instance-types.md entry, amd64 as x86_64", () => {
        const md = "### `x1.large`\n#### Labels\n |karpenter.k8s.aws/instance-cpu|2|\n |karpenter.k8s.aws/instance-memory|4096|\n |kubernetes.io/arch|amd64|\n";
        assert.deepStrictEqual(parseKarpenterDoc(md).get("x1.large"), { vcpus: 2, memoryMiB: 4096, architecture: "x86_64" });
    });

    it("ECS table wins; ECS exclusions beat the EKS flag", () => {
        const page = parseEcsTrunkingPage(
            "the `x1.metal` instance types are not supported\\.\nThe `y1` instance families are not supported\\.\n| x1\\.large | 2 | 10 | \n",
        );
        const eks = { interfaces: 3, trunkingCompatible: true, branchInterfaces: 9 };
        assert.deepStrictEqual(trunkingFor("x1.large", page, eks), { branchEnis: 10, basis: "ecs-docs" });
        assert.strictEqual(trunkingFor("x1.metal", page, eks), undefined);
        assert.strictEqual(trunkingFor("y1.large", page, eks), undefined);
        assert.deepStrictEqual(trunkingFor("z1.large", page, eks), { branchEnis: 9, basis: "eks-vpc-resource-controller" });
    });

    it("drops pseudo-regions that do not match the partition's regionRegex", () => {
        const info = parsePartitionsModule(
            'export const partitionsInfo = {"version":"1.1","partitions":[{"id":"aws","regionRegex":"^eu\\\\-\\\\w+\\\\-\\\\d+$","regions":{"aws-global":{},"eu-west-1":{}}}]};\n',
        );
        assert.deepStrictEqual(regionsByPartition(info), {
            partitions: { aws: { regionRegex: "^eu\\-\\w+\\-\\d+$", regions: ["eu-west-1"] } },
            pseudoRegions: ["aws-global"],
        });
    });
});

describe("awsdata: regions", () => {
    it("knows eu-west-1, a China and a GovCloud region", () => {
        assert.ok(isKnownRegion("eu-west-1"));
        assert.ok(isKnownRegion("cn-north-1"));
        assert.ok(isKnownRegion("us-gov-west-1"));
    });

    it("refuses eu-west-9, pseudo-regions and Object.prototype keys", () => {
        assert.ok(!isKnownRegion("eu-west-9"));
        assert.ok(!isKnownRegion("aws-global"));
        assert.ok(!isKnownRegion("toString"));
    });

    it("lists regions sorted and names the SDK package it read", () => {
        const all = knownRegions();
        assert.deepStrictEqual(all, [...all].sort());
        assert.ok(all.includes("us-east-1"));
        assert.strictEqual(regionSource().package, "@aws-sdk/core");
        assert.match(regionSource().version, /^\d+\.\d+\.\d+$/);
    });
});

describe("IANA time zones (awsdata/generated/timeZones.json)", () => {
    it("knows zones and links in their exact case, and nothing else", async () => {
        const { isTimeZone, timeZoneSource } = await import("../../awsdata/timeZones");
        for (const name of ["Europe/Dublin", "UTC", "Etc/GMT+9", "Pacific/Tahiti", "Europe/Kyiv"]) assert.ok(isTimeZone(name), name);
        for (const name of ["europe/dublin", "Europe/Dubln", "+01:00", "CEST", ""]) assert.ok(!isTimeZone(name), name);
        assert.match(timeZoneSource().tzdataVersion, /^20\d\d[a-z]$/);
    });
});
