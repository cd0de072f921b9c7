import { assertHelp } from "../helpers/commandLine";
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { CHECK_COMMAND, CHECK_USAGE, checkCommand, parseCheckArgs } from "../../check/command";
import { EXIT, planCommand } from "../../plan/command";
import { POLICY_HOST_COMMAND, policyHostMain } from "../../check/policyHostMain";
import { usageLine } from "../../cli/args";
import { readPolicyConfig, reconcilePolicyConfig } from "../../check/policyConfig";
import { packClient, UNKNOWN } from "../helpers/policyPack";

const ROOT = path.join(__dirname, "..", "..");
const run = promisify(execFile);

function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err, text: () => [...out, ...err].join("\n") };
}

function tempFile(name: string, content: unknown): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "check-")), name);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
}

const inProcess = async () => ({ client: await packClient(), close: () => undefined });

/** A minimal plan: only type, name and inputs per resource, as the check accepts from any tool. */
const minimalPlan = {
    resources: [
        {
            type: "aws:ecs/service:Service",
            name: "api",
            inputs: { networkConfiguration: { assignPublicIp: true }, deploymentCircuitBreaker: { enable: true, rollback: true } },
        },
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "api-logs", inputs: { retentionInDays: 7 } },
        { type: "aws:ecs/taskDefinition:TaskDefinition", name: "api-task", inputs: { containerDefinitions: UNKNOWN } },
    ],
};

