import { TLS12_POLICIES } from "@ecs-platform/shared/tlsPolicies";
import { strict as assert } from "assert";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { check, deferred, Spec, UNKNOWN, verdict } from "../helpers/policyPack";

const alb = (inputs: Record<string, unknown> = {}, type: string = RESOURCE_TYPES.loadBalancer): Spec => ({
    type,
    name: "alb",
    inputs: {
        loadBalancerType: "application",
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        accessLogs: { enabled: true, bucket: UNKNOWN },
        ...inputs,
    },
});

describe("load balancer resource rules", () => {
    it("alb-drop-invalid-headers flags an ALB that keeps invalid headers, in aws.lb and aws.alb form", async () => {
        assert.deepEqual(await verdict("alb-drop-invalid-headers", [alb()]), []);
        assert.deepEqual(await verdict("alb-drop-invalid-headers", [alb({ dropInvalidHeaderFields: false })]), [
            "alb: dropInvalidHeaderFields is off; set it to true.",
        ]);
        assert.equal((await verdict("alb-drop-invalid-headers", [alb({ dropInvalidHeaderFields: undefined }, "aws:alb/loadBalancer:LoadBalancer")])).length, 1);
        assert.deepEqual(
            await verdict("alb-drop-invalid-headers", [alb({ loadBalancerType: "network", dropInvalidHeaderFields: undefined })]),
            [],
            "not an ALB setting",
        );
    });

    it("alb-drop-invalid-headers keeps desync mitigation blocking", async () => {
        assert.deepEqual(await verdict("alb-drop-invalid-headers", [alb({ desyncMitigationMode: "strictest" })]), []);
        assert.deepEqual(await verdict("alb-drop-invalid-headers", [alb({ desyncMitigationMode: "defensive" })]), []);
        assert.deepEqual(await verdict("alb-drop-invalid-headers", [alb({ desyncMitigationMode: "monitor" })]), [
            'alb: desyncMitigationMode is "monitor"; use "defensive" or "strictest".',
        ]);
    });

    it("alb-deletion-protection and alb-access-logs follow the load balancer's settings", async () => {
        assert.deepEqual(await verdict("alb-deletion-protection", [alb()]), []);
        assert.match((await verdict("alb-deletion-protection", [alb({ enableDeletionProtection: undefined })]))[0], /enableDeletionProtection is off/);
        assert.deepEqual(await verdict("alb-access-logs", [alb()]), []);
        assert.equal((await verdict("alb-access-logs", [alb({ accessLogs: undefined })])).length, 1);
        assert.equal((await verdict("alb-access-logs", [alb({ accessLogs: { enabled: false, bucket: "b" } })])).length, 1);
        assert.equal((await verdict("alb-access-logs", [alb({ accessLogs: { enabled: true } })])).length, 1, "no bucket");
    });

    it("alb-tls-policy accepts TLS 1.2+ policies and flags the default and older ones", async () => {
        const listener = (sslPolicy?: string, protocol = "HTTPS"): Spec => ({
            type: RESOURCE_TYPES.listener,
            name: "https",
            inputs: { protocol, port: 443, ...(sslPolicy ? { sslPolicy } : {}) },
        });
        for (const ok of [
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        ]) {
            assert.deepEqual(await verdict("alb-tls-policy", [listener(ok)]), [], ok);
        }
        // The one list the config accepts is the list the pack passes, post-quantum policies (2025-09) included.
        // One run over a listener per policy (names differ so that each is its own resource).
        const every = TLS12_POLICIES.map((ok, i) => ({ ...listener(ok), name: `https-${i}` }));
        assert.deepEqual(await verdict("alb-tls-policy", every), []);
        // Older policies, and a name the list does not know (a typo, or a policy AWS adds later): fail closed.
        for (const bad of [
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-TLS13-1-0-2021-06",
            "ELBSecurityPolicy-TLS-1-1-2017-01",
            "ELBSecurityPolicy-TLS13-1-2-Typo-2021-06",
        ]) {
            assert.match((await verdict("alb-tls-policy", [listener(bad)]))[0], /not one of the policies known to accept TLS 1\.2 or newer only/, bad);
        }
        assert.match((await verdict("alb-tls-policy", [listener()]))[0], /not set \(AWS default ELBSecurityPolicy-2016-08 accepts TLS 1\.0\)/);
        assert.deepEqual(await verdict("alb-tls-policy", [listener(undefined, "HTTP")]), [], "plain HTTP has no TLS policy");
    });
});

