/** The helpers the rules share: CIDR arithmetic, credential shapes, IAM pattern matching. */
import { strict as assert } from "assert";
import { gzipSync } from "zlib";
import { containsCidr, parseCidr } from "@ecs-platform/shared/cidr";
import { coveredShare, isPrivateRange, overlapsPrivateRange } from "../../policies/lib/cidr";
import { decodeUserData, userDataFindings } from "../../policies/lib/userData";
import { credentialKind, entropy } from "../../policies/lib/credentials";
import { isSecretsManagerArn, isSsmParameterArn, looksSecretName, secretArnWithoutSelectors } from "@ecs-platform/shared/secretNames";
import { matchesPattern } from "@ecs-platform/shared/iamPatterns";
import { appliesToAllResources, grantsAction, parseDocument, wildcardActions } from "../../policies/lib/iamDocuments";

const cidr = (text: string) => {
    const parsed = parseCidr(text);
    if (!parsed) throw new Error(`test bug: ${text}`);
    return parsed;
};

describe("shared/cidr: reading and containment", () => {
    it("parses IPv4 and IPv6 CIDRs and clears host bits", () => {
        assert.deepEqual(parseCidr("10.1.2.3/16"), { version: 4, base: 0x0a010000n, prefix: 16, text: "10.1.2.3/16", hostBitsSet: true });
        assert.equal(cidr("::/0").prefix, 0);
        assert.equal(cidr("2001:db8::1/32").base, 0x20010db8n << 96n);
        assert.equal(cidr("fe80::/10").version, 6);
    });

    it("refuses what is not a CIDR", () => {
        for (const bad of [
            "10.0.0.0",
            "10.0.0/16",
            "10.0.0.256/16",
            "10.0.0.0/33",
            "10.0.0.0/16/1",
            "a.b.c.d/8",
            "1::2::3/64",
            "::/129",
            "1:2:3:4:5:6:7:8:9/64",
            "10.0.0.0/x",
        ]) {
            assert.equal(parseCidr(bad), undefined, bad);
        }
    });

    it("decides containment by prefix and network bits", () => {
        assert.ok(containsCidr(cidr("10.0.0.0/8"), cidr("10.20.0.0/16")));
        assert.ok(containsCidr(cidr("10.20.0.0/16"), cidr("10.20.0.0/16")));
        assert.ok(!containsCidr(cidr("10.20.0.0/16"), cidr("10.0.0.0/8")));
        assert.ok(!containsCidr(cidr("10.21.0.0/16"), cidr("10.20.5.0/24")));
        assert.ok(!containsCidr(cidr("::/0"), cidr("10.0.0.0/8")), "versions never contain each other");
        assert.ok(containsCidr(cidr("0.0.0.0/0"), cidr("203.0.113.0/24")));
    });

    it("knows the private ranges, including a supernet that overlaps one", () => {
        for (const inside of ["10.9.0.0/16", "172.31.0.0/16", "192.168.1.0/24", "100.64.0.0/10", "8.0.0.0/6"])
            assert.ok(overlapsPrivateRange(cidr(inside)), inside);
        for (const outside of ["203.0.113.0/24", "172.32.0.0/16", "11.0.0.0/8", "2001:db8::/32"]) assert.ok(!overlapsPrivateRange(cidr(outside)), outside);
    });
});

