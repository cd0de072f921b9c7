import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { compileModelPattern, describe as describeShape, shapeExists, shapeSource, untestablePatterns, ShapeProblem } from "../../awsdata/shapes";
import { validateShape } from "../../awsdata/shapeValidation";

/** A container definition as the ECS API takes it, with every rule the data can check kept. */
function container(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "api",
        image: "public.ecr.aws/nginx/nginx:1.27",
        cpu: 256,
        memory: 512,
        essential: true,
        command: ["nginx", "-g", "daemon off;"],
        portMappings: [{ containerPort: 8080, protocol: "tcp", appProtocol: "http", name: "http" }],
        environment: [{ name: "PORT", value: "8080" }],
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api" } },
        healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"], interval: 30, retries: 3 },
        ...overrides,
    };
}

function taskDefinition(containers: unknown[]): Record<string, unknown> {
    return { family: "api", containerDefinitions: containers, cpu: "256", memory: "512", networkMode: "awsvpc" };
}

function only(problems: ShapeProblem[]): ShapeProblem {
    assert.strictEqual(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
    return problems[0];
}

describe("awsdata shapes: the data", () => {
    it("names the model commit, its date and the SDK version it merged", () => {
        const source = shapeSource();
        const sdkVersion = (
            JSON.parse(fs.readFileSync(path.join(__dirname, "../../node_modules/@aws-sdk/client-ecs/package.json"), "utf8")) as { version: string }
        ).version;
        assert.strictEqual(source.repo, "github.com/aws/api-models-aws");
        assert.strictEqual(source.commit, "56c8953e87aeead95ae5e66a3ca6a355731db6ad");
        assert.match(source.commitDate, /^2025-04-02T/);
        assert.ok(!Number.isNaN(Date.parse(source.generatedAt)));
        assert.strictEqual(source.sdk?.package, "@aws-sdk/client-ecs");
        assert.strictEqual(source.sdk?.version, sdkVersion);
        assert.ok(source.sdk?.shapesAdded.includes("ecs#DeploymentStrategy"));
        assert.deepStrictEqual(source.sdk?.enumValuesAdded["ecs#LaunchType"], ["MANAGED_INSTANCES"]);
    });

    it("holds the leaf shapes other services' checks validate against", () => {
        for (const id of [
            "elbv2#RulePriority",
            "elbv2#HealthCheckIntervalSeconds",
            "elbv2#StringValue",
            "iam#roleNameType",
            "iam#policyDocumentType",
            "logs#LogGroupName",
            "secretsmanager#NameType",
            "appautoscaling#ScalableDimension",
            "ecs#RegisterTaskDefinitionRequest",
            "ecs#CreateServiceRequest",
        ]) {
            assert.ok(shapeExists(id), id);
        }
        assert.ok(!shapeExists("ecs#DescribeServicesRequest"), "unreachable shapes are dropped");
        assert.strictEqual(describeShape("elbv2#RulePriority"), "integer; range 1..50000");
    });

    it("reports a shape id the data does not hold rather than passing silently", () => {
        assert.match(only(validateShape(1, "elbv2#NoSuchShape", "x")).message, /no shape elbv2#NoSuchShape/);
    });
});

describe("awsdata shapes: validateShape", () => {
    it("passes a realistic task definition", () => {
        assert.deepStrictEqual(validateShape(taskDefinition([container()]), "ecs#RegisterTaskDefinitionRequest", ""), []);
    });

    it("rejects an enum value the model does not allow, listing the allowed ones", () => {
        const bad = container({ portMappings: [{ containerPort: 80 }, { containerPort: 8080, protocol: "sctp" }] });
        const p = only(validateShape([bad], "ecs#ContainerDefinitions", "containerDefinitions"));
        assert.strictEqual(p.path, "containerDefinitions[0].portMappings[1].protocol");
        assert.strictEqual(p.shape, "ecs#TransportProtocol");
        assert.match(p.message, /"sctp" is not allowed .*allowed: tcp, udp/);
        const good = container({ portMappings: [{ containerPort: 8080, protocol: "udp" }] });
        assert.deepStrictEqual(validateShape(good, "ecs#ContainerDefinition", ""), []);
    });

    it("rejects an unknown log driver", () => {
        const bad = container({ logConfiguration: { logDriver: "syslogx" } });
        const p = only(validateShape(bad, "ecs#ContainerDefinition", ""));
        assert.strictEqual(p.path, "logConfiguration.logDriver");
        assert.match(p.message, /awslogs/);
        assert.deepStrictEqual(validateShape(container({ logConfiguration: { logDriver: "syslog" } }), "ecs#ContainerDefinition", ""), []);
    });

    it("shortens a long list of allowed values", () => {
        const p = only(validateShape("ecs:service:Desired", "appautoscaling#ScalableDimension", "scalableDimension"));
        assert.match(p.message, /ecs:service:DesiredCount, .*… \(\d+ more\)$/);
        assert.deepStrictEqual(validateShape("ecs:service:DesiredCount", "appautoscaling#ScalableDimension", ""), []);
    });

    it("names an unknown member, the nearest allowed one and the allowed list", () => {
        const bad = container({ imagee: "nginx" });
        const p = only(validateShape(bad, "ecs#ContainerDefinition", "containerDefinitions[0]"));
        assert.strictEqual(p.path, "containerDefinitions[0].imagee");
        assert.strictEqual(p.shape, "ecs#ContainerDefinition");
        assert.match(p.message, /unknown member imagee .*did you mean image\?.*allowed: name, image, /);
    });

    it("reports missing required members, treating null as absent", () => {
        const p = only(validateShape({ options: {} }, "ecs#LogConfiguration", "logConfiguration"));
        assert.strictEqual(p.path, "logConfiguration.logDriver");
        assert.match(p.message, /missing required member logDriver/);
        const noFamily = { ...taskDefinition([container()]), family: null };
        assert.strictEqual(only(validateShape(noFamily, "ecs#RegisterTaskDefinitionRequest", "")).path, "family");
    });

    it("rejects the wrong JSON type, spotting a quoted number", () => {
        const p = only(validateShape(container({ memory: "512" }), "ecs#ContainerDefinition", ""));
        assert.strictEqual(p.path, "memory");
        assert.match(p.message, /expected integer .*got string "512"; write it as a number/);
        const wrong = container({ essential: "true", command: "nginx", logConfiguration: "awslogs" });
        const problems = validateShape(wrong, "ecs#ContainerDefinition", "");
        assert.deepStrictEqual(
            problems.map((x) => [x.path, x.message.split(" (")[0]]),
            [
                ["essential", "expected boolean"],
                ["command", "expected list"],
                ["logConfiguration", "expected object"],
            ],
        );
        assert.match(only(validateShape(1.5, "elbv2#RulePriority", "")).message, /expected integer/);
    });

    it("checks integer ranges (listener rule priority 1..50000)", () => {
        for (const bad of [0, 50001]) {
            const p = only(validateShape(bad, "elbv2#RulePriority", "priority"));
            assert.strictEqual(p.path, "priority");
            assert.match(p.message, new RegExp(`^${bad} is out of elbv2#RulePriority's range 1\\.\\.50000$`));
        }
        for (const good of [1, 50000]) assert.deepStrictEqual(validateShape(good, "elbv2#RulePriority", "priority"), []);
    });

    it("checks string length and pattern (IAM role names)", () => {
        const long = only(validateShape("r".repeat(65), "iam#roleNameType", "name"));
        assert.match(long.message, /65 characters, but iam#roleNameType allows 1\.\.64/);
        const spaced = only(validateShape("api role", "iam#roleNameType", "name"));
        assert.match(spaced.message, /does not match iam#roleNameType's pattern/);
        assert.deepStrictEqual(validateShape("r".repeat(64), "iam#roleNameType", "name"), []);
        assert.deepStrictEqual(validateShape("api-task+exec@prod", "iam#roleNameType", "name"), []);
    });

    it("counts characters, not UTF-16 units, and applies Unicode classes", () => {
        // 128 astral-plane letters are 256 UTF-16 units but 128 characters: within logs#TagKey's 1..128.
        assert.deepStrictEqual(validateShape("𝒜".repeat(128), "logs#TagKey", ""), []);
        assert.deepStrictEqual(validateShape("équipe", "logs#TagKey", ""), []);
    });

    it("checks list item counts", () => {
        const tags = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: "v" }));
        assert.match(only(validateShape(tags(51), "ecs#Tags", "tags")).message, /51 items, but ecs#Tags allows 0\.\.50/);
        assert.deepStrictEqual(validateShape(tags(50), "ecs#Tags", "tags"), []);
    });

    it("checks map sizes, keys and values", () => {
        assert.match(only(validateShape({}, "logs#Tags", "tags")).message, /0 entries, but logs#Tags allows 1\.\.50/);
        const problems = validateShape({ "bad key!": "ok", team: "a|b" }, "logs#Tags", "tags");
        assert.deepStrictEqual(
            problems.map((x) => [x.path, x.shape]),
            [
                ['tags["bad key!"]', "logs#TagKey"],
                ["tags.team", "logs#TagValue"],
            ],
        );
        assert.match(problems[0].message, /^key: /);
        assert.deepStrictEqual(validateShape({ team: "platform", "cost-centre": "42" }, "logs#Tags", "tags"), []);
    });

    it("knows what only the newer SDK knows: BLUE_GREEN deployments and their members", () => {
        assert.deepStrictEqual(validateShape("BLUE_GREEN", "ecs#DeploymentStrategy", "strategy"), []);
        assert.match(only(validateShape("PURPLE", "ecs#DeploymentStrategy", "strategy")).message, /allowed: BLUE_GREEN, CANARY, LINEAR, ROLLING/);
        const service = {
            serviceName: "api",
            launchType: "MANAGED_INSTANCES",
            deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 5, maximumPercent: 200 },
        };
        assert.deepStrictEqual(validateShape(service, "ecs#CreateServiceRequest", ""), []);
        const typo = { serviceName: "api", deploymentConfiguration: { strategy: "BLUE-GREEN" } };
        assert.strictEqual(only(validateShape(typo, "ecs#CreateServiceRequest", "")).path, "deploymentConfiguration.strategy");
    });

    it("requires exactly one member of a union", () => {
        assert.match(only(validateShape({}, "ecs#SharingStrategy", "s")).message, /set exactly one of nvidiaMps \(0 set\)/);
    });

    it("records a pattern JavaScript cannot compile as untestable instead of failing", () => {
        // Possessive quantifiers are Java-only.
        assert.strictEqual(compileModelPattern("test#Possessive", "^a*+$"), null);
        assert.ok(untestablePatterns().some((u) => u.shape === "test#Possessive" && u.pattern === "^a*+$"));
        // Java's POSIX classes are translated: \p{Print} is printable ASCII.
        const print = compileModelPattern("appautoscaling#PolicyName", "^\\p{Print}+$");
        assert.ok(print?.test("cpu-target 70%"));
        assert.ok(!print?.test("tab\there"));
        assert.ok(compileModelPattern("test#InClass", "^[\\p{Digit}x]+$")?.test("12x"));
    });
});
