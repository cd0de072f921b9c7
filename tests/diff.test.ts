import { assertHelp, capture } from "./helpers/commandLine";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DIFF_COMMAND, DIFF_USAGE, diffCommand, parseDiffArgs } from "../release/diffCommand";
import { diffSnapshots, diffValues, formatDiff } from "../release/planDiff";
import { EXIT } from "../plan/command";
import { Plan } from "../plan/planFormat";
import { holdsSecret } from "../plan/recordingMonitor";
import { MASK, readSnapshot, snapshotOf, writeSnapshot } from "../release/snapshot";
import { fixturePlanEdited, fixturePlanOf, planEdited, planOf } from "./helpers/plans";

describe("plan snapshots", () => {
    for (const stack of ["dev", "prod"]) {
        it(`snapshots/${stack}.json matches the program (run npm run plan -- ${stack} --update-snapshot after a change)`, async () => {
            const committed = readSnapshot(stack);
            assert.ok(committed, `no snapshots/${stack}.json`);
            const diff = diffSnapshots(committed, snapshotOf(await planOf(stack)));
            assert.strictEqual(diff.changes.length, 0, `stale snapshot:\n${formatDiff(diff, stack)}`);
        });
    }

    it("masks secret inputs and sorts resources and keys", () => {
        const plan: Plan = {
            version: 1,
            project: "p",
            stack: "s",
            unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            outputs: { b: 1, a: 2 },
            resources: [
                { urn: "urn:b", type: "t", name: "b", custom: true, inputs: { z: 1, a: 2 }, dependencies: [], propertyDependencies: {}, options: {} },
                {
                    urn: "urn:a",
                    type: "t",
                    name: "a",
                    custom: true,
                    inputs: { password: "hunter2", user: "x" },
                    secretInputs: ["password"],
                    dependencies: [],
                    propertyDependencies: {},
                    options: {},
                },
            ],
        };
        const snapshot = snapshotOf(plan);
        assert.deepStrictEqual(Object.keys(snapshot.resources), ["urn:a", "urn:b"]);
        assert.deepStrictEqual(snapshot.resources["urn:a"].inputs, { password: MASK, user: "x" });
        assert.deepStrictEqual(Object.keys(snapshot.resources["urn:b"].inputs), ["a", "z"]);
        assert.deepStrictEqual(Object.keys(snapshot.outputs), ["a", "b"]);
        assert.ok(!JSON.stringify(snapshot).includes("hunter2"));
    });
});