describe("policies/lib/credentials", () => {
    it("measures entropy in bits per character", () => {
        assert.equal(entropy("aaaa"), 0);
        assert.equal(entropy("abab"), 1);
        assert.equal(entropy("abcd"), 2);
    });

    it("recognises access keys, private keys and random tokens", () => {
        assert.equal(credentialKind("AKIAIOSFODNN7EXAMPLE"), "an AWS access key id");
        assert.equal(credentialKind("key=ASIAY34FZKBOKMUTVV7A;"), "an AWS access key id");
        assert.equal(credentialKind("-----BEGIN OPENSSH PRIVATE KEY-----"), "a private key");
        assert.equal(credentialKind("-----BEGIN PRIVATE KEY-----"), "a private key");
        assert.equal(credentialKind("q8Zt3vX1pL9mK2wR7yB4nC6jH0sD5fG8"), "a high-entropy token");
        assert.equal(credentialKind("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), "a high-entropy token");
    });

    it("leaves ordinary values alone", () => {
        for (const value of [
            "info",
            "api-db.prod.internal",
            "https://api.example.com/v1",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "checkout_v2,search_v3,billing_export",
            "0123456789abcdef0123456789abcde",
            "deadbeefdeadbeefdeadbeefdeadbeef",
            "abcdefghijklmnopqrstuvw",
            "AKIAIOSFODNN7EXAMPL",
            "-----BEGIN PUBLIC KEY-----",
        ]) {
            assert.equal(credentialKind(value), undefined, value);
        }
    });
});

describe("policies/lib/iamDocuments", () => {
    it("matches IAM wildcards case-insensitively and literally otherwise", () => {
        assert.ok(matchesPattern("secretsmanager:Get*", "secretsmanager:GetSecretValue"));
        assert.ok(matchesPattern("SECRETSMANAGER:getsecretvalue", "secretsmanager:GetSecretValue"));
        assert.ok(matchesPattern("secretsmanager:GetSecretValu?", "secretsmanager:GetSecretValue"));
        assert.ok(!matchesPattern("secretsmanager:Get", "secretsmanager:GetSecretValue"));
        assert.ok(!matchesPattern("s3:*", "secretsmanager:GetSecretValue"));
        assert.ok(!matchesPattern("secretsmanager.GetSecretValue", "secretsmanagerXGetSecretValue"), "a dot is not a wildcard");
    });

    it("reads single statements, string lists and NotResource", () => {
        const [s] = parseDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::x" } });
        assert.deepEqual(s, {
            effect: "Allow",
            actions: ["s3:GetObject"],
            notActions: undefined,
            resources: undefined,
            notResources: ["arn:aws:s3:::x"],
            sid: undefined,
        });
        assert.ok(appliesToAllResources(s));
        assert.deepEqual(parseDocument('{"Version":"2012-10-17"}'), []);
        assert.throws(() => parseDocument("[1]"), /is not a JSON object/);
    });

    it("finds the administrative patterns of a statement", () => {
        const [s] = parseDocument({ Statement: [{ Effect: "Allow", Action: ["ecs:*", "ecs:Describe*", "*"], Resource: "*" }] });
        assert.deepEqual(wildcardActions(s), ["ecs:*", "*"]);
        const [deny] = parseDocument({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] });
        assert.deepEqual(wildcardActions(deny), []);
        assert.ok(!grantsAction(deny, "s3:GetObject"));
        const [bare] = parseDocument({ Statement: [{ Effect: "Allow", Resource: "*" }] });
        assert.ok(!grantsAction(bare, "s3:GetObject"), "no Action and no NotAction grants nothing");
    });
});

describe("shared/secretNames", () => {
    it("matches secret words as whole parts of a name, whatever the separators", () => {
        for (const name of [
            "DB_PASSWORD",
            "db-password",
            "stripe.api.key",
            "GITHUB_TOKEN",
            "ClientSecret".replace(/([a-z])([A-Z])/g, "$1_$2"),
            "AWS_ACCESS_KEY",
        ]) {
            assert.ok(looksSecretName(name), name);
        }
        for (const name of ["PASSWORDLESS_LOGIN", "TOKENIZER_MODEL", "DB_HOST", "SECRETARY_EMAIL", "KEYBOARD"]) assert.ok(!looksSecretName(name), name);
    });

    it("knows Secrets Manager ARNs, with and without the ECS selectors, in every partition", () => {
        assert.ok(isSecretsManagerArn("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"));
        assert.ok(isSecretsManagerArn("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:"));
        for (const bad of [
            "arn:aws:ssm:eu-west-1:123456789012:parameter/db",
            "xarn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
            "arn:aws:secretsmanager:eu-west-1:12345:secret:db",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db:a:b:c:d",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:",
        ]) {
            assert.ok(!isSecretsManagerArn(bad), bad);
        }
    });

    it("strips the ECS selectors for IAM and recognises SSM parameter ARNs", () => {
        assert.equal(
            secretArnWithoutSelectors("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::"),
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        );
        assert.ok(isSsmParameterArn("arn:aws:ssm:eu-west-1:123456789012:parameter/db"));
        assert.ok(isSsmParameterArn("arn:aws-cn:ssm:cn-north-1:123456789012:parameter/db"));
        assert.ok(!isSsmParameterArn("/db/password"));
        assert.ok(!isSsmParameterArn("see arn:aws:ssm:eu-west-1:1:parameter/db"));
    });
});

describe("what looks secret, v2", () => {
    it("takes PASS, PWD and PASSWD parts and well-known credential variables as secret names, and the working directory not", () => {
        for (const name of ["PGPASSWORD", "MYSQL_PWD", "DB_PASS", "RABBITMQ_DEFAULT_PASS", "LDAP_PASSWD", "SENTRY_DSN", "SLACK_WEBHOOK_URL"])
            assert.ok(looksSecretName(name), name);
        for (const name of ["PWD", "OLDPWD", "PASSENGER_COUNT", "PASSPORT_URL", "PGPASSFILE", "DB_HOST"]) assert.ok(!looksSecretName(name), name);
    });

    it("finds JWTs, passwords in URLs and provider key formats in values", () => {
        const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert.equal(credentialKind(jwt), "a JSON Web Token");
        assert.equal(credentialKind("postgresql://app:s3cr3t@db.internal:5432/app"), "a URL with a password in it");
        assert.equal(credentialKind("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "a GitHub token");
        assert.equal(credentialKind("xoxb-123456789012-abcdefABCDEF"), "a Slack token");
        assert.equal(credentialKind("sk_live_abcdefghijklmnop1234"), "a Stripe secret key");
        assert.equal(credentialKind("AIzaSyA1234567890abcdefghijklmnopqrstuv"), "a Google API key");
        for (const clean of ["postgresql://db.internal:5432/app", "https://user@example.com/x", "https://example.com/a:b@c", "eyJ", "v1.2.3"]) {
            assert.equal(credentialKind(clean), undefined, clean);
        }
    });

    it("passes commit ids and digests under names that say so, and still flags the same value elsewhere", () => {
        const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b";
        for (const name of ["GIT_SHA", "BUILD_COMMIT", "SOURCE_REVISION", "IMAGE_DIGEST"]) assert.equal(credentialKind(sha, name), undefined, name);
        assert.equal(credentialKind("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "UPSTREAM"), "a high-entropy token");
    });
});

describe("policies/lib/cidr, shares and private IPv6", () => {
    const cidrs = (...texts: string[]) => texts.map((t) => parseCidr(t)!);

    it("measures the share of a family a set covers, overlaps and the other family not counted twice", () => {
        assert.equal(coveredShare(cidrs("0.0.0.0/1", "128.0.0.0/1"), 4), 1);
        assert.equal(coveredShare(cidrs("10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/9"), 4), 2 ** -8);
        assert.equal(coveredShare(cidrs("12.0.0.0/8", "10.0.0.0/8"), 4), 2 ** -7);
        assert.equal(coveredShare(cidrs("10.0.0.0/9", "10.128.0.0/9"), 4), 2 ** -8);
        assert.equal(coveredShare(cidrs("10.0.0.0/8", "::/1"), 4), 2 ** -8);
        assert.equal(coveredShare(cidrs("10.0.0.0/8", "::/1"), 6), 0.5);
        assert.equal(coveredShare([], 4), 0);
        assert.equal(coveredShare(cidrs("1.2.3.4/32"), 4), 0);
    });

    it("knows the IPv6 private ranges: unique local and link-local", () => {
        for (const text of ["fd00::/8", "fc00::/7", "fe80::/64", "fd12:3456::/48"]) {
            assert.equal(isPrivateRange(parseCidr(text)!), true, text);
            assert.equal(overlapsPrivateRange(parseCidr(text)!), true, text);
        }
        for (const text of ["2001:db8::/32", "::/0", "fe00::/8"]) assert.equal(isPrivateRange(parseCidr(text)!), false, text);
        assert.equal(overlapsPrivateRange(parseCidr("::/0")!), true);
        assert.equal(isPrivateRange(parseCidr("10.1.0.0/16")!), true);
        assert.equal(isPrivateRange(parseCidr("0.0.0.0/0")!), false);
    });
});

describe("policies/lib/userData", () => {
    it("decodes base64 and gzip-compressed user data, and leaves short or plain data as text", () => {
        const script = "#!/bin/bash\necho hi\n";
        assert.equal(decodeUserData(Buffer.from(script).toString("base64")), script);
        assert.equal(decodeUserData(gzipSync(Buffer.from(script)).toString("base64")), script);
        assert.equal(decodeUserData(Buffer.from([0x1f, 0x8b]).toString("base64")), "\u001f\ufffd");
    });

    it("finds literal secrets in shell, ecs.config, JSON and YAML, once each", () => {
        assert.deepEqual(userDataFindings("export DB_PASSWORD=hunter2\nDB_PASSWORD=hunter2"), ["sets DB_PASSWORD to a literal value"]);
        assert.deepEqual(userDataFindings('API_TOKEN="abc";'), ["sets API_TOKEN to a literal value"]);
        assert.deepEqual(userDataFindings("x='y' SECRET_KEY='abc'"), ["sets SECRET_KEY to a literal value"]);
        assert.deepEqual(userDataFindings('{"password": "p"}'), ["sets password to a literal value"]);
        assert.deepEqual(userDataFindings("api_token: 'abc'"), ["sets api_token to a literal value"]);
        assert.deepEqual(userDataFindings("-----BEGIN RSA PRIVATE KEY-----"), ["holds a private key"]);
    });

    it("passes values read at boot, empty values and harmless names", () => {
        for (const text of [
            'DB_PASSWORD=""',
            "DB_PASSWORD=$(cat /run/secret)",
            'API_TOKEN="${TOKEN}"',
            "password: $DB",
            "ECS_CLUSTER=prod",
            "PWD=/tmp",
            "cd $PWD",
        ]) {
            assert.deepEqual(userDataFindings(text), [], text);
        }
    });
});

describe("shared/cidr, parsing edges", () => {
    it("refuses malformed IPv4 and IPv6 CIDRs and parses the extremes", () => {
        for (const text of [
            "256.0.0.0/8",
            "1.2.3/8",
            "x1.0.0.0/8",
            "1x.0.0.0/8",
            "1.2.3.4.5/8",
            "10.0.0.0",
            "10.0.0.0/x8",
            "10.0.0.0/8x",
            "10.0.0.0/8/1",
            "10.0.0.0/33",
            "1:2:3:4:5:6:7/128",
            "1::2:3:4:5:6:7:8/128",
            "::1::/64",
            "g::/16",
            "12345::/16",
            "1:2:3:4:5:6:7:8:9/128",
            "::/129",
        ]) {
            assert.equal(parseCidr(text), undefined, text);
        }
        assert.equal(parseCidr("255.255.255.255/32")?.base, 0xffffffffn);
        assert.equal(parseCidr("1:2:3:4:5:6:7:8/128")?.base, 0x00010002000300040005000600070008n);
        assert.equal(parseCidr("1::/16")?.base, 1n << 112n);
        assert.equal(parseCidr("::ffff/128")?.base, 0xffffn);
        assert.equal(parseCidr(" 10.1.2.3/8 ")?.text, "10.1.2.3/8");
        assert.equal(parseCidr(" 10.1.2.3/8 ")?.base, 10n << 24n);
    });

    it("compares only ranges of one family, and an outer range must be the broader", () => {
        assert.equal(containsCidr(parseCidr("::/0")!, parseCidr("10.0.0.0/8")!), false);
        assert.equal(containsCidr(parseCidr("10.0.0.0/16")!, parseCidr("10.0.0.0/8")!), false);
        assert.equal(containsCidr(parseCidr("10.0.0.0/8")!, parseCidr("10.0.0.0/16")!), true);
    });

    it("measures shares of unsorted, nested and adjacent ranges", () => {
        const share = (...texts: string[]) =>
            coveredShare(
                texts.map((t) => parseCidr(t)!),
                4,
            );
        assert.equal(share("12.0.0.0/8", "8.0.0.0/8", "10.0.0.0/8"), 3 * 2 ** -8);
        assert.equal(share("10.0.0.0/7", "10.128.0.0/9", "11.0.0.0/8"), 2 ** -7);
        assert.equal(share("10.0.0.0/8", "11.0.0.0/8"), 2 ** -7);
        assert.equal(share("10.128.0.0/9", "10.0.0.0/8"), 2 ** -8);
    });
});

describe("policies/lib/iamDocuments, edges", () => {
    it("refuses documents that are not objects, and keeps only string Sids", () => {
        for (const document of [null, [], "[]", "3", 7]) assert.throws(() => parseDocument(document), /is not a JSON object/, JSON.stringify(document));
        assert.deepEqual(parseDocument({ Statement: { Effect: "Allow", Action: null, Sid: 5 } }), [
            { effect: "Allow", actions: undefined, notActions: undefined, resources: undefined, notResources: undefined, sid: undefined },
        ]);
        assert.equal(parseDocument({ Statement: [{ Effect: "Deny", Sid: "S" }] })[0].effect, "Deny");
    });

    it("knows which resource patterns cover every resource", () => {
        for (const pattern of ["*", "arn:aws:ec2:*:*:**", "arn:aws:iam:::role/*", "arn:aws:*:*:*:*", "arn:aws-cn:secretsmanager:*:*:secret:*"]) {
            assert.equal(appliesToAllResources({ effect: "Allow", resources: [pattern] }), true, pattern);
        }
        for (const pattern of [
            "arn:aws:s3",
            "urn:aws:iam:::role/*",
            "arn:aws:*:eu-west-1:*:*",
            "arn:aws:ec2:*:123456789012:*",
            "arn:aws:secretsmanager:eu-west-1:*:secret:*",
            "arn:aws:secretsmanager:*:123456789012:secret:*",
            "arn:aws:ec2:eu-west-1:*:**",
            "arn:aws:ec2:*:123456789012:**",
            "arn:aws:secretsmanager:*:*:secret:prod/*",
        ]) {
            assert.equal(appliesToAllResources({ effect: "Allow", resources: [pattern] }), false, pattern);
        }
        assert.equal(appliesToAllResources({ effect: "Allow" }), false);
        assert.deepEqual(wildcardActions({ effect: "Allow", actions: ["a:s3:*", "s3:Get*", "s3:*"] }), ["s3:*"]);
        assert.deepEqual(wildcardActions({ effect: "Allow" }), []);
    });
});
