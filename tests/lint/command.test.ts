import { assertHelp, capture } from "../helpers/commandLine";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LINT_COMMAND, LINT_EXIT, LINT_USAGE, lintCommand, readLintPlan } from "../../lint/command";
import { Plan } from "../../plan/planFormat";
import { fixturePlanOf as planOf, T } from "../helpers/plans";

function planFile(plan: unknown): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lint-")), "plan.json");
    fs.writeFileSync(file, typeof plan === "string" ? plan : JSON.stringify(plan));
    return file;
}

describe("npm run lint", () => {
    it("exits 0 on prod's plan and prints the count", async () => {
        const c = capture();
        assert.strictEqual(await lintCommand(["--plan", planFile(await planOf("prod"))], c.io), LINT_EXIT.ok);
        assert.match(c.out.join("\n"), /^Pre-deploy lint: 0 errors, 0 warnings/);
    });

    it("exits 1 on an error-level finding, naming the check, the resource and the source, and writes --json", async () => {
        const plan = JSON.parse(JSON.stringify(await planOf("prod"))) as Plan;
        plan.resources.find((r) => r.type === T.sg && r.name === "sg-alb")!.inputs.namePrefix = "sg-alb-";
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lint-")), "lint.json");
        const c = capture();
        assert.strictEqual(await lintCommand(["--plan", planFile(plan), "--json", out], c.io), LINT_EXIT.errors);
        const text = c.err.join("\n");
        assert.match(text, /Pre-deploy lint: 1 error, 0 warnings/);
        assert.match(text, /\[error\] provider-auto-names \(aws:ec2\/securityGroup:SecurityGroup sg-alb\)/);
        assert.match(text, /namePrefix "sg-alb-" gives names like "sg-alb-x+"; that name starts with "sg-", which AWS refuses/);
        assert.match(text, /source: https:\/\/docs\.aws\.amazon\.com\/AWSEC2\/latest\/APIReference\/API_CreateSecurityGroup\.html/);
        assert.strictEqual(JSON.parse(fs.readFileSync(out, "utf8")).errors, 1);
    });

    it("exits 2 on a file that is not a plan, and on bad arguments", async () => {
        for (const [argv, message] of [
            [["--plan", planFile("{not json")], /not JSON/],
            [["--plan", planFile({ resources: [{ type: "x" }] })], /resources\[0\] needs type, name and inputs/],
            [["--plan"], /--plan needs a file name/],
            [[], /--plan is required/],
            [["--plan", "/nonexistent/plan.json"], /does not exist/],
        ] as [string[], RegExp][]) {
            const c = capture();
            assert.strictEqual(await lintCommand(argv, c.io), LINT_EXIT.badInput, argv.join(" "));
            assert.match(c.err.join("\n"), message);
        }
    });

    it("keeps its usage line, and lists every option on a line of its own on --help and -h, exiting 0", async () => {
        assert.strictEqual(LINT_USAGE, "usage: npm run lint -- --plan FILE [--previous SNAPSHOT] [--json OUT] [--debug]");
        await assertHelp(LINT_COMMAND, lintCommand);
    });

    it("exits 2 on an unknown option, naming it and every other problem", async () => {
        const c = capture();
        assert.strictEqual(await lintCommand(["--plan", "p.json", "--jsonn", "out.json", "--previous"], c.io), LINT_EXIT.badInput);
        assert.deepStrictEqual(c.err.join("\n").split("\n"), [
            "unknown option --jsonn (did you mean --json?)",
            "--previous needs a file name",
            "unexpected argument out.json (this command takes options only)",
            LINT_USAGE,
        ]);
    });

    it("reads a minimal plan: type, name and inputs per resource", () => {
        const plan = readLintPlan(JSON.stringify({ resources: [{ type: T.logGroup, name: "g", inputs: { retentionInDays: 7 } }] }), "p.json");
        assert.ok(!Array.isArray(plan));
        assert.strictEqual((plan as Plan).resources[0].urn, "urn:pulumi:offline::offline::aws:cloudwatch/logGroup:LogGroup::g");
    });
});
