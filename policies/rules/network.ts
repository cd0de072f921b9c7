import { ResourceRule, StackRule } from "../lib/rule";
/** Network rules: who may send traffic to what, and how tasks reach AWS without the internet. */
import { PolicyResource } from "@pulumi/policy";
import { Cidr, containsCidr, DEFAULT_MAX_PRIVATE_PREFIX, parseCidr, readCidr } from "@ecs-platform/shared/cidr";
import { endpointsNeeded } from "@ecs-platform/shared/taskEndpoints";
import { DEFAULT_WORLD_PREFIX, isPrivateRange, isWorld, overlapsPrivateRange, worldFamilies } from "../lib/cidr";
import { containersOf } from "../lib/containers";
import { describe, ofType, referenced, references } from "../lib/graph";
import { describePermission, describeSource, ingressOf, IngressPermission } from "../lib/ingress";
import { isInternetFacingAlb, isInternetFacingNlb, listenersOf, LOAD_BALANCER_TYPES } from "../lib/loadBalancers";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { isSet, Judgement } from "../lib/unknowns";
import { STACK_REFERENCE_TYPE, SubnetEgressFacts, SUBNET_EGRESS_OUTPUT } from "@ecs-platform/shared/networkLayer";

const INGRESS_TYPES: string[] = [RESOURCE_TYPES.securityGroup, RESOURCE_TYPES.securityGroupRule, RESOURCE_TYPES.securityGroupIngressRule];

/** Every ingress permission in the stack; unknown values defer through `judgement`. */
function allIngress(resources: PolicyResource[], judgement: Judgement): IngressPermission[] {
    return resources.filter((r) => INGRESS_TYPES.includes(r.type)).flatMap((r) => ingressOf(r, judgement, resources));
}

function where(p: IngressPermission): string {
    const group = p.group && p.group !== p.declaredBy ? ` on security group "${p.group.name}"` : "";
    return `${describePermission(p)}${group}`;
}

const IPV4_ASSOCIATION = "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation";
const IPV6_ASSOCIATION = "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation";

/**
 * A VPC's CIDRs of one family: its primary block (`cidrBlock`, or `ipv6CidrBlock`) and the blocks associated with it.
 * Only the family asked for is read, so an IPv6 block AWS has yet to assign defers only IPv6 sources.
 */
function vpcCidrs(vpc: PolicyResource, version: 4 | 6, resources: PolicyResource[]): Cidr[] {
    const [own, association, key] = version === 4 ? ["cidrBlock", IPV4_ASSOCIATION, "cidrBlock"] : ["ipv6CidrBlock", IPV6_ASSOCIATION, "ipv6CidrBlock"];
    const texts = isSet(vpc.props, own) ? [vpc.props[own]] : [];
    for (const a of ofType(resources, association)) if (references(a, "vpcId", vpc)) texts.push(a.props[key]);
    return texts.map((t) => parseCidr(String(t))).filter((c): c is Cidr => c !== undefined);
}

export { DEFAULT_MAX_PRIVATE_PREFIX } from "@ecs-platform/shared/cidr";
export const DEFAULT_MAX_PRIVATE_PREFIX_IPV6 = 64;

