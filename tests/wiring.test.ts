/**
 * Behaviour a coverage audit found guarded by the snapshots only: the execution role's ECR pull grant, the Service
 * Connect namespace and each service's place in it, and the target groups' health checks. Each is asserted here on
 * the frozen prod fixture, so removing it fails a test that says what broke.
 */
import * as assert from "assert";
import { fixturePlanOf, named, ofType, parsed, T } from "./helpers/plans";

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[] };

describe("what a task needs to start", () => {
    it("lets each execution role pull its own ECR repository (and only it), with the registry token", async () => {
        const plan = await fixturePlanOf("prod");
        for (const svc of ["web", "api", "admin"]) {
            const statements = parsed<{ Statement: Statement[] }>(named(plan, T.rolePolicy, `${svc}-execution`), "policy").Statement;
            const pull = statements.find((s) => s.Sid === "PullImage");
            assert.deepStrictEqual(pull?.Action, ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], svc);
            assert.deepStrictEqual(pull?.Resource, `arn:aws:ecr:eu-west-1:123456789012:repository/${svc}`, svc);
            // GetAuthorizationToken has no resource-level permissions: "*" is the only form that works.
            assert.deepStrictEqual(
                statements.find((s) => s.Sid === "EcrToken"),
                { Sid: "EcrToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
                svc,
            );
        }
    });
});

describe("Service Connect", () => {
    it("puts the cluster in the namespace and every service in it under its own name and container port", async () => {
        const plan = await fixturePlanOf("prod");
        const namespace = named(plan, "aws:servicediscovery/httpNamespace:HttpNamespace", "cluster-namespace");
        assert.strictEqual(namespace.inputs.name, "prod.internal");
        const cluster = named(plan, T.cluster, "cluster-cluster");
        assert.deepStrictEqual(cluster.propertyDependencies.serviceConnectDefaults, [namespace.urn]);
        for (const svc of ofType(plan, T.service)) {
            const name = svc.name.replace(/-service$/, "");
            const sc = svc.inputs.serviceConnectConfiguration as {
                enabled: boolean;
                services: { portName: string; discoveryName: string; clientAlias: unknown[] }[];
            };
            assert.strictEqual(sc.enabled, true, name);
            assert.ok(svc.propertyDependencies.serviceConnectConfiguration.includes(namespace.urn), `${name} joins the namespace`);
            assert.deepStrictEqual(sc.services, [{ portName: "http", discoveryName: name, clientAlias: [{ port: 8080, dnsName: name }] }], name);
            // The alias's port name is the container's named port mapping.
            const [container] = parsed<{ portMappings: { name: string; containerPort: number }[] }[]>(
                named(plan, T.taskDefinition, `${name}-task`),
                "containerDefinitions",
            );
            assert.deepStrictEqual(container.portMappings[0].name, "http", name);
        }
    });
});

describe("target group health checks", () => {
    it("probe each service's configured path with its matcher, on the traffic port, before a task takes traffic", async () => {
        const plan = await fixturePlanOf("prod");
        const api = named(plan, T.targetGroup, "api-tg");
        assert.deepStrictEqual(api.inputs.healthCheck, {
            enabled: true,
            protocol: "HTTP",
            port: "traffic-port",
            path: "/api/health",
            matcher: "200-399",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
        });
        // Defaults where the service sets none.
        assert.strictEqual((named(plan, T.targetGroup, "web-tg").inputs.healthCheck as { path: string }).path, "/");
        // The ECS service waits out its grace period before the checks count.
        assert.strictEqual(named(plan, T.service, "api-service").inputs.healthCheckGracePeriodSeconds, 60);
    });
});
