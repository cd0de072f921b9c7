/** What a credential looks like as a plain value, so one pasted into an environment variable is caught. */

/** AWS access key ids. Source: AWS IAM User Guide, "Understanding unique ID prefixes" (AKIA, ASIA, ...). */
const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/;
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;
/** Long unbroken runs of token characters: base64, base64url, hex. */
const TOKEN = /^[A-Za-z0-9+/=_-]{24,}$/;

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
export function credentialKind(value: string): string | undefined {
    if (AWS_ACCESS_KEY_ID.test(value)) return "an AWS access key id";
    if (PRIVATE_KEY_BLOCK.test(value)) return "a private key";
    if (TOKEN.test(value)) {
        const hex = /^[0-9a-fA-F]+$/.test(value);
        if (hex ? value.length >= 32 && entropy(value) >= 3.5 : entropy(value) >= 4.2) return "a high-entropy token";
    }
    return undefined;
}