export const noVpcWideIngress: StackRule = {
    name: "no-vpc-wide-ingress",
    refuses:
        "ingress from one of the VPC's CIDRs (IPv4 and IPv6, associated blocks too), a range containing one, an IPv4 private range (RFC 1918, RFC 6598) broader than `maxPrivatePrefix` (default /24) or an IPv6 unique local / link-local range broader than `maxPrivatePrefixIpv6` (default /64)",
    reads: "inline `ingress`, `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroupIngressRule`, with the entries of the stack's `aws.ec2.ManagedPrefixList`s (inline `entries` and `ManagedPrefixListEntry`) they name; the group's VPC and `VpcIpv4/Ipv6CidrBlockAssociation`s through `vpcId` dependencies",
    rationale:
        "Opening a group to the VPC's range lets any compromised task, instance or endpoint in the VPC reach it; references keep the path to the one caller that needs it (the ALB → service → database chain).",
    remediation:
        "Allow the caller's security group (`referencedSecurityGroupId`) instead of a CIDR; for the ALB's listeners, list the outside ranges in `loadBalancer.ingressCidrs`.",
    description:
        "Security groups take traffic by security-group reference, never from one of the VPC's CIDRs (IPv4 or IPv6), a " +
        "range containing one, or a private range (RFC 1918, RFC 6598, IPv6 unique local) broader than the configured " +
        "prefix; CIDRs of the stack's managed prefix lists count as the rule's own.",
    configSchema: {
        properties: {
            maxPrivatePrefix: {
                type: "integer",
                minimum: 0,
                maximum: 32,
                default: DEFAULT_MAX_PRIVATE_PREFIX,
                description: "IPv4 private sources shorter than this prefix (broader ranges) are refused.",
            },
            maxPrivatePrefixIpv6: {
                type: "integer",
                minimum: 0,
                maximum: 128,
                default: DEFAULT_MAX_PRIVATE_PREFIX_IPV6,
                description: "IPv6 unique local (fc00::/7) and link-local sources shorter than this prefix are refused.",
            },
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<{ maxPrivatePrefix?: number; maxPrivatePrefixIpv6?: number }>();
        const maxPrefix = { 4: config.maxPrivatePrefix ?? DEFAULT_MAX_PRIVATE_PREFIX, 6: config.maxPrivatePrefixIpv6 ?? DEFAULT_MAX_PRIVATE_PREFIX_IPV6 };
        const judgement = new Judgement();
        const fix =
            "reference the source's security group instead (for the load balancer's listeners, the sources are loadBalancer.ingressCidrs in stack config)";
        for (const permission of allIngress(args.resources, judgement)) {
            const vpc = permission.group && referenced(permission.group, "vpcId", RESOURCE_TYPES.vpc)[0];
            for (const text of permission.cidrs) {
                judgement.check(() => {
                    const cidr = readCidr(String(text));
                    if ("error" in cidr) {
                        // Fail closed: a source the pack cannot read is not one it can call narrow.
                        report(
                            `${where(permission)} allows "${text}", which is not a CIDR range the pack can read (${cidr.error}), so it cannot tell how wide it is; write the range as AWS documents it (10.0.0.0/16, fd00::/8).`,
                            permission.declaredBy.urn,
                        );
                        return;
                    }
                    if (isWorld(cidr)) return;
                    const covered = vpc ? vpcCidrs(vpc, cidr.version, args.resources).find((v) => containsCidr(cidr, v)) : undefined;
                    const source = describeSource(permission, text);
                    if (covered) {
                        report(
                            `${where(permission)} allows ${source}, which covers the whole VPC "${vpc!.name}" (${covered.text}); ${fix}.`,
                            permission.declaredBy.urn,
                        );
                    } else if (overlapsPrivateRange(cidr) && cidr.prefix < maxPrefix[cidr.version]) {
                        report(
                            `${where(permission)} allows ${source}, a private range broader than /${maxPrefix[cidr.version]}; ${fix}.`,
                            permission.declaredBy.urn,
                        );
                    }
                });
            }
        }
        judgement.finish();
    },
};

const WORLD_PORTS = [80, 443];

/** Ports the world may reach on an internet-facing NLB's group unless the rule's config lists others. */
const DEFAULT_NLB_WORLD_PORTS = [443];

/**
 * An internet-facing NLB's listener ports that the config allows the world on: what the world may reach on its group.
 * Only listed ports, not every port the NLB listens on, so a listener on 22 or 5432 does not open SSH or a database to
 * the world without a reviewer changing the policy config.
 */
function nlbPorts(lb: PolicyResource, resources: PolicyResource[], allowed: number[]): { ports: number[]; what: string } {
    const ports = listenersOf(lb, resources)
        .filter((l) => isSet(l.props, "port"))
        .map((l) => Number(l.props.port))
        .filter((port) => allowed.includes(port))
        .sort((a, b) => a - b);
    return { ports, what: `its listener ports in nlbWorldPorts (${allowed.join(", ")}) over TCP${ports.length ? ` (here ${ports.join(", ")})` : ""}` };
}

/**
 * The sources of each permission that count as the world: /0, and every public source of a security group whose
 * public sources together cover as much of an address family as a /worldPrefix or more (0.0.0.0/1 and 128.0.0.0/1,
 * split over two rules, are the world). Private ranges are left to no-vpc-wide-ingress.
 */
function worldSources(permissions: IngressPermission[], worldPrefix: number): Map<IngressPermission, string[]> {
    const byGroup = new Map<string, IngressPermission[]>();
    for (const p of permissions) {
        const key = (p.group ?? p.declaredBy).urn;
        byGroup.set(key, [...(byGroup.get(key) ?? []), p]);
    }
    const found = new Map<IngressPermission, string[]>();
    for (const group of byGroup.values()) {
        // A source the pack cannot read counts as public: it may be the world (fail closed).
        const publicOf = (p: IngressPermission) => p.cidrs.filter((t) => !parseCidr(t) || !isPrivateRange(parseCidr(t)!));
        const all = group.flatMap(publicOf).flatMap((t) => parseCidr(t) ?? []);
        const families = worldFamilies(all, worldPrefix);
        for (const p of group) {
            const world = publicOf(p).filter((t) => !parseCidr(t) || families.includes(parseCidr(t)!.version));
            if (world.length > 0) found.set(p, world);
        }
    }
    return found;
}

export const worldIngressOnlyOnLoadBalancer: StackRule = {
    name: "world-ingress-only-on-load-balancer",
    refuses:
        "the world except into an internet-facing ALB's group on TCP 80 or 443, or an internet-facing NLB's group on those of its listener ports `nlbWorldPorts` lists (default 443); the world is `0.0.0.0/0`, `::/0`, or one group's public sources that together cover a `/worldPrefix`'s worth of an address family (default /8: `0.0.0.0/1` + `128.0.0.0/1` over two rules is the world)",
    reads: "the three ingress forms and prefix lists; the load balancers' `securityGroups` dependencies and an NLB's listeners",
    rationale:
        "Anything reachable from the internet is attacked within minutes; the load balancers are the entry points built for it (the ALB with TLS, header checks and access logs; the NLB with TLS on the ports it listens on).",
    remediation:
        "Put the service behind the ALB (`services[].paths`) or the NLB (`expose: nlb`) and allow the load balancer's group; keep world ingress to TCP 80/443 on an ALB and to the listener ports `nlbWorldPorts` lists on an NLB (add a port there for a reviewed exception).",
    description:
        "The world (0.0.0.0/0, ::/0, or public ranges that together cover a /8's worth of an address family or more) " +
        "may reach only a security group of an internet-facing ALB, and only on TCP 80 or 443, or of an internet-facing NLB, " +
        "and only on its listener ports the rule's config lists (default 443).",
    configSchema: {
        properties: {
            worldPrefix: {
                type: "integer",
                minimum: 1,
                maximum: 32,
                default: DEFAULT_WORLD_PREFIX,
                description: "Public sources of one security group covering as many addresses as a /worldPrefix or more count as the world.",
            },
            nlbWorldPorts: {
                type: "array",
                items: { type: "integer", minimum: 1, maximum: 65535 },
                default: DEFAULT_NLB_WORLD_PORTS,
                description: "Listener ports of an internet-facing NLB the world may reach (each one a reviewed decision: 8883 for MQTT over TLS, …).",
            },
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<{ worldPrefix?: number; nlbWorldPorts?: number[] }>();
        const worldPrefix = config.worldPrefix ?? DEFAULT_WORLD_PREFIX;
        const nlbWorldPorts = config.nlbWorldPorts ?? DEFAULT_NLB_WORLD_PORTS;
        const judgement = new Judgement();
        // The groups of internet-facing load balancers, with the ports the world may reach on each: 80 and 443 on an
        // ALB's, an NLB's own listener ports on its.
        const worldPorts = new Map<string, { ports: number[]; what: string }>();
        for (const lb of args.resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type))) {
            judgement.check(() => {
                const entry = isInternetFacingAlb(lb)
                    ? { ports: WORLD_PORTS, what: "TCP 80 and 443" }
                    : isInternetFacingNlb(lb)
                      ? nlbPorts(lb, args.resources, nlbWorldPorts)
                      : undefined;
                if (!entry) return;
                for (const group of referenced(lb, "securityGroups", RESOURCE_TYPES.securityGroup)) worldPorts.set(group.urn, entry);
            });
        }
        for (const [permission, world] of worldSources(allIngress(args.resources, judgement), worldPrefix)) {
            const sources = world.map((c) => describeSource(permission, c)).join(", ");
            const unreadable = world.filter((c) => !parseCidr(c));
            const together =
                unreadable.length > 0
                    ? ` (${unreadable.map((c) => `"${c}"`).join(", ")}: not a CIDR range the pack can read, so it may be the world)`
                    : world.some((c) => !isWorld(parseCidr(c)!))
                      ? ` (with the group's other public sources, a /${worldPrefix}'s worth of addresses or more: the world)`
                      : "";
            const allowed = permission.group !== undefined ? worldPorts.get(permission.group.urn) : undefined;
            const onPort =
                allowed !== undefined &&
                permission.protocol === "tcp" &&
                permission.fromPort === permission.toPort &&
                allowed.ports.includes(permission.fromPort);
            if (!allowed) {
                report(
                    `${where(permission)} allows ${sources}${together} into a group that is not attached to an internet-facing ` +
                        `load balancer; put the service behind the ALB (or the NLB) and allow the load balancer's security group instead.`,
                    permission.declaredBy.urn,
                );
            } else if (!onPort) {
                report(
                    `${where(permission)} allows ${sources}${together} on the load balancer's group; only ${allowed.what} may be open to the world.`,
                    permission.declaredBy.urn,
                );
            }
        }
        judgement.finish();
    },
};

