/** IPv4 CIDR arithmetic: parsing, containment and the subnet layout of the VPC. */

export interface Ipv4Block {
    /** The network address as an unsigned 32-bit integer. */
    readonly base: number;
    readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything that is not a canonical IPv4 CIDR block. */
export function parseCidr(text: string): Ipv4Block | undefined {
    const match = CIDR_PATTERN.exec(text);
    if (!match) return undefined;
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    if ((address & mask(prefix)) >>> 0 !== address) return undefined; // host bits set: 10.0.0.1/16
    return { base: address, prefix };
}

/** Why `text` is not a usable CIDR block ("is not…", "has host bits…"), or undefined when it is. */
export function cidrProblem(text: string): string | undefined {
    const match = CIDR_PATTERN.exec(text);
    if (!match) return "is not an IPv4 CIDR block (expected a.b.c.d/n)";
    if (parseCidr(text)) return undefined;
    const prefix = Number(match[5]);
    if (prefix > 32 || match.slice(1, 5).some((o) => Number(o) > 255)) return "is not an IPv4 CIDR block";
    const octets = match.slice(1, 5).map(Number);
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    return `has host bits set (did you mean ${formatCidr({ base: (address & mask(prefix)) >>> 0, prefix })}?)`;
}

export function formatCidr(block: Ipv4Block): string {
    const b = block.base;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${block.prefix}`;
}

function mask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function size(prefix: number): number {
    return 2 ** (32 - prefix);
}

/** True when `outer` contains every address of `inner`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
    return outer.prefix <= inner.prefix && (inner.base & mask(outer.prefix)) >>> 0 === outer.base;
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
                    `${tier} subnets /${prefix} do not fit in ${request.vpcCidr} ` +
                        `(${RESERVED_AZ_SLOTS} per tier are reserved so that azCount can grow)`,
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
