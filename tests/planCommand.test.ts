import { assertHelp, capture } from "./helpers/commandLine";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXIT, parsePlanArgs, PLAN_COMMAND, planCommand, USAGE } from "../plan/command";
import { Plan, UNKNOWN } from "../plan/planFormat";

function tempStackDir(stack: string, yaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    fs.copyFileSync(path.join(__dirname, "..", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    return dir;
}

describe("npm run plan", () => {
    it("prints a summary and writes plan format v1 with dependencies and placeholders for what AWS assigns", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "prod.json");
        const c = capture();
        assert.strictEqual(await planCommand(["prod", "--json", file], c.io), EXIT.ok);
        const text = c.out.join("\n");
        assert.match(
            text,
            /Offline preview of stack "prod" \(project ecs-platform\): \d+ resources\nAs a deployed stack: \d+ values AWS assigns are placeholders/,
        );
        assert.match(text, /aws:ec2:NatGateway\s+3/);
        assert.match(text, /clusterName: ecs-platform-prod/);
        assert.match(text, /albDnsName: lb-alb-offline\.eu-west-1\.elb\.amazonaws\.com \(placeholder: assigned at deploy\)/);
        const plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
        assert.strictEqual(plan.version, 1);
        assert.strictEqual(plan.stack, "prod");
        assert.strictEqual(plan.project, "ecs-platform");
        const vpc = plan.resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
        assert.strictEqual(vpc.id, undefined);
        assert.strictEqual(vpc.parent, "urn:pulumi:prod::ecs-platform::ecsplatform:index:Platform$ecsplatform:network:Network::network");
        const subnet = plan.resources.find((r) => r.name === "network-private-az1")!;
        assert.deepStrictEqual(subnet.propertyDependencies.vpcId, [vpc.urn]);
        assert.match(subnet.inputs.vpcId as string, /^vpc-offline[0-9a-f]{8}$/);
        assert.ok(plan.placeholders!.includes(subnet.inputs.vpcId as string), "the plan lists its placeholders");
        assert.deepStrictEqual(plan.outputs.clusterName, "ecs-platform-prod");
        assert.strictEqual((plan.outputs.privateSubnetIds as unknown[]).length, 3);
        assert.deepStrictEqual(Object.keys(plan.outputs.serviceUrls as object).sort(), ["admin", "api", "web"]);
        assert.match(text, /Pre-deploy lint: 0 errors, \d+ warnings?/);
        assert.strictEqual(plan.lint?.errors, 0, "the lint's result is in the plan file");
    });

    it("plans a first deploy on request, where what AWS assigns is unknown", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "prod.json");
        const c = capture();
        assert.strictEqual(await planCommand(["prod", "--first-deploy", "--skip-policy", "--json", file], c.io), EXIT.ok);
        assert.match(c.out.join("\n"), /As a first deploy: values AWS assigns \(ids, ARNs, DNS names\) are unknown/);
        assert.match(c.out.join("\n"), /albDnsName: \(known after deploy\)/);
        const plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
        assert.strictEqual(plan.firstDeploy, true);
        assert.strictEqual(plan.resources.find((r) => r.name === "network-private-az1")!.inputs.vpcId, UNKNOWN);
        assert.match(parsePlanArgs(["dev", "--first-deploy", "--update-snapshot"]) as string, /--first-deploy plans cannot be snapshots/);
    });

    it("plans any stack file without a code change", async () => {
        const yaml = fs.readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8").replace("cidr: 10.20.0.0/16", "cidr: 10.40.0.0/16");
        const dir = tempStackDir("staging", yaml);
        const c = capture();
        assert.strictEqual(await planCommand(["staging", "--skip-policy"], c.io, dir), EXIT.ok);
        assert.match(c.out.join("\n"), /Offline preview of stack "staging"/);
    });

    it("creates the folders of --json and --diagram, and explains itself on --help", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const c = capture();
        const json = path.join(root, "out", "deep", "dev.json");
        const diagram = path.join(root, "out", "dev.md");
        assert.strictEqual(await planCommand(["dev", "--skip-policy", "--json", json, "--diagram", diagram], c.io), EXIT.ok);
        assert.ok(fs.existsSync(json) && fs.existsSync(diagram));
        const help = capture();
        assert.strictEqual(await planCommand(["--help"], help.io), EXIT.ok);
        assert.match(help.out.join("\n"), /^usage: npm run plan -- STACK .*\n\nThe offline plan of STACK/);
    });

    it("exits 2 on invalid config with every problem and no stack trace", async () => {
        const yaml = fs
            .readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8")
            .replace("natGateways: single", "natGateways: perAZ")
            .replace("memory: 1024", "memory: 300");
        const dir = tempStackDir("broken", yaml);
        const c = capture();
        assert.strictEqual(await planCommand(["broken"], c.io, dir), EXIT.invalidConfig);
        const text = c.err.join("\n");
        assert.match(text, /Stack "broken": Invalid stack config \(2 problems\)/);
        assert.match(text, /network\.natGateways: "perAZ" is not allowed \(allowed: none, single, perAz\)/);
        assert.match(text, /services\[1\]\.memory: 300 is not valid with cpu 512 \(allowed: 1024, 2048, 3072, 4096\)/);
        assert.doesNotMatch(text, /\n\s+at /, "no stack trace");
        assert.deepStrictEqual(c.out, []);
    });

    it("exits 2 naming the stacks there are when the stack file is missing", async () => {
        const c = capture();
        assert.strictEqual(await planCommand(["qa"], c.io), EXIT.invalidConfig);
        assert.match(c.err.join("\n"), /no Pulumi\.qa\.yaml in .* \(stacks here: dev, prod(, [\w-]+)*\)/);
    });

    it("explains bad command lines", () => {
        assert.match(parsePlanArgs([]) as string, /which stack\?/);
        assert.match(parsePlanArgs(["dev", "--jsn"]) as string, /unknown option --jsn/);
        assert.match(parsePlanArgs(["dev", "--json"]) as string, /--json needs a file name/);
        assert.deepStrictEqual(parsePlanArgs(["dev", "--json", "x.json"]), {
            stack: "dev",
            json: "x.json",
            debug: false,
            skipPolicy: false,
            skipLint: false,
            firstDeploy: false,
            updateSnapshot: false,
        });
        assert.strictEqual((parsePlanArgs(["dev", "--skip-policy"]) as { skipPolicy: boolean }).skipPolicy, true);
        assert.strictEqual((parsePlanArgs(["dev", "--json=x.json"]) as { json: string }).json, "x.json", "--flag=value too");
        assert.match(parsePlanArgs(["dev", "prod"]) as string, /one stack at a time \(got dev and prod\)/);
    });

    it("keeps its usage line, which the README quotes", () => {
        assert.strictEqual(
            USAGE,
            "usage: npm run plan -- STACK [--json FILE] [--diagram FILE.md] [--update-snapshot] [--skip-policy] [--skip-lint] [--previous SNAPSHOT] [--first-deploy] [--dir DIR] [--debug]",
        );
    });

    it("lists every option on a line of its own on --help and -h, and exits 0", async () => {
        await assertHelp(PLAN_COMMAND, (argv, io) => planCommand(argv, io));
    });

    it("exits 2 on an unknown option, naming it and every other problem, with no stack trace", async () => {
        const c = capture();
        assert.strictEqual(await planCommand(["--jsn", "--dir"], c.io), EXIT.invalidConfig);
        assert.deepStrictEqual(c.err.join("\n").split("\n"), ["unknown option --jsn (did you mean --json?)", "--dir needs a directory", "which stack?", USAGE]);
        assert.deepStrictEqual(c.out, []);
    });
});