describe("policy http-redirects-to-https", () => {
    const rule = "http-redirects-to-https";
    const listener = (name: string, protocol: string, defaultActions: unknown[]): Spec => ({
        type: RESOURCE_TYPES.listener,
        name,
        inputs: { protocol, loadBalancerArn: UNKNOWN, defaultActions },
        deps: { loadBalancerArn: ["alb"] },
    });
    const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
    const forward = { type: "forward", targetGroupArn: UNKNOWN };

    it("accepts an HTTP listener that redirects next to an HTTPS one", async () => {
        assert.deepEqual(await verdict(rule, [alb(), listener("http", "HTTP", [redirect]), listener("https", "HTTPS", [forward])]), []);
    });

    it("flags an HTTP listener or HTTP listener rule that forwards next to an HTTPS one", async () => {
        const rule80: Spec = {
            type: RESOURCE_TYPES.listenerRule,
            name: "api-on-80",
            inputs: { listenerArn: UNKNOWN, priority: 10, actions: [forward] },
            deps: { listenerArn: ["http"] },
        };
        const found = await verdict(rule, [alb(), listener("http", "HTTP", [forward]), listener("https", "HTTPS", [forward]), rule80]);
        assert.deepEqual(found, [
            'http: Listener "http" serves plain HTTP next to an HTTPS listener; make its default action a redirect to HTTPS.',
            'api-on-80: ListenerRule "api-on-80" forwards plain HTTP next to an HTTPS listener; attach it to the HTTPS listener.',
        ]);
    });

    it("counts only redirects to HTTPS, every default action and every rule action", async () => {
        const toHttp = { type: "redirect", redirect: { protocol: "HTTP", port: "8080" } };
        const found = await verdict(rule, [alb(), listener("http", "HTTP", [toHttp]), listener("https", "HTTPS", [forward])]);
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["http"],
        );
        assert.equal((await verdict(rule, [alb(), listener("http", "HTTP", [{ type: "redirect" }]), listener("https", "HTTPS", [forward])])).length, 1);
        assert.equal((await verdict(rule, [alb(), listener("http", "HTTP", [redirect, forward]), listener("https", "HTTPS", [forward])])).length, 1);
        const mixed: Spec = {
            type: RESOURCE_TYPES.listenerRule,
            name: "mixed",
            inputs: { listenerArn: UNKNOWN, priority: 1, actions: [redirect, forward] },
            deps: { listenerArn: ["http"] },
        };
        const redirecting: Spec = {
            type: RESOURCE_TYPES.listenerRule,
            name: "ok",
            inputs: { listenerArn: UNKNOWN, priority: 2, actions: [redirect] },
            deps: { listenerArn: ["http"] },
        };
        const rules = await verdict(rule, [alb(), listener("http", "HTTP", [redirect]), listener("https", "HTTPS", [forward]), mixed, redirecting]);
        assert.deepEqual(
            rules.map((f) => f.split(":")[0]),
            ["mixed"],
        );
    });

    it("judges each load balancer by its own listeners", async () => {
        const other: Spec = { ...alb(), name: "other" };
        const otherHttp: Spec = {
            type: RESOURCE_TYPES.listener,
            name: "other-http",
            inputs: { protocol: "HTTP", loadBalancerArn: UNKNOWN, defaultActions: [forward] },
            deps: { loadBalancerArn: ["other"] },
        };
        assert.deepEqual(await verdict(rule, [alb(), other, listener("https", "HTTPS", [forward]), otherHttp]), []);
    });

    it("accepts plain HTTP when the load balancer has no HTTPS listener (dev without a certificate)", async () => {
        assert.deepEqual(await verdict(rule, [alb(), listener("http", "HTTP", [forward])]), []);
    });
});

