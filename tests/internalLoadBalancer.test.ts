/** An internal ALB: in the private subnets, reached from client ranges inside the network, judged by the same pack. */
import * as assert from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { diagramOf } from "../release/diagram";
import { policyConfigFile } from "../plan/command";
import { packClient } from "./helpers/policyPack";
import { configProblems, fixturePlanEdited, named, ofType, ProjectConfig, T, urnOf } from "./helpers/plans";

/** The prod fixture's ALB made internal, reached from a peered corporate range. */
const internal = (c: ProjectConfig) => {
    c.loadBalancer.internal = true;
    c.loadBalancer.ingressCidrs = ["10.100.0.0/24"];
};

describe("an internal load balancer", () => {
    it("has its nodes in the private subnets and admits only the configured client ranges", async () => {
        const plan = await fixturePlanEdited("prod", internal);
        const alb = named(plan, T.alb, "lb-alb");
        assert.strictEqual(alb.inputs.internal, true);
        const privateSubnets = ofType(plan, T.subnet)
            .filter((s) => s.name.includes("private"))
            .map((s) => s.urn)
            .sort();
        assert.deepStrictEqual([...alb.propertyDependencies.subnets].sort(), privateSubnets);
        const byCidr = ofType(plan, T.ingress).filter((r) => r.propertyDependencies.securityGroupId?.[0] === urnOf(plan, T.sg, "sg-alb"));
        assert.deepStrictEqual([...new Set(byCidr.map((r) => r.inputs.cidrIpv4))], ["10.100.0.0/24"]);
        assert.ok(!diagramOf(plan).includes("internet --> lb_alb"), "no edge from the internet");
    });

    it("passes prod's pack and the lint", async () => {
        const plan = await fixturePlanEdited("prod", internal);
        const result = await checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), readPolicyConfig(policyConfigFile("prod")));
        assert.deepStrictEqual(
            result.diagnostics.map((d) => `${d.policyName}: ${d.message}`),
            [],
        );
        const { lintPlan } = require("../lint") as typeof import("../lint");
        assert.strictEqual((await lintPlan(plan)).errors, 0);
    });

    it("refuses public sources (the world, or its halves) and private ranges wider than the pack allows", () => {
        const problems = (cidrs: string[]) =>
            configProblems((c) => {
                c.loadBalancer.internal = true;
                c.loadBalancer.ingressCidrs = cidrs;
            });
        assert.deepStrictEqual(problems(["0.0.0.0/0"]), [
            "loadBalancer.ingressCidrs[0]: 0.0.0.0/0 with internal: true is not a private range; an internal load balancer takes its clients' private ranges (10/8, 172.16/12, 192.168/16, 100.64/10)",
        ]);
        assert.strictEqual(problems(["0.0.0.0/1", "128.0.0.0/1"]).length, 2);
        assert.deepStrictEqual(problems(["10.100.0.0/16"]), [
            "loadBalancer.ingressCidrs[0]: 10.100.0.0/16 is wider than /24, which the pack's no-vpc-wide-ingress rule refuses; list the clients' /24 or narrower ranges",
        ]);
        assert.deepStrictEqual(problems(["10.100.0.0/24", "192.168.7.0/28"]), []);
    });
});
