/**
 * The offline plan sees what a preview of a deployed stack sees: values AWS assigns are placeholders of AWS's shape,
 * visibly marked, so container definitions and IAM documents are known and judged.
 */
import * as assert from "assert";
import { lintPlan } from "../lint/index";
import { diffSnapshots, formatDiff } from "../release/planDiff";
import { assignedValues, tagOf } from "../plan/placeholders";
import { UNKNOWN } from "../plan/planFormat";
import { snapshotOf } from "../release/snapshot";
import { FIXTURE_DIR, fixturePlanEdited, fixturePlanOf, named, ofType, planOf, T } from "./helpers/plans";

const SCOPE = { accountId: "123456789012", partition: "aws", region: "eu-west-1" };
const IAM_DOCUMENTS: [string, string][] = [
    [T.rolePolicy, "policy"],
    [T.role, "assumeRolePolicy"],
    [T.bucketPolicy, "policy"],
    ["aws:efs/fileSystemPolicy:FileSystemPolicy", "policy"],
];

describe("placeholders for what AWS assigns", () => {
    it("leaves no task definition and no IAM document unknown in dev or prod, and nothing unjudged by the lint", async () => {
        for (const stack of ["dev", "prod"]) {
            const plan = await planOf(stack);
            for (const task of ofType(plan, T.taskDefinition)) {
                const defs = task.inputs.containerDefinitions;
                assert.ok(typeof defs === "string" && !defs.includes(UNKNOWN), `${stack} ${task.name}`);
            }
            for (const [type, input] of IAM_DOCUMENTS) {
                for (const r of ofType(plan, type)) {
                    const doc = r.inputs[input];
                    assert.ok(typeof doc === "string" && !doc.includes(UNKNOWN), `${stack} ${r.name}.${input}`);
                }
            }
            assert.deepStrictEqual((await lintPlan(plan)).unknownInputs, [], stack);
        }
    });

    it("gives each resource its own placeholder of AWS's shape, the same at every run and for every reference", () => {
        const sg = assignedValues(T.sg, "sg-alb", {}, SCOPE);
        assert.match(sg.id, /^sg-offline[0-9a-f]{8}$/);
        assert.strictEqual(assignedValues(T.sg, "sg-alb", {}, SCOPE).id, sg.id, "deterministic");
        assert.notStrictEqual(assignedValues(T.sg, "sg-tasks", {}, SCOPE).id, sg.id, "two resources, two values");
        const secret = assignedValues(T.secret, "secret-x", { name: "dev/api/db-password" }, SCOPE);
        assert.strictEqual(secret.outputs.arn, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/api/db-password-OFFLIN");
        assert.ok(secret.placeholders.includes(secret.outputs.arn as string));
        const logGroup = assignedValues(T.logGroup, "api-logs", { name: "/ecs/x/api" }, SCOPE);
        assert.strictEqual(logGroup.outputs.arn, "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/x/api", "built from known parts, as AWS documents it");
        const role = assignedValues(T.role, "api-execution", {}, SCOPE);
        assert.strictEqual(role.outputs.arn, "arn:aws:iam::123456789012:role/api-execution-offline");
        assert.match(tagOf(T.vpc, "network-vpc"), /^offline[0-9a-f]{8}$/);
        const keys = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r"].map(
            (n) => assignedValues("aws:kms/key:Key", n, {}, SCOPE).id,
        );
        assert.strictEqual(new Set(keys).size, keys.length, "KMS key placeholders do not collide");
        const sameprefix = ["x", "y"].map((n) => assignedValues(T.sg, n, { namePrefix: "shared-" }, SCOPE).outputs.name);
        assert.notStrictEqual(sameprefix[0], sameprefix[1], "a shared name prefix still gives two names");
    });

    it("keeps the wiring: the execution role's policy names the log group's ARN and the secret's full ARN", async () => {
        const dev = await fixturePlanOf("dev");
        const statements = JSON.parse(named(dev, T.rolePolicy, "api-secrets").inputs.policy as string).Statement;
        assert.deepStrictEqual(statements[0].Resource, ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/api/db-password-OFFLIN"]);
        const logs = JSON.parse(named(dev, T.rolePolicy, "api-execution").inputs.policy as string).Statement[0];
        assert.strictEqual(logs.Resource, "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/ecs-platform-dev/api:*");
        assert.ok(
            named(dev, T.rolePolicy, "api-secrets").propertyDependencies.policy.some((u) => u.endsWith("::secret-dev-api-db-password")),
            "the dependency edge stays",
        );
    });

    it("shows an image change in a service that reads a secret the stack creates", async () => {
        const before = snapshotOf(await fixturePlanOf("dev"));
        const after = snapshotOf(await fixturePlanEdited("dev", (c) => (c.services[1].image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.3")));
        const text = formatDiff(diffSnapshots(before, after), "dev");
        assert.match(
            text,
            /\+- aws:ecs:TaskDefinition api-task \(replace: containerDefinitions\)\n {8}~ containerDefinitions\[name=api\]\.image: ".*api:1\.4\.2" => ".*api:1\.4\.3"/,
        );
        assert.match(text, /~ {2}aws:ecs:Service api-service\n {8}~ taskDefinition: \(assigned by AWS\) => \(known after deploy\)/);
    });

    it("shows no change where only a placeholder and an unknown differ (a first-deploy snapshot against a deployed plan)", async () => {
        const { runPlan } = await import("../plan/runPlan");
        const firstDeploy = snapshotOf(await runPlan({ stack: "dev", dir: FIXTURE_DIR, firstDeploy: true }));
        const deployed = snapshotOf(await fixturePlanOf("dev"));
        const diff = diffSnapshots(firstDeploy, deployed);
        const subnet = diff.changes.find((c) => c.name === "network-private-az1");
        assert.strictEqual(subnet, undefined, "vpcId: unknown then placeholder is no change");
    });
});
