/**
 * Services exposed through the stack's Network Load Balancer (`expose: nlb`): the NLB, listeners, target groups and
 * security groups they get, what validation refuses, and how the pack, the lint, the cost and the diagram read them.
 * Exact figures on the frozen prod fixture.
 */
import { strict as assert } from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, CheckResult, parsePlan } from "../check/policyCheck";
import { lintPlan } from "../lint";
import { policyConfigFile } from "../plan/command";
import { Plan, PlanResource } from "../plan/planFormat";
import { planWithConfig } from "../plan/runPlan";
import { costInputs, estimateCost, loadPrices } from "../release/cost";
import { diagramOf } from "../release/diagram";
import { configProblems, engineConfig, FIXTURE_DIR, named, ofType, planOf, ProjectConfig, stackConfig, T } from "./helpers/plans";
import { packClient } from "./helpers/policyPack";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";

/** prod's fixture with `mqtt` on the NLB: TLS on 8883 with prod's certificate, unless `edit` says otherwise. */
function withMqtt(edit: (c: ProjectConfig) => void = () => undefined): (c: ProjectConfig) => void {
    return (c) => {
        c.networkLoadBalancer = { certificateArn: c.loadBalancer.certificateArn, deletionProtection: true };
        c.services.push({
            name: "mqtt",
            image: c.services[0].image,
            cpu: 256,
            memory: 512,
            containerPort: 1883,
            expose: "nlb",
            listener: { port: 8883 },
            desiredCount: 2,
            user: "1000:1000",
        });
        edit(c);
    };
}

async function planOfEdited(edit: (c: ProjectConfig) => void) {
    const { project, region } = stackConfig("prod", FIXTURE_DIR);
    edit(project);
    return planWithConfig({ stack: "prod", config: { "aws:allowedAccountIds": '["123456789012"]', ...engineConfig(project, region) } });
}

/** prod's policy config; with `worldPorts`, the NLB ports the world may reach (the rule's nlbWorldPorts). */
async function checked(plan: Plan, worldPorts?: number[]): Promise<CheckResult> {
    const config = readPolicyConfig(policyConfigFile("prod"));
    const rule = "world-ingress-only-on-load-balancer";
    if (worldPorts) config[rule] = { ...config[rule], properties: { ...config[rule]?.properties, nlbWorldPorts: worldPorts } };
    return checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), config);
}

const verdictsOf = (result: CheckResult, policy: string) => result.diagnostics.filter((d) => d.policyName === policy).map((d) => d.message);
const nlbOf = (plan: Plan) => ofType(plan, T.alb).filter((lb) => lb.inputs.loadBalancerType === "network");
const depends = (r: PlanResource, key: string, target: PlanResource) => (r.propertyDependencies[key] ?? []).includes(target.urn);