export const tasksPrivate: ResourceRule = {
    name: "tasks-private",
    refuses: "ECS services with `assignPublicIp` (`allowPublicIp` setting)",
    reads: "`aws.ecs.Service`",
    rationale: "A task with a public IP can be reached around the load balancer and its security group chain, and is exposed if a group is ever loosened.",
    remediation:
        "Set `services[].assignPublicIp: false` and give private subnets egress (`network.natGateways` or `network.endpoints`); a dev stack may allow it with the rule's `allowPublicIp`.",
    description: "ECS services run without public IP addresses; they take traffic through the load balancer.",
    configSchema: { properties: { allowPublicIp: { type: "boolean", default: false, description: "Allow assignPublicIp (a dev escape hatch)." } } },
    validateResource: (args, report) => {
        if (args.type !== RESOURCE_TYPES.ecsService) return;
        if (args.getConfig<{ allowPublicIp?: boolean }>().allowPublicIp === true) return;
        if (args.props.networkConfiguration?.assignPublicIp === true) {
            report("networkConfiguration.assignPublicIp is true; run tasks in private subnets and reach them through the ALB.");
        }
    },
};

function endpointService(endpoint: PolicyResource): string {
    return String(endpoint.props.serviceName).split(".").slice(3).join(".");
}

function hasNatRoute(table: PolicyResource, resources: PolicyResource[]): boolean {
    const isDefaultNat = (route: Record<string, any>, cidrKey: string) => route[cidrKey] === "0.0.0.0/0" && isSet(route, "natGatewayId");
    const inline: Record<string, any>[] = table.props.routes ?? [];
    if (inline.some((route) => isDefaultNat(route, "cidrBlock"))) return true;
    return ofType(resources, RESOURCE_TYPES.route).some((r) => references(r, "routeTableId", table) && isDefaultNat(r.props, "destinationCidrBlock"));
}