describe("plan diffs", () => {
    it("diffs nested values and JSON strings structurally", () => {
        const before = { containerDefinitions: JSON.stringify([{ image: "a:1", environment: [{ name: "X", value: "1" }] }]), tags: { a: "1" } };
        const after = {
            containerDefinitions: JSON.stringify([
                {
                    image: "a:2",
                    environment: [
                        { name: "X", value: "1" },
                        { name: "Y", value: "2" },
                    ],
                },
            ]),
            tags: {},
        };
        assert.deepStrictEqual(diffValues(before, after), [
            { path: "containerDefinitions[0].environment[name=Y]", kind: "add", new: { name: "Y", value: "2" } },
            { path: "containerDefinitions[0].image", kind: "update", old: "a:1", new: "a:2" },
            { path: "tags.a", kind: "delete", old: "1" },
        ]);
        assert.deepStrictEqual(diffValues({ s: "not [json" }, { s: "not [json" }), []);
    });

    it("shows a new image as a task-definition replacement and a new desired count as an in-place update", async () => {
        const before = snapshotOf(await planOf("dev"));
        const after = snapshotOf(
            await planEdited("dev", (c) => {
                c.services[0].image = "public.ecr.aws/nginx/nginx-unprivileged:1.28-alpine";
                c.services[2].desiredCount = 2;
            }),
        );
        const diff = diffSnapshots(before, after);
        const text = formatDiff(diff, "dev");
        assert.deepStrictEqual(
            diff.changes.map((c) => `${c.op} ${c.name}`),
            ["update docs-service", "replace web-task", "update web-service"],
        );
        assert.match(text, /~ {2}aws:ecs:Service web-service\n {8}~ taskDefinition: \(assigned by AWS\) => \(known after deploy\)/);
        assert.match(
            text,
            /\+- aws:ecs:TaskDefinition web-task \(replace: containerDefinitions\)\n {8}~ containerDefinitions\[name=web\]\.image: "public\.ecr\.aws\/nginx\/nginx-unprivileged:1\.27-alpine" => "public\.ecr\.aws\/nginx\/nginx-unprivileged:1\.28-alpine"/,
        );
        assert.match(text, /~ {2}aws:ecs:Service docs-service\n {8}~ desiredCount: 1 => 2/);
        assert.match(text, /Resources: 0 to create, 2 to update, 1 to replace, 0 to delete, \d+ unchanged\./);
    });

    it("shows a third AZ as creates, and a changed VPC CIDR as replacements of the VPC and its subnets", async () => {
        const before = snapshotOf(await planOf("dev"));
        const threeAz = diffSnapshots(before, snapshotOf(await planEdited("dev", (c) => (c.network.azCount = 3))));
        const created = threeAz.changes.filter((c) => c.op === "create").map((c) => c.name);
        assert.ok(created.includes("network-private-az3") && created.includes("network-public-az3"), created.join(", "));
        assert.ok(!threeAz.changes.some((c) => c.op === "replace" || c.op === "delete"), "growing the AZs renumbers nothing");
        const moved = diffSnapshots(before, snapshotOf(await planEdited("dev", (c) => (c.network.cidr = "10.21.0.0/16"))));
        const vpc = moved.changes.find((c) => c.name === "network-vpc")!;
        assert.deepStrictEqual([vpc.op, vpc.replaceBecause], ["replace", ["cidrBlock"]]);
        assert.ok(moved.changes.filter((c) => c.type === "aws:ec2/subnet:Subnet").every((c) => c.op === "replace"));
        // Replacing the VPC replaces what is built from it: its security groups (vpcId), their rules, the NAT gateway.
        const groups = moved.changes.filter((c) => c.type === "aws:ec2/securityGroup:SecurityGroup");
        assert.ok(groups.length > 0 && groups.every((c) => c.op === "replace" && c.replaceBecause.includes("vpcId")));
        assert.strictEqual(moved.changes.find((c) => c.type === "aws:ec2/natGateway:NatGateway")?.op, "replace");
        // Grouped by root cause, the root first, with warnings a reviewer cannot miss.
        const text = formatDiff(moved, "dev");
        assert.ok(
            groups.every((c) => c.rootCause === vpc.urn),
            "the groups are replaced because the VPC is",
        );
        assert.match(text, /Replacements by cause:\n {2}aws:ec2:Vpc network-vpc \(cidrBlock changed\) → \d+ more replaced: .*sg-alb/);
        assert.match(text, /\n {2}aws:ec2:Subnet network-private-az1 \(cidrBlock, vpcId changed\)/, "a subnet whose own CIDR changed is a root too");
        assert.match(text, /WARNING: this change replaces or deletes (aws:ec2:Subnet network-[a-z0-9-]+; )+aws:ec2:Vpc network-vpc/);
        assert.match(text, /WARNING: this change replaces \d+ resources \(more than 10\)/);
    });

    it("shows protection switched on or off, which changes no AWS resource but what a mistake can destroy", async () => {
        // The frozen dev fixture, whose stateful resources are unprotected (the example's may not stay so).
        const before = snapshotOf(await fixturePlanOf("dev"));
        const protectedDev = diffSnapshots(before, snapshotOf(await fixturePlanEdited("dev", (c) => (c.protectStatefulResources = true))));
        const vpc = protectedDev.changes.find((c) => c.name === "network-vpc")!;
        assert.deepStrictEqual([vpc.op, vpc.changes], ["update", [{ path: "(protect)", kind: "update", old: false, new: true }]]);
        const logs = protectedDev.changes.find((c) => c.type === "aws:cloudwatch/logGroup:LogGroup")!;
        assert.deepStrictEqual(
            logs.changes.map((c) => c.path),
            ["(protect)", "(retainOnDelete)"],
        );
        assert.ok(!protectedDev.changes.some((c) => c.op === "replace"), "protection replaces nothing");
        assert.match(formatDiff(protectedDev, "dev"), /aws:ec2:Vpc network-vpc\n {8}~ \(protect\): false => true/);
    });

    it("shows a removed service as deletes", async () => {
        const before = snapshotOf(await planOf("dev"));
        const diff = diffSnapshots(before, snapshotOf(await planEdited("dev", (c) => c.services.splice(2, 1))));
        const deleted = diff.changes.filter((c) => c.op === "delete").map((c) => c.name);
        assert.ok(
            ["docs-service", "docs-task", "docs-tg", "docs-rule", "docs-logs"].every((n) => deleted.includes(n)),
            deleted.join(", "),
        );
        assert.match(formatDiff(diff, "dev"), /\n {2}- {2}aws:ecs:Service docs-service\n/);
    });

    it("npm run diff prints no changes against a fresh snapshot, and everything as new without one", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snap-"));
        const out: string[] = [];
        const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
        assert.strictEqual(await diffCommand(["dev"], io, undefined, dir), EXIT.ok);
        assert.match(out.join("\n"), /No snapshot of "dev" yet[\s\S]*Resources: \d+ to create, 0 to update/);
        const created = Number(/Resources: (\d+) to create/.exec(out.join("\n"))![1]);
        assert.strictEqual(created, (await planOf("dev")).resources.filter((r) => r.custom).length, "the diff counts what the plan counts");
        writeSnapshot(await planOf("dev"), dir);
        out.length = 0;
        assert.strictEqual(await diffCommand(["dev"], io, undefined, dir), EXIT.ok);
        assert.match(out.join("\n"), /^Stack "dev": no changes \(\d+ resources unchanged\)\.$/);
        assert.strictEqual(await diffCommand([], io), EXIT.invalidConfig);
        assert.strictEqual(await diffCommand(["dev", "--snapshot"], io), EXIT.invalidConfig);
        // Against another snapshot file (a pull request's base): here one without the docs service.
        const base = path.join(dir, "base.json");
        fs.writeFileSync(base, JSON.stringify(snapshotOf(await planEdited("dev", (c) => c.services.splice(2, 1)))));
        out.length = 0;
        assert.strictEqual(await diffCommand(["dev", "--snapshot", base], io), EXIT.ok);
        assert.match(out.join("\n"), /\+ {2}aws:ecs:Service docs-service/);
    });
});

