import * as assert from "assert";
import { TLS12_POLICIES } from "@ecs-platform/shared/tlsPolicies";
import { ConfigError, validateStackConfig } from "../../infra/config/validate";
import { configProblems, FIXTURE_DIR, ProjectConfig, stackConfig, withoutNat } from "../helpers/plans";

/** The problems validation reports for the frozen dev fixture after `edit` (messages name its services), or []. */
function problemsAfter(edit: (c: ProjectConfig) => void, stack = "dev"): string[] {
    return configProblems(edit, stack);
}

function assertProblem(problems: string[], expected: string): void {
    assert.ok(problems.includes(expected), `expected problem:\n  ${expected}\ngot:\n  ${problems.join("\n  ")}`);
}

describe("stack config validation", () => {
    it("accepts the dev and prod stack files and applies defaults", () => {
        for (const stack of ["dev", "prod"]) {
            const { project, region } = stackConfig(stack);
            const config = validateStackConfig(project, region);
            assert.strictEqual(config.region, region);
            assert.strictEqual(config.services.length, project.services.length);
            assert.ok(
                config.services.every((s) => s.deployment.strategy && s.healthCheck.path),
                "defaults applied",
            );
        }
        const dev = validateStackConfig(stackConfig("dev", FIXTURE_DIR).project, "eu-west-1");
        assert.strictEqual(dev.protectStatefulResources, false);
        assert.strictEqual(dev.services[0].readonlyRootFilesystem, true);
        assert.strictEqual(dev.services[0].deployment.strategy, "rolling");
        assert.strictEqual(dev.loadBalancer.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        const prod = validateStackConfig(stackConfig("prod").project, "eu-west-1");
        assert.strictEqual(prod.protectStatefulResources, true);
    });

    const cases: [string, (c: ProjectConfig) => void, string][] = [
        [
            "a Fargate memory that does not fit the cpu",
            (c) => (c.services[2].memory = 300),
            "services[2].memory: 300 is not valid with cpu 256 (allowed: 512, 1024, 2048)",
        ],
        [
            "a cpu that is no Fargate size",
            (c) => (c.services[1].cpu = 300),
            "services[1].cpu: 300 is not a Fargate size (allowed: 256, 512, 1024, 2048, 4096, 8192, 16384)",
        ],
        [
            "a long memory run described by its steps",
            (c) => {
                c.services[1].cpu = 4096;
                c.services[1].memory = 4096;
            },
            "services[1].memory: 4096 is not valid with cpu 4096 (allowed: 8192 to 30720 in steps of 1024)",
        ],
        [
            "an unknown key (a typo)",
            (c) => (c.network.natGateway = "single"),
            "network.natGateway: unknown key (allowed: cidr, azCount, natGateways, isolatedSubnets, subnetPrefixLengths, endpoints, flowLogs)",
        ],
        ["an unknown NAT strategy", (c) => (c.network.natGateways = "perAZ"), 'network.natGateways: "perAZ" is not allowed (allowed: none, single, perAz)'],
        ["a CIDR with host bits", (c) => (c.network.cidr = "10.20.0.1/16"), 'network.cidr: "10.20.0.1/16" has host bits set (did you mean 10.20.0.0/16?)'],
        [
            "subnets that do not fit the VPC",
            (c) => {
                c.network.cidr = "10.20.0.0/24";
                c.network.subnetPrefixLengths = { private: 25 };
            },
            "network.subnetPrefixLengths: private subnets /25 do not fit in 10.20.0.0/24 (3 per tier are reserved so that azCount can grow); use longer prefixes or a larger network.cidr",
        ],
        ["four AZs", (c) => (c.network.azCount = 4), "network.azCount: 4 is above the maximum 3"],
        ["a port out of range", (c) => (c.services[0].containerPort = 70000), "services[0].containerPort: 70000 is above the maximum 65535"],
        ["a path without a leading slash", (c) => (c.services[1].paths = ["api/*"]), 'services[1].paths[0]: "api/*" must start with /'],
        [
            "a path with a space",
            (c) => (c.services[1].paths = ["/api /*"]),
            `services[1].paths[0]: "/api /*" has a character ALB does not accept (allowed: A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?)`,
        ],
        ["a path over 128 characters", (c) => (c.services[1].paths = ["/" + "a".repeat(130)]), "services[1].paths[0]: is 131 characters long (at most 128)"],
        ["a duplicate service name", (c) => (c.services[2].name = "web"), 'services[2].name: "web" is used by an earlier service (names must be unique)'],
        [
            "a duplicate explicit priority",
            (c) => {
                c.services[1].priority = 5;
                c.services[2].priority = 5;
            },
            "services[2].priority: priority 5 is also that of services[1] (api)",
        ],
        [
            "an identical path and host on two services",
            (c) => (c.services[2].paths = ["/api/*"]),
            "services[2].paths: route /api/* on (any host) is also routed to services[1] (api)",
        ],
        [
            "a catch-all given a priority before a specific route",
            (c) => (c.services[0].priority = 1),
            "services[0].priority: 1 makes the catch-all route evaluate before api, docs; a catch-all needs the highest priority number",
        ],
        ["a desired count outside autoscaling", (c) => (c.services[0].desiredCount = 5), "services[0].desiredCount: 5 is outside autoscaling 0 to 2"],
        [
            "a plaintext secret in the environment",
            (c) => (c.services[1].environment.DB_PASSWORD = "hunter2"),
            "services[1].environment.DB_PASSWORD: looks like a secret (names containing PASSWORD, PASSWORDS, PASSWD, PASS, PWD, SECRET, SECRETS, TOKEN, TOKENS, API_KEY, APIKEY, PRIVATE_KEY, ACCESS_KEY, SIGNING_KEY, ENCRYPTION_KEY, CREDENTIAL, CREDENTIALS); move it to services[1].secrets as a Secrets Manager ARN or a secret the stack creates",
        ],
        [
            "a secret from SSM Parameter Store",
            (c) => (c.services[1].secrets.API_TOKEN = "arn:aws:ssm:eu-west-1:123456789012:parameter/api/token"),
            'services[1].secrets.API_TOKEN: "arn:aws:ssm:eu-west-1:123456789012:parameter/api/token" is an SSM parameter; secrets come only from Secrets Manager',
        ],
        [
            "a secret name the stack does not create",
            (c) => (c.services[1].secrets.DB_PASSWORD = "dev/api/nope"),
            'services[1].secrets.DB_PASSWORD: "dev/api/nope" is neither a Secrets Manager ARN nor a secret in the secrets key (defined: dev/api/db-password)',
        ],
        [
            "ec2 capacity without an EC2 capacity provider",
            (c) => (c.services[0].capacity = "ec2"),
            'services[0].capacity: uses provider "ec2" but cluster.ec2Capacity is not set (available here: fargate, fargateSpot)',
        ],
        [
            "an unknown capacity",
            (c) => (c.services[0].capacity = "spot"),
            'services[0].capacity: "spot" is not allowed (allowed: fargate, fargateSpot, ec2, managedInstances, or { strategy: [{ provider, base, weight }] })',
        ],
        [
            "no NAT and missing endpoints",
            (c) => {
                c.network.natGateways = "none";
                c.network.endpoints = { gateway: [], interface: ["logs"] };
            },
            'network.endpoints: with natGateways "none", private tasks cannot pull images, write logs or read secrets without these endpoints: s3 (gateway), ecr.api, ecr.dkr, secretsmanager, ssmmessages (add them, or set natGateways to "single" or "perAz")',
        ],
        [
            "a task policy granting s3:* on *",
            (c) => (c.services[1].taskPolicy = [{ actions: ["s3:*"], resources: ["*"] }]),
            'services[1].taskPolicy[0]: allows s3:* on "*", every resource (name the actions and resources the task needs)',
        ],
        [
            "a task policy granting iam:PassRole on every role",
            (c) => (c.services[1].taskPolicy = [{ actions: ["iam:PassRole", "s3:GetObject"], resources: ["arn:aws:iam::*:role/*"] }]),
            "services[1].taskPolicy[0]: grants iam:PassRole on every resource, which lets the task give itself any permission (name the roles or policies it may act on)",
        ],
        [
            "a task policy reading every secret",
            (c) => (c.services[1].taskPolicy = [{ actions: ["secretsmanager:Get*"], resources: ["arn:aws:secretsmanager:*:*:secret:*"] }]),
            "services[1].taskPolicy[0]: grants secretsmanager:GetSecretValue on every secret (list the secret ARNs, or use services[1].secrets)",
        ],
        [
            "an unknown top-level key",
            (c) => (c.service = []),
            "service: unknown key (allowed: environment, layer, networkStack, protectStatefulResources, network, cluster, loadBalancer, networkLoadBalancer, monitoring, logs, secrets, database, services, tasks, compliance, cost)",
        ],
        [
            "two secret names that give one resource name",
            (c) => c.secrets.push({ name: "dev-api-db-password" }),
            'secrets[1].name: "dev-api-db-password" gives the same resource name (secret-dev-api-db-password) as "dev/api/db-password"; rename one',
        ],
    ];
    for (const [what, edit, expected] of cases) {
        it(`rejects ${what}`, () => assertProblem(problemsAfter(edit), expected));
    }

    it("accepts exactly the TLS policies the pack passes (one list, shared/tlsPolicies.ts), and names the key otherwise", () => {
        for (const policy of TLS12_POLICIES)
            assert.deepStrictEqual(
                problemsAfter((c) => (c.loadBalancer = { ...c.loadBalancer, sslPolicy: policy })),
                [],
                policy,
            );
        const [problem] = problemsAfter((c) => (c.loadBalancer = { ...c.loadBalancer, sslPolicy: "ELBSecurityPolicy-2016-08" }));
        assert.match(
            problem,
            /^loadBalancer\.sslPolicy: "ELBSecurityPolicy-2016-08" is not allowed \(allowed: ELBSecurityPolicy-TLS13-1-2-2021-06, .*ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, /,
        );
    });

    it("rejects a missing region", () => {
        assert.throws(
            () => validateStackConfig(stackConfig("dev").project, undefined),
            (err: ConfigError) => {
                assertProblem([...err.problems], "aws:region: is required (pulumi config set aws:region eu-west-1)");
                return true;
            },
        );
    });

    it("enforces the production invariants", () => {
        const problems = problemsAfter((c) => {
            c.services[2].desiredCount = 1;
            c.services[2].autoscaling.minCount = 1;
            c.services[2].enableExecuteCommand = true;
            c.services[2].assignPublicIp = true;
            c.protectStatefulResources = false;
        }, "prod");
        assertProblem(problems, "services[2].desiredCount: 1 is below 2, the production minimum");
        assertProblem(problems, "services[2].autoscaling.minCount: 1 is below 2, the production minimum");
        assertProblem(problems, "services[2].enableExecuteCommand: true is not allowed in production");
        assertProblem(problems, "services[2].assignPublicIp: true is not allowed in production (tasks stay in private subnets)");
        assertProblem(problems, "protectStatefulResources: false is not allowed in production (log groups, buckets and EFS must be protected)");
    });

    it("reports every problem at once, across sections, each with its key path", () => {
        const problems = problemsAfter((c) => {
            c.network.natGateways = "perAZ";
            c.services[0].memory = 300;
            c.services[1].environment.API_KEY = "abc";
            c.services[2].containerPort = 0;
        });
        assert.strictEqual(problems.length, 4, problems.join("\n"));
        assert.deepStrictEqual(
            problems.map((p) => p.split(":")[0]),
            ["network.natGateways", "services[2].containerPort", "services[0].memory", "services[1].environment.API_KEY"],
        );
    });

    it("names a missing required key", () => {
        assert.deepStrictEqual(
            problemsAfter((c) => delete c.services[0].cpu),
            ["services[0].cpu: is required"],
        );
        // Of two keys one of which is needed, the message names both.
        assert.deepStrictEqual(
            problemsAfter((c) => delete c.services[0].image),
            ["services[0]: needs image (a registry reference) or build (a Docker build context)"],
        );
    });

    it("accepts a task policy that passes or reads named roles and secrets", () => {
        const problems = problemsAfter(
            (c) =>
                (c.services[1].taskPolicy = [
                    { actions: ["iam:PassRole"], resources: ["arn:aws:iam::123456789012:role/worker"] },
                    { actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/api/*"] },
                    { effect: "Deny", actions: ["iam:*"], resources: ["*"] },
                ]),
        );
        assert.deepStrictEqual(problems, []);
    });

    it("accepts no NAT when every endpoint private tasks need is there", () => {
        const problems = problemsAfter(withoutNat);
        assert.deepStrictEqual(problems, []);
    });
});

describe("provider config the platform reads", () => {
    it("takes aws:defaultTags as the provider does, and names the key when its shape is wrong", () => {
        const { project } = stackConfig("dev");
        assert.deepStrictEqual(validateStackConfig(project, "eu-west-1", { tags: { team: "platform" } }).defaultTags, { team: "platform" });
        assert.deepStrictEqual(validateStackConfig(project, "eu-west-1").defaultTags, {});
        assert.throws(
            () => validateStackConfig(project, "eu-west-1", { team: "platform" }),
            (err: ConfigError) =>
                err.problems.includes('aws:defaultTags: {"team":"platform"} is not { tags: { KEY: "value", ... } } (the AWS provider\'s default tags)'),
        );
    });
});

describe("secret-looking names, shared with the policy pack", () => {
    it("refuses libpq's PGPASSWORD and MySQL's MYSQL_PWD in the environment, as the pack flags them", () => {
        const problems = configProblems((c) => (c.services[1].environment = { PGPASSWORD: "x", MYSQL_PWD: "y", PWD: "/app" }), "dev");
        assert.deepStrictEqual(
            problems.map((p) => p.split(":")[0]),
            ["services[1].environment.PGPASSWORD", "services[1].environment.MYSQL_PWD"],
        );
    });
});

describe("the AWS provider's config keys", () => {
    it("are read from @pulumi/aws's config module's text exactly as loading it gives them", () => {
        const { awsProviderKeys } = require("../../infra/config/validate") as typeof import("../../infra/config/validate");
        assert.deepStrictEqual([...awsProviderKeys()].sort(), Object.keys(require("@pulumi/aws/config/vars")).sort());
        assert.ok(awsProviderKeys().includes("region") && awsProviderKeys().includes("defaultTags"));
    });
});