describe("policy routing-sane", () => {
    const rule = "routing-sane";
    const tg = (name: string): Spec => ({ type: RESOURCE_TYPES.targetGroup, name, inputs: { port: 8080, protocol: "HTTP", targetType: "ip" } });
    const listenerRule = (name: string, priority: number, target: string, listener = "https"): Spec => ({
        type: RESOURCE_TYPES.listenerRule,
        name,
        inputs: { listenerArn: UNKNOWN, priority, actions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
        deps: { listenerArn: [listener], actions: [target] },
    });
    const service = (name: string, groups: string[]): Spec => ({
        type: RESOURCE_TYPES.ecsService,
        name,
        inputs: { loadBalancers: groups.map(() => ({ targetGroupArn: UNKNOWN })) },
        deps: { loadBalancers: groups },
    });
    const listeners: Spec[] = [
        { type: RESOURCE_TYPES.listener, name: "https", inputs: { protocol: "HTTPS", defaultActions: [{ type: "fixed-response" }] } },
        { type: RESOURCE_TYPES.listener, name: "other", inputs: { protocol: "HTTPS", defaultActions: [{ type: "fixed-response" }] } },
    ];

    it("accepts distinct priorities per listener with every target group used by a service", async () => {
        const specs = [
            ...listeners,
            tg("a"),
            tg("b"),
            listenerRule("a", 10, "a"),
            listenerRule("b", 20, "b"),
            listenerRule("b-other", 10, "b", "other"),
            service("a", ["a"]),
            service("b", ["b"]),
        ];
        assert.deepEqual(await verdict(rule, specs), []);
    });

    it("flags two rules with one priority on one listener, though the listener's ARN is unknown", async () => {
        const specs = [...listeners, tg("a"), listenerRule("a", 10, "a"), listenerRule("dup", 10, "a"), service("a", ["a"])];
        assert.deepEqual(await verdict(rule, specs), [
            'dup: ListenerRule "dup" has priority 10, like ListenerRule "a" on the same listener; give each rule its own priority.',
        ]);
    });

    it("flags a forwarded target group no service registers with, from a rule or a listener default", async () => {
        const orphanDefault: Spec = {
            type: RESOURCE_TYPES.listener,
            name: "http",
            inputs: { protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
            deps: { defaultActions: ["orphan2"] },
        };
        const specs = [...listeners, tg("orphan"), tg("orphan2"), listenerRule("a", 10, "orphan"), orphanDefault];
        const found = await verdict(rule, specs);
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["a", "http"],
        );
        assert.match(found[0], /forwards to target group "orphan", which no ECS service registers with/);
    });

    it("keeps rules without a priority out of the comparison and reports each orphan group once", async () => {
        const noPriority = (name: string): Spec => ({ ...listenerRule(name, 0, "a"), inputs: { listenerArn: UNKNOWN, actions: [] } });
        assert.deepEqual(await verdict(rule, [...listeners, tg("a"), noPriority("x"), noPriority("y"), service("a", ["a"])]), []);
        const twice = await verdict(rule, [...listeners, tg("orphan"), listenerRule("a", 10, "orphan"), listenerRule("b", 20, "orphan")]);
        assert.deepEqual(
            twice.map((f) => f.split(":")[0]),
            ["a"],
        );
    });

    it("follows only target groups among a rule's dependencies", async () => {
        const withCognito: Spec = { ...listenerRule("a", 10, "a"), deps: { listenerArn: ["https"], actions: ["a", "https"] } };
        assert.deepEqual(await verdict(rule, [...listeners, tg("a"), withCognito, service("a", ["a"])]), []);
    });

    it("counts blue/green's alternate target group as used", async () => {
        const specs = [...listeners, tg("blue"), tg("green"), listenerRule("web", 10, "blue"), service("web", ["blue", "green"])];
        assert.deepEqual(await verdict(rule, specs), []);
    });

    it("defers a priority unknown at preview", async () => {
        const specs = [
            ...listeners,
            tg("a"),
            { ...listenerRule("a", 10, "a"), inputs: { listenerArn: UNKNOWN, priority: UNKNOWN, actions: [] } },
            service("a", ["a"]),
        ];
        const result = await check(specs);
        assert.equal(deferred(result, rule).length, 1);
    });
});

describe("policy alb-https-required", () => {
    const rule = "alb-https-required";
    const listener = (name: string, protocol: string): Spec => ({
        type: RESOURCE_TYPES.listener,
        name,
        inputs: { protocol, loadBalancerArn: UNKNOWN, defaultActions: [{ type: "fixed-response" }] },
        deps: { loadBalancerArn: ["alb"] },
    });

    it("flags an internet-facing ALB that serves only plain HTTP", async () => {
        assert.deepEqual(await verdict(rule, [alb(), listener("http", "HTTP")]), [
            'alb: LoadBalancer "alb" is internet-facing and serves only plain HTTP; add an HTTPS listener (loadBalancer.certificateArn in stack config).',
        ]);
    });

    it("passes an ALB with an HTTPS listener, and an internal ALB", async () => {
        assert.deepEqual(await verdict(rule, [alb(), listener("http", "HTTP"), listener("https", "HTTPS")]), []);
        assert.deepEqual(await verdict(rule, [alb({ internal: true }), listener("http", "HTTP")]), []);
    });
});
