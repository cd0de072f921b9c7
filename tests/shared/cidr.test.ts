/** shared/cidr.ts: one reader of CIDR ranges for config validation and the pack, over odd but valid forms. */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { formatCidr, parseCidr, readCidr } from "@ecs-platform/shared/cidr";

const ipv4Text = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join(".");
const hex16 = (value: bigint, group: number) => Number((value >> BigInt((7 - group) * 16)) & 0xffffn).toString(16);

describe("shared/cidr: odd forms read as the range they mean", () => {
    it("reads upper-case hex, compressed and expanded zeros, and leading zeros in a group as the same range", () => {
        const same = ["2001:db8::/32", "2001:DB8::/32", "2001:0db8:0000:0000:0000:0000:0000:0000/32", "2001:db8:0:0:0:0:0:0/32", "2001:DB8:0::0/32"];
        const bases = same.map((t) => parseCidr(t)?.base);
        assert.ok(
            bases.every((b) => b === 0x20010db8n << 96n),
            bases.join(", "),
        );
        assert.equal(formatCidr(parseCidr("FC00:0000::/7")!), "fc00::/7");
    });

    it("reads an IPv4-mapped IPv6 range of /96 or longer as its IPv4 range, a shorter one as IPv6", () => {
        assert.deepEqual(readCidr("::ffff:10.0.0.0/104"), { version: 4, base: 10n << 24n, prefix: 8, text: "::ffff:10.0.0.0/104", hostBitsSet: false });
        assert.deepEqual(readCidr("::FFFF:0A00:0/104"), { version: 4, base: 10n << 24n, prefix: 8, text: "::FFFF:0A00:0/104", hostBitsSet: false });
        assert.equal(parseCidr("::ffff:0:0/96")?.prefix, 0);
        assert.equal(parseCidr("::ffff:0:0/96")?.version, 4);
        assert.equal(parseCidr("::/80")?.version, 6);
    });

    it("clears host bits and says they were set", () => {
        const read = parseCidr("10.1.2.3/8")!;
        assert.equal(formatCidr(read), "10.0.0.0/8");
        assert.equal(read.hostBitsSet, true);
        assert.equal(parseCidr("10.0.0.0/8")!.hostBitsSet, false);
        assert.equal(formatCidr(parseCidr("2001:db8::1/32")!), "2001:db8::/32");
    });

    it("refuses what AWS refuses or would read otherwise, with a reason", () => {
        const reasons = Object.fromEntries(
            ["10.1/8", "010.0.0.0/8", "0x0a.0.0.0/8", "fe80::1%eth0/64", "10.0.0.0", "10.0.0.0/x", "1.2.3.4/33", "::/129"].map((t) => [t, readCidr(t)]),
        );
        for (const [text, read] of Object.entries(reasons)) assert.ok("error" in read && read.error.length > 0, `${text}: ${JSON.stringify(read)}`);
    });

    it("reads every IPv4 range written in dotted decimal as its masked address, and formats it back (property)", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
                const read = parseCidr(`${ipv4Text(address)}/${prefix}`)!;
                const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(32 - prefix);
                assert.equal(read.base, BigInt(address) & mask);
                assert.equal(parseCidr(formatCidr(read))!.base, read.base);
            }),
        );
    });

    it("reads an IPv6 range the same in full upper-case hex and in ipaddr's compressed form (property)", () => {
        fc.assert(
            fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }), (value, prefix) => {
                const full = Array.from({ length: 8 }, (_, g) => hex16(value, g).toUpperCase().padStart(4, "0")).join(":");
                const fromFull = parseCidr(`${full}/${prefix}`)!;
                const fromCompressed = parseCidr(formatCidr({ version: 6, base: value, prefix }))!;
                // IPv4-mapped values of /96 or longer read as IPv4 in both forms alike.
                assert.equal(fromFull.version, fromCompressed.version);
                assert.equal(fromFull.base, fromCompressed.base);
            }),
        );
    });
});
