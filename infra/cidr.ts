/**
 * The VPC's IPv4 block and the subnet layout carved from it. Reading and comparing ranges is shared/cidr.ts's (one
 * reader for config validation and the policy pack); this module only does the carving, in IPv4 numbers.
 */
import { formatCidr as formatRange, readCidr } from "@ecs-platform/shared/cidr";

export interface Ipv4Block {
    /** The network address as an unsigned 32-bit integer. */
    readonly base: number;
    readonly prefix: number;
}

/** Reads an IPv4 CIDR block without host bits (`10.0.0.0/16`); undefined for anything else (see `cidrProblem`). */
export function parseCidr(text: string): Ipv4Block | undefined {
    const read = readCidr(text);
    if ("error" in read || read.version !== 4 || read.hostBitsSet || read.text !== text) return undefined;
    return { base: Number(read.base), prefix: read.prefix };
}

/** Why `text` is not a usable IPv4 CIDR block ("is not…", "has host bits…"), or undefined when it is. */
export function cidrProblem(text: string): string | undefined {
    const read = readCidr(text);
    if ("error" in read) return `is not an IPv4 CIDR block (expected a.b.c.d/n: ${read.error})`;
    if (read.version !== 4 || read.text !== text) return "is not an IPv4 CIDR block (expected a.b.c.d/n)";
    if (read.hostBitsSet) return `has host bits set (did you mean ${formatRange(read)}?)`;
    return undefined;
}

export function formatCidr(block: Ipv4Block): string {
    return formatRange({ version: 4, base: BigInt(block.base), prefix: block.prefix });
}

function size(prefix: number): number {
    return 2 ** (32 - prefix);
}

export type SubnetTier = "private" | "public" | "isolated";

/**
 * The tiers in the order their blocks are carved from the VPC. Private subnets come first because they are the
 * largest (every awsvpc task takes an address there).
 */
export const SUBNET_TIERS: readonly SubnetTier[] = ["private", "public", "isolated"];

/**
 * Space is reserved for this many AZs per tier whatever the stack's azCount, so raising azCount later adds subnets
 * without renumbering (and so replacing) the ones that exist.
 */
export const RESERVED_AZ_SLOTS = 3;

export interface SubnetLayoutRequest {
    vpcCidr: string;
    /** Prefix length per tier; a tier absent here gets no subnets. */
    prefixLengths: Partial<Record<SubnetTier, number>>;
}

export type SubnetLayout = Record<SubnetTier, string[]>;

/**
 * Carves RESERVED_AZ_SLOTS aligned blocks per tier out of the VPC CIDR, tier by tier, each block aligned to its own
 * size. Throws when the blocks do not fit; `subnetLayoutProblem` says so without throwing.
 */
export function layoutSubnets(request: SubnetLayoutRequest): SubnetLayout {
    const vpc = parseCidr(request.vpcCidr);
    if (!vpc) throw new Error(`${request.vpcCidr} ${cidrProblem(request.vpcCidr)}`);
    const layout: SubnetLayout = { private: [], public: [], isolated: [] };
    let next = vpc.base;
    const end = vpc.base + size(vpc.prefix);
    for (const tier of SUBNET_TIERS) {
        const prefix = request.prefixLengths[tier];
        if (prefix === undefined) continue;
        const blockSize = size(prefix);
        next = Math.ceil(next / blockSize) * blockSize;
        for (let slot = 0; slot < RESERVED_AZ_SLOTS; slot++) {
            if (next + blockSize > end) {
                throw new Error(
                    `${tier} subnets /${prefix} do not fit in ${request.vpcCidr} ` + `(${RESERVED_AZ_SLOTS} per tier are reserved so that azCount can grow)`,
                );
            }
            layout[tier].push(formatCidr({ base: next, prefix }));
            next += blockSize;
        }
    }
    return layout;
}

/** The reason `layoutSubnets` would throw, or undefined when the layout fits. */
export function subnetLayoutProblem(request: SubnetLayoutRequest): string | undefined {
    try {
        layoutSubnets(request);
        return undefined;
    } catch (err) {
        return (err as Error).message;
    }
}