/** The endpoints a planned service needs without NAT (shared/taskEndpoints.ts, as config validation lists them). */
function endpointsOf(service: PolicyResource): string[] {
    const { gateway, interface: interfaces } = endpointsNeeded({
        readsSecrets: usesSecrets(service),
        execCommand: service.props.enableExecuteCommand === true,
        onEc2Capacity: referenced(service, "capacityProviderStrategies", RESOURCE_TYPES.capacityProvider).length > 0,
    });
    return [...interfaces, ...gateway];
}

function usesSecrets(service: PolicyResource): boolean {
    const taskDefinition = referenced(service, "taskDefinition", RESOURCE_TYPES.taskDefinition)[0];
    return taskDefinition !== undefined && containersOf(taskDefinition.props).some((c) => (c.secrets ?? []).length > 0);
}

function missingEndpoints(service: PolicyResource, where: string, missing: string[]): string {
    return (
        `${describe(service)} runs in ${where}, which has no NAT route and no endpoint for ${missing.join(", ")}; add a NAT ` +
        `gateway route or those VPC endpoints (gateway endpoints on the subnet's route table, interface endpoints with private DNS).`
    );
}

/**
 * A services stack's subnets belong to the network stack it reads: their routes are not in this stack, but that
 * stack's `subnetEgress` output says how each reaches AWS, and a preview's stack analysis sees the StackReference's
 * outputs. A subnet the output does not describe cannot be judged, and is refused rather than passed.
 */
