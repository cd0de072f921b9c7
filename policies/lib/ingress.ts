/**
 * Security-group ingress in the three forms the AWS provider offers: inline `ingress` blocks on aws.ec2.SecurityGroup,
 * aws.ec2.SecurityGroupRule of type "ingress", and aws.vpc.SecurityGroupIngressRule. Rules read one normalized shape.
 */
import { PolicyResource } from "@pulumi/policy";
import { referenced } from "./graph";
import { Judgement } from "./unknowns";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const EC2_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

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
    /** Source CIDR blocks, IPv4 and IPv6. Empty for a rule that references a group or a prefix list. */
    cidrs: string[];
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
): IngressPermission {
    const protocol = normaliseProtocol(rawProtocol);
    const [fromPort, toPort] = portRange(protocol, from, to);
    return { declaredBy, where, group, protocol, fromPort, toPort, cidrs };
}

/**
 * The ingress permissions a resource declares. Each permission is read on its own: an unknown value in one defers
 * only that one, through `judgement`.
 */
export function ingressOf(resource: PolicyResource, judgement: Judgement): IngressPermission[] {
    const props = resource.props;
    const found: IngressPermission[] = [];
    const target = () => referenced(resource, "securityGroupId", SECURITY_GROUP)[0];
    if (resource.type === SECURITY_GROUP) {
        const ingress: Record<string, any>[] = props.ingress ?? [];
        for (let i = 0; i < ingress.length; i++) {
            judgement.check(() => {
                const rule = ingress[i];
                const cidrs = cidrsOf(rule.cidrBlocks, rule.ipv6CidrBlocks);
                found.push(permission(resource, `ingress[${i}]`, resource, rule.protocol, rule.fromPort, rule.toPort, cidrs));
            });
        }
    } else if (resource.type === EC2_RULE) {
        judgement.check(() => {
            if (props.type !== "ingress") return;
            const cidrs = cidrsOf(props.cidrBlocks, props.ipv6CidrBlocks);
            found.push(permission(resource, "", target(), props.protocol, props.fromPort, props.toPort, cidrs));
        });
    } else if (resource.type === VPC_INGRESS_RULE) {
        judgement.check(() => {
            const cidrs = cidrsOf(props.cidrIpv4, props.cidrIpv6);
            found.push(permission(resource, "", target(), props.ipProtocol, props.fromPort, props.toPort, cidrs));
        });
    }
    return found;
}

export function describePermission(p: IngressPermission): string {
    const ports = p.fromPort === p.toPort ? `port ${p.fromPort}` : `ports ${p.fromPort}-${p.toPort}`;
    return `${p.where ? `${p.where}: ` : ""}${ALL_PROTOCOLS.includes(p.protocol) ? "all traffic" : `${p.protocol} ${ports}`}`;
}
