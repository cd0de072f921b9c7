/** Per-resource suppressions: a suppressed violation passes with its reason shown; an unused suppression is reported. */
import { strict as assert } from "assert";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { PolicyConfigEntry } from "../../check/analyzerClient";
import { parsePolicyConfig, PolicyConfigError, reconcilePolicyConfig } from "../../check/policyConfig";
import { check, packClient, Spec, urnOf, violations } from "../helpers/policyPack";

const vpc: Spec = { type: RESOURCE_TYPES.vpc, name: "vpc", inputs: { cidrBlock: "10.0.0.0/16" } };
const wide = (name: string): Spec => ({
    type: RESOURCE_TYPES.securityGroup,
    name,
    inputs: { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] }] },
    deps: { vpcId: ["vpc"] },
});
const REASON = "Peered legacy VPC reaches the database by range until its migration (ticket OPS-142)";
const suppressing = (resource: string, reason = REASON): Record<string, PolicyConfigEntry> => ({
    "no-vpc-wide-ingress": { properties: { suppressions: [{ resource, reason }] } },
});

describe("per-resource suppressions", () => {
    it("keep a violation of the named resource from its rule, and show it with the reason", async () => {
        const result = await check([vpc, wide("legacy-sg"), wide("other-sg")], suppressing("legacy-sg"));
        const found = violations(result, "no-vpc-wide-ingress");
        assert.equal(found.length, 1, "the other group is still judged");
        assert.match(found[0], /^other-sg: /);
        const applied = violations(result, "suppressions-applied");
        assert.equal(applied.length, 1);
        assert.match(
            applied[0],
            /^legacy-sg: no-vpc-wide-ingress suppressed on "legacy-sg": Peered legacy VPC .* \(ticket OPS-142\) \(the violation: .*covers the whole VPC "vpc"/,
        );
        assert.deepEqual(violations(result, "suppressions-unused"), []);
        const appliedLevel = result.diagnostics.find((d) => d.policyName === "suppressions-applied")!.enforcementLevel;
        assert.equal(appliedLevel, "advisory", "an applied suppression does not fail the check");
    });

    it("match a resource by its URN as well as by its name", async () => {
        const result = await check([vpc, wide("legacy-sg")], suppressing(urnOf(wide("legacy-sg"))));
        assert.deepEqual(violations(result, "no-vpc-wide-ingress"), []);
        assert.equal(violations(result, "suppressions-applied").length, 1);
    });

    it("report a suppression that matched no violation, and forget the last run's matches", async () => {
        await check([vpc, wide("legacy-sg")], suppressing("legacy-sg"));
        const narrowed: Spec = {
            ...wide("legacy-sg"),
            inputs: { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.1.0/28"] }] },
        };
        const result = await check([vpc, narrowed], suppressing("legacy-sg"));
        const unused = violations(result, "suppressions-unused");
        assert.equal(unused.length, 1);
        assert.match(unused[0], /the suppression of no-vpc-wide-ingress on "legacy-sg" matched no violation; remove it from the rule's suppressions/);
        const level = result.diagnostics.find((d) => d.policyName === "suppressions-unused")!.enforcementLevel;
        assert.equal(level, "mandatory");
    });

    it("work for stack rules that name the resource, and leave other rules alone", async () => {
        const result = await check([vpc, wide("legacy-sg")], {
            "world-ingress-only-on-load-balancer": { properties: { suppressions: [{ resource: "legacy-sg", reason: REASON }] } },
        });
        assert.equal(violations(result, "no-vpc-wide-ingress").length, 1, "a suppression belongs to one rule");
        assert.equal(violations(result, "suppressions-unused").length, 1, "the world rule had nothing to suppress there");
    });

    it("show a suppressed violation once per run when suppressions-unused is disabled (nothing else clears them)", async () => {
        const config = { ...suppressing("legacy-sg"), "suppressions-unused": { enforcementLevel: "disabled" as const } };
        for (let run = 0; run < 2; run++) {
            const result = await check([vpc, wide("legacy-sg")], config);
            assert.equal(violations(result, "suppressions-applied").length, 1, `run ${run + 1}`);
        }
        // A run with the rule on clears what the others left.
        await check([vpc, wide("legacy-sg")], suppressing("legacy-sg"));
    });

    it("are refused as policy config without a resource or with a short reason, every problem named", async () => {
        const info = await (await packClient()).info();
        const text = JSON.stringify({ "tasks-private": { suppressions: [{ resource: "api-svc", reason: "because" }, { reason: "no resource named here" }] } });
        assert.throws(
            () => reconcilePolicyConfig(info, parsePolicyConfig(text, "policy.json")),
            (err: Error) =>
                err instanceof PolicyConfigError &&
                /tasks-private: suppressions\.0\.reason must NOT have fewer than 10 characters/.test(err.message) &&
                /tasks-private: suppressions\.1 must have required property 'resource'/.test(err.message),
        );
    });
});