function referencedSubnetProblems(service: PolicyResource, reference: PolicyResource): string[] {
    const subnets: unknown[] = service.props.networkConfiguration?.subnets ?? [];
    const facts = (reference.props.outputs ?? {})[SUBNET_EGRESS_OUTPUT] as SubnetEgressFacts | undefined;
    const stack = String(reference.props.name);
    return subnets.flatMap((id) => {
        const fact = typeof id === "string" ? facts?.[id] : undefined;
        if (!fact) {
            return [
                `${describe(service)} runs in subnet ${String(id)} of the stack "${stack}", whose ${SUBNET_EGRESS_OUTPUT} output does not say ` +
                    `how that subnet reaches AWS; deploy the network stack of this version (layer: network), which exports it.`,
            ];
        }
        if (fact.natRoute) return [];
        const missing = endpointsOf(service).filter((s) => !fact.endpoints.includes(s));
        return missing.length > 0 ? [missingEndpoints(service, `subnet ${id} of the stack "${stack}"`, missing)] : [];
    });
}

export const privateEgressPath: StackRule = {
    name: "private-egress-path",
    refuses:
        "a task subnet the pack cannot follow (neither this stack's nor described by a network stack's `subnetEgress`); a task subnet with neither a NAT default route nor the endpoints its service needs (ECR API/Docker, S3, Logs; Secrets Manager for secrets, SSM messages for ECS Exec, the ECS agent endpoints on EC2 capacity: the config validator's list); endpoint groups accepting anything but TCP 443 from groups",
    reads: "service → subnet → route-table association → inline routes or `aws.ec2.Route`; gateway endpoints on that table, interface endpoints with private DNS; for a subnet of a network stack, the StackReference's `subnetEgress` output",
    rationale:
        "A task that cannot reach ECR, CloudWatch Logs or Secrets Manager fails to start, and the failure shows only at deploy as tasks stuck in PROVISIONING.",
    remediation: "Set `network.natGateways` to `single` or `perAz`, or add the endpoints the message names to `network.endpoints`.",
    description:
        "Every subnet that runs tasks routes to a NAT gateway or has the VPC endpoints tasks need (ECR API and Docker, S3, " +
        "CloudWatch Logs; Secrets Manager for secrets, SSM messages for ECS Exec, the ECS agent endpoints on EC2 capacity); " +
        "endpoint security groups accept 443 only from referenced groups.",
    validateStack: (args, report) => {
        const resources = args.resources;
        const judgement = new Judgement();
        const endpoints = ofType(resources, RESOURCE_TYPES.vpcEndpoint);
        for (const service of ofType(resources, RESOURCE_TYPES.ecsService)) {
            judgement.check(() => {
                for (const subnet of referenced(service, "networkConfiguration", RESOURCE_TYPES.subnet)) {
                    const tables = ofType(resources, RESOURCE_TYPES.routeTableAssociation)
                        .filter((a) => references(a, "subnetId", subnet))
                        .flatMap((a) => referenced(a, "routeTableId", RESOURCE_TYPES.routeTable));
                    if (tables.some((table) => hasNatRoute(table, resources))) continue;
                    const vpc = referenced(subnet, "vpcId", RESOURCE_TYPES.vpc)[0];
                    const present = endpoints
                        .filter((e) =>
                            (e.props.vpcEndpointType ?? "Gateway") === "Gateway"
                                ? tables.some((t) => references(e, "routeTableIds", t))
                                : vpc !== undefined && references(e, "vpcId", vpc) && e.props.privateDnsEnabled === true,
                        )
                        .map(endpointService);
                    // Read only when there is no NAT: the task definition may be unknown at preview.
                    const missing = endpointsOf(service).filter((s) => !present.includes(s));
                    if (missing.length > 0) report(missingEndpoints(service, `subnet "${subnet.name}"`, missing), service.urn);
                }
                const networkStacks = referenced(service, "networkConfiguration", STACK_REFERENCE_TYPE);
                for (const reference of networkStacks) {
                    referencedSubnetProblems(service, reference).forEach((message) => report(message, service.urn));
                }
                // Subnets from neither this stack nor a network stack's facts cannot be judged: refused, not passed.
                const subnets: unknown[] = service.props.networkConfiguration?.subnets ?? [];
                if (subnets.length > 0 && networkStacks.length === 0 && referenced(service, "networkConfiguration", RESOURCE_TYPES.subnet).length === 0) {
                    report(
                        `${describe(service)} runs in subnets the pack cannot follow (${subnets.map(String).join(", ")}): neither subnets of this stack ` +
                            `nor of a network stack it reads through a StackReference with a ${SUBNET_EGRESS_OUTPUT} output; create the subnets here, or read them from a network stack (layer: network).`,
                        service.urn,
                    );
                }
            });
        }
        const endpointGroups = new Set(
            endpoints
                .filter((e) => e.props.vpcEndpointType === "Interface")
                .flatMap((e) => referenced(e, "securityGroupIds", RESOURCE_TYPES.securityGroup))
                .map((g) => g.urn),
        );
        for (const permission of allIngress(resources, judgement)) {
            if (!permission.group || !endpointGroups.has(permission.group.urn)) continue;
            const https = permission.protocol === "tcp" && permission.fromPort === 443 && permission.toPort === 443;
            if (!https || permission.cidrs.length > 0) {
                report(
                    `${where(permission)} on an interface endpoint's security group ${permission.cidrs.length > 0 ? `allows ${permission.cidrs.join(", ")}` : "is not TCP 443"}; ` +
                        `endpoints accept TCP 443 from the tasks' security group by reference only.`,
                    permission.declaredBy.urn,
                );
            }
        }
        judgement.finish();
    },
};

