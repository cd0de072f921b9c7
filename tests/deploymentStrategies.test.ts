/** Linear and canary deployments: ECS-native traffic shifting with blue/green's wiring, and their own settings. */
import * as assert from "assert";
import { ProjectConfig, T, configProblems, fixturePlanEdited, named, ofType } from "./helpers/plans";

describe("linear and canary deployments", () => {
    for (const [strategy, expected] of [
        ["linear", { strategy: "LINEAR", bakeTimeInMinutes: "10", linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: "3" } }],
        ["canary", { strategy: "CANARY", bakeTimeInMinutes: "10", canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: "15" } }],
    ] as const) {
        it(`${strategy}: its deployment configuration, two target groups and the infrastructure role, as blue/green has them`, async () => {
            const plan = await fixturePlanEdited(
                "prod",
                (c) =>
                    (c.services[2].deployment = { strategy, linearStepPercent: 20, linearStepBakeTimeMinutes: 3, canaryPercent: 5, canaryBakeTimeMinutes: 15 }),
            );
            const service = named(plan, T.service, "admin-service");
            assert.deepStrictEqual(service.inputs.deploymentConfiguration, expected);
            assert.deepStrictEqual(
                ofType(plan, T.targetGroup)
                    .filter((t) => t.name.startsWith("admin-"))
                    .map((t) => t.name)
                    .sort(),
                ["admin-tg", "admin-tg2"],
            );
            const lb = (service.inputs.loadBalancers as { advancedConfiguration?: Record<string, string> }[])[0];
            assert.deepStrictEqual(Object.keys(lb.advancedConfiguration ?? {}).sort(), ["alternateTargetGroupArn", "productionListenerRule", "roleArn"]);
            const rule = named(plan, T.listenerRule, "admin-rule");
            assert.deepStrictEqual(rule.options.ignoreChanges, ["actions"], "ECS moves the weights; Pulumi leaves them");
        });
    }
});

describe("linear and canary config", () => {
    const problems = (service: number, edit: (svc: ProjectConfig) => void): string[] => configProblems((c) => edit(c.services[service]));

    it("refuses percentages out of range, request scaling and a worker, naming the strategy", () => {
        assert.deepStrictEqual(
            problems(2, (s) => (s.deployment = { strategy: "linear", linearStepPercent: 2 })),
            ["services[2].deployment.linearStepPercent: 2 is below the minimum 3"],
        );
        assert.deepStrictEqual(
            problems(2, (s) => (s.deployment = { strategy: "canary", canaryPercent: 0 })),
            ["services[2].deployment.canaryPercent: 0 is below the minimum 0.1"],
        );
        const scaling = problems(2, (s) => {
            s.deployment = { strategy: "canary" };
            s.autoscaling = { minCount: 2, maxCount: 4, requestsPerTarget: 100 };
        });
        assert.match(scaling.join("\n"), /services\[2\]\.autoscaling\.requestsPerTarget: ALBRequestCountPerTarget tracks one target group/);
        const worker = problems(2, (s) => {
            s.deployment = { strategy: "linear" };
            delete s.paths;
            delete s.efs;
        });
        assert.deepStrictEqual(worker, [
            'services[2].deployment.strategy: linear shifts load-balancer traffic, and a worker service (no paths) takes no traffic from the load balancer; use "rolling"',
        ]);
    });
});
