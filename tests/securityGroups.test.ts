import * as assert from "assert";
import { ofType, planOf, T, urnOf } from "./helpers/plans";

const STACKS = ["dev", "prod"];

describe("security groups", () => {
    for (const stack of STACKS) {
        it(`${stack}: each service group admits only the ALB group, on its container port`, async () => {
            const plan = await planOf(stack);
            const alb = urnOf(plan, T.sg, "sg-alb");
            for (const name of ["web", "api"].concat(stack === "dev" ? ["docs"] : ["admin"])) {
                const group = urnOf(plan, T.sg, `sg-svc-${name}`);
                const rules = ofType(plan, T.ingress).filter((r) => r.propertyDependencies.securityGroupId?.[0] === group);
                const fromAlb = rules.filter((r) => r.propertyDependencies.referencedSecurityGroupId?.[0] === alb);
                assert.strictEqual(fromAlb.length, 1, `${name} admits the ALB once`);
                assert.strictEqual(fromAlb[0].inputs.fromPort, 8080);
                assert.strictEqual(fromAlb[0].inputs.toPort, 8080);
                for (const r of rules) assert.strictEqual(r.inputs.cidrIpv4, undefined, `${r.name} uses no CIDR`);
            }
        });

        it(`${stack}: only the ALB group takes ingress from an address range, and only on its listener ports`, async () => {
            const plan = await planOf(stack);
            const alb = urnOf(plan, T.sg, "sg-alb");
            const byCidr = ofType(plan, T.ingress).filter((r) => r.inputs.cidrIpv4 !== undefined || r.inputs.cidrIpv6 !== undefined);
            assert.ok(byCidr.length > 0);
            for (const r of byCidr) {
                assert.deepStrictEqual(r.propertyDependencies.securityGroupId, [alb], r.name);
                assert.ok([80, 443].includes(r.inputs.fromPort as number), r.name);
            }
            const ports = byCidr.map((r) => r.inputs.fromPort).sort();
            assert.deepStrictEqual(ports, stack === "prod" ? [443, 80] : [80]);
        });
    }

    it("never uses the VPC CIDR or a private range in any rule", async () => {
        for (const stack of STACKS) {
            const plan = await planOf(stack);
            for (const r of [...ofType(plan, T.ingress), ...ofType(plan, T.egress)]) {
                const cidr = r.inputs.cidrIpv4 as string | undefined;
                if (cidr) assert.strictEqual(cidr, "0.0.0.0/0", `${stack} ${r.name}`);
            }
        }
    });

    it("admits the database port only from services with databaseAccess", async () => {
        const plan = await planOf("prod");
        const db = urnOf(plan, T.sg, "sg-database");
        const rules = ofType(plan, T.ingress).filter((r) => r.propertyDependencies.securityGroupId?.[0] === db);
        assert.deepStrictEqual(
            rules.map((r) => r.propertyDependencies.referencedSecurityGroupId),
            [[urnOf(plan, T.sg, "sg-svc-api")]],
        );
        assert.strictEqual(rules[0].inputs.fromPort, 5432);
    });

    it("admits HTTPS into the endpoints only from the tasks and container-instance groups", async () => {
        const plan = await planOf("prod");
        const endpoints = urnOf(plan, T.sg, "sg-endpoints");
        const rules = ofType(plan, T.ingress).filter((r) => r.propertyDependencies.securityGroupId?.[0] === endpoints);
        assert.deepStrictEqual(
            rules.map((r) => r.propertyDependencies.referencedSecurityGroupId![0]).sort(),
            [urnOf(plan, T.sg, "sg-instances"), urnOf(plan, T.sg, "sg-tasks")].sort(),
        );
        for (const r of rules) assert.strictEqual(r.inputs.fromPort, 443);
    });

    it("puts every task in its service group and the shared tasks group", async () => {
        const plan = await planOf("prod");
        for (const name of ["web", "api", "admin"]) {
            const service = ofType(plan, T.service).find((s) => s.name === `${name}-service`)!;
            const net = service.propertyDependencies.networkConfiguration;
            assert.ok(net.includes(urnOf(plan, T.sg, `sg-svc-${name}`)));
            assert.ok(net.includes(urnOf(plan, T.sg, "sg-tasks")));
            assert.strictEqual((service.inputs.networkConfiguration as { assignPublicIp: boolean }).assignPublicIp, false);
        }
    });
});
