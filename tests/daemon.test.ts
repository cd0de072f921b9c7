/** DAEMON services: one task on every EC2 container instance, with the EC2 launch type; what they take from each instance. */
import * as assert from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { policyConfigFile } from "../plan/command";
import { packClient } from "./helpers/policyPack";
import { configProblems, fixturePlanEdited, named, ofType, T } from "./helpers/plans";

/** A log agent on every instance of the prod fixture's arm64 EC2 group. */
/** Room for the api's peak of 18 tasks when a daemon takes one of each instance's two awsvpc slots. */
const roomy = (c: Record<string, any>) => (c.cluster.ec2Capacity.maxSize = 20);

const AGENT = {
    name: "logagent",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/log-agent:2.1.0",
    cpu: 128,
    memory: 256,
    capacity: "ec2",
    architecture: "ARM64",
    imageArchitectures: ["ARM64"],
    schedulingStrategy: "daemon",
    user: "1000",
};

describe("a daemon service", () => {
    it("runs with the DAEMON strategy and the EC2 launch type, no desired count or capacity provider strategy, replaced in place", async () => {
        const plan = await fixturePlanEdited("prod", (c) => {
            roomy(c);
            c.services.push({ ...AGENT });
        });
        const service = named(plan, T.service, "logagent-service");
        assert.deepStrictEqual(
            [service.inputs.schedulingStrategy, service.inputs.launchType, service.inputs.desiredCount, service.inputs.capacityProviderStrategies],
            ["DAEMON", "EC2", undefined, undefined],
        );
        assert.deepStrictEqual([service.inputs.deploymentMinimumHealthyPercent, service.inputs.deploymentMaximumPercent], [0, undefined]);
        assert.deepStrictEqual(named(plan, T.taskDefinition, "logagent-task").inputs.requiresCompatibilities, ["EC2"]);
        assert.ok(!ofType(plan, T.targetGroup).some((t) => t.name.startsWith("logagent-")), "a worker: no target group");
    });

    it("is priced with the instances it runs on, not as a Fargate task", async () => {
        const { estimateCost, loadPrices } = require("../release/cost") as typeof import("../release/cost");
        const plan = await fixturePlanEdited("prod", (c) => {
            roomy(c);
            c.services.push({ ...AGENT });
        });
        const inputs = { assumptions: { egressGbPerMonth: 100, logsGbPerMonth: 10, albLcus: 1, nlbLcus: 1 }, neededEndpoints: [], azCount: 3 };
        const lines = estimateCost(plan, inputs, loadPrices("eu-west-1")).lines;
        assert.ok(lines.some((l) => l.component === "EC2 instances"));
        assert.ok(!lines.some((l) => l.detail.startsWith("logagent:")), lines.map((l) => l.detail).join("; "));
    });

    it("passes prod's pack: its 0 % minimum healthy is how a daemon deploys, not a lapse", async () => {
        const plan = await fixturePlanEdited("prod", (c) => {
            roomy(c);
            c.services.push({ ...AGENT });
        });
        const result = await checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), readPolicyConfig(policyConfigFile("prod")));
        assert.deepStrictEqual(
            result.diagnostics.filter((d) => d.urn.endsWith("logagent-service")).map((d) => d.policyName),
            [],
        );
    });
});

describe("daemon config", () => {
    const problems = (agent: Record<string, unknown>, edit: (c: Record<string, any>) => void = roomy) =>
        configProblems((c) => {
            c.services.push({ ...AGENT, ...agent });
            edit(c);
        });

    it("needs no desired count in production, and refuses what a daemon cannot have, all at once", () => {
        assert.deepStrictEqual(problems({}), []);
        const found = problems({
            capacity: "fargate",
            autoscaling: { minCount: 2, maxCount: 4, cpuTargetPercent: 50 },
            placement: { strategy: [{ type: "binpack", field: "memory" }] },
            paths: ["/agent"],
            deployment: { strategy: "blueGreen" },
        });
        const daemon = found.filter((p) => p.startsWith("services[3].") && /daemon/.test(p));
        assert.deepStrictEqual(daemon.sort(), [
            "services[3].autoscaling: a daemon runs one task on every container instance, so nothing scales it; remove autoscaling",
            "services[3].capacity: a daemon runs one task on every container instance; set capacity: ec2 (with cluster.ec2Capacity) or managedInstances (with cluster.managedInstances, as an ECS managed daemon)",
            'services[3].deployment.strategy: a daemon runs one task on every container instance, replaced in place; use "rolling"',
            "services[3].paths: the platform runs daemons as workers (agents on every instance); route traffic to a replica service",
            "services[3].placement.strategy: a daemon runs one task on every container instance; only constraints apply to it",
        ]);
    });

    it("takes an ENI slot, CPU and memory on every instance: too many daemons leave nothing, and the rest need more instances", () => {
        // An m7g.large holds 2 awsvpc tasks (3 ENIs, one the instance's own): two daemons take both.
        const full = problems({}, (c) => {
            roomy(c);
            c.services.push({ ...AGENT, name: "metricagent" });
        });
        assert.deepStrictEqual(full.length, 1);
        assert.match(full[0], /^cluster\.ec2Capacity\.instanceType: the daemons \(logagent, metricagent\) take 2 of a m7g\.large's 2 awsvpc task slots/);
        // One daemon leaves one slot per instance: the api's peak of 18 tasks needs 18 instances, more than the fixture's 10.
        const tight = problems({}, () => undefined);
        assert.deepStrictEqual(tight, [
            "cluster.ec2Capacity.maxSize: 10 m7g.large instances cannot place 18 tasks (api: 18 tasks (maxCount 12 at a deployment's maximumPercent 150)); they need at least 18 instances (2 awsvpc tasks, 2048 CPU units and at most 8192 MiB each, less what the daemons take on each). Raise maxSize to 18, lower the services' autoscaling maxCount, or use a larger instance type",
        ]);
    });
});
