import { strict as assert } from "assert";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { check, deferred, Spec, UNKNOWN, verdict, violations } from "../helpers/policyPack";

const vpc: Spec = { type: RESOURCE_TYPES.vpc, name: "vpc", inputs: { cidrBlock: "10.0.0.0/16" } };
const group = (name: string, inputs: Record<string, unknown> = {}): Spec => ({
    type: RESOURCE_TYPES.securityGroup,
    name,
    inputs: { vpcId: UNKNOWN, ...inputs },
    deps: { vpcId: ["vpc"] },
});
const inline = (cidr: string, port = 8080) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [cidr] });
const ec2Rule = (name: string, target: string, inputs: Record<string, unknown>): Spec => ({
    type: RESOURCE_TYPES.securityGroupRule,
    name,
    inputs: { type: "ingress", protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroupId: UNKNOWN, ...inputs },
    deps: { securityGroupId: [target] },
});
const vpcRule = (name: string, target: string, inputs: Record<string, unknown>): Spec => ({
    type: RESOURCE_TYPES.securityGroupIngressRule,
    name,
    inputs: { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, securityGroupId: UNKNOWN, ...inputs },
    deps: { securityGroupId: [target] },
});

describe("policy no-vpc-wide-ingress", () => {
    const rule = "no-vpc-wide-ingress";

    it("flags an inline ingress block from the VPC's CIDR", async () => {
        const found = await verdict(rule, [vpc, group("svc", { ingress: [inline("10.0.0.0/16")] })]);
        assert.deepEqual(found, [
            "svc: ingress[0]: tcp port 8080 allows 10.0.0.0/16, which covers the whole VPC \"vpc\" (10.0.0.0/16); reference the source's security group instead (for the load balancer's listeners, the sources are loadBalancer.ingressCidrs in stack config).",
        ]);
    });

    it("flags an aws.ec2.SecurityGroupRule from a range containing the VPC", async () => {
        const found = await verdict(rule, [vpc, group("svc"), ec2Rule("svc-in", "svc", { cidrBlocks: ["10.0.0.0/8"] })]);
        assert.equal(found.length, 1);
        assert.match(found[0], /^svc-in: tcp port 8080 on security group "svc" allows 10\.0\.0\.0\/8, which covers the whole VPC/);
    });

    it("flags an aws.vpc.SecurityGroupIngressRule from the VPC's CIDR", async () => {
        const found = await verdict(rule, [vpc, group("svc"), vpcRule("svc-in", "svc", { cidrIpv4: "10.0.0.0/16" })]);
        assert.equal(found.length, 1);
        assert.match(found[0], /^svc-in: .*covers the whole VPC "vpc"/);
    });

    it("flags a private range broader than /24 outside the VPC, in every form", async () => {
        const found = await verdict(rule, [
            vpc,
            group("a", { ingress: [inline("172.16.0.0/20")] }),
            ec2Rule("b", "a", { cidrBlocks: ["192.168.0.0/23"] }),
            vpcRule("c", "a", { cidrIpv4: "100.64.0.0/16" }),
        ]);
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["a", "b", "c"],
        );
        assert.match(found[0], /allows 172\.16\.0\.0\/20, a private range broader than \/24/);
    });

    it("allows a /24 and narrower private sources, public sources and security-group references", async () => {
        const found = await verdict(rule, [
            vpc,
            group("a", { ingress: [inline("10.0.5.0/24"), { protocol: "tcp", fromPort: 80, toPort: 80, securityGroups: [UNKNOWN] }] }),
            ec2Rule("b", "a", { cidrBlocks: ["10.0.7.16/28"] }),
            vpcRule("c", "a", { cidrIpv4: "203.0.113.0/24" }),
            vpcRule("d", "a", { referencedSecurityGroupId: UNKNOWN }),
        ]);
        assert.deepEqual(found, []);
    });

    it("leaves world-open sources to world-ingress-only-on-load-balancer", async () => {
        assert.deepEqual(await verdict(rule, [vpc, group("a", { ingress: [inline("0.0.0.0/0")] })]), []);
    });

    it("takes the prefix from policy config", async () => {
        const specs = [vpc, group("a", { ingress: [inline("172.16.0.0/20")] })];
        assert.deepEqual(await verdict(rule, specs, { [rule]: { properties: { maxPrivatePrefix: 16 } } }), []);
        assert.equal((await verdict(rule, specs, { [rule]: { properties: { maxPrivatePrefix: 21 } } })).length, 1);
    });

    it("defers a source unknown at preview with an advisory line, and still judges the known ones", async () => {
        const result = await check([vpc, group("a"), vpcRule("unknown", "a", { cidrIpv4: UNKNOWN }), vpcRule("known", "a", { cidrIpv4: "10.0.0.0/16" })]);
        assert.equal(violations(result, rule).length, 1);
        const advisory = deferred(result, rule);
        assert.equal(advisory.length, 1);
        assert.equal(advisory[0].enforcementLevel, "advisory");
        assert.match(advisory[0].message, /can't run policy 'no-vpc-wide-ingress' .* during preview: string value at \.cidrIpv4 can't be known/);
    });
});

