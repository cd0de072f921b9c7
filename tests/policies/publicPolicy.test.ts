import { strict as assert } from "assert";
import { rawStatements } from "../../policies/lib/iamDocuments";
import { conditionPins, isEveryone, isPublicStatement, PINNING_KEYS, TRUST_PINNING_KEYS } from "../../policies/lib/publicPolicy";

describe("S3's meaning of public (policies/lib/publicPolicy.ts)", () => {
    const everyone = (condition?: Record<string, unknown>) => ({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: condition });
    /** A fixed value of the right shape for each key. */
    const fixedValue = (key: string) => (key === "aws:sourceip" ? "203.0.113.0/24" : key.endsWith("arn") ? "arn:aws:s3:::bucket" : "value-1");

    it("pins on each of S3's keys with a fixed value, under each positive operator, in any case", () => {
        for (const key of PINNING_KEYS) {
            const operator = key === "aws:sourceip" ? "IpAddress" : key.endsWith("arn") ? "ArnEquals" : "StringEquals";
            assert.equal(isPublicStatement(everyone({ [operator]: { [key]: fixedValue(key) } })), false, key);
            assert.equal(isPublicStatement(everyone({ [operator]: { [key.toUpperCase()]: fixedValue(key) } })), false, key.toUpperCase());
        }
        for (const operator of ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "ForAnyValue:StringEquals", "stringequals"]) {
            assert.equal(conditionPins({ [operator]: { "aws:SourceVpce": "vpce-1" } }), true, operator);
        }
    });

    it("does not pin on other operators, wildcards, variables, empty values or world-wide ranges", () => {
        for (const condition of [
            { StringNotEquals: { "aws:SourceVpce": "vpce-1" } },
            { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } },
            { "ForAllValues:StringEquals": { "aws:SourceVpce": "vpce-1" } },
            { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
            { StringEquals: { "aws:SourceVpce": "vpce-?" } },
            { StringEquals: { "aws:SourceVpce": "" } },
            { StringEquals: { "aws:SourceVpce": [] } },
            { StringEquals: { "aws:SourceVpce": ["vpce-1", "vpce-*"] } },
            { StringEquals: { "aws:SourceAccount": "${aws:PrincipalAccount}" } },
            { IpAddress: { "aws:SourceIp": ["not-an-address"] } },
            { IpAddress: { "aws:SourceIp": "::/0" } },
            { IpAddress: { "aws:SourceIp": ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"] } },
            { StringEquals: "aws:SourceVpce" },
            { StringEquals: null },
        ]) {
            assert.equal(conditionPins(condition), false, JSON.stringify(condition));
        }
        assert.equal(conditionPins(undefined), false);
        assert.equal(conditionPins("aws:SourceVpce"), false);
    });

    it("pins bare addresses, IPv6 ranges, and ranges just under a /8's worth", () => {
        assert.equal(conditionPins({ IpAddress: { "aws:SourceIp": ["198.51.100.7", "2001:db8::1"] } }), true);
        assert.equal(conditionPins({ IpAddress: { "aws:SourceIp": ["2001:db8::/32"] } }), true);
        assert.equal(conditionPins({ IpAddress: { "aws:SourceIp": ["11.0.0.0/9", "12.0.0.0/10"] } }), true);
        assert.equal(conditionPins({ IpAddress: { "aws:SourceIp": ["11.0.0.0/9", "12.0.0.0/9"] } }), false);
        assert.equal(conditionPins({ IpAddress: { "aws:SourceIp": ["2001::/9", "2100::/9"] } }), false);
    });

    it("keeps trust keys apart: the principal keys pin a trust policy but not a bucket policy", () => {
        for (const key of ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn"]) {
            assert.equal(conditionPins({ StringEquals: { [key]: "x-1" } }, TRUST_PINNING_KEYS), true, key);
            assert.equal(conditionPins({ StringEquals: { [key]: "x-1" } }), false, key);
        }
        assert.equal(conditionPins({ StringEquals: { "sts:ExternalId": "x-1" } }, TRUST_PINNING_KEYS), false);
        assert.equal(conditionPins({ StringEquals: { "aws:SourceAccount": "123456789012" } }, TRUST_PINNING_KEYS), true);
    });

    it("names everyone as S3 and IAM write it, and nothing else", () => {
        assert.equal(isEveryone("*"), true);
        assert.equal(isEveryone({ AWS: "*" }), true);
        assert.equal(isEveryone({ AWS: ["arn:aws:iam::123456789012:root", "*"] }), true);
        for (const principal of [
            undefined,
            null,
            "arn:aws:iam::123456789012:root",
            { AWS: "arn:aws:iam::123456789012:root" },
            { Service: "*" },
            { AWS: ["arn:aws:iam::123456789012:root"] },
        ]) {
            assert.equal(isEveryone(principal), false, JSON.stringify(principal));
        }
        assert.equal(isPublicStatement({ Effect: "Deny", Principal: "*" }), false);
        assert.equal(isPublicStatement({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" } }), false);
        assert.equal(isPublicStatement({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }), true);
    });

    it("reads statements from a string, an object, a single statement, and refuses what is not JSON", () => {
        const statement = { Effect: "Allow", Principal: "*" };
        assert.deepEqual(rawStatements(JSON.stringify({ Statement: [statement] })), [statement]);
        assert.deepEqual(rawStatements({ Statement: statement }), [statement]);
        assert.deepEqual(rawStatements({}), []);
        assert.throws(() => rawStatements(null), /is not a JSON object/);
        assert.throws(() => rawStatements("[]"), /is not a JSON object/);
        assert.throws(() => rawStatements("{"), /is not valid JSON/);
    });
});
