/**
 * Stacks per layer: prod as a network stack and a services stack reading it through a StackReference. The real
 * layered files are examples like Pulumi.prod.yaml: the tests assert what holds for any valid config of them.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, CheckResult, parsePlan } from "../check/policyCheck";
import { ConfigError, validateStackConfig } from "../infra/config/validate";
import { lintPlan } from "../lint";
import { diagramOf } from "../release/diagram";
import { planCommand, policyConfigFile } from "../plan/command";
import { EXIT } from "../cli/io";
import { Plan } from "../plan/planFormat";
import { planWithConfig, PROJECT_DIR } from "../plan/runPlan";
import { costInputs, estimateCost, formatCost, loadPrices } from "../release/cost";
import { STACK_REFERENCE_TYPE, SubnetEgressFacts } from "@ecs-platform/shared/networkLayer";
import { capture } from "./helpers/commandLine";
import { engineConfig, FIXTURE_DIR, ofType, planEdited, planOf, stackConfig, T } from "./helpers/plans";
import { packClient } from "./helpers/policyPack";

const NETWORK = "prod-network";
const SERVICES = "prod-services";

async function checkStack(plan: Plan, stack = plan.stack): Promise<CheckResult> {
    return checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), stack), readPolicyConfig(policyConfigFile(stack)));
}

function fileConfig(stack: string, dir = FIXTURE_DIR): Record<string, unknown> {
    return (yaml.load(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
}

/** The (type, name) pairs of a plan's AWS and random resources: what a stack creates, whatever its components. */
function created(plan: Plan): string[] {
    return plan.resources
        .filter((r) => r.custom && r.type !== STACK_REFERENCE_TYPE && !r.type.startsWith("pulumi:providers:"))
        .map((r) => `${r.type} ${r.name}`)
        .sort();
}

function problemsOf(raw: Record<string, unknown>): string[] {
    try {
        validateStackConfig(raw, "eu-west-1");
        return [];
    } catch (err) {
        if (err instanceof ConfigError) return [...err.problems];
        throw err;
    }
}

