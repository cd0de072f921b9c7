import { strict as assert } from "assert";
import { T } from "../../policies/lib/resourceTypes";
import { check, deferred, Spec, UNKNOWN, verdict } from "../helpers/policyPack";

const SM_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/db-AbCdEf";
const taskDefinition = (containers: unknown[]): Spec => ({
    type: T.taskDefinition,
    name: "td",
    inputs: { containerDefinitions: JSON.stringify(containers) },
});

describe("policy secrets-only-via-secrets-manager", () => {
    const rule = "secrets-only-via-secrets-manager";

    it("flags an environment variable whose name looks secret", async () => {
        const found = await verdict(rule, [taskDefinition([{ name: "api", environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }])]);
        assert.deepEqual(found, ['td: container "api": environment variable DB_PASSWORD looks like a secret; move it to secrets[] with a Secrets Manager ARN.']);
    });

    it("flags credential-looking values under innocent names", async () => {
        const found = await verdict(rule, [
            taskDefinition([
                {
                    name: "api",
                    environment: [
                        { name: "AWS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" },
                        { name: "TLS", value: "-----BEGIN RSA PRIVATE KEY-----\nMIIE..." },
                        { name: "UPSTREAM", value: "q8Zt3vX1pL9mK2wR7yB4nC6jH0sD5fG8aE1uI3oP" },
                    ],
                },
            ]),
        ]);
        assert.deepEqual(found.map((f) => /looks like (.*); move/.exec(f)?.[1]), ["an AWS access key id", "a private key", "a high-entropy token"]);
    });

    it("allows ordinary configuration values", async () => {
        const found = await verdict(rule, [
            taskDefinition([
                {
                    name: "api",
                    environment: [
                        { name: "DB_HOST", value: "api-db.prod.internal" },
                        { name: "LOG_LEVEL", value: "info" },
                        { name: "FEATURE_FLAGS", value: "checkout_v2,search_v3,billing_export" },
                        { name: "BUILD", value: "2026-11-23T10:00:00Z" },
                    ],
                    secrets: [
                        { name: "DB_PASSWORD", valueFrom: SM_ARN },
                        { name: "API_KEY", valueFrom: `${SM_ARN}:api_key::` },
                    ],
                },
            ]),
        ]);
        assert.deepEqual(found, []);
    });

    it("flags secrets taken from SSM Parameter Store or a bare name", async () => {
        const found = await verdict(rule, [
            taskDefinition([
                {
                    name: "api",
                    secrets: [
                        { name: "A", valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/a" },
                        { name: "B", valueFrom: "/prod/b" },
                    ],
                },
            ]),
        ]);
        assert.equal(found.length, 2);
        assert.match(found[0], /secret A comes from "arn:aws:ssm:.*", not a Secrets Manager ARN/);
        assert.match(found[1], /secret B comes from "\/prod\/b"/);
    });

    it("flags a secret-looking SSM String parameter and allows a SecureString or a harmless name", async () => {
        const param = (name: string, type: string): Spec => ({ type: T.ssmParameter, name, inputs: { name: `/prod/${name}`, type, value: "x" } });
        const found = await verdict(rule, [param("db-password", "String"), param("db-token", "SecureString"), param("log-level", "String")]);
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["db-password"]);
        assert.match(found[0], /SSM parameter "\/prod\/db-password" looks secret but is a plain String/);
    });

    it("names an SSM parameter by its resource name when it has no name input, and ignores other resources", async () => {
        const found = await verdict(rule, [{ type: T.ssmParameter, name: "api-token", inputs: { type: "String", value: "x" } }]);
        assert.match(found[0], /^api-token: SSM parameter "api-token" looks secret/);
        assert.deepEqual(await verdict(rule, [{ type: T.logGroup, name: "db-password", inputs: { containerDefinitions: JSON.stringify([{ environment: [{ name: "DB_PASSWORD", value: "x" }] }]) } }]), []);
    });

    it("reads containers given as an array instead of a JSON string, and non-string values as harmless", async () => {
        const found = await verdict(rule, [{ type: T.taskDefinition, name: "td", inputs: { containerDefinitions: [{ name: "api", environment: [{ name: "PORT", value: 8080 }, { name: "API_TOKEN", value: "x" }] }] } }]);
        assert.deepEqual(found.map((f) => /variable (\w+)/.exec(f)?.[1]), ["API_TOKEN"]);
    });

    it("cannot judge container definitions unknown at preview, and says so", async () => {
        const result = await check([{ type: T.taskDefinition, name: "td", inputs: { containerDefinitions: UNKNOWN } }]);
        const advisory = deferred(result, rule);
        assert.equal(advisory.length, 1);
        assert.match(advisory[0].message, /string value at \.containerDefinitions can't be known during preview/);
        assert.equal(result.mandatory, 0);
    });
});

describe("policy secret-access-scoped", () => {
    const rule = "secret-access-scoped";
    const doc = (statement: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [statement] });
    const wide = doc({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" });
    const scoped = doc({ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SM_ARN] });

    const forms = (document: unknown): Spec[] => [
        { type: "aws:iam/policy:Policy", name: "policy-json", inputs: { policy: JSON.stringify(document) } },
        { type: "aws:iam/rolePolicy:RolePolicy", name: "role-policy-object", inputs: { role: UNKNOWN, policy: document } },
        { type: T.iamRole, name: "role-inline", inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "read", policy: JSON.stringify(document) }] } },
    ];

    it("flags GetSecretValue on * in aws.iam.Policy (JSON string), RolePolicy (object) and Role inlinePolicies", async () => {
        const found = await verdict(rule, forms(wide));
        assert.deepEqual(found.map((f) => f.split(":")[0]), ["policy-json", "role-policy-object", "role-inline"]);
        assert.match(found[2], /inlinePolicies\[0\] \(read\) grants secretsmanager:GetSecretValue on every secret/);
    });

    it("flags GetSecretValue on a pattern that covers every secret, and passes one scoped by account and name", async () => {
        const allSecrets = doc({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:*:*:secret:*" });
        assert.equal((await verdict(rule, forms(allSecrets))).length, 3);
        const prefix = doc({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/*" });
        assert.deepEqual(await verdict(rule, forms(prefix)), []);
    });

    it("allows the same grant scoped to secret ARNs, in every form", async () => {
        assert.deepEqual(await verdict(rule, forms(scoped)), []);
    });

    it("sees the grant through wildcards and NotAction, and ignores Deny", async () => {
        const cases: [Record<string, unknown>, boolean][] = [
            [{ Effect: "Allow", Action: "secretsmanager:*", Resource: "*" }, true],
            [{ Effect: "Allow", Action: "secretsmanager:Get*", Resource: "*" }, true],
            [{ Effect: "Allow", Action: "SecretsManager:getsecretvalue", Resource: ["*"] }, true],
            [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }, true],
            [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", NotResource: SM_ARN }, true],
            [{ Effect: "Allow", NotAction: "secretsmanager:*", Resource: "*" }, false],
            [{ Effect: "Allow", Action: "secretsmanager:List*", Resource: "*" }, false],
            [{ Effect: "Deny", Action: "secretsmanager:*", Resource: "*" }, false],
        ];
        for (const [statement, flagged] of cases) {
            const found = await verdict(rule, [{ type: "aws:iam/policy:Policy", name: "p", inputs: { policy: doc({ Sid: "S1", ...statement }) } }]);
            assert.equal(found.length, flagged ? 1 : 0, JSON.stringify(statement));
            if (flagged) assert.match(found[0], /policy statement S1 grants/);
        }
    });

    it("defers a document unknown at preview", async () => {
        const result = await check([{ type: "aws:iam/rolePolicy:RolePolicy", name: "p", inputs: { policy: UNKNOWN } }]);
        assert.equal(deferred(result, rule).length, 1);
    });
});