describe("policy world-ingress-only-on-load-balancer", () => {
    const rule = "world-ingress-only-on-load-balancer";
    const alb = (internal = false): Spec => ({
        type: RESOURCE_TYPES.loadBalancer,
        name: "alb",
        inputs: { internal, loadBalancerType: "application", securityGroups: [UNKNOWN] },
        deps: { securityGroups: ["alb-sg"] },
    });

    it("allows 0.0.0.0/0 and ::/0 on 80 and 443 into an internet-facing ALB's group, in every form", async () => {
        const found = await verdict(rule, [
            vpc,
            alb(),
            group("alb-sg", { ingress: [inline("0.0.0.0/0", 443)] }),
            ec2Rule("r1", "alb-sg", { fromPort: 80, toPort: 80, ipv6CidrBlocks: ["::/0"] }),
            vpcRule("r2", "alb-sg", { fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        ]);
        assert.deepEqual(found, []);
    });

    it('reads protocol numbers as EC2 does: "6" is TCP, so 443 from the world on the ALB passes', async () => {
        const found = await verdict(rule, [
            vpc,
            alb(),
            group("alb-sg", {}),
            vpcRule("r6", "alb-sg", { ipProtocol: "6", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        ]);
        assert.deepEqual(found, []);
        const udp = await verdict(rule, [
            vpc,
            alb(),
            group("alb-sg", {}),
            vpcRule("r17", "alb-sg", { ipProtocol: "17", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        ]);
        assert.equal(udp.length, 1);
        assert.match(udp[0], /udp port 443/);
    });

    it("flags world ingress into a group no load balancer uses, in every form", async () => {
        const found = await verdict(rule, [
            vpc,
            alb(),
            group("alb-sg"),
            group("svc", { ingress: [inline("0.0.0.0/0", 443)] }),
            ec2Rule("r1", "svc", { cidrBlocks: ["0.0.0.0/0"] }),
            vpcRule("r2", "svc", { cidrIpv6: "::/0" }),
        ]);
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["svc", "r1", "r2"],
        );
        assert.match(found[0], /not attached to an internet-facing load balancer/);
    });

    it("flags other ports on the ALB's group, and any world ingress on an internal load balancer", async () => {
        const ssh = await verdict(rule, [vpc, alb(), group("alb-sg"), vpcRule("ssh", "alb-sg", { fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })]);
        assert.deepEqual(ssh.length, 1);
        assert.match(ssh[0], /^ssh: .*only TCP 80 and 443 may be open to the world/);
        const all = await verdict(rule, [vpc, alb(), group("alb-sg", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })]);
        assert.match(all[0], /all traffic/);
        const internal = await verdict(rule, [vpc, alb(true), group("alb-sg", { ingress: [inline("0.0.0.0/0", 443)] })]);
        assert.match(internal[0], /^alb-sg: .*not attached to an internet-facing/);
    });
});

describe("policy world-ingress-only-on-load-balancer, edges", () => {
    const rule = "world-ingress-only-on-load-balancer";
    const lb = (inputs: Record<string, unknown>): Spec => ({
        type: RESOURCE_TYPES.loadBalancer,
        name: "lb",
        inputs: { securityGroups: [UNKNOWN], ...inputs },
        deps: { securityGroups: ["lb-sg"] },
    });
    const world443 = (inputs: Record<string, unknown> = {}) => vpcRule("w", "lb-sg", { fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", ...inputs });

    it("treats a load balancer without a type as an ALB and one of another type as not", async () => {
        assert.deepEqual(await verdict(rule, [vpc, lb({}), group("lb-sg"), world443()]), []);
        assert.equal((await verdict(rule, [vpc, lb({ loadBalancerType: "network" }), group("lb-sg"), world443()])).length, 1);
    });

    it("refuses UDP, port ranges and world ingress on a group outside the stack", async () => {
        assert.equal((await verdict(rule, [vpc, lb({}), group("lb-sg"), world443({ ipProtocol: "udp" })])).length, 1);
        assert.equal((await verdict(rule, [vpc, lb({}), group("lb-sg"), world443({ fromPort: 80, toPort: 443 })])).length, 1);
        const external: Spec = {
            type: RESOURCE_TYPES.securityGroupIngressRule,
            name: "ext",
            inputs: { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
        };
        assert.match((await verdict(rule, [vpc, external]))[0], /^ext: .*not attached to an internet-facing load balancer/);
    });
});

describe("policy no-vpc-wide-ingress and world-ingress-only-on-load-balancer, sources the pack cannot read", () => {
    // Forms AWS refuses or that would mean other addresses than they seem (ipaddr.js alone reads 10.1 as 10.0.0.1 and
    // 010 as octal 8): each is a violation with its reason, never a pass.
    const UNREADABLE: [string, RegExp][] = [
        ["not-a-cidr", /expected address\/prefix/],
        ["10.1/8", /four decimal numbers/],
        ["010.0.0.0/8", /four decimal numbers/],
        ["0x0a.0.0.0/8", /four decimal numbers/],
        ["10.0.0.0/33", /not an IPv4 address, or the prefix is above 32/],
        ["fe80::1%eth0/64", /zone index/],
        ["2001:db8::/129", /not an IPv6 address, or the prefix is above 128/],
    ];

    it("no-vpc-wide-ingress flags each with its reason, and keeps the IPv4 prefix off IPv6 sources", async () => {
        for (const [text, why] of UNREADABLE) {
            const key = text.includes(":") ? "ipv6CidrBlocks" : "cidrBlocks";
            const found = await verdict("no-vpc-wide-ingress", [vpc, group("a", { ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, [key]: [text] }] })]);
            assert.equal(found.length, 1, text);
            assert.ok(found[0].startsWith(`a: ingress[0]: tcp port 1 allows "${text}", which is not a CIDR range the pack can read (`), found[0]);
            assert.match(found[0], why, text);
        }
        const narrowIpv6 = await verdict("no-vpc-wide-ingress", [
            vpc,
            group("a", { ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, ipv6CidrBlocks: ["fd00:1:2:3::/64", "2001:db8::/32"] }] }),
        ]);
        assert.deepEqual(narrowIpv6, []);
    });

    it("world-ingress-only-on-load-balancer counts an unreadable source as possibly the world", async () => {
        const found = await verdict("world-ingress-only-on-load-balancer", [
            vpc,
            group("a", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["010.0.0.0/8"] }] }),
        ]);
        assert.equal(found.length, 1);
        assert.match(found[0], /"010\.0\.0\.0\/8": not a CIDR range the pack can read, so it may be the world/);
    });

    it("reads IPv4-mapped IPv6 ranges as the IPv4 range they map: ::ffff:0:0/96 is the world, ::ffff:10.0.0.0/104 is 10.0.0.0/8", async () => {
        const mappedWorld = await verdict("world-ingress-only-on-load-balancer", [
            vpc,
            group("a", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::ffff:0:0/96"] }] }),
        ]);
        assert.equal(mappedWorld.length, 1);
        const mappedPrivate = await verdict("no-vpc-wide-ingress", [
            vpc,
            group("a", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::FFFF:10.0.0.0/104"] }] }),
        ]);
        assert.equal(mappedPrivate.length, 1);
        assert.match(mappedPrivate[0], /covers the whole VPC|private range broader than \/24/);
    });
});

describe("policy no-vpc-wide-ingress, IPv6", () => {
    const rule = "no-vpc-wide-ingress";
    const dualStack: Spec = { type: RESOURCE_TYPES.vpc, name: "vpc", inputs: { cidrBlock: "10.0.0.0/16", ipv6CidrBlock: "2600:1f18:abcd:1200::/56" } };
    const fix = "reference the source's security group instead (for the load balancer's listeners, the sources are loadBalancer.ingressCidrs in stack config).";

    it("flags the VPC's IPv6 CIDR and a range containing it, in every form", async () => {
        const found = await verdict(rule, [
            dualStack,
            group("a", { ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, ipv6CidrBlocks: ["2600:1f18:abcd:1200::/56"] }] }),
            group("b"),
            ec2Rule("r", "b", { ipv6CidrBlocks: ["2600:1f18:abcd::/48"] }),
            vpcRule("v", "b", { cidrIpv6: "2600:1f18:abcd:1200::/56" }),
        ]);
        assert.deepEqual(found, [
            `a: ingress[0]: tcp port 8080 allows 2600:1f18:abcd:1200::/56, which covers the whole VPC "vpc" (2600:1f18:abcd:1200::/56); ${fix}`,
            `r: tcp port 8080 on security group "b" allows 2600:1f18:abcd::/48, which covers the whole VPC "vpc" (2600:1f18:abcd:1200::/56); ${fix}`,
            `v: tcp port 8080 on security group "b" allows 2600:1f18:abcd:1200::/56, which covers the whole VPC "vpc" (2600:1f18:abcd:1200::/56); ${fix}`,
        ]);
    });

    it("flags an associated IPv6 block and broad unique local ranges, and allows one subnet's /64", async () => {
        const association: Spec = {
            type: "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation",
            name: "assoc",
            inputs: { vpcId: UNKNOWN, ipv6CidrBlock: "2600:1f18:abcd:1300::/56" },
            deps: { vpcId: ["vpc"] },
        };
        const found = await verdict(rule, [
            vpc,
            association,
            group("a", {
                ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, ipv6CidrBlocks: ["2600:1f18:abcd:1300::/56", "fd00::/8", "fd12:3456:789a:1::/64"] }],
            }),
        ]);
        assert.deepEqual(found, [
            `a: ingress[0]: tcp port 8080 allows 2600:1f18:abcd:1300::/56, which covers the whole VPC "vpc" (2600:1f18:abcd:1300::/56); ${fix}`,
            `a: ingress[0]: tcp port 8080 allows fd00::/8, a private range broader than /64; ${fix}`,
        ]);
    });

    it("takes the IPv6 prefix from policy config", async () => {
        const specs = [vpc, group("a", { ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, ipv6CidrBlocks: ["fd12:3456:789a::/48"] }] })];
        assert.equal((await verdict(rule, specs)).length, 1);
        assert.deepEqual(await verdict(rule, specs, { [rule]: { properties: { maxPrivatePrefixIpv6: 48 } } }), []);
    });

    it("defers an IPv6 source while AWS has yet to assign the VPC's block, and still judges IPv4 ones", async () => {
        const pending: Spec = {
            type: RESOURCE_TYPES.vpc,
            name: "vpc",
            inputs: { cidrBlock: "10.0.0.0/16", assignGeneratedIpv6CidrBlock: true, ipv6CidrBlock: UNKNOWN },
        };
        const result = await check([
            pending,
            group("a", { ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, ipv6CidrBlocks: ["2600:1f18::/32"], cidrBlocks: ["10.0.0.0/16"] }] }),
        ]);
        assert.equal(violations(result, rule).length, 1);
        assert.equal(deferred(result, rule).length, 1);
    });
});

