/**
 * CIDR ranges as AWS reads them, for the program's config validation and subnet layout and for the policy pack's
 * network rules: parsed by ipaddr.js (a maintained parser: compressed IPv6 zeros, upper-case hex, embedded IPv4),
 * compared as bigints. The one place that turns text into a range.
 *
 * ipaddr.js is a dependency of both packages that load this module (the project and policies/), not of this
 * package: its only other import would make `npm pack` of the pack bundle a second copy.
 */
import * as ipaddr from "ipaddr.js";

export interface Cidr {
    version: 4 | 6;
    /** Network address as a bigint (32 bits for IPv4, 128 for IPv6), host bits cleared. */
    base: bigint;
    prefix: number;
    /** The text as written (trimmed). */
    text: string;
    /** True when the text had host bits set (10.0.0.1/8): the range is judged as AWS would store it, 10.0.0.0/8. */
    hostBitsSet: boolean;
}

const BITS = { 4: 32, 6: 128 } as const;

function toBigInt(bytes: number[]): bigint {
    return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/**
 * Reads `a.b.c.d/n` or an IPv6 CIDR, or says why it cannot (`error`, a phrase: "expected address/prefix"). IPv4 must be four decimal parts (ipaddr.js would also
 * take `10.1` or octal `010.0.0.0`, which AWS refuses and which would mean other addresses); an IPv6 zone (`%eth0`)
 * is refused. An IPv4-mapped IPv6 range of /96 or longer (`::ffff:10.0.0.0/104`) is read as the IPv4 range it maps
 * (10.0.0.0/8), so it is judged by the addresses it stands for.
 */
export function readCidr(input: string): Cidr | { error: string } {
    const text = input.trim();
    const fail = (why: string) => ({ error: why });
    const [address, prefixText, extra] = text.split("/");
    if (prefixText === undefined || extra !== undefined) return fail("expected address/prefix");
    if (!/^\d{1,3}$/.test(prefixText)) return fail(`prefix "${prefixText}" is not a number`);
    let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
        parsed = ipaddr.parseCIDR(text);
    } catch {
        return fail(address.includes(":") ? "not an IPv6 address, or the prefix is above 128" : "not an IPv4 address, or the prefix is above 32");
    }
    let [ip, prefix] = parsed;
    if (ip.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(address)) return fail("IPv4 must be four decimal numbers 0-255");
    if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).zoneId !== undefined) return fail("a zone index has no place in a range");
    if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
        ip = (ip as ipaddr.IPv6).toIPv4Address();
        prefix -= 96;
    }
    const version = ip.kind() === "ipv4" ? 4 : 6;
    const value = toBigInt(ip.toByteArray());
    const hostBits = BigInt(BITS[version] - prefix);
    const base = (value >> hostBits) << hostBits;
    return { version, base, prefix, text, hostBitsSet: base !== value };
}

/** The range, or undefined when the text is not one (see readCidr for why). */
export function parseCidr(text: string): Cidr | undefined {
    const read = readCidr(text);
    return "error" in read ? undefined : read;
}

/** The range's network address and prefix, `10.0.0.0/8` or `fc00::/7`. */
export function formatCidr(cidr: Pick<Cidr, "version" | "base" | "prefix">): string {
    const bytes: number[] = [];
    for (let i = BITS[cidr.version] / 8 - 1; i >= 0; i--) bytes.push(Number((cidr.base >> BigInt(i * 8)) & 0xffn));
    return `${ipaddr.fromByteArray(bytes).toString()}/${cidr.prefix}`;
}

/** The number of addresses in the range. */
export function sizeOf(cidr: Pick<Cidr, "version" | "prefix">): bigint {
    return 1n << BigInt(BITS[cidr.version] - cidr.prefix);
}

/** True when every address of `inner` is in `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
    if (outer.version !== inner.version || outer.prefix > inner.prefix) return false;
    const hostBits = BigInt(BITS[outer.version] - outer.prefix);
    return inner.base >> hostBits === outer.base >> hostBits;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return containsCidr(a, b) || containsCidr(b, a);
}

/**
 * The widest private IPv4 range the pack's no-vpc-wide-ingress rule accepts unless its config says otherwise
 * (maxPrivatePrefix); config validation of an internal load balancer's sources takes the same default.
 */
export const DEFAULT_MAX_PRIVATE_PREFIX = 24;

/**
 * IPv4 space that is never the internet: RFC 1918 private ranges and RFC 6598 shared address space. A rule from any of
 * these is traffic from inside some network.
 */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((text) => parseCidr(text)!);

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
