/** Task placement: strategies and constraints on EC2 capacity only, each with the field or expression ECS expects. */
import * as assert from "assert";
import { T, configProblems, fixturePlanEdited, isManagedDaemonConfig, named, planOf, stackConfig } from "./helpers/plans";

const PLACEMENT = {
    strategy: [
        { type: "spread", field: "attribute:ecs.availability-zone" },
        { type: "binpack", field: "memory" },
    ],
    constraints: [{ type: "memberOf", expression: "attribute:ecs.instance-type =~ m7g.*" }],
};

describe("task placement", () => {
    it("reaches the ECS service in order, with its constraints", async () => {
        const plan = await fixturePlanEdited("prod", (c) => (c.services[1].placement = PLACEMENT));
        const service = named(plan, T.service, "api-service");
        assert.deepStrictEqual(service.inputs.orderedPlacementStrategies, [
            { type: "spread", field: "attribute:ecs.availability-zone" },
            { type: "binpack", field: "memory" },
        ]);
        assert.deepStrictEqual(service.inputs.placementConstraints, [{ type: "memberOf", expression: "attribute:ecs.instance-type =~ m7g.*" }]);
        assert.strictEqual(named(plan, T.service, "web-service").inputs.orderedPlacementStrategies, undefined, "none unless configured");
    });

    it("is set on the real stacks' services exactly where their config sets it", async () => {
        for (const stack of ["dev", "prod"]) {
            const plan = await planOf(stack);
            const services = stackConfig(stack).project.services as {
                name: string;
                schedulingStrategy?: string;
                capacity?: unknown;
                placement?: { strategy?: { type: string; field?: string }[] };
            }[];
            // A managed daemon has no ECS service, and validation refuses placement for it.
            for (const svc of services.filter((s) => !isManagedDaemonConfig(s))) {
                const strategies = named(plan, T.service, `${svc.name}-service`).inputs.orderedPlacementStrategies as
                    { type: string; field?: string }[] | undefined;
                // The same strategies in the same order (ECS applies them in order), each with its field.
                assert.deepStrictEqual(
                    (strategies ?? []).map((s) => `${s.type}:${s.field ?? ""}`),
                    (svc.placement?.strategy ?? []).map((s) => `${s.type}:${s.field ?? ""}`),
                    `${stack} ${svc.name}`,
                );
            }
        }
    });
});

describe("placement config", () => {
    const problems = (service: number, placement: unknown): string[] =>
        configProblems((c) => {
            c.services[service].placement = placement;
        });

    it("accepts it on the EC2 service, and refuses it on Fargate", () => {
        assert.deepStrictEqual(problems(1, PLACEMENT), []);
        assert.deepStrictEqual(problems(2, PLACEMENT), [
            "services[2].placement: placement strategies and constraints apply to EC2 capacity only (ECS refuses them for Fargate, and on Managed Instances ECS places tasks itself); capacity here: fargate",
        ]);
    });

    it("refuses fields and expressions ECS would refuse or rewrite, all at once", () => {
        const found = problems(1, {
            strategy: [{ type: "spread", field: "host" }, { type: "spread" }, { type: "binpack", field: "disk" }, { type: "random", field: "cpu" }],
            constraints: [{ type: "memberOf" }, { type: "distinctInstance", expression: "x" }],
        });
        assert.deepStrictEqual(found, [
            "services[1].placement.strategy[0].field: write instanceId: AWS stores host as instanceId, so every plan would show a change",
            "services[1].placement.strategy[1].field: spread needs instanceId or an attribute such as attribute:ecs.availability-zone (got none)",
            "services[1].placement.strategy[2].field: binpack packs on cpu or memory (got disk)",
            "services[1].placement.strategy[3].field: random takes no field",
            "services[1].placement.constraints[0].expression: memberOf needs a cluster query language expression",
            "services[1].placement.constraints[1].expression: distinctInstance takes no expression",
        ]);
    });
});
