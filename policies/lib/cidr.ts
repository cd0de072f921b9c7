/** IPv4/IPv6 CIDR arithmetic the network rules need: parse, containment, overlap, private ranges. */

export interface Cidr {
    version: 4 | 6;
    /** Network address as a bigint (32 bits for IPv4, 128 for IPv6). */
    base: bigint;
    prefix: number;
    text: string;
}

function parseIpv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0n;
    for (const part of parts) {
        if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
        value = (value << 8n) | BigInt(Number(part));
    }
    return value;
}

function parseIpv6(text: string): bigint | undefined {
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const groups = (half: string) => (half === "" ? [] : half.split(":"));
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - head.length - tail.length;
    if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
    let value = 0n;
    for (const group of [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail]) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
        value = (value << 16n) | BigInt(parseInt(group, 16));
    }
    return value;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; host bits are cleared. Returns undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
    const [address, prefixText, extra] = text.trim().split("/");
    if (extra !== undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
    const prefix = Number(prefixText);
    const version = address.includes(":") ? 6 : 4;
    const bits = version === 4 ? 32 : 128;
    if (prefix > bits) return undefined;
    const value = version === 4 ? parseIpv4(address) : parseIpv6(address);
    if (value === undefined) return undefined;
    const hostBits = BigInt(bits - prefix);
    return { version, base: (value >> hostBits) << hostBits, prefix, text: text.trim() };
}

/** True when every address of `inner` is in `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
    if (outer.version !== inner.version || outer.prefix > inner.prefix) return false;
    const hostBits = BigInt((outer.version === 4 ? 32 : 128) - outer.prefix);
    return inner.base >> hostBits === outer.base >> hostBits;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return containsCidr(a, b) || containsCidr(b, a);
}

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
        .map((c) => [c.base, c.base + (1n << BigInt(BITS[version] - c.prefix))] as const)
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

/**
 * IPv4 space that is never the internet: RFC 1918 private ranges and RFC 6598 shared address space. A rule from any of
 * these is traffic from inside some network.
 */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(
    (text) => parseCidr(text)!,
);

/**
 * IPv6 space that is never the internet: unique local addresses fc00::/7 (RFC 4193) and link-local fe80::/10
 * (RFC 4291). A broad ULA source is the IPv6 form of a broad RFC 1918 range.
 */
export const PRIVATE_RANGES_IPV6: readonly Cidr[] = ["fc00::/7", "fe80::/10"].map((text) => parseCidr(text)!);

export function overlapsPrivateRange(cidr: Cidr): boolean {
    return (cidr.version === 4 ? PRIVATE_RANGES : PRIVATE_RANGES_IPV6).some((range) => overlaps(range, cidr));
}

/** True when every address of the range is private (inside one of the private ranges of its family). */
export function isPrivateRange(cidr: Cidr): boolean {
    return (cidr.version === 4 ? PRIVATE_RANGES : PRIVATE_RANGES_IPV6).some((range) => containsCidr(range, cidr));
}