export const vpcFlowLogs: StackRule = {
    name: "vpc-flow-logs",
    refuses: "a VPC without a flow log",
    reads: "`aws.ec2.FlowLog` → VPC",
    rationale: "Without flow logs there is no record of who talked to what after an incident.",
    remediation: "Set `network.flowLogs.enabled: true` (with `network.flowLogs.retentionDays`).",
    description: "Every VPC has flow logs, so traffic can be investigated after an incident.",
    validateStack: (args, report) => {
        const flowLogs = ofType(args.resources, RESOURCE_TYPES.flowLog);
        for (const vpc of ofType(args.resources, RESOURCE_TYPES.vpc)) {
            if (!flowLogs.some((f) => references(f, "vpcId", vpc))) {
                report(`VPC "${vpc.name}" has no flow log; add an aws.ec2.FlowLog for it (network.flowLogs in stack config).`, vpc.urn);
            }
        }
    },
};

/**
 * Group-referencing ingress in its three forms: the rule resource (referencedSecurityGroupId), the older rule resource
 * (sourceSecurityGroupId, type ingress) and inline ingress blocks (securityGroups). Target and source as resources.
 */
function groupIngress(resources: PolicyResource[]): { declaredBy: PolicyResource; target?: PolicyResource; sources: PolicyResource[] }[] {
    const sg = RESOURCE_TYPES.securityGroup;
    return [
        ...ofType(resources, RESOURCE_TYPES.securityGroupIngressRule).map((r) => ({
            declaredBy: r,
            target: referenced(r, "securityGroupId", sg)[0],
            sources: referenced(r, "referencedSecurityGroupId", sg),
        })),
        ...ofType(resources, RESOURCE_TYPES.securityGroupRule)
            .filter((r) => r.props.type === "ingress")
            .map((r) => ({ declaredBy: r, target: referenced(r, "securityGroupId", sg)[0], sources: referenced(r, "sourceSecurityGroupId", sg) })),
        ...ofType(resources, sg).map((g) => ({ declaredBy: g, target: g, sources: referenced(g, "ingress", sg).filter((s) => s.urn !== g.urn) })),
    ];
}