describe("secret inputs", () => {
    it("are found wherever the engine's secret or output-with-secret markers sit", () => {
        const sig = "4dabf18193072939515e22adb298388d";
        assert.ok(holdsSecret({ [sig]: "1b47061264138c4ac30d75fd1eb44270", value: "x" }));
        assert.ok(holdsSecret([{ env: [{ [sig]: "1b47061264138c4ac30d75fd1eb44270", value: "x" }] }]));
        assert.ok(holdsSecret({ [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "x", secret: true }));
        assert.ok(!holdsSecret({ [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "x" }));
        assert.ok(!holdsSecret({ plain: ["a", 1, null] }));
    });
});

describe("npm run diff, arguments", () => {
    it("refuses a --snapshot that is not a snapshot (a plan, not JSON) with exit 2 and a message", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-"));
        const notJson = path.join(dir, "a.json");
        fs.writeFileSync(notJson, "{oops");
        const aPlan = path.join(dir, "plan.json");
        fs.writeFileSync(aPlan, JSON.stringify(await planOf("dev")));
        for (const [file, message] of [
            [notJson, /is not JSON/],
            [aPlan, /is not a plan snapshot/],
            [path.join(dir, "none.json"), /does not exist/],
        ] as [string, RegExp][]) {
            const c = capture();
            assert.strictEqual(await diffCommand(["dev", "--snapshot", file], c.io), EXIT.invalidConfig, file);
            assert.match(c.err.join("\n"), message);
        }
    });

    it("prints unknowns nested in a value as (known after deploy), never the wire marker", async () => {
        const { UNKNOWN } = await import("../plan/planFormat");
        const before = snapshotOf(await planOf("dev"));
        const after = JSON.parse(JSON.stringify(before));
        const table = Object.values(after.resources as Record<string, { name: string; inputs: Record<string, unknown> }>).find((r) => r.name === "network-s3")!;
        table.inputs.policy = { Statement: [{ Resource: [UNKNOWN] }] }; // a new input holding an unknown deep inside
        const text = formatDiff(diffSnapshots(before, after), "dev");
        assert.ok(!text.includes(UNKNOWN), text);
        assert.match(text, /\(known after deploy\)/);
    });

    it("keeps its usage line, and lists every option on a line of its own on --help and -h, exiting 0", async () => {
        assert.strictEqual(DIFF_USAGE, "usage: npm run diff -- STACK [--snapshot FILE] [--dir DIR]");
        await assertHelp(DIFF_COMMAND, diffCommand);
    });

    it("exits 2 on an unknown option, naming it and every other problem, before planning", async () => {
        const c = capture();
        assert.strictEqual(await diffCommand(["dev", "prod", "--snapshots", "base.json", "--dir"], c.io), EXIT.invalidConfig);
        assert.deepStrictEqual(c.err.join("\n").split("\n"), [
            "unknown option --snapshots (did you mean --snapshot?)",
            "--dir needs a directory",
            "one stack at a time (got dev, prod and base.json)",
            DIFF_USAGE,
        ]);
        assert.deepStrictEqual(c.out, []);
        assert.deepStrictEqual(parseDiffArgs(["dev", "--snapshot=base.json"]), { stack: "dev", snapshot: "base.json" });
    });

    it("explains itself on --help, and takes --dir", async () => {
        const help = capture();
        assert.strictEqual(await diffCommand(["--help"], help.io), EXIT.ok);
        assert.match(help.out.join("\n"), /usage: npm run diff -- STACK \[--snapshot FILE\] \[--dir DIR\]/);
        const c = capture();
        assert.strictEqual(await diffCommand(["dev", "--dir", `${__dirname}/..`], c.io), EXIT.ok);
        assert.match(c.out.join("\n"), /Stack "dev": no changes/);
    });
});

describe("warnings a reviewer cannot miss", () => {
    it("warn when a change deletes a protected resource, even with nothing replaced", async () => {
        const before = snapshotOf(await planOf("prod"));
        const after = snapshotOf(await planEdited("prod", (c) => (c.services[2].name = "backoffice")));
        const text = formatDiff(diffSnapshots(before, after), "prod");
        assert.match(text, /WARNING: this change replaces or deletes .*protected aws:cloudwatch:LogGroup admin-logs \(delete\)/);
    });
});

describe("lists keyed by a name", () => {
    it("shows an inserted environment variable as one addition, not every later one as changed", async () => {
        const before = snapshotOf(await planOf("prod"));
        const after = snapshotOf(await planEdited("prod", (c) => (c.services[1].environment = { AAA_FIRST: "1", ...c.services[1].environment })));
        const task = diffSnapshots(before, after).changes.find((c) => c.name === "api-task")!;
        assert.deepStrictEqual(
            task.changes.map((c) => `${c.kind} ${c.path}`),
            ["add containerDefinitions[name=api].environment[name=AAA_FIRST]"],
        );
    });
});

describe("replacement rules", () => {
    it("know every resource type the dev and prod plans contain (a new type without rules would show replacements as updates)", async () => {
        const { REPLACE_ON } = await import("../release/replacements");
        const { isCustomType } = await import("../release/planDiff");
        for (const stack of ["dev", "prod"]) {
            const types = new Set((await planOf(stack)).resources.map((r) => r.type).filter(isCustomType));
            assert.deepStrictEqual(
                [...types].filter((t) => !(t in REPLACE_ON)),
                [],
                stack,
            );
        }
    });
});