describe("npm run check", () => {
    it("runs the pack in its own process over a plan file, prints violations as Pulumi does and exits 1 on mandatory ones", async function () {
        this.timeout(60000);
        const plan = tempFile("plan.json", minimalPlan);
        const config = tempFile("policy.json", { "logs-required": { enforcementLevel: "advisory", minRetentionDays: 30 }, "service-alarms": "advisory" });
        const result = await run(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/check.ts", "--plan", plan, "--policy-config", config], {
            cwd: ROOT,
        }).then(
            () => ({ code: 0, stdout: "", stderr: "" }),
            (err) => ({ code: err.code as number, stdout: err.stdout as string, stderr: err.stderr as string }),
        );
        assert.equal(result.code, EXIT.policyViolation);
        const lines = result.stderr.split("\n");
        assert.equal(lines[0], "Policy Violations:");
        const i = lines.indexOf("    [mandatory]  ecs-platform v0.1.0  tasks-private (aws:ecs/service:Service: api)");
        assert.ok(i > 0, result.stderr);
        assert.equal(lines[i + 1], "    ECS services run without public IP addresses; they take traffic through the load balancer.");
        assert.equal(lines[i + 2], "    networkConfiguration.assignPublicIp is true; run tasks in private subnets and reach them through the ALB.");
        assert.ok(lines.includes("    [advisory]  ecs-platform v0.1.0  logs-required (aws:cloudwatch/logGroup:LogGroup: api-logs)"));
        assert.ok(lines.includes("    [advisory]  ecs-platform v0.1.0  secrets-only-via-secrets-manager (aws:ecs/taskDefinition:TaskDefinition: api-task)"));
        assert.match(result.stderr, /\n1 mandatory, \d+ advisory \(policy pack ecs-platform@v0\.1\.0\)\.$/m);
    });

    it("exits 0 with advisory violations only, and uses the pack's defaults without --policy-config", async () => {
        const clean = tempFile("plan.json", { resources: [minimalPlan.resources[1]] });
        const defaults = capture();
        assert.equal(await checkCommand(["--plan", clean], defaults.io, inProcess), EXIT.policyViolation, "default 30 days, mandatory");
        assert.match(defaults.text(), /\[mandatory\] {2}ecs-platform v0\.1\.0 {2}logs-required/);
        const relaxed = capture();
        const config = tempFile("policy.json", { "logs-required": "advisory" });
        assert.equal(await checkCommand(["--plan", clean, "--policy-config", config], relaxed.io, inProcess), EXIT.ok);
        assert.match(relaxed.out.join("\n"), /0 mandatory, 1 advisory/);
    });

    it("with --dir, reads relative paths there and checks the plan's stack with DIR/policies/config/STACK.json", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-dir-"));
        fs.mkdirSync(path.join(dir, "policies", "config"), { recursive: true });
        fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify({ stack: "qa", resources: [minimalPlan.resources[1]] }));
        const strict = capture();
        assert.equal(await checkCommand(["--plan", "plan.json", "--dir", dir], strict.io, inProcess), EXIT.policyViolation, "no qa.json: every rule mandatory");
        fs.writeFileSync(path.join(dir, "policies", "config", "qa.json"), JSON.stringify({ "logs-required": { minRetentionDays: 7 } }));
        const relaxed = capture();
        assert.equal(await checkCommand(["--plan", "plan.json", "--dir", dir], relaxed.io, inProcess), EXIT.ok, relaxed.err.join("\n"));
    });

    it("exits 2 listing every problem of a bad plan file", async () => {
        const plan = tempFile("plan.json", { version: 2, resources: [{ name: "x", inputs: {} }, { type: "aws:ec2/vpc:Vpc", name: "", inputs: [] }, "nope"] });
        const c = capture();
        assert.equal(await checkCommand(["--plan", plan], c.io, inProcess), EXIT.invalidConfig);
        assert.deepEqual(c.err.join("\n").split("\n").slice(1), [
            "  version: 2 is not supported (allowed: 1)",
            "  resources[0].type: must be a resource type token such as aws:ec2/vpc:Vpc",
            "  resources[1].name: must be a non-empty string",
            "  resources[1].inputs: must be an object",
            "  resources[2]: must be an object",
        ]);
        const missing = capture();
        assert.equal(await checkCommand(["--plan", "/nonexistent/plan.json"], missing.io, inProcess), EXIT.invalidConfig);
        assert.match(missing.err[0], /cannot read: ENOENT/);
    });

    it("exits 2 naming bad policy config keys, levels and settings, all at once", async () => {
        const plan = tempFile("plan.json", minimalPlan);
        const config = tempFile("policy.json", {
            "logs-requred": "mandatory",
            "tasks-private": "strict",
            "logs-required": { minRetentionDays: "a week", keepForever: true },
            "vpc-flow-logs": { enforcementLevel: "advisory", everything: 1 },
        });
        const c = capture();
        assert.equal(await checkCommand(["--plan", plan, "--policy-config", config], c.io, inProcess), EXIT.invalidConfig);
        const text = c.err.join("\n");
        assert.match(text, /tasks-private: "strict" is not an enforcement level \(allowed: advisory, mandatory, disabled, remediate\)/);
        const reconciled = capture();
        const config2 = tempFile("policy.json", {
            "logs-requred": "mandatory",
            "logs-required": { minRetentionDays: "a week", keepForever: true },
            "vpc-flow-logs": { everything: 1 },
        });
        assert.equal(await checkCommand(["--plan", plan, "--policy-config", config2], reconciled.io, inProcess), EXIT.invalidConfig);
        const problems = reconciled.err.join("\n");
        assert.match(problems, /logs-requred: no such policy in ecs-platform \(policies: no-vpc-wide-ingress, /);
        assert.match(problems, /logs-required: unknown setting keepForever \(allowed: minRetentionDays, suppressions\)/);
        assert.match(problems, /logs-required: minRetentionDays must be integer/);
        assert.match(problems, /vpc-flow-logs: unknown setting everything \(allowed: suppressions\)/);
    });

    it("explains bad command lines", () => {
        assert.match(parseCheckArgs([]) as string, /--plan is required/);
        assert.match(parseCheckArgs(["--plan"]) as string, /--plan needs a file name/);
        assert.match(parseCheckArgs(["--plan", "p", "--fix"]) as string, /unknown option --fix/);
        assert.deepEqual(parseCheckArgs(["--plan", "p", "--policy-config", "c"]), { plan: "p", policyConfig: "c", debug: false });
        assert.deepEqual(parseCheckArgs(["--plan=p", "--dir=d", "--debug"]), { plan: "p", policyConfig: undefined, debug: true, dir: "d" });
    });

    it("lists every option on a line of its own on --help and -h, and exits 0 without starting the pack", async () => {
        const unused = async () => assert.fail("no pack for --help");
        const lines = await assertHelp(CHECK_COMMAND, (argv, io) => checkCommand(argv, io, unused));
        assert.equal(lines[0], CHECK_USAGE);
    });

    it("exits 2 on an unknown option, naming it and every other problem, with no stack trace", async () => {
        const c = capture();
        assert.equal(await checkCommand(["--polcy-config", "c.json", "--dir"], c.io, inProcess), EXIT.invalidConfig);
        assert.deepEqual(c.err.join("\n").split("\n"), [
            "unknown option --polcy-config (did you mean --policy-config?)",
            "--dir needs a directory",
            "unexpected argument c.json (this command takes options only)",
            "--plan is required",
            CHECK_USAGE,
        ]);
    });
});

