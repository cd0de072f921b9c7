/** Worker services: no paths, so no route, no load-balancer ingress, no target alarms; config that needs a route is refused. */
import * as assert from "assert";
import { T, configProblems, fixturePlanEdited, isManagedDaemonConfig, named, ofType, planOf, stackConfig } from "./helpers/plans";

const WORKER = { name: "jobs", image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2", cpu: 256, memory: 512, desiredCount: 2, user: "1000" };

describe("a worker service (no paths)", () => {
    it("has no target group, listener rule or load-balancer block, and no grace period (ECS takes one only behind a load balancer)", async () => {
        const plan = await fixturePlanEdited("prod", (c) => c.services.push({ ...WORKER }));
        const service = named(plan, T.service, "jobs-service");
        assert.strictEqual(service.inputs.loadBalancers, undefined);
        assert.strictEqual(service.inputs.healthCheckGracePeriodSeconds, undefined);
        assert.ok(!ofType(plan, T.targetGroup).some((t) => t.name.startsWith("jobs-")));
        assert.ok(!ofType(plan, T.listenerRule).some((r) => r.name.startsWith("jobs-")));
        // Service Connect (prod has a namespace): a client only, with no name of its own to be reached by.
        assert.deepStrictEqual((service.inputs.serviceConnectConfiguration as { services: unknown[] }).services, []);
    });

    it("wears a group that admits nothing, and the load balancer gets no rule towards it", async () => {
        const plan = await fixturePlanEdited("prod", (c) => c.services.push({ ...WORKER, containerPort: 9999 }));
        const group = named(plan, T.sg, "sg-svc-jobs");
        assert.match(String(group.inputs.description), /worker service jobs: no inbound traffic/);
        const into = ofType(plan, T.ingress).filter((r) => (r.propertyDependencies.securityGroupId ?? []).includes(group.urn));
        assert.deepStrictEqual(into, []);
        assert.ok(!ofType(plan, T.egress).some((r) => r.inputs.fromPort === 9999), "no ALB egress to the worker's port");
    });

    it("gets the CPU, memory and task-count alarms but no target alarms, and no deployment alarms", async () => {
        const plan = await fixturePlanEdited("prod", (c) => c.services.push({ ...WORKER }));
        const names = ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm")
            .map((a) => String(a.inputs.name))
            .filter((n) => n.includes("-jobs-"));
        assert.deepStrictEqual(names.sort(), [
            "ecs-platform-prod-jobs-cpu-high",
            "ecs-platform-prod-jobs-memory-high",
            "ecs-platform-prod-jobs-tasks-below-desired",
        ]);
        assert.strictEqual(named(plan, T.service, "jobs-service").inputs.alarms, undefined);
    });

    it("is the dev stack's jobs service, if it still has one: planned with no route", async () => {
        const plan = await planOf("dev");
        const { project } = stackConfig("dev");
        for (const svc of project.services.filter((s: { paths?: string[] }) => !s.paths || s.paths.length === 0)) {
            // A managed daemon is a worker too, planned as an ECS daemon: it has no load balancer input at all.
            if (isManagedDaemonConfig(svc)) named(plan, T.daemon, `${svc.name}-daemon`);
            else assert.strictEqual(named(plan, T.service, `${svc.name}-service`).inputs.loadBalancers, undefined, svc.name);
        }
    });
});

describe("worker config", () => {
    const problems = (worker: Record<string, unknown>): string[] =>
        configProblems((c) => {
            c.services.push({ ...WORKER, ...worker });
        });

    it("refuses what shapes load-balancer traffic, each problem with its key", () => {
        const at = "services[3]";
        assert.deepStrictEqual(
            problems({
                hosts: ["jobs.example.com"],
                priority: 5,
                stripPathPrefix: "/jobs",
                autoscaling: { minCount: 2, maxCount: 4, requestsPerTarget: 100 },
            }).sort(),
            [
                `${at}.autoscaling.requestsPerTarget: a worker service (no paths) takes no traffic from the load balancer; scale it on cpuTargetPercent or memoryTargetPercent`,
                `${at}.hosts: a worker service (no paths) takes no traffic from the load balancer; remove hosts, or give it paths`,
                `${at}.priority: a worker service (no paths) takes no traffic from the load balancer, so it has no listener rule; remove it, or give it paths`,
                `${at}.stripPathPrefix: a worker service (no paths) takes no traffic from the load balancer; remove it, or give it paths`,
            ],
        );
        assert.deepStrictEqual(problems({ deployment: { strategy: "blueGreen" } }), [
            `${at}.deployment.strategy: blueGreen shifts load-balancer traffic, and a worker service (no paths) takes no traffic from the load balancer; use "rolling"`,
        ]);
        assert.deepStrictEqual(problems({}), []);
    });
});