describe("stack files a newcomer gets wrong", () => {
    const plan = async (yaml: string) => {
        const c = capture();
        const code = await planCommand(["t", "--skip-policy"], c.io, tempStackDir("t", yaml));
        return { code, text: c.err.join("\n") };
    };

    it("names the file's shape when it is empty, a list, or its config is not a mapping", async () => {
        for (const [yaml, message] of [
            ["", /Pulumi\.t\.yaml is empty; it needs a mapping with a config key/],
            ["- a\n- b\n", /Pulumi\.t\.yaml is not a mapping with a config key/],
            ["config: hello\n", /Pulumi\.t\.yaml: config is a string; it must be a mapping of keys like ecs-platform:environment/],
        ] as [string, RegExp][]) {
            const { code, text } = await plan(yaml);
            assert.strictEqual(code, EXIT.invalidConfig);
            assert.match(text, message);
            assert.strictEqual(text.split("\n").length, 1, "one problem, not one per character");
        }
    });

    it("names misspelt namespaces, dotted keys, unknown provider keys, bad variable names, and never echoes ciphertext", async () => {
        const yaml = fs
            .readFileSync(path.join(__dirname, "fixtures", "Pulumi.dev.yaml"), "utf8")
            .replace(
                "  aws:region: eu-west-1\n",
                "  aws:region: eu-west-1\n  aws:regoin: eu-west-1\n  ecs-platfrom:environment: development\n  ecs-platform:network.cidr: 10.9.0.0/16\n",
            )
            .replace('paths: ["/api/*"]', 'paths: "/api/*"')
            .replace("LOG_LEVEL: debug", "MY-VAR: debug\n        SECRET_THING:\n          secure: AAABAJ0ciphertext0123456789==");
        const { code, text } = await plan(yaml);
        assert.strictEqual(code, EXIT.invalidConfig);
        for (const expected of [
            /aws:regoin: not an AWS provider setting \(did you mean aws:region\?\)/,
            /ecs-platfrom:environment: unknown namespace "ecs-platfrom" \(did you mean ecs-platform\?\)/,
            /ecs-platform:network\.cidr: a dotted key is not a nested one; write ecs-platform:network as a mapping with cidr inside it/,
            /services\[1\]\.paths: "\/api\/\*" is not an array/,
            /services\[1\]\.environment\.MY-VAR: "MY-VAR" is not an environment variable name/,
        ])
            assert.match(text, expected);
        assert.doesNotMatch(text, /above the maximum|Invalid key in record|network\.cidr: unknown key|ciphertext/);
    });
});