describe("the pack's process entry (check/policyHostMain.ts), as npm run check starts it", () => {
    it("serves PACK_DIR, resolved, and policies without one", () => {
        const served: string[] = [];
        const serve = (dir: string) => void served.push(dir);
        assert.equal(policyHostMain([path.join(ROOT, "policies")], capture().io, serve), undefined);
        assert.equal(policyHostMain([], capture().io, serve), undefined);
        assert.deepEqual(served, [path.join(ROOT, "policies"), path.resolve("policies")]);
    });

    it("prints its usage on --help and -h, one line per argument and option, and exits 0 without serving", () => {
        for (const flag of ["--help", "-h"]) {
            const c = capture();
            assert.equal(
                policyHostMain([flag], c.io, () => assert.fail("served")),
                EXIT.ok,
            );
            const lines = c.out.join("\n").split("\n");
            assert.equal(lines[0], usageLine(POLICY_HOST_COMMAND));
            assert.equal(lines.filter((l) => /^ {2}PACK_DIR {2}/.test(l)).length, 1);
            assert.equal(lines.filter((l) => /^ {2}-h, --help {2}/.test(l)).length, 1);
        }
    });

    it("exits 2 on an unknown option or a second directory, naming each, without serving", () => {
        const c = capture();
        assert.equal(
            policyHostMain(["--port", "policies", "other"], c.io, () => assert.fail("served")),
            EXIT.invalidConfig,
        );
        assert.deepEqual(c.err.join("\n").split("\n"), [
            "unknown option --port",
            "one pack directory at a time (got policies and other)",
            usageLine(POLICY_HOST_COMMAND),
        ]);
    });
});

describe("npm run plan with the policy check", () => {
    const devYaml = () => fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
    function stackDir(stack: string, yaml: string): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
        return dir;
    }

    it("checks dev with policies/config/dev.json and exits 0", async () => {
        const c = capture();
        assert.equal(await planCommand(["dev"], c.io, undefined, inProcess), EXIT.ok);
        assert.match(c.out.join("\n"), /Policy check with policies\/config\/dev\.json:[\s\S]*0 mandatory, \d+ advisory/);
    });

    it("exits 1 when the stack breaks a mandatory rule of its environment", async () => {
        const c = capture();
        const dir = stackDir("dev", devYaml().replace("retentionDays: 7", "retentionDays: 3"));
        assert.equal(await planCommand(["dev"], c.io, dir, inProcess), EXIT.policyViolation);
        assert.match(
            c.err.join("\n"),
            /\[mandatory\] {2}ecs-platform v0\.1\.0 {2}logs-required \(aws:cloudwatch\/logGroup:LogGroup: web-logs\)\n.*\n {4}log group keeps logs 3 days; this environment requires at least 7 \(stack config: logs\.retentionDays/,
        );
    });

    it("checks a stack without policy config with every rule mandatory, and skips the check only on --skip-policy", async () => {
        const staging = capture();
        // dev's config, judged as strictly as prod: what dev.json relaxes (flow logs, non-root users, ALB protection) fails.
        assert.equal(await planCommand(["staging"], staging.io, stackDir("staging", devYaml()), inProcess), EXIT.policyViolation);
        assert.match(staging.out.join("\n"), /Policy check with every rule mandatory: policies\/config\/staging\.json does not exist/);
        assert.match(staging.err.join("\n"), /\[mandatory\] {2}ecs-platform v0\.1\.0 {2}vpc-flow-logs/);
        const skipped = capture();
        assert.equal(await planCommand(["dev", "--skip-policy"], skipped.io, undefined, inProcess), EXIT.ok);
        assert.match(skipped.out.join("\n"), /Policy check skipped/);
    });
});

describe("policies/config", () => {
    it("prod makes every rule mandatory and both files are valid for the pack", async () => {
        const info = await (await packClient()).info();
        const prod = reconcilePolicyConfig(info, readPolicyConfig(path.join(ROOT, "policies/config/prod.json")));
        assert.deepEqual(
            Object.entries(prod)
                .filter(([, c]) => c.enforcementLevel !== "mandatory")
                .map(([name]) => name),
            ["suppressions-applied"],
        );
        const dev = reconcilePolicyConfig(info, readPolicyConfig(path.join(ROOT, "policies/config/dev.json")));
        const relaxed = Object.entries(dev)
            .filter(([, c]) => c.enforcementLevel !== "mandatory")
            .map(([name]) => name);
        assert.deepEqual(relaxed.sort(), [
            "alb-access-logs",
            "alb-deletion-protection",
            "alb-https-required",
            "container-non-root-user",
            "service-alarms",
            "suppressions-applied",
            "vpc-flow-logs",
        ]);
        assert.equal(dev["safe-deployments"].properties!.allowExecuteCommand, true);
        assert.equal(info.policies.length, 32);
        assert.ok(
            info.policies.every((p) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.name) && p.description.length > 20),
            "kebab-case names with descriptions",
        );
    });
});