export const servicePeersDeclared: StackRule = {
    name: "service-peers-declared",
    refuses: "a security group of an ECS service or scheduled task admitting a group every one of them wears",
    reads: "ECS services' `networkConfiguration` and EventBridge schedules' target security groups; group-referencing ingress (rule resources, inline blocks)",
    rationale:
        "A group every task wears, admitted on a service's port, lets any task of the stack reach that service: one compromised task is a foothold on all of them.",
    remediation: "Have each caller name the service in its `services[].connectsTo`; the platform then admits each caller by its own group.",
    description:
        "No security group of an ECS service or scheduled task admits a group that every one of them wears; Service Connect peers are admitted by their own groups.",
    validateStack: (args, report) => {
        // Workloads: ECS services, and the tasks EventBridge schedules run (their groups are in the schedule's target).
        const workloads = [
            ...ofType(args.resources, RESOURCE_TYPES.ecsService).map((r) => ({
                r,
                groups: referenced(r, "networkConfiguration", RESOURCE_TYPES.securityGroup),
            })),
            ...ofType(args.resources, RESOURCE_TYPES.schedule).map((r) => ({ r, groups: referenced(r, "target", RESOURCE_TYPES.securityGroup) })),
        ];
        if (workloads.length < 2) return;
        const judgement = new Judgement();
        const wornBy = new Map<string, Set<string>>();
        for (const { r, groups } of workloads) {
            for (const group of groups) wornBy.set(group.urn, (wornBy.get(group.urn) ?? new Set()).add(r.urn));
        }
        const everyone = [...wornBy].filter(([, wearers]) => wearers.size === workloads.length).map(([urn]) => urn);
        for (const rule of groupIngress(args.resources)) {
            judgement.check(() => {
                if (!rule.target || !wornBy.has(rule.target.urn)) return;
                for (const source of rule.sources.filter((s) => everyone.includes(s.urn))) {
                    report(
                        `${describe(rule.declaredBy)} lets ${describe(source)}, which every ECS service and scheduled task wears, into ${describe(rule.target)}, ` +
                            `a service's group: any task could reach it; admit the callers' own groups (services[].connectsTo).`,
                        rule.declaredBy.urn,
                    );
                }
            });
        }
        judgement.finish();
    },
};

export const networkPolicies = [noVpcWideIngress, worldIngressOnlyOnLoadBalancer, tasksPrivate, privateEgressPath, vpcFlowLogs, servicePeersDeclared];
