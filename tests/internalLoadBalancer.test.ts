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

    it("refuses the world as a source", () => {
        assert.deepStrictEqual(
            configProblems((c) => {
                c.loadBalancer.internal = true;
            }),
            [
                "loadBalancer.ingressCidrs[0]: 0.0.0.0/0 with internal: true; an internal load balancer takes the clients' ranges inside the network (peered VPCs, VPN), and the pack refuses the world on anything but an internet-facing ALB",
            ],
        );
    });
});