describe("services on the Network Load Balancer (expose: nlb)", () => {
    it("gives the stack one NLB only when a service is on it", async () => {
        for (const stack of ["dev", "prod"]) {
            const plan = await planOf(stack);
            const { project } = stackConfig(stack);
            const expected = (project.services as { expose?: string }[]).some((s) => s.expose === "nlb") ? 1 : 0;
            assert.equal(nlbOf(plan).length, expected, stack);
        }
        const { plan } = await planOfEdited(withMqtt());
        assert.equal(nlbOf(plan).length, 1);
    });

    it("builds the NLB, a TLS listener on the service's port, a TCP target group of its tasks, and the service behind it", async () => {
        const { plan } = await planOfEdited(withMqtt());
        const [nlb] = nlbOf(plan);
        assert.equal(nlb.inputs.internal, false);
        assert.equal(nlb.inputs.enableCrossZoneLoadBalancing, true);
        assert.equal(nlb.inputs.enableDeletionProtection, true);
        assert.equal(nlb.inputs.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic, "on");
        const publicSubnets = ofType(plan, T.subnet).filter((s) => s.name.includes("public"));
        assert.deepEqual([...nlb.propertyDependencies.subnets].sort(), publicSubnets.map((s) => s.urn).sort());
        const group = named(plan, T.sg, "sg-nlb");
        assert.ok(depends(nlb, "securityGroups", group));

        const listener = named(plan, T.listener, "mqtt-nlb-listener");
        assert.equal(listener.inputs.port, 8883);
        assert.equal(listener.inputs.protocol, "TLS");
        assert.equal(listener.inputs.certificateArn, stackConfig("prod", FIXTURE_DIR).project.loadBalancer.certificateArn);
        assert.equal(listener.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assert.ok(depends(listener, "loadBalancerArn", nlb));
        const tg = named(plan, T.targetGroup, "mqtt-nlb-tg");
        assert.ok(depends(listener, "defaultActions", tg));
        assert.equal(tg.inputs.protocol, "TCP");
        assert.equal(tg.inputs.targetType, "ip");
        assert.equal(tg.inputs.preserveClientIp, "false");
        assert.equal((tg.inputs.healthCheck as { protocol: string }).protocol, "TCP");

        const service = named(plan, T.service, "mqtt-service");
        const [lb] = service.inputs.loadBalancers as { containerName: string; containerPort: number }[];
        assert.deepEqual([lb.containerName, lb.containerPort], ["mqtt", 1883]);
        assert.ok(depends(service, "loadBalancers", tg));
        assert.ok(service.dependencies.includes(listener.urn), "the service waits for the listener that attaches its group");
        assert.equal(service.inputs.healthCheckGracePeriodSeconds, 60);
        // Not an HTTP port for Service Connect: the NLB service may speak anything over TCP.
        const [container] = JSON.parse(String(named(plan, T.taskDefinition, "mqtt-task").inputs.containerDefinitions));
        assert.equal(container.portMappings[0].appProtocol, undefined);
        assert.match(String(plan.outputs.nlbDnsName), /^nlb-lb-/);
        assert.match(String((plan.outputs.serviceUrls as Record<string, string>).mqtt), /^tls:\/\/nlb-lb-.*:8883$/);
    });

    it("chains the groups: the world reaches the NLB's group on the listener port only, the service admits the NLB's group only", async () => {
        const { plan } = await planOfEdited(withMqtt());
        const nlbGroup = named(plan, T.sg, "sg-nlb");
        const mqttGroup = named(plan, T.sg, "sg-svc-mqtt");
        const into = (g: PlanResource) => ofType(plan, T.ingress).filter((r) => depends(r, "securityGroupId", g));
        assert.deepEqual(
            into(nlbGroup).map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort]),
            [["0.0.0.0/0", 8883, 8883]],
        );
        const [fromNlb] = into(mqttGroup);
        assert.equal(into(mqttGroup).length, 1);
        assert.ok(depends(fromNlb, "referencedSecurityGroupId", nlbGroup));
        assert.equal(fromNlb.inputs.fromPort, 1883);
        const out = ofType(plan, T.egress).filter((r) => depends(r, "securityGroupId", nlbGroup));
        assert.deepEqual(
            out.map((r) => [r.name, r.inputs.fromPort]),
            [["sg-nlb-to-tasks-1883", 1883]],
        );
    });

    it("watches the NLB's target group in AWS/NetworkELB, and rolls back on unhealthy targets only (an NLB counts no 5xx)", async () => {
        const { plan } = await planOfEdited(withMqtt());
        const unhealthy = named(plan, RESOURCE_TYPES.metricAlarm, "mqtt-unhealthy-targets");
        assert.equal(unhealthy.inputs.namespace, "AWS/NetworkELB");
        // An NLB's ARN suffix, as CloudWatch's LoadBalancer dimension takes it, starts net/ (an ALB's app/).
        assert.match(String((unhealthy.inputs.dimensions as { LoadBalancer: string }).LoadBalancer), /^net\/nlb-lb-/);
        assert.throws(() => named(plan, RESOURCE_TYPES.metricAlarm, "mqtt-target-5xx"));
        const service = named(plan, T.service, "mqtt-service");
        assert.deepEqual((service.inputs.alarms as { alarmNames: string[] }).alarmNames, ["ecs-platform-prod-mqtt-unhealthy-targets"]);
        assert.equal(named(plan, RESOURCE_TYPES.metricAlarm, "api-unhealthy-targets").inputs.namespace, "AWS/ApplicationELB");
    });

    it("passes prod's policy check and the lint with 8883 listed as a port the world may reach, and refuses it unlisted", async () => {
        const { plan } = await planOfEdited(withMqtt());
        assert.deepEqual(
            (await checked(plan, [8883])).diagnostics.map((d) => `${d.policyName}: ${d.message}`),
            [],
        );
        assert.equal((await lintPlan(plan)).errors, 0);
        // By default only 443: a listener port is a reviewed decision, not a consequence of the listener.
        const unlisted = verdictsOf(await checked(plan), "world-ingress-only-on-load-balancer");
        assert.equal(unlisted.length, 1);
        assert.match(unlisted[0], /only its listener ports in nlbWorldPorts \(443\) over TCP may be open to the world/);
    });

    it("refuses SSH or a database port on an internet-facing NLB even over TLS, and a TCP listener unless allowed", async () => {
        const { plan: ssh } = await planOfEdited(withMqtt((c) => (c.services.at(-1).listener.port = 22)));
        const world = verdictsOf(await checked(ssh, [8883]), "world-ingress-only-on-load-balancer");
        assert.equal(world.length, 1);
        assert.match(world[0], /allows 0\.0\.0\.0\/0 on the load balancer's group; only its listener ports in nlbWorldPorts \(8883\) over TCP may be open/);

        const tcp = withMqtt((c) => (c.services.at(-1).listener.protocol = "TCP"));
        const { plan } = await planOfEdited(tcp);
        const refused = verdictsOf(await checked(plan, [8883]), "nlb-tls-required");
        assert.equal(refused.length, 1);
        assert.match(refused[0], /Listener "mqtt-nlb-listener" on internet-facing LoadBalancer "nlb-lb" is TCP on port 8883; make it TLS/);
        const config = readPolicyConfig(policyConfigFile("prod"));
        config["nlb-tls-required"] = { ...config["nlb-tls-required"], properties: { allowPlaintextPorts: [8883] } };
        const allowed = await checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), config);
        assert.deepEqual(verdictsOf(allowed, "nlb-tls-required"), []);
    });

    it("shows the NLB's flows and each NLB service's healthy targets on the dashboard, not ALB request counts", async () => {
        const { plan } = await planOfEdited(withMqtt());
        const body = JSON.parse(String(ofType(plan, RESOURCE_TYPES.dashboard)[0].inputs.dashboardBody)) as {
            widgets: { properties: { title: string; metrics: unknown[][] } }[];
        };
        const mqtt = body.widgets.find((w) => w.properties.title.startsWith("mqtt: tasks"))!;
        assert.equal(mqtt.properties.title, "mqtt: tasks and healthy targets");
        assert.deepEqual(
            mqtt.properties.metrics.map((m) => `${m[0]} ${m[1]}`),
            ["ECS/ContainerInsights RunningTaskCount", "ECS/ContainerInsights DesiredTaskCount", "AWS/NetworkELB HealthyHostCount"],
        );
        assert.ok(body.widgets.some((w) => w.properties.title === "NLB: active and new flows, target resets"));
        const api = body.widgets.find((w) => w.properties.title.startsWith("api: tasks"))!;
        assert.ok(api.properties.metrics.some((m) => m[0] === "AWS/ApplicationELB" && m[1] === "RequestCountPerTarget"));
    });

    it("an internal NLB takes client ranges, and its TCP listeners pass the TLS rule", async () => {
        const internal = withMqtt((c) => {
            c.networkLoadBalancer.internal = true;
            c.networkLoadBalancer.ingressCidrs = ["10.40.1.0/24"];
            c.services.at(-1).listener.protocol = "TCP";
        });
        const { plan } = await planOfEdited(internal);
        const [nlb] = nlbOf(plan);
        assert.equal(nlb.inputs.internal, true);
        const privateSubnets = ofType(plan, T.subnet).filter((s) => s.name.includes("private"));
        assert.deepEqual([...nlb.propertyDependencies.subnets].sort(), privateSubnets.map((s) => s.urn).sort());
        assert.deepEqual(verdictsOf(await checked(plan), "nlb-tls-required"), []);
        assert.deepEqual(
            configProblems(
                withMqtt((c) => {
                    c.networkLoadBalancer.internal = true;
                }),
            ),
            [
                "networkLoadBalancer.ingressCidrs[0]: 0.0.0.0/0 with internal: true is not a private range; an internal load balancer takes its clients' private ranges (10/8, 172.16/12, 192.168/16, 100.64/10)",
            ],
        );
    });

    it("validation names each key an NLB service gets wrong", () => {
        assert.deepEqual(
            configProblems(
                withMqtt((c) => {
                    const mqtt = c.services.at(-1);
                    delete mqtt.listener;
                    mqtt.paths = ["/mqtt"];
                    mqtt.deployment = { strategy: "blueGreen" };
                }),
            ),
            [
                "services[3].listener: is required with expose: nlb (the port clients connect to, and TCP or TLS)",
                "services[3].paths: a service with expose: nlb takes connections on its NLB listener, not ALB routes; remove paths, or set expose: alb",
                'services[3].deployment.strategy: the platform deploys services on the NLB rolling (its blue/green, linear and canary shift ALB listener rules); use "rolling"',
            ],
        );
        assert.deepEqual(configProblems(withMqtt((c) => (c.services.at(-1).autoscaling = { minCount: 2, maxCount: 4, requestsPerTarget: 100 }))), [
            "services[3].autoscaling.requestsPerTarget: counts ALB requests, and a service with expose: nlb takes connections on its NLB listener, not ALB routes; scale it on cpuTargetPercent or memoryTargetPercent",
        ]);
        assert.deepEqual(
            configProblems(
                withMqtt((c) => {
                    delete c.networkLoadBalancer.certificateArn;
                    c.services.push({ ...c.services.at(-1), name: "mqtt2" });
                    c.services[0].listener = { port: 9000 };
                }),
            ),
            [
                "services[0].listener: only a service with expose: nlb has an NLB listener; set expose: nlb, or remove listener",
                "services[4].listener.port: 8883 is taken by mqtt; each NLB listener needs a port of its own",
                "networkLoadBalancer.certificateArn: is required: mqtt, mqtt2 have TLS listeners (or set their listener.protocol to TCP)",
            ],
        );
    });

    it("prices the NLB and draws it with its listener", async () => {
        const { plan, config } = await planOfEdited(withMqtt());
        const estimate = estimateCost(plan, costInputs(config), loadPrices("eu-west-1"));
        // 730 h × ($0.0252 + 1 NLCU × $0.006) = 22.776
        assert.equal(estimate.lines.find((l) => l.component === "Network load balancer")?.monthly, 22.78);
        const diagram = diagramOf(plan).split("\n");
        assert.ok(diagram.includes('    nlb_lb["NLB nlb-lb"]'));
        assert.ok(diagram.includes('    mqtt_nlb_listener["TLS :8883"]'));
        assert.ok(diagram.includes("    mqtt_nlb_listener -->|default| mqtt_service"));
        assert.ok(diagram.includes("    internet --> nlb_lb"));
    });
});