describe("URNs", () => {
    it("are the engine's: a child's type is its parent's whole type chain, without the root stack's", async () => {
        const { planOf } = await import("./helpers/plans");
        const prod = await planOf("prod");
        const target = prod.resources.find((r) => r.name === "api-scaling-target")!;
        assert.strictEqual(
            target.urn,
            "urn:pulumi:prod::ecs-platform::ecsplatform:index:Platform$ecsplatform:service:Service$ecsplatform:service:ServiceAutoscaling$aws:appautoscaling/target:Target::api-scaling-target",
        );
        assert.strictEqual(prod.resources.find((r) => r.urn === target.parent)!.name, "api-scaling");
    });
});

describe("a stack file's typo reports before Pulumi loads", () => {
    it("validates config with no @pulumi module loaded, and the commands' loader caches transpiled sources", function () {
        this.timeout(60000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typo-"));
        const root = path.join(__dirname, "..");
        // The frozen fixture, not the example stack users edit: it is known to hold natGateways.
        const fixtures = path.join(root, "tests", "fixtures");
        fs.copyFileSync(path.join(fixtures, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(
            path.join(dir, "Pulumi.dev.yaml"),
            fs.readFileSync(path.join(fixtures, "Pulumi.dev.yaml"), "utf8").replace("natGateways:", "natGateway:"),
        );
        const script = [
            `const { planCommand } = require(${JSON.stringify(path.join(root, "plan", "command.ts"))});`,
            `const lines = [];`,
            `planCommand(["dev", "--dir", ${JSON.stringify(dir)}], { out: (t) => lines.push(t), err: (t) => lines.push(t) }).then((code) => {`,
            `  const pulumi = Object.keys(require.cache).filter((f) => /node_modules[\\\\/]@pulumi[\\\\/]/.test(f));`,
            `  console.log(JSON.stringify({ code, lines, pulumi }));`,
            `});`,
        ].join("\n");
        const result = require("child_process").spawnSync(process.execPath, ["-r", path.join(root, "cli", "register.js"), "-e", script], {
            cwd: root,
            encoding: "utf8",
        });
        const { code, lines, pulumi } = JSON.parse(result.stdout);
        assert.equal(code, EXIT.invalidConfig);
        assert.match(lines.join("\n"), /network\.natGateway: unknown key/);
        assert.deepEqual(pulumi, []);
    });

    it("picks up an edit to a cached source, and stubs Pulumi's function serialization", function () {
        this.timeout(30000);
        const root = path.join(__dirname, "..");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "register-")), "value.ts");
        const run = (script: string) =>
            require("child_process").spawnSync(process.execPath, ["-r", path.join(root, "cli", "register.js"), "-e", script], { cwd: root, encoding: "utf8" });
        for (const value of [1, 2, 1]) {
            fs.writeFileSync(file, `const value: number = ${value};\nexport = value;\n`);
            assert.equal(run(`console.log(require(${JSON.stringify(file)}))`).stdout.trim(), String(value));
        }
        const stubbed = run(`try { require("@pulumi/pulumi").runtime.computeCodePaths(); } catch (e) { console.log(e.message); }`);
        assert.match(stubbed.stdout, /^computeCodePaths \(function serialization\) is not available in the offline commands/);
    });
});
