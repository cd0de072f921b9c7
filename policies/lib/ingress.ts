/**
 * Security-group ingress in the three forms the AWS provider offers: inline `ingress` blocks on aws.ec2.SecurityGroup,
 * aws.ec2.SecurityGroupRule of type "ingress", and aws.vpc.SecurityGroupIngressRule. Rules read one normalized shape.
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { PolicyResource } from "@pulumi/policy";
import { ofType, referenced, references } from "./graph";
import { isSet, Judgement } from "./unknowns";

const { securityGroup: SECURITY_GROUP, securityGroupRule: EC2_RULE, securityGroupIngressRule: VPC_INGRESS_RULE } = RESOURCE_TYPES;
const { managedPrefixList: PREFIX_LIST, managedPrefixListEntry: PREFIX_LIST_ENTRY } = RESOURCE_TYPES;

export interface IngressPermission {
    /** The resource that declares the permission: the group itself for inline rules, else the rule resource. */
    declaredBy: PolicyResource;
    /** Where in that resource, for messages: `ingress[1]`, or "" for a rule resource. */
    where: string;
    /** The group that receives the traffic, when it is defined in this stack. */
    group?: PolicyResource;
    protocol: string;
    fromPort: number;
    toPort: number;
    /**
     * Source CIDR blocks, IPv4 and IPv6, including the entries of managed prefix lists of the stack the rule names.
     * Empty for a rule that references a group (or a prefix list defined elsewhere, such as AWS's own).
     */
    cidrs: string[];
    /** The prefix list each CIDR came through, by CIDR, for those that came through one. */
    via: Record<string, string>;
}

const ALL_PROTOCOLS = ["-1", "all"];

/**
 * Protocol names as EC2 takes them, numbers included: "6" is TCP, "17" UDP, "1" ICMP (IANA protocol numbers; EC2
 * API Reference, IpPermission.IpProtocol, read 2026-12-02). Names are compared in lower case.
 */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

export function normaliseProtocol(raw: unknown): string {
    const text = String(raw).toLowerCase();
    return PROTOCOL_NUMBERS[text] ?? text;
}

function portRange(protocol: string, from: unknown, to: unknown): [number, number] {
    if (ALL_PROTOCOLS.includes(protocol) || from === undefined) return [0, 65535];
    return [Number(from), Number(to ?? from)];
}

function cidrsOf(...lists: unknown[]): string[] {
    return lists.flatMap((l) => (l === undefined || l === null ? [] : Array.isArray(l) ? l.map(String) : [String(l)]));
}

/** One permission from its raw fields, whichever form declared it. */
function permission(
    declaredBy: PolicyResource,
    where: string,
    group: PolicyResource | undefined,
    rawProtocol: unknown,
    from: unknown,
    to: unknown,
    cidrs: string[],
    lists: { cidr: string; list: string }[] = [],
): IngressPermission {
    const protocol = normaliseProtocol(rawProtocol);
    const [fromPort, toPort] = portRange(protocol, from, to);
    const via: Record<string, string> = {};
    for (const { cidr, list } of lists) via[cidr] ??= list;
    return { declaredBy, where, group, protocol, fromPort, toPort, cidrs: [...cidrs, ...lists.map((l) => l.cidr)], via };
}

/**
 * The CIDRs of the stack's managed prefix lists a rule names through `property`: each list's inline `entries` and the
 * aws.ec2.ManagedPrefixListEntry resources added to it. Followed by reference, since a list's id is unknown at preview.
 */
function prefixListCidrs(rule: PolicyResource, property: string, resources: PolicyResource[]): { cidr: string; list: string }[] {
    const found: { cidr: string; list: string }[] = [];
    for (const list of referenced(rule, property, PREFIX_LIST)) {
        const entries: Record<string, any>[] = list.props.entries ?? [];
        for (const entry of entries) found.push({ cidr: String(entry.cidr), list: list.name });
        for (const entry of ofType(resources, PREFIX_LIST_ENTRY)) {
            if (references(entry, "prefixListId", list)) found.push({ cidr: String(entry.props.cidr), list: list.name });
        }
    }
    return found;
}

/**
 * The ingress permissions a resource declares. Each permission is read on its own: an unknown value in one defers
 * only that one, through `judgement`.
 */
export function ingressOf(resource: PolicyResource, judgement: Judgement, resources: PolicyResource[] = []): IngressPermission[] {
    const props = resource.props;
    const found: IngressPermission[] = [];
    const target = () => referenced(resource, "securityGroupId", SECURITY_GROUP)[0];
    if (resource.type === SECURITY_GROUP) {
        const ingress: Record<string, any>[] = props.ingress ?? [];
        for (let i = 0; i < ingress.length; i++) {
            judgement.check(() => {
                const rule = ingress[i];
                const cidrs = cidrsOf(rule.cidrBlocks, rule.ipv6CidrBlocks);
                // Inline rules share one dependency list ("ingress"): a rule that names prefix lists is given every
                // list the group's ingress was built from (known without reading the ids, unknown at preview).
                const lists = isSet(rule, "prefixListIds") ? prefixListCidrs(resource, "ingress", resources) : [];
                found.push(permission(resource, `ingress[${i}]`, resource, rule.protocol, rule.fromPort, rule.toPort, cidrs, lists));
            });
        }
    } else if (resource.type === EC2_RULE) {
        judgement.check(() => {
            if (props.type !== "ingress") return;
            const cidrs = cidrsOf(props.cidrBlocks, props.ipv6CidrBlocks);
            const lists = prefixListCidrs(resource, "prefixListIds", resources);
            found.push(permission(resource, "", target(), props.protocol, props.fromPort, props.toPort, cidrs, lists));
        });
    } else if (resource.type === VPC_INGRESS_RULE) {
        judgement.check(() => {
            const cidrs = cidrsOf(props.cidrIpv4, props.cidrIpv6);
            const lists = prefixListCidrs(resource, "prefixListId", resources);
            found.push(permission(resource, "", target(), props.ipProtocol, props.fromPort, props.toPort, cidrs, lists));
        });
    }
    return found;
}

/** A source for messages: `10.0.0.0/16`, or `10.0.0.0/16 (prefix list "corp")`. */
export function describeSource(p: IngressPermission, cidr: string): string {
    return p.via[cidr] ? `${cidr} (prefix list "${p.via[cidr]}")` : cidr;
}

export function describePermission(p: IngressPermission): string {
    const ports = p.fromPort === p.toPort ? `port ${p.fromPort}` : `ports ${p.fromPort}-${p.toPort}`;
    return `${p.where ? `${p.where}: ` : ""}${ALL_PROTOCOLS.includes(p.protocol) ? "all traffic" : `${p.protocol} ${ports}`}`;
}
