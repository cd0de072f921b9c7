import * as assert from "assert";
import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { UNKNOWN } from "../plan/planFormat";
import { taskPolicy } from "../infra/serviceRoles";
import { T, fixturePlanEdited, fixturePlanOf, named, ofType, parsed, urnOf } from "./helpers/plans";

describe("services", () => {
    it("builds container definitions from config: awslogs, read-only root, never privileged", async () => {
        const prod = await fixturePlanOf("prod");
        const [api] = parsed<ContainerDefinition[]>(named(prod, T.taskDefinition, "api-task"), "containerDefinitions");
        assert.strictEqual(api.readonlyRootFilesystem, true);
        assert.strictEqual(api.privileged, false);
        assert.strictEqual(api.user, "1000:1000");
        assert.deepStrictEqual(api.logConfiguration, {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/ecs-platform-prod/api", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api" },
        });
        assert.deepStrictEqual(api.secrets, [
            { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/db-password-AbCdEf" },
            { name: "STRIPE_API_KEY", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/stripe-Gh1jKl:api_key::" },
        ]);
        assert.deepStrictEqual(api.environment, [
            { name: "DB_HOST", value: "api-db.prod.internal" },
            { name: "LOG_LEVEL", value: "info" },
        ]);
        const task = named(prod, T.taskDefinition, "api-task").inputs;
        assert.strictEqual(task.networkMode, "awsvpc");
        assert.deepStrictEqual(task.requiresCompatibilities, ["EC2"]);
        assert.deepStrictEqual(task.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
    });

    it("gives ECS Exec's agent writable volumes when the root filesystem is read-only, and only then", async () => {
        const dev = await fixturePlanOf("dev");
        const task = named(dev, T.taskDefinition, "web-task");
        const [web] = parsed<ContainerDefinition[]>(task, "containerDefinitions");
        const agentMounts = (web.mountPoints ?? []).filter((m) => m.sourceVolume!.startsWith("exec-"));
        assert.deepStrictEqual(
            agentMounts.map((m) => [m.sourceVolume, m.containerPath, m.readOnly]),
            [
                ["exec-0", "/managed-agents", false],
                ["exec-1", "/var/lib/amazon/ssm", false],
                ["exec-2", "/var/log/amazon/ssm", false],
            ],
        );
        const volumes = (task.inputs.volumes as { name: string }[]).map((v) => v.name);
        assert.ok(["exec-0", "exec-1", "exec-2"].every((v) => volumes.includes(v)));
        const prod = await fixturePlanOf("prod");
        const [prodWeb] = parsed<ContainerDefinition[]>(named(prod, T.taskDefinition, "web-task"), "containerDefinitions");
        assert.ok(
            (prodWeb.mountPoints ?? []).every((m) => !m.sourceVolume!.startsWith("exec-")),
            "exec is off in prod",
        );
    });

    it("knows container definitions that name a secret the stack creates, by its placeholder ARN (a first deploy does not)", async () => {
        const dev = await fixturePlanOf("dev");
        const [api] = parsed<ContainerDefinition[]>(named(dev, T.taskDefinition, "api-task"), "containerDefinitions");
        const arn = api.secrets![0].valueFrom!;
        assert.match(arn, /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev\/api\/db-password-OFFLIN$/, "a full ARN with a marked suffix");
        assert.ok(dev.placeholders!.includes(arn));
        const { runPlan } = await import("../plan/runPlan");
        const firstDeploy = await runPlan({ stack: "dev", firstDeploy: true });
        assert.strictEqual(named(firstDeploy, T.taskDefinition, "api-task").inputs.containerDefinitions, UNKNOWN);
        assert.strictEqual(firstDeploy.firstDeploy, true);
    });

    it("grants each execution role GetSecretValue on exactly its service's secrets", async () => {
        const prod = await fixturePlanOf("prod");
        const doc = parsed(named(prod, T.rolePolicy, "api-secrets"), "policy");
        assert.deepStrictEqual(doc.Statement, [
            {
                Sid: "ReadServiceSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue"],
                Resource: [
                    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/db-password-AbCdEf",
                    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/stripe-Gh1jKl",
                ],
            },
            {
                Sid: "DecryptServiceSecrets",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: "arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
            },
        ]);
        assert.deepStrictEqual(named(prod, T.rolePolicy, "api-secrets").propertyDependencies.role, [urnOf(prod, T.role, "api-execution")]);
        assert.throws(() => named(prod, T.rolePolicy, "web-secrets"), /no .* named web-secrets/);
        const admin = named(prod, T.rolePolicy, "admin-secrets");
        assert.deepStrictEqual(admin.propertyDependencies.policy, [urnOf(prod, T.secret, "secret-prod-admin-session-key")]);
    });

    it("keeps task roles empty unless config or ECS Exec needs them", async () => {
        const prod = await fixturePlanOf("prod");
        assert.throws(() => named(prod, T.rolePolicy, "web-task"));
        const dev = await fixturePlanOf("dev");
        // Exec sessions are encrypted with the cluster's key and logged to its group: the policy is built from both.
        assert.deepStrictEqual(named(dev, T.rolePolicy, "web-task").propertyDependencies.policy, [
            urnOf(dev, "aws:kms/key:Key", "cluster-exec"),
            urnOf(dev, T.logGroup, "cluster-exec"),
        ]);
        const doc = taskPolicy({
            statements: [],
            executeCommand: true,
            execSessions: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/x" },
        })!;
        assert.deepStrictEqual(
            doc.Statement.map((s) => [s.Sid, s.Resource]),
            [
                ["EcsExec", "*"],
                ["EcsExecDecrypt", "arn:aws:kms:eu-west-1:123456789012:key/k"],
                ["EcsExecLogGroups", "*"],
                ["EcsExecLogs", "arn:aws:logs:eu-west-1:123456789012:log-group:/x:*"],
            ],
        );
    });

    it("deploys rolling with circuit breaker and rollback, or native blue/green with an alternate target group", async () => {
        const prod = await fixturePlanOf("prod");
        const api = named(prod, T.service, "api-service");
        assert.deepStrictEqual(api.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
        assert.deepStrictEqual(api.inputs.deploymentConfiguration, { strategy: "ROLLING" });
        assert.strictEqual(api.inputs.deploymentMaximumPercent, 150);
        assert.strictEqual(api.inputs.enableExecuteCommand, false);
        const web = named(prod, T.service, "web-service");
        assert.deepStrictEqual(web.inputs.deploymentConfiguration, { strategy: "BLUE_GREEN", bakeTimeInMinutes: "15" });
        const lb = web.propertyDependencies.loadBalancers;
        for (const dep of [
            urnOf(prod, T.targetGroup, "web-tg"),
            urnOf(prod, T.targetGroup, "web-tg2"),
            urnOf(prod, T.listenerRule, "web-rule"),
            urnOf(prod, T.role, "ecs-infrastructure"),
        ]) {
            assert.ok(lb.includes(dep), `web's load balancer block depends on ${dep}`);
        }
        const rule = named(prod, T.listenerRule, "web-rule");
        assert.deepStrictEqual(rule.options.ignoreChanges, ["actions"]);
        assert.deepStrictEqual(
            (rule.inputs.actions as { forward: { targetGroups: { weight: number }[] } }[])[0].forward.targetGroups.map((t) => t.weight),
            [100, 0],
        );
    });

    it("runs tasks on their capacity providers and after the cluster's capacity providers", async () => {
        const prod = await fixturePlanOf("prod");
        const api = named(prod, T.service, "api-service");
        assert.deepStrictEqual(api.propertyDependencies.capacityProviderStrategies, [urnOf(prod, T.capacityProvider, "cluster-ec2")]);
        assert.ok(api.dependencies.includes(urnOf(prod, T.clusterCapacity, "cluster-capacity")));
        const web = named(prod, T.service, "web-service");
        assert.deepStrictEqual(web.inputs.capacityProviderStrategies, [
            { capacityProvider: "FARGATE", base: 2, weight: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
        ]);
        const dev = await fixturePlanOf("dev");
        assert.deepStrictEqual(named(dev, T.service, "docs-service").inputs.capacityProviderStrategies, [
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
        ]);
    });

    it("scales on CPU, memory and requests per target, and on schedules", async () => {
        const prod = await fixturePlanOf("prod");
        type Tracking = { targetValue: number; predefinedMetricSpecification: { predefinedMetricType: string } };
        const byName = Object.fromEntries(
            ofType(prod, T.scalingPolicy).map((p) => {
                const c = p.inputs.targetTrackingScalingPolicyConfiguration as Tracking;
                return [p.name, `${c.predefinedMetricSpecification.predefinedMetricType}@${c.targetValue}`];
            }),
        );
        assert.deepStrictEqual(byName, {
            "web-scaling-cpu": "ECSServiceAverageCPUUtilization@60",
            "api-scaling-cpu": "ECSServiceAverageCPUUtilization@60",
            "api-scaling-memory": "ECSServiceAverageMemoryUtilization@75",
            "admin-scaling-cpu": "ECSServiceAverageCPUUtilization@70",
        });
        const requests = named(
            await fixturePlanEdited("prod", (c) => (c.services[1].autoscaling.requestsPerTarget = 500)),
            T.scalingPolicy,
            "api-scaling-requests",
        );
        const label = requests.propertyDependencies.targetTrackingScalingPolicyConfiguration;
        assert.ok(label.some((u) => u.endsWith("::lb-alb")) && label.some((u) => u.endsWith("::api-tg")));
        const target = named(prod, T.scalingTarget, "api-scaling-target");
        assert.deepStrictEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [4, 12]);
        assert.deepStrictEqual(named(prod, T.service, "api-service").options.ignoreChanges, ["desiredCount"]);
        const dev = await fixturePlanOf("dev");
        const night = named(dev, T.scheduledAction, "web-scaling-night");
        assert.deepStrictEqual(night.inputs.scalableTargetAction, { minCapacity: 0, maxCapacity: 0 });
        assert.strictEqual(night.inputs.timezone, "Europe/Dublin");
    });

    it("protects and retains prod's log groups, secrets and EFS, and nothing in dev", async () => {
        const prod = await fixturePlanOf("prod");
        for (const r of [...ofType(prod, T.logGroup), ...ofType(prod, T.efs), ...ofType(prod, T.secret)]) {
            assert.deepStrictEqual(r.options, { protect: true, retainOnDelete: true }, r.name);
        }
        assert.strictEqual(ofType(prod, T.logGroup).filter((g) => (g.inputs.retentionInDays as number) < 90).length, 0);
        const dev = await fixturePlanOf("dev");
        for (const r of ofType(dev, T.logGroup)) {
            assert.deepStrictEqual(r.options, {}, r.name);
            assert.strictEqual(r.inputs.retentionInDays, 7);
        }
    });

    it("mounts EFS encrypted in transit through an access point with IAM authorisation", async () => {
        const prod = await fixturePlanOf("prod");
        const task = named(prod, T.taskDefinition, "admin-task");
        const efs = (task.inputs.volumes as { name: string; efsVolumeConfiguration?: Record<string, unknown> }[]).find((v) => v.name === "efs")!;
        assert.strictEqual(efs.efsVolumeConfiguration!.transitEncryption, "ENABLED");
        assert.strictEqual(named(prod, T.efs, "admin-efs").inputs.encrypted, true);
        assert.strictEqual(ofType(prod, "aws:efs/mountTarget:MountTarget").length, 3);
    });

    it("puts a public dev service in the public subnets with a public IP", async () => {
        const plan = await fixturePlanEdited("dev", (c) => (c.services[2].assignPublicIp = true));
        const docs = named(plan, T.service, "docs-service");
        assert.strictEqual((docs.inputs.networkConfiguration as { assignPublicIp: boolean }).assignPublicIp, true);
        const subnets = docs.propertyDependencies.networkConfiguration;
        assert.ok(subnets.includes(urnOf(plan, T.subnet, "network-public-az1")));
        assert.ok(!subnets.includes(urnOf(plan, T.subnet, "network-private-az1")));
    });
});
