/** Service Connect peers: a service admits exactly the services that declare they call it (`services[].connectsTo`). */
import * as assert from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { policyConfigFile } from "../plan/command";
import { Plan, PlanResource } from "../plan/planFormat";
import { packClient } from "./helpers/policyPack";
import { configProblems, fixturePlanEdited, ofType, planOf, ProjectConfig, stackConfig, T, urnOf } from "./helpers/plans";

/** The prod fixture with web (0) and admin (2) calling the api (1). */
const calls = (c: ProjectConfig) => {
    c.services[0].connectsTo = ["api"];
    c.services[2].connectsTo = ["api"];
};

const rulesInto = (plan: Plan, group: string, from: string): PlanResource[] =>
    ofType(plan, T.ingress).filter(
        (r) =>
            r.propertyDependencies.securityGroupId?.[0] === urnOf(plan, T.sg, group) &&
            r.propertyDependencies.referencedSecurityGroupId?.[0] === urnOf(plan, T.sg, from),
    );

describe("Service Connect peers", () => {
    it("are admitted one rule per declared call, by the caller's own group, on the callee's container port, with the caller's way out", async () => {
        const plan = await fixturePlanEdited("prod", calls);
        for (const caller of ["web", "admin"]) {
            const into = rulesInto(plan, "sg-svc-api", `sg-svc-${caller}`);
            assert.deepStrictEqual(
                into.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.ipProtocol]),
                [[8080, 8080, "tcp"]],
                caller,
            );
            const out = ofType(plan, T.egress).filter(
                (r) =>
                    r.propertyDependencies.securityGroupId?.[0] === urnOf(plan, T.sg, `sg-svc-${caller}`) &&
                    r.propertyDependencies.referencedSecurityGroupId?.[0] === urnOf(plan, T.sg, "sg-svc-api"),
            );
            assert.strictEqual(out.length, 1, caller);
        }
        // Nobody calls web or admin, and the api calls nobody: no peer rule there.
        assert.deepStrictEqual(rulesInto(plan, "sg-svc-web", "sg-svc-api"), []);
        assert.deepStrictEqual(rulesInto(plan, "sg-svc-admin", "sg-svc-api"), []);
    });

    it("never admits the group every task wears into a service's group", async () => {
        for (const plan of [await fixturePlanEdited("prod", calls), await planOf("dev"), await planOf("prod")]) {
            for (const svc of ofType(plan, T.service)) {
                const own = urnOf(plan, T.sg, `sg-svc-${svc.name.replace(/-service$/, "")}`);
                const fromTasks = ofType(plan, T.ingress).filter(
                    (r) =>
                        r.propertyDependencies.securityGroupId?.[0] === own &&
                        r.propertyDependencies.referencedSecurityGroupId?.[0] === urnOf(plan, T.sg, "sg-tasks"),
                );
                assert.deepStrictEqual(fromTasks, [], `${plan.stack} ${svc.name}`);
            }
        }
    });

    it("follow the real stacks' connectsTo exactly", async () => {
        for (const stack of ["dev", "prod"]) {
            const plan = await planOf(stack);
            const services = stackConfig(stack).project.services as { name: string; connectsTo?: string[] }[];
            for (const caller of services.filter((s) => ofType(plan, T.sg).some((g) => g.name === `sg-svc-${s.name}`))) {
                for (const callee of services.filter((s) => ofType(plan, T.sg).some((g) => g.name === `sg-svc-${s.name}`))) {
                    const declared = (caller.connectsTo ?? []).includes(callee.name);
                    assert.strictEqual(
                        rulesInto(plan, `sg-svc-${callee.name}`, `sg-svc-${caller.name}`).length,
                        declared ? 1 : 0,
                        `${stack}: ${caller.name} → ${callee.name}`,
                    );
                }
            }
        }
    });
});

describe("peer rule names", () => {
    it("never meet the ALB's, database's or EFS's rule names, whatever a service is called", async () => {
        // A service named "alb" that calls the api: its peer rule and the ALB's rule into the api differ in name.
        const plan = await fixturePlanEdited("prod", (c) => {
            c.services[0].name = "alb";
            c.services[0].connectsTo = ["api"];
        });
        assert.strictEqual(rulesInto(plan, "sg-svc-api", "sg-svc-alb").length, 1);
        assert.strictEqual(rulesInto(plan, "sg-svc-api", "sg-alb").length, 1);
    });
});

describe("the pack's service-peers-declared rule", () => {
    it("refuses a service group that admits the group every ECS service wears, and passes the declared peers", async () => {
        const plan = await fixturePlanEdited("prod", calls);
        const pack = await packClient();
        const config = readPolicyConfig(policyConfigFile("prod"));
        const clean = await checkPlan(pack, parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), config);
        assert.deepStrictEqual(
            clean.diagnostics.filter((d) => d.policyName === "service-peers-declared"),
            [],
        );
        // The same plan with the api's peer rule from web re-pointed at the shared tasks group.
        const opened = JSON.parse(JSON.stringify(plan)) as Plan;
        const rule = rulesInto(opened, "sg-svc-api", "sg-svc-web")[0];
        rule.propertyDependencies.referencedSecurityGroupId = [urnOf(opened, T.sg, "sg-tasks")];
        const result = await checkPlan(pack, parsePlan(opened, "prod"), config);
        const found = result.diagnostics.filter((d) => d.policyName === "service-peers-declared");
        assert.deepStrictEqual(
            found.map((d) => d.urn),
            [rule.urn],
        );
        assert.match(found[0].message, /every ECS service and scheduled task wears, into SecurityGroup "sg-svc-api"/);
    });
});

describe("connectsTo config", () => {
    it("names services of the stack that serve, not itself, once each, with a Service Connect namespace", () => {
        const found = configProblems((c) => {
            c.services[0].connectsTo = ["api", "api", "web", "billing"];
        });
        assert.deepStrictEqual(found, [
            'services[0].connectsTo[1]: "api" is listed twice',
            "services[0].connectsTo[2]: a service does not call itself through Service Connect",
            'services[0].connectsTo[3]: "billing" is not a service of this stack (services: web, api, admin)',
        ]);
        assert.deepStrictEqual(
            configProblems((c) => {
                delete c.cluster.serviceConnectNamespace;
                c.services[0].connectsTo = ["api"];
            }),
            ["services[0].connectsTo: calls go through Service Connect, and cluster.serviceConnectNamespace is not set"],
        );
        assert.deepStrictEqual(
            configProblems((c) => {
                c.services[1].paths = [];
                c.services[1].hosts = [];
                c.services[0].connectsTo = ["api"];
            }).filter((p) => p.includes("connectsTo")),
            ['services[0].connectsTo[0]: "api" serves nothing in the namespace (a worker or managed daemon); services that serve: web, admin'],
        );
    });
});