describe("policy no-vpc-wide-ingress, managed prefix lists", () => {
    const rule = "no-vpc-wide-ingress";
    const list = (entries: string[]): Spec => ({
        type: "aws:ec2/managedPrefixList:ManagedPrefixList",
        name: "corp",
        inputs: { addressFamily: "IPv4", maxEntries: 5, entries: entries.map((cidr) => ({ cidr })) },
    });
    const entry: Spec = {
        type: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry",
        name: "corp-vpc",
        inputs: { prefixListId: UNKNOWN, cidr: "10.0.0.0/16" },
        deps: { prefixListId: ["corp"] },
    };

    it("follows the prefix list a rule names, in every form, to its entries and entry resources", async () => {
        const found = await verdict(rule, [
            vpc,
            list(["192.168.0.0/16"]),
            entry,
            {
                ...group("a", { ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, prefixListIds: [UNKNOWN] }] }),
                deps: { vpcId: ["vpc"], ingress: ["corp"] },
            },
            group("b"),
            { ...ec2Rule("r", "b", { prefixListIds: [UNKNOWN] }), deps: { securityGroupId: ["b"], prefixListIds: ["corp"] } },
            { ...vpcRule("v", "b", { prefixListId: UNKNOWN }), deps: { securityGroupId: ["b"], prefixListId: ["corp"] } },
        ]);
        assert.equal(found.length, 6, found.join("\n"));
        assert.match(found[0], /^a: ingress\[0\]: tcp port 8080 allows 192.168.0.0\/16 \(prefix list "corp"\), a private range broader than \/24;/);
        assert.match(found[1], /^a: ingress\[0\]: tcp port 8080 allows 10.0.0.0\/16 \(prefix list "corp"\), which covers the whole VPC "vpc"/);
        assert.deepEqual(
            found.slice(2).map((f) => f.split(":")[0]),
            ["r", "r", "v", "v"],
        );
    });

    it("allows a prefix list of narrow ranges, and one outside the stack (AWS's own lists)", async () => {
        const found = await verdict(rule, [
            vpc,
            list(["10.9.8.0/24", "203.0.113.0/24"]),
            group("b"),
            { ...vpcRule("v", "b", { prefixListId: UNKNOWN }), deps: { securityGroupId: ["b"], prefixListId: ["corp"] } },
            vpcRule("aws", "b", { prefixListId: "pl-63a5400a" }),
        ]);
        assert.deepEqual(found, []);
    });
});