describe("stacks per layer (prod-network + prod-services)", () => {
    // Exact equivalences with prod on the frozen fixtures (tests/fixtures: prod and its two layers); the real layered
    // files are examples users edit, which the property tests below read.
    it("the two layered fixture files hold the prod fixture's config between them, each key once", () => {
        const single = fileConfig("prod");
        const network = fileConfig(NETWORK);
        const services = fileConfig(SERVICES);
        const layerKeys = ["ecs-platform:layer", "ecs-platform:networkStack"];
        const withoutLayer = (c: Record<string, unknown>) => {
            const copy = JSON.parse(JSON.stringify(c)) as Record<string, any>;
            for (const k of layerKeys) delete copy[k];
            // The default tags say which layer a resource belongs to; the rest is prod's.
            delete copy["aws:defaultTags"]?.tags?.layer;
            return copy;
        };
        const [n, s] = [withoutLayer(network), withoutLayer(services)];
        const projectKeys = (c: Record<string, unknown>) => Object.keys(c).filter((k) => !k.startsWith("aws:"));
        const shared = projectKeys(n).filter((k) => projectKeys(s).includes(k));
        assert.deepEqual(shared, ["ecs-platform:environment"], "only the environment is in both");
        assert.deepEqual({ ...n, ...s }, single);
        assert.deepEqual(
            Object.keys(n).filter((k) => k.startsWith("aws:")),
            Object.keys(s).filter((k) => k.startsWith("aws:")),
        );
    });

    it("together they create what the single prod stack creates, each resource in one layer", async () => {
        const [single, network, services] = await Promise.all([planOf("prod", FIXTURE_DIR), planOf(NETWORK, FIXTURE_DIR), planOf(SERVICES, FIXTURE_DIR)]);
        // The one difference: across stacks the endpoints admit a clients group the network stack owns, where the single
        // stack admits its tasks' and instances' groups.
        const layered = `${T.sg} sg-endpoint-clients|${T.ingress} sg-clients-to-endpoints`.split("|");
        const direct = `${T.ingress} sg-tasks-to-endpoints|${T.ingress} sg-instances-to-endpoints`.split("|");
        assert.deepEqual(
            [...created(network), ...created(services)].filter((r) => !layered.includes(r)).sort(),
            created(single).filter((r) => !direct.includes(r)),
        );
        for (const r of layered) assert.ok(created(network).includes(r), r);
        for (const r of direct) assert.ok(created(single).includes(r), r);
        for (const type of [T.vpc, T.subnet, T.nat, T.endpoint, T.flowLog]) {
            assert.ok(ofType(network, type).length > 0, `${type} in the network stack`);
            assert.equal(ofType(services, type).length, 0, `${type} not in the services stack`);
        }
        for (const type of [T.service, T.alb, T.cluster]) assert.equal(ofType(network, type).length, 0, `${type} not in the network stack`);
    });

    it("the network stack exports its ids, its validated network section and how each subnet reaches AWS, as its routes say", async () => {
        const network = await planOf(NETWORK);
        const { project } = stackConfig(NETWORK);
        const out = network.outputs as Record<string, any>;
        assert.equal(out.privateSubnetIds.length, project.network.azCount);
        assert.equal(out.networkConfig.cidr, project.network.cidr);
        assert.equal(out.region, stackConfig(NETWORK).region);
        const facts = out.subnetEgress as SubnetEgressFacts;
        const ids = [...out.publicSubnetIds, ...out.privateSubnetIds, ...out.isolatedSubnetIds];
        assert.deepEqual(Object.keys(facts).sort(), [...ids].sort());
        // Each private subnet's fact against the plan's own routes: its table's NAT route, the gateway endpoints on it.
        const subnets = ofType(network, T.subnet).filter((s) => s.name.includes("-private-"));
        assert.equal(subnets.length, out.privateSubnetIds.length);
        subnets.forEach((subnet, i) => {
            const association = ofType(network, T.routeTableAssociation).find((a) => (a.propertyDependencies.subnetId ?? []).includes(subnet.urn))!;
            const table = network.resources.find((r) => (association.propertyDependencies.routeTableId ?? []).includes(r.urn))!;
            const natRoute = ((table.inputs.routes as { natGatewayId?: string }[]) ?? []).some((r) => r.natGatewayId !== undefined);
            const fact = facts[out.privateSubnetIds[i]];
            assert.equal(fact.natRoute, natRoute, subnet.name);
            for (const endpoint of ofType(network, T.endpoint)) {
                const service = String(endpoint.inputs.serviceName).split(".").slice(3).join(".");
                const serves =
                    endpoint.inputs.vpcEndpointType === "Interface"
                        ? endpoint.inputs.privateDnsEnabled === true
                        : (endpoint.propertyDependencies.routeTableIds ?? []).includes(table.urn);
                assert.equal(fact.endpoints.includes(service), serves, `${subnet.name} and ${service}`);
            }
        });
        // The endpoints admit one group, on HTTPS: the endpoint clients group the services stacks' tasks wear; without
        // interface endpoints the network stack has no group and no rule.
        if ((project.network.endpoints?.interface?.length ?? 0) === 0) {
            assert.equal(ofType(network, T.ingress).length, 0);
            assert.equal(out.endpointClientsSecurityGroupId, null);
            return;
        }
        const endpoints = network.resources.find((r) => r.type === T.sg && r.name === "sg-endpoints")!;
        const clients = network.resources.find((r) => r.type === T.sg && r.name === "sg-endpoint-clients")!;
        const rules = ofType(network, T.ingress);
        assert.equal(rules.length, 1);
        assert.ok(rules[0].propertyDependencies.securityGroupId.includes(endpoints.urn));
        assert.ok(rules[0].propertyDependencies.referencedSecurityGroupId.includes(clients.urn));
        assert.deepEqual([rules[0].inputs.fromPort, rules[0].inputs.toPort, rules[0].inputs.ipProtocol], [443, 443, "tcp"]);
    });

    it("the services stack reads the network through one StackReference; its tasks and instances wear the endpoint clients group", async () => {
        const [network, services] = await Promise.all([planOf(NETWORK), planOf(SERVICES)]);
        const { project } = stackConfig(SERVICES);
        const refs = ofType(services, STACK_REFERENCE_TYPE);
        assert.equal(refs.length, 1);
        assert.equal(refs[0].inputs.name, project.networkStack);
        const out = network.outputs as Record<string, any>;
        const services_ = ofType(services, T.service);
        assert.ok(services_.length > 0);
        for (const svc of services_) {
            const config = svc.inputs.networkConfiguration as { subnets: string[]; securityGroups: string[] };
            assert.deepEqual(config.subnets, out.privateSubnetIds, `${svc.name} on the private subnets`);
            assert.ok(svc.propertyDependencies.networkConfiguration.includes(refs[0].urn), `${svc.name}'s subnets come from the reference`);
            assert.ok(config.securityGroups.includes(out.endpointClientsSecurityGroupId), `${svc.name} wears the endpoint clients group`);
        }
        for (const template of ofType(services, T.launchTemplate)) {
            assert.ok((template.inputs.vpcSecurityGroupIds as string[]).includes(out.endpointClientsSecurityGroupId), "EC2 instances wear it too");
        }
        // Every rule of the services stack is on a group of its own: none reaches into the network stack's groups.
        const own = new Set(ofType(services, T.sg).map((g) => g.urn));
        const rules = [...ofType(services, T.ingress), ...ofType(services, T.egress)];
        assert.ok(rules.length > 0);
        for (const rule of rules)
            assert.ok(
                (rule.propertyDependencies.securityGroupId ?? []).some((urn) => own.has(urn)),
                rule.name,
            );
        assert.equal(services.outputs.vpcId, out.vpcId);
    });

    it("both layers pass the policy check and the lint with prod's rules", async () => {
        for (const stack of [NETWORK, SERVICES]) {
            assert.deepEqual(readPolicyConfig(policyConfigFile(stack)), readPolicyConfig(policyConfigFile("prod")), `${stack} is checked as prod is`);
            const plan = await planOf(stack);
            const result = await checkStack(plan);
            assert.deepEqual(
                result.diagnostics.map((d) => `${d.policyName}: ${d.message}`),
                [],
                stack,
            );
            const lint = await lintPlan(plan);
            assert.equal(lint.errors, 0, `${stack}: ${JSON.stringify(lint.findings)}`);
        }
    });

    it("the pack follows a services stack's subnets into the network stack's egress facts", async () => {
        const services = await planOf(SERVICES, FIXTURE_DIR);
        const withFacts = (edit: (facts: SubnetEgressFacts) => void): Plan => {
            const copy = JSON.parse(JSON.stringify(services)) as Plan;
            const ref = copy.resources.find((r) => r.type === STACK_REFERENCE_TYPE)!;
            edit((ref.inputs.outputs as Record<string, any>).subnetEgress);
            return copy;
        };
        const egress = (result: CheckResult) => result.diagnostics.filter((d) => d.policyName === "private-egress-path").map((d) => d.message);

        // No NAT route and only S3: every service lacks its interface endpoints.
        const noWayOut = withFacts((facts) => {
            for (const fact of Object.values(facts)) Object.assign(fact, { natRoute: false, endpoints: ["s3"] });
        });
        const refused = egress(await checkStack(noWayOut, SERVICES));
        assert.equal(refused.length, ofType(services, T.service).length * (stackConfig(NETWORK, FIXTURE_DIR).project.network.azCount as number));
        assert.ok(
            refused.every((m) =>
                /of the stack "acme\/ecs-platform\/prod-network", which has no NAT route and no endpoint for ecr\.api, ecr\.dkr, logs/.test(m),
            ),
        );

        // Endpoints alone suffice when they cover what a service needs.
        const endpointsOnly = withFacts((facts) => {
            for (const fact of Object.values(facts)) {
                Object.assign(fact, {
                    natRoute: false,
                    endpoints: ["s3", "ecr.api", "ecr.dkr", "logs", "secretsmanager", "ecs", "ecs-agent", "ecs-telemetry"],
                });
            }
        });
        assert.deepEqual(egress(await checkStack(endpointsOnly, SERVICES)), []);

        // A subnet the network stack does not describe is refused, not passed.
        const undescribed = withFacts((facts) => {
            for (const id of Object.keys(facts)) delete facts[id];
        });
        const blind = egress(await checkStack(undescribed, SERVICES));
        assert.ok(blind.length > 0);
        assert.ok(blind.every((m) => /whose subnetEgress output does not say how that subnet reaches AWS/.test(m)));

        // Subnets that come from neither a subnet of the stack nor a StackReference are refused too.
        const untraced = JSON.parse(JSON.stringify(services)) as Plan;
        for (const svc of untraced.resources.filter((r) => r.type === T.service)) svc.propertyDependencies.networkConfiguration = [];
        const lost = egress(await checkStack(untraced, SERVICES));
        assert.equal(lost.length, ofType(services, T.service).length);
        assert.ok(lost.every((m) => /runs in subnets the pack cannot follow/.test(m)));
    });

    it("the diagrams draw the network stack's NAT gateways, and the services' way out through the network stack", async () => {
        const [network, services] = await Promise.all([planOf(NETWORK), planOf(SERVICES)]);
        const nats = ofType(network, T.nat);
        const networkLines = diagramOf(network).split("\n");
        for (const nat of nats)
            assert.ok(
                networkLines.some((l) => l.includes(`NAT ${nat.name}`)),
                nat.name,
            );
        const servicesLines = diagramOf(services).split("\n");
        assert.ok(servicesLines.some((l) => l.includes("network stack acme/ecs-platform/prod-network: NAT gateways and VPC endpoints")));
        const ways = servicesLines.filter((l) => /^\s+\S+_service --> network$/.test(l));
        assert.equal(ways.length, ofType(services, T.service).length, "each service leaves through the network stack");
    });

    it("the services stack compares NAT and endpoints for its tasks as prod does; the network stack, running none, compares nothing", async () => {
        const estimate = async (stack: string) => {
            const { plan, config } = await planWithConfig({ stack, dir: FIXTURE_DIR });
            return estimateCost(plan, costInputs(config), loadPrices(config.region));
        };
        const [single, network, services] = [await estimate("prod"), await estimate(NETWORK), await estimate(SERVICES)];
        assert.ok(single.egress);
        assert.deepEqual(services.egress, single.egress);
        assert.equal(network.egress, undefined);
        assert.match(formatCost(services, SERVICES), /free S3 gateway, billed to the network stack\):/);
        assert.match(formatCost(network, NETWORK), /this network stack runs no tasks/);
        // What the two layers cost adds up to what prod costs, but for the logs: each stack prices its own
        // cost.logsGbPerMonth (the files split prod's config, so both take the default).
        const total = (e: typeof single) => Math.round(e.lines.reduce((sum, l) => sum + l.monthly, 0) * 100);
        const logs = Math.round(network.lines.find((l) => l.component === "CloudWatch Logs")!.monthly * 100);
        assert.equal(total(network) + total(services) - logs, total(single));
    });

    it("a services stack validates its services against the network stack's network, and says where those keys live", async () => {
        const { project } = stackConfig(SERVICES, FIXTURE_DIR);
        const { project: net } = stackConfig(NETWORK, FIXTURE_DIR);
        const noNat = { ...net.network, natGateways: "none", endpoints: { gateway: ["s3"], interface: [] } };
        const networkProblems = (() => {
            try {
                validateStackConfig(project, "eu-west-1", undefined, noNat);
                return [];
            } catch (err) {
                return (err as ConfigError).problems.filter((p) => p.startsWith("network"));
            }
        })();
        assert.ok(networkProblems.length > 0);
        assert.ok(networkProblems.every((p) => p.endsWith("(network keys are set in the network stack acme/ecs-platform/prod-network)")));
        assert.deepEqual(problemsOf(project), ["networkStack: the network stack's networkConfig output could not be read; deploy the network stack first"]);
    });

    it("each layer refuses the keys of the other, and a services stack needs its network stack", () => {
        const { project: net } = stackConfig(NETWORK, FIXTURE_DIR);
        const { project: svc } = stackConfig(SERVICES, FIXTURE_DIR);
        assert.deepEqual(problemsOf({ ...net, services: svc.services, loadBalancer: svc.loadBalancer }), [
            "services: belongs to a services stack; a network stack (layer: network) holds environment, layer, protectStatefulResources, network, cost, compliance only",
            "loadBalancer: belongs to a services stack; a network stack (layer: network) holds environment, layer, protectStatefulResources, network, cost, compliance only",
        ]);
        const withoutReference: Record<string, unknown> = { ...svc, network: net.network };
        delete withoutReference.networkStack;
        assert.deepEqual(problemsOf(withoutReference), [
            "networkStack: is required with layer: services (the network stack to read, like acme/ecs-platform/prod-network)",
            "network: a services stack (layer: services) takes its network from networkStack; set network keys in that stack",
        ]);
        assert.deepEqual(problemsOf({ ...svc, layer: "all", network: net.network }), [
            "networkStack: only a services stack (layer: services) reads a network stack; this stack's layer is all",
        ]);
        assert.equal(problemsOf({ ...net, layer: "infra" })[0], 'layer: "infra" is not allowed (allowed: all, network, services)');
    });

    it("npm run plan refuses a networkStack that is not a network stack, before planning", async () => {
        const { project } = stackConfig(SERVICES, FIXTURE_DIR);
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "layers-"));
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const write = (stack: string, config: Record<string, unknown>) =>
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml.dump({ config: engineConfig(config) }));
        write("svc", { ...project, networkStack: "acme/ecs-platform/prod" });
        write("prod", stackConfig("prod", FIXTURE_DIR).project);
        const c = capture();
        assert.equal(await planCommand(["svc", "--skip-policy"], c.io, dir), EXIT.invalidConfig);
        assert.match(c.err.join("\n"), /networkStack: "acme\/ecs-platform\/prod" is not a network stack \(Pulumi\.prod\.yaml does not say layer: network\)/);
        write("self", { ...project, networkStack: "self" });
        assert.equal(await planCommand(["self", "--skip-policy"], c.io, dir), EXIT.invalidConfig);
        assert.match(c.err.join("\n"), /networkStack: "self" names this stack/);
        write("other", { ...project, networkStack: "acme/other-project/net" });
        assert.equal(await planCommand(["other", "--skip-policy"], c.io, dir), EXIT.invalidConfig);
        assert.match(
            c.err.join("\n"),
            /networkStack: "acme\/other-project\/net" names the project other-project; the offline plan answers references to stacks of this project \(ecs-platform\) only/,
        );

        // A network stack in another region, and a bad key in each file: every problem of both files at once.
        const { project: net } = stackConfig(NETWORK, FIXTURE_DIR);
        fs.writeFileSync(
            path.join(dir, "Pulumi.net.yaml"),
            yaml.dump({ config: engineConfig({ ...net, network: { ...net.network, azCount: 9 } }, "eu-central-1") }),
        );
        write("svc2", { ...project, networkStack: "net" });
        const d = capture();
        assert.equal(await planCommand(["svc2", "--skip-policy"], d.io, dir), EXIT.invalidConfig);
        assert.match(
            d.err.join("\n"),
            /networkStack: "net" is in eu-central-1 and this stack in eu-west-1 \(aws:region\); a services stack runs in its network stack's region/,
        );
        fs.writeFileSync(path.join(dir, "Pulumi.net.yaml"), yaml.dump({ config: engineConfig({ ...net, network: { ...net.network, azCount: 9 } }) }));
        write("svc3", { ...project, networkStack: "net", services: [{ ...project.services[0], cpu: 3 }] });
        const e = capture();
        assert.equal(await planCommand(["svc3", "--skip-policy"], e.io, dir), EXIT.invalidConfig);
        const text = e.err.join("\n");
        assert.match(text, /networkStack: Pulumi\.net\.yaml: network\.azCount: 9 is above the maximum 3/);
        assert.match(text, /services\[0\]\.cpu: /);
        assert.doesNotMatch(text, /could not be read/);
        fs.rmSync(dir, { recursive: true });
    });

    it("a bare stack name (same organization and project) names the network stack too", async () => {
        const plan = await planEdited(SERVICES, (c: Record<string, any>) => {
            c.networkStack = "prod-network";
        });
        assert.equal(ofType(plan, STACK_REFERENCE_TYPE)[0].inputs.name, "prod-network");
    });
});
