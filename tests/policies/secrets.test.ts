import { strict as assert } from "assert";
import { gzipSync } from "zlib";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { check, deferred, Spec, UNKNOWN, verdict, violations } from "../helpers/policyPack";

const SM_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/db-AbCdEf";
const taskDefinition = (containers: unknown[]): Spec => ({
    type: RESOURCE_TYPES.taskDefinition,
    name: "td",
    inputs: { containerDefinitions: JSON.stringify(containers) },
});

describe("policy secrets-only-via-secrets-manager", () => {
    const rule = "secrets-only-via-secrets-manager";

    it("flags an environment variable whose name looks secret", async () => {
        const found = await verdict(rule, [taskDefinition([{ name: "api", environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }])]);
        assert.deepEqual(found, [
            'td: container "api": environment variable DB_PASSWORD looks like a secret; move it to secrets[] with a Secrets Manager ARN.',
        ]);
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
        assert.deepEqual(
            found.map((f) => /looks like (.*); move/.exec(f)?.[1]),
            ["an AWS access key id", "a private key", "a high-entropy token"],
        );
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
        const param = (name: string, type: string): Spec => ({ type: RESOURCE_TYPES.ssmParameter, name, inputs: { name: `/prod/${name}`, type, value: "x" } });
        const found = await verdict(rule, [param("db-password", "String"), param("db-token", "SecureString"), param("log-level", "String")]);
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["db-password"],
        );
        assert.equal(
            found[0],
            'db-password: SSM parameter "/prod/db-password" is a plain String with a secret-looking name; store it in Secrets Manager and reference its ARN from the task\'s secrets.',
        );
    });

    it("reads StringList parameters and the values of innocuous names, item by item", async () => {
        const param = (name: string, type: string, value: string): Spec => ({
            type: RESOURCE_TYPES.ssmParameter,
            name,
            inputs: { name: `/prod/${name}`, type, value },
        });
        const found = await verdict(rule, [
            param("db-passwords", "StringList", "a,b"),
            param("deploy-keys", "StringList", "AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            param("settings", "String", "postgresql://app:s3cret@db.internal/app"),
            param("hosts", "StringList", "a.example.com,b.example.com"),
            param("build", "String", "9fceb02d0ae598e95dc970b74767f19372d61af8"),
            param("build-sha", "String", "9fceb02d0ae598e95dc970b74767f19372d61af8"),
            { type: RESOURCE_TYPES.ssmParameter, name: "encrypted", inputs: { name: "/prod/encrypted", type: "SecureString", value: "AKIAIOSFODNN7EXAMPLE" } },
        ]);
        assert.deepEqual(found, [
            'db-passwords: SSM parameter "/prod/db-passwords" is a plain StringList with a secret-looking name; store it in Secrets Manager and reference its ARN from the task\'s secrets.',
            'deploy-keys: SSM parameter "/prod/deploy-keys" is a plain StringList whose value looks like an AWS access key id; store it in Secrets Manager and reference its ARN from the task\'s secrets.',
            'deploy-keys: SSM parameter "/prod/deploy-keys" is a plain StringList whose value looks like a high-entropy token; store it in Secrets Manager and reference its ARN from the task\'s secrets.',
            'settings: SSM parameter "/prod/settings" is a plain String whose value looks like a URL with a password in it; store it in Secrets Manager and reference its ARN from the task\'s secrets.',
            'build: SSM parameter "/prod/build" is a plain String whose value looks like a high-entropy token; store it in Secrets Manager and reference its ARN from the task\'s secrets.',
        ]);
    });

    it("reads a parameter's whole path as its name, trims list items, and passes a parameter whose value is not a string", async () => {
        const found = await verdict(rule, [
            { type: RESOURCE_TYPES.ssmParameter, name: "path", inputs: { name: "/prod/api-token/current", type: "String", value: "x" } },
            {
                type: RESOURCE_TYPES.ssmParameter,
                name: "spaced",
                inputs: { name: "/prod/list", type: "StringList", value: "a, q8Zt3vX1pL9mK2wR7yB4nC6jH0sD5fG8" },
            },
            { type: RESOURCE_TYPES.ssmParameter, name: "valueless", inputs: { name: "/prod/flag", type: "String" } },
        ]);
        assert.deepEqual(
            found.map((f) => f.split("; ")[0]),
            [
                'path: SSM parameter "/prod/api-token/current" is a plain String with a secret-looking name',
                'spaced: SSM parameter "/prod/list" is a plain StringList whose value looks like a high-entropy token',
            ],
        );
    });

    it("reads insecureValue as well as value", async () => {
        const found = await verdict(rule, [
            {
                type: RESOURCE_TYPES.ssmParameter,
                name: "p",
                inputs: { name: "p", type: "String", insecureValue: "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB" },
            },
        ]);
        assert.match(found[0], /^p: SSM parameter "p" is a plain String whose value looks like a GitHub token;/);
    });

    it("names an SSM parameter by its resource name when it has no name input, and ignores other resources", async () => {
        const found = await verdict(rule, [{ type: RESOURCE_TYPES.ssmParameter, name: "api-token", inputs: { type: "String", value: "x" } }]);
        assert.match(found[0], /^api-token: SSM parameter "api-token" is a plain String with a secret-looking name/);
        assert.deepEqual(
            await verdict(rule, [
                {
                    type: RESOURCE_TYPES.logGroup,
                    name: "db-password",
                    inputs: { containerDefinitions: JSON.stringify([{ environment: [{ name: "DB_PASSWORD", value: "x" }] }]) },
                },
            ]),
            [],
        );
    });

    it("reads containers given as an array instead of a JSON string, and non-string values as harmless", async () => {
        const found = await verdict(rule, [
            {
                type: RESOURCE_TYPES.taskDefinition,
                name: "td",
                inputs: {
                    containerDefinitions: [
                        {
                            name: "api",
                            environment: [
                                { name: "PORT", value: 8080 },
                                { name: "API_TOKEN", value: "x" },
                            ],
                        },
                    ],
                },
            },
        ]);
        assert.deepEqual(
            found.map((f) => /variable (\w+)/.exec(f)?.[1]),
            ["API_TOKEN"],
        );
    });

    it("cannot judge container definitions unknown at preview, and says so", async () => {
        const result = await check([{ type: RESOURCE_TYPES.taskDefinition, name: "td", inputs: { containerDefinitions: UNKNOWN } }]);
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
        {
            type: RESOURCE_TYPES.iamRole,
            name: "role-inline",
            inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "read", policy: JSON.stringify(document) }] },
        },
    ];

    it("flags GetSecretValue on * in aws.iam.Policy (JSON string), RolePolicy (object) and Role inlinePolicies", async () => {
        const found = await verdict(rule, forms(wide));
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["policy-json", "role-policy-object", "role-inline"],
        );
        assert.match(found[2], /inlinePolicies\[0\] \(read\) grants secretsmanager:GetSecretValue on every secret/);
    });

    it("flags GetSecretValue on a pattern that covers every secret, and passes one scoped by account and name", async () => {
        const allSecrets = doc({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:*:*:secret:*" });
        assert.equal((await verdict(rule, forms(allSecrets))).length, 3);
        const prefix = doc({
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/*",
        });
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

describe("policy secrets-only-via-secrets-manager on EC2 user data", () => {
    const rule = "secrets-only-via-secrets-manager";
    const base64 = (text: string) => Buffer.from(text).toString("base64");
    const template = (name: string, script: string, gzip = false): Spec => ({
        type: RESOURCE_TYPES.launchTemplate,
        name,
        inputs: { userData: gzip ? gzipSync(Buffer.from(script)).toString("base64") : base64(script) },
    });
    const ecsConfig = (...lines: string[]) => ["#!/bin/bash", ...lines.map((l) => `echo ${l} >> /etc/ecs/ecs.config`)].join("\n");
    const fix = "read it at boot from Secrets Manager (or SSM SecureString) instead of writing it into the template.";

    it("decodes a launch template's user data (base64, gzip too) and flags credentials in it", async () => {
        const found = await verdict(rule, [
            template(
                "registry",
                ecsConfig("ECS_ENGINE_AUTH_TYPE=docker", `'ECS_ENGINE_AUTH_DATA={"https://index.docker.io/v1/":{"username":"ci","password":"hunter2"}}'`),
            ),
            template("exported", "#!/bin/bash\nexport DB_PASSWORD='hunter2'\n", true),
            template("key", "#!/bin/bash\naws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n"),
            template("cloud-config", "#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    content: |\n      api_token: abc123\n"),
        ]);
        assert.deepEqual(found, [
            `registry: user data sets ECS_ENGINE_AUTH_DATA to a literal value; ${fix}`,
            `registry: user data sets password to a literal value; ${fix}`,
            `exported: user data sets DB_PASSWORD to a literal value; ${fix}`,
            `key: user data holds an AWS access key id; ${fix}`,
            `cloud-config: user data sets api_token to a literal value; ${fix}`,
        ]);
    });

    it("passes the platform's own ecs.config, values read at boot, and an instance's plain user data", async () => {
        const found = await verdict(rule, [
            template("platform", ecsConfig("ECS_CLUSTER=prod", "ECS_ENABLE_TASK_IAM_ROLE=true", "ECS_AWSVPC_BLOCK_IMDS=true")),
            template(
                "fetched",
                '#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)\nexport API_TOKEN="$TOKEN"\ncd $PWD\n',
            ),
            { type: RESOURCE_TYPES.ec2Instance, name: "bastion", inputs: { userData: "#!/bin/bash\necho ECS_CLUSTER=prod >> /etc/ecs/ecs.config" } },
        ]);
        assert.deepEqual(found, []);
    });

    it("reads an instance's user data in both forms", async () => {
        const found = await verdict(rule, [
            { type: RESOURCE_TYPES.ec2Instance, name: "plain", inputs: { userData: "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789AB" } },
            { type: RESOURCE_TYPES.ec2Instance, name: "encoded", inputs: { userDataBase64: base64("SECRET_KEY=abc") } },
        ]);
        assert.deepEqual(
            found.map((f) => f.split("; ")[0]),
            [
                "plain: user data sets GITHUB_TOKEN to a literal value",
                "plain: user data holds a GitHub token",
                "encoded: user data sets SECRET_KEY to a literal value",
            ],
        );
    });

    it("defers user data unknown at preview", async () => {
        const result = await check([{ type: RESOURCE_TYPES.launchTemplate, name: "lt", inputs: { userData: UNKNOWN } }]);
        assert.deepEqual(violations(result, rule), []);
        assert.equal(deferred(result, rule).length, 1);
    });
});
