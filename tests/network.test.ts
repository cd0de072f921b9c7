import * as assert from "assert";
import { containsCidr, parseCidr } from "@ecs-platform/shared/cidr";
import { layoutSubnets } from "../infra/cidr";
import { named, ofType, planEdited, planOf, T, urnOf, withoutNat } from "./helpers/plans";

describe("network", () => {
    it("spreads public and private subnets over the configured AZs with CIDRs carved from the VPC", async () => {
        const dev = await planOf("dev");
        const cidrs = ofType(dev, T.subnet)
            .map((s) => s.inputs.cidrBlock)
            .sort();
        // Three /19 slots are reserved for private subnets (0, 32, 64), so public ones start at .96.
        assert.deepStrictEqual(cidrs, ["10.20.0.0/19", "10.20.100.0/22", "10.20.32.0/19", "10.20.96.0/22"]);
        const prod = await planOf("prod");
        assert.strictEqual(ofType(prod, T.subnet).length, 9, "public, private and isolated in 3 AZs");
        const vpc = parseCidr("10.30.0.0/16")!;
        for (const s of ofType(prod, T.subnet)) assert.ok(containsCidr(vpc, parseCidr(s.inputs.cidrBlock as string)!));
        assert.strictEqual(named(prod, T.subnet, "network-private-az3").inputs.availabilityZone, "eu-west-1c");
        assert.strictEqual(named(prod, T.vpc, "network-vpc").inputs.enableDnsHostnames, true);
    });

    it("exports the NAT gateways' public IPs, one per NAT gateway, as placeholders until AWS allocates them", async () => {
        for (const plan of [await planOf("dev"), await planOf("prod"), await planEdited("dev", withoutNat)]) {
            const ips = plan.outputs.natPublicIps as string[];
            assert.strictEqual(ips.length, ofType(plan, T.nat).length, plan.stack);
            for (const ip of ips) {
                assert.match(ip, /^192\.0\.2\.\d+$/, "TEST-NET-1 stands in for the address");
                assert.ok(plan.placeholders?.includes(ip), `${ip} is marked a placeholder`);
            }
            assert.strictEqual(new Set(ips).size, ips.length, "one address per gateway");
        }
    });

    it("keeps existing subnet CIDRs when azCount grows from 2 to 3", () => {
        const two = layoutSubnets({ vpcCidr: "10.0.0.0/16", prefixLengths: { private: 19, public: 22 } });
        assert.deepStrictEqual(two.private.slice(0, 2), ["10.0.0.0/19", "10.0.32.0/19"]);
        assert.deepStrictEqual(two.public.slice(0, 2), ["10.0.96.0/22", "10.0.100.0/22"]);
    });

    it("builds one NAT gateway for single, one per AZ for perAz, and none for none", async () => {
        const single = await planOf("dev");
        assert.strictEqual(ofType(single, T.nat).length, 1);
        const perAz = await planOf("prod");
        assert.strictEqual(ofType(perAz, T.nat).length, 3);
        assert.strictEqual(ofType(perAz, T.eip).length, 3);
        const none = await planEdited("dev", withoutNat);
        assert.strictEqual(ofType(none, T.nat).length, 0);
        for (const table of ofType(none, T.routeTable).filter((t) => t.name.startsWith("network-private"))) {
            assert.deepStrictEqual(table.inputs.routes, [], `${table.name} has no way out`);
        }
    });

    it("routes each private route table through the NAT gateway its strategy gives it", async () => {
        const prod = await planOf("prod");
        for (const az of ["az1", "az2", "az3"]) {
            const table = named(prod, T.routeTable, `network-private-${az}`);
            assert.deepStrictEqual(table.propertyDependencies.routes, [urnOf(prod, T.nat, `network-nat-${az}`)]);
        }
        const dev = await planOf("dev");
        for (const az of ["az1", "az2"]) {
            assert.deepStrictEqual(named(dev, T.routeTable, `network-private-${az}`).propertyDependencies.routes, [urnOf(dev, T.nat, "network-nat-az1")]);
        }
        const nat = named(prod, T.nat, "network-nat-az2");
        assert.deepStrictEqual(nat.propertyDependencies.subnetId, [urnOf(prod, T.subnet, "network-public-az2")]);
    });

    it("attaches gateway endpoints to every private and isolated route table", async () => {
        const prod = await planOf("prod");
        const s3 = named(prod, T.endpoint, "network-s3");
        assert.strictEqual(s3.inputs.vpcEndpointType, "Gateway");
        assert.strictEqual(s3.inputs.serviceName, "com.amazonaws.eu-west-1.s3");
        assert.deepStrictEqual(
            [...s3.propertyDependencies.routeTableIds].sort(),
            [
                urnOf(prod, T.routeTable, "network-isolated"),
                urnOf(prod, T.routeTable, "network-private-az1"),
                urnOf(prod, T.routeTable, "network-private-az2"),
                urnOf(prod, T.routeTable, "network-private-az3"),
            ].sort(),
        );
    });

    it("places interface endpoints in the private subnets with private DNS and the endpoint security group", async () => {
        const prod = await planOf("prod");
        const interfaces = ofType(prod, T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
        assert.deepStrictEqual(
            interfaces.map((e) => e.inputs.serviceName).sort(),
            ["ecr.api", "ecr.dkr", "logs", "secretsmanager"].map((s) => `com.amazonaws.eu-west-1.${s}`),
        );
        const privateSubnets = ["az1", "az2", "az3"].map((az) => urnOf(prod, T.subnet, `network-private-${az}`));
        for (const e of interfaces) {
            assert.strictEqual(e.inputs.privateDnsEnabled, true);
            assert.deepStrictEqual(e.propertyDependencies.subnetIds, privateSubnets);
            assert.deepStrictEqual(e.propertyDependencies.securityGroupIds, [urnOf(prod, T.sg, "sg-endpoints")]);
        }
    });

    it("writes flow logs to a retained log group in prod and none in dev", async () => {
        const prod = await planOf("prod");
        const flow = ofType(prod, T.flowLog);
        assert.strictEqual(flow.length, 1);
        assert.strictEqual(flow[0].inputs.trafficType, "ALL");
        const group = named(prod, T.logGroup, "network-flow-logs");
        assert.strictEqual(group.inputs.retentionInDays, 365);
        assert.deepStrictEqual(group.options, { protect: true, retainOnDelete: true });
        assert.strictEqual(ofType(await planOf("dev"), T.flowLog).length, 0);
    });
});
