/**
 * What the network rules ask of CIDR ranges beyond reading them (shared/cidr.ts reads and compares): the world, the
 * share of a family a set covers, private ranges.
 */
import { Cidr, sizeOf } from "@ecs-platform/shared/cidr";

export function isWorld(cidr: Cidr): boolean {
    return cidr.prefix === 0;
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * The share of its address family (0 to 1) that a set of ranges covers together, overlaps counted once. Ranges of
 * the other family are ignored.
 */
export function coveredShare(cidrs: Cidr[], version: 4 | 6): number {
    const intervals = cidrs
        .filter((c) => c.version === version)
        .map((c) => [c.base, c.base + sizeOf(c)] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let covered = 0n;
    let end = -1n;
    for (const [start, stop] of intervals) {
        if (stop <= end) continue;
        covered += stop - (start > end ? start : end);
        end = stop;
    }
    // Scaled to 2^-20 steps: exact for every share a CIDR set can reach down to a /20 (IPv4) or /20 (IPv6).
    const scale = BigInt(BITS[version] - 20);
    return Number(covered >> scale) / 2 ** 20;
}

/**
 * How much of an address family a set of sources must cover to count as the world, as a prefix length: a /8's worth
 * (0.0.0.0/1 and 128.0.0.0/1 together are the world; so is 0.0.0.0/0). A choice of the pack, configurable where a
 * rule reads it.
 */
export const DEFAULT_WORLD_PREFIX = 8;

/** The address families of which `cidrs` together cover a /worldPrefix's worth of addresses or more. */
export function worldFamilies(cidrs: Cidr[], worldPrefix = DEFAULT_WORLD_PREFIX): (4 | 6)[] {
    return ([4, 6] as const).filter((version) => coveredShare(cidrs, version) >= 2 ** -worldPrefix);
}

// The private ranges are shared/cidr.ts's, so config validation reads them as the pack does.
export { isPrivateRange, overlapsPrivateRange, PRIVATE_RANGES, PRIVATE_RANGES_IPV6 } from "@ecs-platform/shared/cidr";
