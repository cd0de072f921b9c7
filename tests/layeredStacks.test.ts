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
import { Plan, PlanResource } from "../plan/planFormat";
import { PROJECT_DIR } from "../plan/runPlan";
import { STACK_REFERENCE_TYPE, SubnetEgressFacts } from "@ecs-platform/shared/networkLayer";
import { capture } from "./helpers/commandLine";
import { engineConfig, ofType, planEdited, planOf, stackConfig, T } from "./helpers/plans";
import { packClient } from "./helpers/policyPack";

const NETWORK = "prod-network";
const SERVICES = "prod-services";

async function checkStack(plan: Plan, stack = plan.stack): Promise<CheckResult> {
    return checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), stack), readPolicyConfig(policyConfigFile(stack)));
}

function fileConfig(stack: string): Record<string, unknown> {
    return (yaml.load(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
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
    it("the two layered files hold Pulumi.prod.yaml's config between them, each key once", () => {
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
        const [single, network, services] = await Promise.all([planOf("prod"), planOf(NETWORK), planOf(SERVICES)]);
        assert.deepEqual([...created(network), ...created(services)].sort(), created(single));
        for (const type of [T.vpc, T.subnet, T.nat, T.endpoint, T.flowLog]) {
            assert.ok(ofType(network, type).length > 0, `${type} in the network stack`);
            assert.equal(ofType(services, type).length, 0, `${type} not in the services stack`);
        }
        for (const type of [T.service, T.alb, T.cluster]) assert.equal(ofType(network, type).length, 0, `${type} not in the network stack`);
    });

    it("the network stack exports its ids, its validated network section and how each subnet reaches AWS", async () => {
        const network = await planOf(NETWORK);
        const { project } = stackConfig(NETWORK);
        const out = network.outputs as Record<string, any>;
        assert.equal(out.privateSubnetIds.length, project.network.azCount);
        assert.equal(out.networkConfig.cidr, project.network.cidr);
        const facts = out.subnetEgress as SubnetEgressFacts;
        const ids = [...out.publicSubnetIds, ...out.privateSubnetIds, ...out.isolatedSubnetIds];
        assert.deepEqual(Object.keys(facts).sort(), [...ids].sort());
        for (const id of out.privateSubnetIds) {
            assert.equal(facts[id].natRoute, project.network.natGateways !== "none");
            for (const e of [...project.network.endpoints.gateway, ...project.network.endpoints.interface]) assert.ok(facts[id].endpoints.includes(e));
        }
        for (const id of out.publicSubnetIds) assert.equal(facts[id].natRoute, false);
        // The endpoints' group admits no one in the network stack: each services stack adds its own clients.
        const group = network.resources.find((r) => r.type === T.sg && r.name === "sg-endpoints");
        assert.ok(group, "the endpoints' group");
        assert.match(out.endpointsSecurityGroupId, /^sg-/);
        assert.equal(ofType(network, T.ingress).length, 0);
    });

    it("the services stack reads the network through one StackReference and runs its tasks on that network's subnets", async () => {
        const [network, services] = await Promise.all([planOf(NETWORK), planOf(SERVICES)]);
        const { project } = stackConfig(SERVICES);
        const refs = ofType(services, STACK_REFERENCE_TYPE);
        assert.equal(refs.length, 1);
        assert.equal(refs[0].inputs.name, project.networkStack);
        assert.deepEqual(refs[0].inputs.outputs, network.outputs, "the reference is answered with the network plan's outputs");
        const out = network.outputs as Record<string, any>;
        for (const svc of ofType(services, T.service)) {
            const subnets = (svc.inputs.networkConfiguration as { subnets: string[] }).subnets;
            assert.deepEqual(subnets, out.privateSubnetIds, `${svc.name} on the private subnets`);
            assert.ok(svc.propertyDependencies.networkConfiguration.includes(refs[0].urn), `${svc.name}'s subnets come from the reference`);
        }
        // Tasks and container instances are admitted to the network stack's endpoints, by rules this stack owns.
        const toEndpoints = ofType(services, T.ingress).filter((r: PlanResource) => r.inputs.securityGroupId === out.endpointsSecurityGroupId);
        assert.deepEqual(toEndpoints.map((r) => r.name).sort(), ["sg-instances-to-endpoints", "sg-tasks-to-endpoints"]);
        for (const rule of toEndpoints) assert.equal(rule.inputs.fromPort, 443);
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
        const services = await planOf(SERVICES);
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
        assert.equal(refused.length, ofType(services, T.service).length * (stackConfig(NETWORK).project.network.azCount as number));
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

    it("a services stack validates its services against the network stack's network, and says where those keys live", async () => {
        const { project } = stackConfig(SERVICES);
        const { project: net } = stackConfig(NETWORK);
        const noNat = { ...net.network, natGateways: "none", endpoints: { gateway: ["s3"], interface: [] } };
        assert.deepEqual(
            (() => {
                try {
                    validateStackConfig(project, "eu-west-1", undefined, noNat);
                    return [];
                } catch (err) {
                    return (err as ConfigError).problems.filter((p) => p.startsWith("network"));
                }
            })().every((p) => p.endsWith("(network keys are set in the network stack acme/ecs-platform/prod-network)")),
            true,
        );
        assert.deepEqual(problemsOf(project), ["networkStack: the network stack's networkConfig output could not be read; deploy the network stack first"]);
    });

    it("each layer refuses the keys of the other, and a services stack needs its network stack", () => {
        const { project: net } = stackConfig(NETWORK);
        const { project: svc } = stackConfig(SERVICES);
        assert.deepEqual(problemsOf({ ...net, services: svc.services, loadBalancer: svc.loadBalancer }), [
            "services: belongs to a services stack; a network stack (layer: network) holds environment, layer, protectStatefulResources, network, cost only",
            "loadBalancer: belongs to a services stack; a network stack (layer: network) holds environment, layer, protectStatefulResources, network, cost only",
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
        const { project } = stackConfig(SERVICES);
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "layers-"));
        fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const write = (stack: string, config: Record<string, unknown>) =>
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml.dump({ config: engineConfig(config) }));
        write("svc", { ...project, networkStack: "acme/ecs-platform/prod" });
        write("prod", stackConfig("prod").project);
        const c = capture();
        assert.equal(await planCommand(["svc", "--skip-policy"], c.io, dir), EXIT.invalidConfig);
        assert.match(c.err.join("\n"), /networkStack: "acme\/ecs-platform\/prod" is not a network stack \(Pulumi\.prod\.yaml does not say layer: network\)/);
        write("self", { ...project, networkStack: "self" });
        assert.equal(await planCommand(["self", "--skip-policy"], c.io, dir), EXIT.invalidConfig);
        assert.match(c.err.join("\n"), /networkStack: "self" names this stack/);
        fs.rmSync(dir, { recursive: true });
    });

    it("a bare stack name (same organization and project) names the network stack too", async () => {
        const plan = await planEdited(SERVICES, (c: Record<string, any>) => {
            c.networkStack = "prod-network";
        });
        assert.equal(ofType(plan, STACK_REFERENCE_TYPE)[0].inputs.name, "prod-network");
    });
});