describe("policy world-ingress-only-on-load-balancer, ranges that together are the world", () => {
    const rule = "world-ingress-only-on-load-balancer";

    it("treats 0.0.0.0/1 and 128.0.0.0/1 across two rules, and ::/1 + 8000::/1, as the world", async () => {
        const found = await verdict(rule, [
            vpc,
            group("app"),
            vpcRule("low", "app", { cidrIpv4: "0.0.0.0/1" }),
            vpcRule("high", "app", { cidrIpv4: "128.0.0.0/1" }),
            group("six", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/1", "8000::/1"] }] }),
        ]);
        assert.deepEqual(
            found.map((f) => f.split(" into ")[0]),
            [
                `low: tcp port 8080 on security group "app" allows 0.0.0.0/1 (with the group's other public sources, a /8's worth of addresses or more: the world)`,
                `high: tcp port 8080 on security group "app" allows 128.0.0.0/1 (with the group's other public sources, a /8's worth of addresses or more: the world)`,
                `six: ingress[0]: tcp port 22 allows ::/1, 8000::/1 (with the group's other public sources, a /8's worth of addresses or more: the world)`,
            ],
        );
    });

    it("takes the threshold from policy config, ignores private ranges, and allows smaller public sets", async () => {
        const specs = [
            vpc,
            group("app"),
            vpcRule("a", "app", { cidrIpv4: "198.51.0.0/16" }),
            vpcRule("b", "app", { cidrIpv4: "203.0.0.0/16" }),
            vpcRule("c", "app", { cidrIpv4: "10.0.0.0/8" }),
        ];
        assert.deepEqual(await verdict(rule, specs), []);
        assert.deepEqual(
            (await verdict(rule, specs, { [rule]: { properties: { worldPrefix: 15 } } })).map((f) => f.split(":")[0]),
            ["a", "b"],
        );
    });
});

describe("policy tasks-private", () => {
    const rule = "tasks-private";
    const service = (assignPublicIp: boolean): Spec => ({
        type: RESOURCE_TYPES.ecsService,
        name: "svc",
        inputs: { networkConfiguration: { assignPublicIp, subnets: [UNKNOWN] } },
    });

    it("flags a service with public IPs and allows one without", async () => {
        assert.deepEqual(await verdict(rule, [service(true)]), [
            "svc: networkConfiguration.assignPublicIp is true; run tasks in private subnets and reach them through the ALB.",
        ]);
        assert.deepEqual(await verdict(rule, [service(false)]), []);
    });

    it("allows public IPs where policy config says so", async () => {
        assert.deepEqual(await verdict(rule, [service(true)], { [rule]: { properties: { allowPublicIp: true } } }), []);
    });
});

describe("policy private-egress-path", () => {
    const rule = "private-egress-path";
    const base = (tableInputs: Record<string, unknown>, tableDeps: Record<string, string[]> = {}): Spec[] => [
        vpc,
        { type: RESOURCE_TYPES.subnet, name: "private-a", inputs: { vpcId: UNKNOWN, cidrBlock: "10.0.0.0/20" }, deps: { vpcId: ["vpc"] } },
        { type: RESOURCE_TYPES.routeTable, name: "rt", inputs: { vpcId: UNKNOWN, ...tableInputs }, deps: { vpcId: ["vpc"], ...tableDeps } },
        {
            type: RESOURCE_TYPES.routeTableAssociation,
            name: "rta",
            inputs: { subnetId: UNKNOWN, routeTableId: UNKNOWN },
            deps: { subnetId: ["private-a"], routeTableId: ["rt"] },
        },
        { type: RESOURCE_TYPES.taskDefinition, name: "td", inputs: { containerDefinitions: JSON.stringify([{ name: "app", secrets: [] }]) } },
        {
            type: RESOURCE_TYPES.ecsService,
            name: "svc",
            inputs: { taskDefinition: UNKNOWN, networkConfiguration: { subnets: [UNKNOWN], securityGroups: [UNKNOWN] } },
            deps: { taskDefinition: ["td"], networkConfiguration: ["private-a", "tasks"] },
        },
        group("tasks"),
    ];
    const nat: Spec = { type: "aws:ec2/natGateway:NatGateway", name: "nat", inputs: {} };
    const endpoint = (service: string, extra: Record<string, unknown> = {}, deps: Record<string, string[]> = {}): Spec => ({
        type: RESOURCE_TYPES.vpcEndpoint,
        name: `ep-${service}`,
        inputs: { serviceName: `com.amazonaws.eu-west-1.${service}`, vpcId: UNKNOWN, vpcEndpointType: "Interface", privateDnsEnabled: true, ...extra },
        deps: { vpcId: ["vpc"], ...deps },
    });
    const s3 = endpoint("s3", { vpcEndpointType: "Gateway", privateDnsEnabled: undefined, routeTableIds: [UNKNOWN] }, { routeTableIds: ["rt"] });

    it("accepts a subnet whose route table has an inline NAT default route", async () => {
        assert.deepEqual(await verdict(rule, [...base({ routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }] }, { routes: ["nat"] }), nat]), []);
    });

    it("accepts a NAT default route declared as an aws.ec2.Route", async () => {
        const route: Spec = {
            type: RESOURCE_TYPES.route,
            name: "default",
            inputs: { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN },
            deps: { routeTableId: ["rt"], natGatewayId: ["nat"] },
        };
        assert.deepEqual(await verdict(rule, [...base({ routes: [] }), nat, route]), []);
    });

    it("flags a subnet with neither NAT nor endpoints, naming what is missing", async () => {
        const igwOnly = base({ routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }] });
        assert.deepEqual(await verdict(rule, igwOnly), [
            'svc: Service "svc" runs in subnet "private-a", which has no NAT route and no endpoint for ecr.api, ecr.dkr, logs, s3; add a NAT gateway route or those VPC endpoints (gateway endpoints on the subnet\'s route table, interface endpoints with private DNS).',
        ]);
    });

    it("accepts the endpoints instead of NAT, and asks for Secrets Manager once a task uses secrets", async () => {
        const endpoints = [endpoint("ecr.api"), endpoint("ecr.dkr"), endpoint("logs"), s3];
        assert.deepEqual(await verdict(rule, [...base({ routes: [] }), ...endpoints]), []);
        const withSecrets = base({ routes: [] }).map((s) =>
            s.name === "td" ? { ...s, inputs: { containerDefinitions: JSON.stringify([{ name: "app", secrets: [{ name: "X", valueFrom: "arn" }] }]) } } : s,
        );
        const found = await verdict(rule, [...withSecrets, ...endpoints]);
        assert.equal(found.length, 1);
        assert.match(found[0], /no endpoint for secretsmanager;/);
    });

    it("asks for SSM messages with ECS Exec and the ECS agent endpoints on EC2 capacity, as the config validator does", async () => {
        const endpoints = [endpoint("ecr.api"), endpoint("ecr.dkr"), endpoint("logs"), s3];
        const ec2: Spec = { type: RESOURCE_TYPES.capacityProvider, name: "cp", inputs: { name: "cp" } };
        const specs = [...base({ routes: [] }), ...endpoints, ec2].map((s) =>
            s.name === "svc"
                ? {
                      ...s,
                      inputs: { ...s.inputs, enableExecuteCommand: true, capacityProviderStrategies: [{ capacityProvider: UNKNOWN, weight: 1 }] },
                      deps: { ...s.deps, capacityProviderStrategies: ["cp"] },
                  }
                : s,
        );
        const found = await verdict(rule, specs);
        assert.match(found[0], /no endpoint for ssmmessages, ecs, ecs-agent, ecs-telemetry;/);
        const all = ["ssmmessages", "ecs", "ecs-agent", "ecs-telemetry"].map((e) => endpoint(e));
        assert.deepEqual(await verdict(rule, [...specs, ...all]), []);
    });

    it("does not count an interface endpoint without private DNS or a gateway endpoint on another table", async () => {
        const endpoints = [endpoint("ecr.api", { privateDnsEnabled: false }), endpoint("ecr.dkr"), endpoint("logs"), { ...s3, deps: { routeTableIds: [] } }];
        const found = await verdict(rule, [...base({ routes: [] }), ...endpoints]);
        assert.match(found[0], /no endpoint for ecr\.api, s3;/);
    });

    it("flags endpoint security groups that accept CIDRs or other ports, and accepts 443 by reference", async () => {
        const ep = endpoint("logs", { securityGroupIds: [UNKNOWN] }, { securityGroupIds: ["ep-sg"] });
        const specs = [
            ...base({ routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }] }, { routes: ["nat"] }),
            nat,
            ep,
            group("ep-sg", { ingress: [inline("10.0.0.0/16", 443)] }),
            vpcRule("ep-in-ok", "ep-sg", { fromPort: 443, toPort: 443, referencedSecurityGroupId: UNKNOWN }),
            ec2Rule("ep-in-80", "ep-sg", { fromPort: 80, toPort: 80, sourceSecurityGroupId: UNKNOWN }),
        ];
        const found = await verdict(rule, specs);
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            ["ep-sg", "ep-in-80"],
        );
        assert.match(found[0], /allows 10\.0\.0\.0\/16; endpoints accept TCP 443 from the tasks' security group by reference only/);
        assert.match(found[1], /is not TCP 443/);
    });

    it("does not count a route to another destination, through an internet gateway, or on another table", async () => {
        const otherTable: Spec = { type: RESOURCE_TYPES.routeTable, name: "rt-other", inputs: { vpcId: UNKNOWN }, deps: { vpcId: ["vpc"] } };
        const routes: Spec[] = [
            {
                type: RESOURCE_TYPES.route,
                name: "to-peer",
                inputs: { routeTableId: UNKNOWN, destinationCidrBlock: "10.99.0.0/16", natGatewayId: UNKNOWN },
                deps: { routeTableId: ["rt"] },
            },
            {
                type: RESOURCE_TYPES.route,
                name: "to-igw",
                inputs: { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN },
                deps: { routeTableId: ["rt"] },
            },
            {
                type: RESOURCE_TYPES.route,
                name: "elsewhere",
                inputs: { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN },
                deps: { routeTableId: ["rt-other"] },
            },
        ];
        const inlinePeer = { routes: [{ cidrBlock: "10.99.0.0/16", natGatewayId: UNKNOWN }] };
        assert.equal((await verdict(rule, [...base(inlinePeer), nat, otherTable, ...routes])).length, 1);
    });

    it("does not count an interface endpoint of another VPC", async () => {
        const otherVpc: Spec = { type: RESOURCE_TYPES.vpc, name: "vpc2", inputs: { cidrBlock: "10.1.0.0/16" } };
        const foreign = { ...endpoint("logs"), deps: { vpcId: ["vpc2"] } };
        const found = await verdict(rule, [...base({ routes: [] }), otherVpc, endpoint("ecr.api"), endpoint("ecr.dkr"), s3, foreign]);
        assert.match(found[0], /no endpoint for logs;/);
    });

    it("flags endpoint groups open on all ports or over UDP even from a group", async () => {
        const ep = endpoint("logs", { securityGroupIds: [UNKNOWN] }, { securityGroupIds: ["ep-sg"] });
        const specs = [
            ...base({ routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }] }, { routes: ["nat"] }),
            nat,
            ep,
            group("ep-sg"),
            vpcRule("all-ports", "ep-sg", { fromPort: 0, toPort: 65535, referencedSecurityGroupId: UNKNOWN }),
            vpcRule("udp", "ep-sg", { ipProtocol: "udp", fromPort: 443, toPort: 443, referencedSecurityGroupId: UNKNOWN }),
            vpcRule("from-443", "ep-sg", { fromPort: 443, toPort: 8443, referencedSecurityGroupId: UNKNOWN }),
        ];
        assert.deepEqual(
            (await verdict(rule, specs)).map((f) => f.split(":")[0]),
            ["all-ports", "udp", "from-443"],
        );
    });

    it("ignores the security groups of gateway endpoints and of resources that are not endpoints", async () => {
        const gatewayWithGroup = { ...s3, inputs: { ...s3.inputs, securityGroupIds: [UNKNOWN] }, deps: { routeTableIds: ["rt"], securityGroupIds: ["g"] } };
        const specs = [
            ...base({ routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }] }, { routes: ["nat"] }),
            nat,
            gatewayWithGroup,
            group("g", { ingress: [inline("10.0.0.0/16", 22)] }),
        ];
        assert.deepEqual(await verdict(rule, specs), []);
    });

    it("defers when it needs an unknown task definition to decide", async () => {
        const specs = base({ routes: [] }).map((s) => (s.name === "td" ? { ...s, inputs: { containerDefinitions: UNKNOWN } } : s));
        const result = await check(specs);
        assert.deepEqual(violations(result, rule), []);
        assert.equal(deferred(result, rule).length, 1);
    });
});

describe("policy vpc-flow-logs", () => {
    it("flags a VPC without a flow log and accepts one with", async () => {
        assert.deepEqual(await verdict("vpc-flow-logs", [vpc]), [
            'vpc: VPC "vpc" has no flow log; add an aws.ec2.FlowLog for it (network.flowLogs in stack config).',
        ]);
        const flowLog: Spec = { type: RESOURCE_TYPES.flowLog, name: "fl", inputs: { vpcId: UNKNOWN, trafficType: "ALL" }, deps: { vpcId: ["vpc"] } };
        assert.deepEqual(await verdict("vpc-flow-logs", [vpc, flowLog]), []);
    });
});
