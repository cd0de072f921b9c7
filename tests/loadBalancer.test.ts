import * as assert from "assert";
import { rulePriorities } from "../infra/routing";
import { FIXTURE_DIR, named, ofType, planEdited, planOf, T, urnOf } from "./helpers/plans";

interface Condition {
    pathPattern?: { values: string[] };
    hostHeader?: { values: string[] };
}

describe("load balancer and routing", () => {
    it("routes each service by path at deterministic priorities, the catch-all last", async () => {
        const prod = await planOf("prod");
        const rules = Object.fromEntries(ofType(prod, T.listenerRule).map((r) => [r.name, r]));
        assert.strictEqual(rules["api-rule"].inputs.priority, 20);
        assert.strictEqual(rules["admin-rule"].inputs.priority, 30);
        assert.strictEqual(rules["web-rule"].inputs.priority, 50000);
        assert.deepStrictEqual(rules["api-rule"].inputs.conditions, [{ pathPattern: { values: ["/api/*"] } }]);
        assert.deepStrictEqual((rules["admin-rule"].inputs.conditions as Condition[])[0].pathPattern!.values, ["/admin", "/admin/*"]);
        const https = urnOf(prod, T.listener, "lb-https");
        for (const r of Object.values(rules)) assert.deepStrictEqual(r.propertyDependencies.listenerArn, [https]);
    });

    it("forwards each rule to its own service's target group", async () => {
        const dev = await planOf("dev");
        for (const name of ["web", "api", "docs"]) {
            const rule = named(dev, T.listenerRule, `${name}-rule`);
            assert.deepStrictEqual(rule.propertyDependencies.actions, [urnOf(dev, T.targetGroup, `${name}-tg`)]);
        }
    });

    it("keeps priorities when a service is appended, and adds host conditions", async () => {
        const plan = await planEdited(
            "dev",
            (c) => {
                c.services.push({ name: "shop", image: "nginx", cpu: 256, memory: 512, paths: ["/shop/*"], hosts: ["shop.example.com"] });
            },
            "dev",
            FIXTURE_DIR,
        );
        const priorities = Object.fromEntries(ofType(plan, T.listenerRule).map((r) => [r.name, r.inputs.priority]));
        assert.deepStrictEqual(priorities, { "web-rule": 50000, "api-rule": 20, "docs-rule": 30, "shop-rule": 40 });
        assert.deepStrictEqual(named(plan, T.listenerRule, "shop-rule").inputs.conditions, [
            { pathPattern: { values: ["/shop/*"] } },
            { hostHeader: { values: ["shop.example.com"] } },
        ]);
    });

    it("gives catch-alls the top priorities and explicit priorities precedence", () => {
        const routes = [
            { name: "a", paths: ["/*"], hosts: [] },
            { name: "b", paths: ["/b/*"], hosts: [] },
            { name: "c", paths: ["/c"], hosts: [], priority: 7 },
            { name: "d", paths: ["/*"], hosts: ["d.example.com"] },
        ];
        assert.deepStrictEqual(rulePriorities(routes), [50000, 20, 7, 40]);
    });

    it("redirects HTTP to HTTPS with a TLS 1.2+ policy when a certificate is configured", async () => {
        const prod = await planOf("prod");
        const http = named(prod, T.listener, "lb-http");
        assert.deepStrictEqual(http.inputs.defaultActions, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        const https = named(prod, T.listener, "lb-https");
        assert.strictEqual(https.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assert.strictEqual((https.inputs.defaultActions as { fixedResponse: { statusCode: string } }[])[0].fixedResponse.statusCode, "404");
    });

    it("serves HTTP with a fixed 404 default when there is no certificate", async () => {
        const dev = await planOf("dev");
        assert.strictEqual(ofType(dev, T.listener).length, 1);
        const http = named(dev, T.listener, "lb-http");
        assert.strictEqual((http.inputs.defaultActions as { type: string }[])[0].type, "fixed-response");
    });

    it("drops invalid headers everywhere and turns on deletion protection and access logs in prod", async () => {
        const dev = named(await planOf("dev"), T.alb, "lb-alb");
        assert.strictEqual(dev.inputs.dropInvalidHeaderFields, true);
        assert.strictEqual(dev.inputs.enableDeletionProtection, false);
        assert.strictEqual(dev.inputs.internal, false);
        const prodPlan = await planOf("prod");
        const prod = named(prodPlan, T.alb, "lb-alb");
        assert.strictEqual(prod.inputs.dropInvalidHeaderFields, true);
        assert.strictEqual(prod.inputs.enableDeletionProtection, true);
        assert.deepStrictEqual(prod.propertyDependencies.accessLogs, [urnOf(prodPlan, T.bucket, "lb-access-logs")]);
        assert.deepStrictEqual(named(prodPlan, T.bucket, "lb-access-logs").options, { protect: true, retainOnDelete: true });
        assert.deepStrictEqual(prod.propertyDependencies.subnets.length, 3);
    });
});
