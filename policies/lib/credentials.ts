/** What a credential looks like as a plain value, so one pasted into an environment variable is caught. */

/** AWS access key ids. Source: AWS IAM User Guide, "Understanding unique ID prefixes" (AKIA, ASIA, ...). */
const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/;
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;
/** Long unbroken runs of token characters: base64, base64url, hex. */
const TOKEN = /^[A-Za-z0-9+/=_-]{24,}$/;
/** A JSON Web Token: base64url header and payload, both JSON objects (so starting "eyJ"). Source: RFC 7519. */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/;
/** A URL whose user-info carries a password: scheme://user:password@host. Source: RFC 3986, section 3.2.1. */
const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@[^/\s]/i;
/**
 * Provider key formats, each documented by its provider (read 2026-12-02): GitHub tokens (ghp_, gho_, ghu_, ghs_,
 * ghr_, github_pat_), Slack tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-), Stripe live secret and restricted keys,
 * Google API keys (AIza…), npm access tokens (npm_…).
 */
const PROVIDER_KEYS: [RegExp, string][] = [
    [/\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/, "a GitHub token"],
    [/\bxox[bpars]-[A-Za-z0-9-]{10,}/, "a Slack token"],
    [/\b(sk|rk)_live_[A-Za-z0-9]{16,}/, "a Stripe secret key"],
    [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
    [/\bnpm_[A-Za-z0-9]{36}\b/, "an npm token"],
];
/** Names of variables that hold commit ids and other public hashes, whose hex values are not secrets. */
const PUBLIC_HASH_NAME = /(^|_)(SHA|GIT_SHA|COMMIT|COMMIT_SHA|REVISION|DIGEST|CHECKSUM|HASH)$/i;

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
    const counts = new Map<string, number>();
    for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / text.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}

/**
 * Why a value looks like a credential, or undefined. High-entropy threshold: random base64 of 24+ characters scores
 * above 4.2 bits per character and random hex of 32+ above 3.5, while words, hostnames and version strings score lower.
 */
export function credentialKind(value: string, name?: string): string | undefined {
    const known = knownCredentialKind(value);
    if (known) return known;
    // A commit id or digest under a name that says so (GIT_SHA, BUILD_COMMIT, IMAGE_DIGEST) is public.
    if (name && PUBLIC_HASH_NAME.test(name.replace(/[^A-Za-z0-9]+/g, "_")) && /^(sha256:)?[0-9a-fA-F]{7,64}$/.test(value)) return undefined;
    if (TOKEN.test(value)) {
        const hex = /^[0-9a-fA-F]+$/.test(value);
        if (hex ? value.length >= 32 && entropy(value) >= 3.5 : entropy(value) >= 4.2) return "a high-entropy token";
    }
    return undefined;
}

/**
 * A credential found anywhere in a text by its documented format alone (no entropy guess, which free text such as a
 * script would trip): AWS access key ids, private key blocks, JWTs, URLs with a password, provider keys.
 */
export function knownCredentialKind(text: string): string | undefined {
    if (AWS_ACCESS_KEY_ID.test(text)) return "an AWS access key id";
    if (PRIVATE_KEY_BLOCK.test(text)) return "a private key";
    if (JWT.test(text)) return "a JSON Web Token";
    if (URL_WITH_PASSWORD.test(text)) return "a URL with a password in it";
    for (const [pattern, kind] of PROVIDER_KEYS) if (pattern.test(text)) return kind;
    return undefined;
}
