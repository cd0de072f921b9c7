/** Tracing with the AWS Distro for OpenTelemetry collector: the sidecar, the application's variables, the X-Ray grant. */
import * as assert from "assert";
import { OTEL_COLLECTOR_IMAGE } from "../infra/config/serviceSchema";
import { ProjectConfig, T, configProblems, fixturePlanEdited, named, ofType, parsed } from "./helpers/plans";

interface Container {
    name: string;
    image: string;
    essential: boolean;
    command?: string[];
    user?: string;
    readonlyRootFilesystem: boolean;
    environment: { name: string; value: string }[];
    dependsOn?: { containerName: string; condition: string }[];
    portMappings: { containerPort: number }[];
    logConfiguration: { options: Record<string, string> };
}

describe("tracing: otel", () => {
    it("runs the collector beside the service's container, which starts after it and is told where to send", async () => {
        const plan = await fixturePlanEdited("prod", (c) => (c.services[1].tracing = "otel"));
        const [api, collector] = parsed<Container[]>(named(plan, T.taskDefinition, "api-task"), "containerDefinitions");
        assert.deepStrictEqual(
            [collector.name, collector.image, collector.essential, collector.command, collector.user, collector.readonlyRootFilesystem],
            ["otel-collector", OTEL_COLLECTOR_IMAGE, false, ["--config=/etc/ecs/ecs-xray.yaml"], "10001", true],
        );
        assert.deepStrictEqual(
            collector.portMappings.map((p) => p.containerPort),
            [4317, 4318],
        );
        assert.strictEqual(collector.logConfiguration.options["awslogs-stream-prefix"], "otel-collector");
        assert.deepStrictEqual(api.dependsOn, [{ containerName: "otel-collector", condition: "START" }]);
        const env = Object.fromEntries(api.environment.map((e) => [e.name, e.value]));
        assert.deepStrictEqual([env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_SERVICE_NAME], ["http://localhost:4317", "api"]);
    });

    it("lets the task role send traces to X-Ray, and nothing of it without tracing", async () => {
        const plan = await fixturePlanEdited("prod", (c) => (c.services[1].tracing = "otel"));
        const policy = parsed<{ Statement: { Sid: string; Action: string[]; Resource: string }[] }>(named(plan, T.rolePolicy, "api-task"), "policy");
        assert.deepStrictEqual(
            policy.Statement.find((s) => s.Sid === "Tracing"),
            {
                Sid: "Tracing",
                Effect: "Allow",
                Action: [
                    "xray:PutTraceSegments",
                    "xray:PutTelemetryRecords",
                    "xray:GetSamplingRules",
                    "xray:GetSamplingTargets",
                    "xray:GetSamplingStatisticSummaries",
                ],
                Resource: "*",
            },
        );
        const plain = await fixturePlanEdited("prod", () => undefined);
        assert.ok(!ofType(plain, T.rolePolicy).some((p) => p.name === "api-task" && String(p.inputs.policy).includes("xray:")));
        const containers = parsed<Container[]>(named(plain, T.taskDefinition, "api-task"), "containerDefinitions");
        assert.ok(!containers.some((c) => c.name === "otel-collector"));
    });

    it("keeps the application's own value of a variable it sets itself", async () => {
        const plan = await fixturePlanEdited("prod", (c) => {
            c.services[1].tracing = "otel";
            c.services[1].environment = { ...c.services[1].environment, OTEL_SERVICE_NAME: "orders-api" };
        });
        const api = parsed<Container[]>(named(plan, T.taskDefinition, "api-task"), "containerDefinitions")[0];
        assert.deepStrictEqual(
            api.environment.filter((e) => e.name === "OTEL_SERVICE_NAME"),
            [{ name: "OTEL_SERVICE_NAME", value: "orders-api" }],
        );
    });
});

describe("tracing config", () => {
    const problems = (edit: (svc: ProjectConfig) => void): string[] => configProblems((c) => edit(c.services[1]));

    it("refuses tracing where private tasks have no NAT: the collector's public image and X-Ray are out of reach", () => {
        const found = configProblems((c) => {
            c.services[1].tracing = "otel";
            c.network.natGateways = "none";
            c.network.endpoints.interface = [...new Set([...c.network.endpoints.interface, "ecs", "ecs-agent", "ecs-telemetry"])];
        });
        assert.deepStrictEqual(
            found.filter((p) => p.startsWith("services[1].tracing")),
            [
                `services[1].tracing: "${OTEL_COLLECTOR_IMAGE}" is not in a private ECR repository of eu-west-1, and with network.natGateways "none" private tasks cannot reach other registries; push it to ECR in eu-west-1 (an ECR pull-through cache works for public images) or set natGateways to "single" or "perAz"`,
                'services[1].tracing: the collector sends traces to X-Ray, which private tasks reach only through NAT; set natGateways to "single" or "perAz"',
            ],
        );
    });

    it("refuses the collector's ports and name to the service and its sidecars", () => {
        assert.deepStrictEqual(
            problems((s) => {
                s.tracing = "otel";
                s.containerPort = 4317;
            }),
            ["services[1].containerPort: 4317 is the tracing collector's OTLP port in this task (4317, 4318); use another"],
        );
        const found = problems((s) => {
            s.tracing = "otel";
            s.sidecars = [{ name: "otel-collector", image: "x", ports: [4318] }];
        });
        assert.deepStrictEqual(found.sort(), [
            "services[1].sidecars: port 4318 is used by two containers of the task (they share one network)",
            'services[1].sidecars[0].name: "otel-collector" is already a container of this task',
        ]);
    });
});
