import { strict as assert } from "assert";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { check, deferred, Spec, UNKNOWN, verdict, violations } from "../helpers/policyPack";

const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("policy no-wildcard-admin", () => {
    const rule = "no-wildcard-admin";
    const forms = (document: string): Spec[] => [
        { type: "aws:iam/policy:Policy", name: "policy", inputs: { policy: document } },
        { type: "aws:iam/rolePolicy:RolePolicy", name: "role-policy", inputs: { role: UNKNOWN, policy: JSON.parse(document) } },
        { type: "aws:iam/userPolicy:UserPolicy", name: "user-policy", inputs: { user: "ci", policy: document } },
        { type: RESOURCE_TYPES.iamRole, name: "role", inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "admin", policy: document }] } },
    ];

    it("flags Allow * on * in every document form", async () => {
        const found = await verdict(rule, forms(doc({ Effect: "Allow", Action: "*", Resource: "*" })));
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["policy", "role-policy", "user-policy", "role"],
        );
        assert.match(found[0], /policy allows \* on every resource; name the actions and resources the role needs\./);
    });

    it("flags a whole service on * and NotAction on *", async () => {
        const found = await verdict(
            rule,
            forms(doc({ Sid: "S3", Effect: "Allow", Action: ["s3:GetObject", "s3:*"], Resource: "*" }, { Effect: "Allow", NotAction: "iam:*", Resource: "*" })),
        );
        assert.equal(found.length, 8);
        assert.match(found[0], /statement S3 allows s3:\* on every resource/);
        assert.match(found[1], /allows NotAction \["iam:\*"\] on every resource/);
    });

    it("flags a whole service on a pattern that covers every resource (arn:aws:*:*:*:*, every bucket)", async () => {
        const found = await verdict(
            rule,
            forms(
                doc(
                    { Sid: "Wide", Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:*:*:*:*"] },
                    { Sid: "Buckets", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::*" },
                ),
            ),
        );
        assert.equal(found.length, 8);
        assert.match(found[0], /statement Wide allows s3:\* on every resource/);
    });

    it("allows named actions on *, service wildcards on named resources, and Deny *", async () => {
        const found = await verdict(
            rule,
            forms(
                doc(
                    { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                    { Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"] },
                    { Effect: "Deny", Action: "*", Resource: "*" },
                ),
            ),
        );
        assert.deepEqual(found, []);
    });

    it("ignores a role's trust policy, which is not an identity policy", async () => {
        const trust = doc({ Effect: "Allow", Action: "sts:*", Principal: { Service: "ecs-tasks.amazonaws.com" }, Resource: "*" });
        assert.deepEqual(await verdict(rule, [{ type: RESOURCE_TYPES.iamRole, name: "role", inputs: { assumeRolePolicy: trust } }]), []);
    });

    it("reports a document that is not JSON instead of passing it", async () => {
        const found = await verdict(rule, [{ type: "aws:iam/policy:Policy", name: "p", inputs: { policy: "{not json" } }]);
        assert.equal(found.length, 1);
        assert.match(found[0], /^p: policy is not valid JSON \(.*\); write a valid IAM policy document\.$/);
    });
});

describe("policy task-and-execution-roles-separate", () => {
    const rule = "task-and-execution-roles-separate";
    const role = (name: string): Spec => ({ type: RESOURCE_TYPES.iamRole, name, inputs: { assumeRolePolicy: "{}" } });
    const td = (task: string, execution: string): Spec => ({
        type: RESOURCE_TYPES.taskDefinition,
        name: "td",
        inputs: { containerDefinitions: "[]", taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN },
        deps: { taskRoleArn: [task], executionRoleArn: [execution] },
    });

    it("flags one role used as both, followed through propertyDependencies", async () => {
        assert.deepEqual(await verdict(rule, [role("shared"), td("shared", "shared")]), [
            'td: TaskDefinition "td" uses role "shared" as both task and execution role; give the application its own task role.',
        ]);
    });

    it("allows two roles even though both ARNs are unknown at preview", async () => {
        const result = await check([role("task"), role("execution"), td("task", "execution")]);
        assert.deepEqual(
            result.diagnostics.filter((d) => d.policyName === rule),
            [],
        );
    });

    it("compares literal ARNs when the roles live outside the stack", async () => {
        const arn = "arn:aws:iam::123456789012:role/app";
        const literal = (execution: string): Spec => ({
            type: RESOURCE_TYPES.taskDefinition,
            name: "td",
            inputs: { containerDefinitions: "[]", taskRoleArn: arn, executionRoleArn: execution },
        });
        assert.equal((await verdict(rule, [literal(arn)])).length, 1);
        assert.deepEqual(await verdict(rule, [literal("arn:aws:iam::123456789012:role/ecs-execution")]), []);
    });

    it("follows the dependencies when only one of the roles is in the stack", async () => {
        const onlyExecution: Spec = {
            type: RESOURCE_TYPES.taskDefinition,
            name: "td",
            inputs: { containerDefinitions: "[]", taskRoleArn: "arn:aws:iam::123456789012:role/app", executionRoleArn: UNKNOWN },
            deps: { executionRoleArn: ["execution"] },
        };
        const result = await check([role("execution"), onlyExecution]);
        assert.deepEqual(
            result.diagnostics.filter((d) => d.policyName === rule),
            [],
        );
    });

    it("defers when an external ARN is unknown", async () => {
        const result = await check([
            { type: RESOURCE_TYPES.taskDefinition, name: "td", inputs: { containerDefinitions: "[]", taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN } },
        ]);
        assert.equal(deferred(result, rule).length, 1);
    });
});

describe("resource patterns that cover every resource", () => {
    it("treat arn:aws:*:*:*:* and all-secrets patterns as every resource, and scoped ones not", async () => {
        const { coversEveryResource } = await import("@ecs-platform/shared/iamPatterns");
        for (const r of [
            "*",
            "arn:aws:*:*:*:*",
            "arn:aws:secretsmanager:*:*:secret:*",
            "arn:aws:s3:::*",
            "arn:aws:iam::*:role/*",
            "arn:aws-us-gov:logs:*:*:log-group:*",
        ]) {
            assert.ok(coversEveryResource(r), r);
        }
        for (const r of [
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/*",
            "arn:aws:secretsmanager:*:*:secret:prod/*",
            "arn:aws:s3:::my-bucket/*",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/x:*",
        ]) {
            assert.ok(!coversEveryResource(r), r);
        }
    });
});

describe("policy trust-not-public", () => {
    const rule = "trust-not-public";
    const role = (trust: unknown): Spec => ({ type: RESOURCE_TYPES.iamRole, name: "role", inputs: { assumeRolePolicy: JSON.stringify(trust) } });
    const trust = (statement: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", ...statement }] });

    it('flags a role anyone may assume: Principal "*", AWS "*" (alone or in a list), NotPrincipal, with no condition or one that does not pin the caller', async () => {
        for (const principal of [
            { Principal: "*" },
            { Principal: { AWS: "*" } },
            { Principal: { AWS: ["arn:aws:iam::123456789012:root", "*"] } },
            { NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } },
            { Principal: "*", Condition: { StringEquals: { "sts:ExternalId": "shared-string" } } },
            { Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
            { Principal: "*", Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } },
        ]) {
            const found = await verdict(rule, [role(trust(principal))]);
            assert.deepEqual(
                found,
                [
                    "role: assumeRolePolicy.Statement[0] lets any AWS account's principals assume the role; name the service or account in Principal, " +
                        "or pin the caller with a condition on fixed values of aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn (sts:ExternalId alone is a shared string, not an identity).",
                ],
                JSON.stringify(principal),
            );
        }
    });

    it('passes service and account principals, and "*" narrowed by a condition', async () => {
        for (const statement of [
            { Principal: { Service: "ecs-tasks.amazonaws.com" } },
            { Principal: { AWS: "arn:aws:iam::123456789012:root" } },
            { Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } },
            { Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/ci" } } },
            { Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ["123456789012", "210987654321"] } } },
        ])
            assert.deepEqual(await verdict(rule, [role(trust(statement))]), [], JSON.stringify(statement));
    });
});

describe("policy trust-not-public, edges", () => {
    it("reports a trust policy that is not JSON, reads one given as an object, and ignores a role without one", async () => {
        const found = await verdict("trust-not-public", [
            { type: RESOURCE_TYPES.iamRole, name: "broken", inputs: { assumeRolePolicy: "{" } },
            {
                type: RESOURCE_TYPES.iamRole,
                name: "object",
                inputs: { assumeRolePolicy: { Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } } },
            },
            { type: RESOURCE_TYPES.iamRole, name: "none", inputs: {} },
            {
                type: RESOURCE_TYPES.iamRole,
                name: "denied",
                inputs: { assumeRolePolicy: { Statement: { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" } } },
            },
            { type: "aws:iam/policy:Policy", name: "not-a-role", inputs: { assumeRolePolicy: { Statement: { Effect: "Allow", Principal: "*" } } } },
        ]);
        assert.deepEqual(
            found.map((f) => f.split(";")[0].replace(/ \(.*\)$/, "")),
            ["broken: assumeRolePolicy is not valid JSON", "object: assumeRolePolicy.Statement[0] lets any AWS account's principals assume the role"],
        );
    });
});

describe("policy no-privilege-escalation", () => {
    const rule = "no-privilege-escalation";
    const trust = doc({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" } });
    const role = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
        type: RESOURCE_TYPES.iamRole,
        name,
        inputs: { assumeRolePolicy: trust, ...inputs },
    });
    const taskDefinition: Spec = {
        type: RESOURCE_TYPES.taskDefinition,
        name: "api",
        inputs: { family: "api", taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN, containerDefinitions: "[]" },
        deps: { taskRoleArn: ["task"], executionRoleArn: ["execution"] },
    };
    const passRole = doc({ Sid: "Pass", Effect: "Allow", Action: ["iam:PassRole", "s3:GetObject"], Resource: "*" });

    it("flags escalation actions on * in every form that reaches a task role", async () => {
        const specs: Spec[] = [
            role("task", { inlinePolicies: [{ name: "inline", policy: passRole }], managedPolicyArns: ["arn:aws:iam::aws:policy/IAMFullAccess"] }),
            role("execution"),
            taskDefinition,
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "task-policy",
                inputs: { role: UNKNOWN, policy: doc({ Effect: "Allow", Action: "iam:Put*", Resource: "*" }) },
                deps: { role: ["task"] },
            },
            { type: "aws:iam/policy:Policy", name: "custom", inputs: { policy: doc({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }) } },
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "custom-attachment",
                inputs: { role: UNKNOWN, policyArn: UNKNOWN },
                deps: { role: ["task"], policyArn: ["custom"] },
            },
            {
                type: "aws:iam/policyAttachment:PolicyAttachment",
                name: "shared",
                inputs: { name: "s", roles: [UNKNOWN], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
                deps: { roles: ["execution"] },
            },
            {
                type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                name: "exclusive",
                inputs: { roleName: UNKNOWN, policyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] },
                deps: { roleName: ["execution"] },
            },
        ];
        const found = await verdict(rule, specs);
        assert.equal(found.length, 5, found.join("\n"));
        assert.equal(
            found[0],
            'task: Role "task", the task role of TaskDefinition "api", gets iam:PassRole on every resource from Role "task" inlinePolicies[0] (inline) statement Pass; ' +
                "code in the container could grant itself any permission. Name the roles or policies it may act on.",
        );
        assert.match(
            found[1],
            /^task: Role "task", the task role .* gets iam:PassRole, iam:CreateRole, iam:AttachRolePolicy, iam:PutRolePolicy and 12 more escalation actions on every resource from Role "task" managedPolicyArns\[0\] \(AWS managed IAMFullAccess\);/,
        );
        assert.match(found[2], /gets iam:PutRolePolicy, iam:PutUserPolicy, iam:PutGroupPolicy on every resource from RolePolicy "task-policy" policy;/);
        assert.match(found[3], /gets iam:PassRole, .* from Policy "custom" policy;/);
        assert.match(
            found[4],
            /^execution: Role "execution", the execution role of TaskDefinition "api", gets iam:PassRole, .* from PolicyAttachment "shared" policyArn \(AWS managed AdministratorAccess\);/,
        );
        // PowerUserAccess grants everything but iam:*, organizations:* and account:*: no IAM escalation.
        assert.doesNotMatch(found.join("\n"), /PowerUserAccess/);
    });

    it("passes escalation actions on named resources, Deny statements, and roles no task uses", async () => {
        const scoped = doc(
            { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app-worker" },
            { Effect: "Deny", Action: "iam:*", Resource: "*" },
        );
        const found = await verdict(rule, [
            role("task", { inlinePolicies: [{ name: "scoped", policy: scoped }] }),
            role("execution", { managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"] }),
            role("infrastructure", { inlinePolicies: [{ name: "pass", policy: passRole }] }),
            taskDefinition,
        ]);
        assert.deepEqual(found, []);
    });
});

describe("policy no-privilege-escalation, edges", () => {
    const rule = "no-privilege-escalation";
    const role = (name: string, policy: string): Spec => ({
        type: RESOURCE_TYPES.iamRole,
        name,
        inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "p", policy }] },
    });
    const taskDefinition = (name: string): Spec => ({
        type: RESOURCE_TYPES.taskDefinition,
        name,
        inputs: { family: name, taskRoleArn: UNKNOWN, containerDefinitions: "[]" },
        deps: { taskRoleArn: ["shared"] },
    });

    it("reports a role shared by two task definitions once, and names up to four actions", async () => {
        const four = doc({ Effect: "Allow", Action: ["iam:PassRole", "iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"], Resource: "*" });
        const found = await verdict(rule, [role("shared", four), taskDefinition("a"), taskDefinition("b")]);
        assert.deepEqual(
            found.map((f) => f.split(" on every")[0]),
            ['shared: Role "shared", the task role of TaskDefinition "a", gets iam:PassRole, iam:CreateRole, iam:AttachRolePolicy, iam:PutRolePolicy'],
        );
    });

    it("leaves a document that is not JSON to no-wildcard-admin", async () => {
        const result = await check([role("shared", "{not json"), taskDefinition("a")]);
        assert.deepEqual(violations(result, rule), []);
        assert.equal(violations(result, "no-wildcard-admin").length, 1);
    });
});
