/**
 * Secrets written into EC2 user data: an instance's boot script is readable by anyone who can describe the launch
 * template or reach the instance metadata, so a registry password in ecs.config or an exported key is a leak.
 */
import { gunzipSync } from "zlib";
import { knownCredentialKind } from "./credentials";
import { looksSecretName } from "@ecs-platform/shared/secretNames";

/**
 * User data as text. Launch templates take it base64-encoded (EC2 API Reference, RequestLaunchTemplateData.UserData);
 * cloud-init also accepts it gzip-compressed (cloud-init docs, "User data formats", read 2026-12-02).
 */
export function decodeUserData(base64: string): string {
    const bytes = Buffer.from(base64, "base64");
    const gzipped = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    return (gzipped ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** `NAME=value` (shell, ecs.config, env files) and `"name": "value"` / `name: value` (JSON, YAML cloud-config). */
const ASSIGNMENT = /(?:^|[\s;'"{,])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;'"]*)/g;
const KEY_VALUE = /["']?([A-Za-z_][A-Za-z0-9_-]*)["']?\s*:\s*("[^"]*"|'[^']*'|[^\s,}]+)/g;

function unquote(value: string): string {
    return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** A literal: not empty and not read at boot from elsewhere ($VAR, $(aws secretsmanager get-secret-value …)). */
function isLiteral(value: string): boolean {
    return value !== "" && !value.includes("$");
}

/** What in a script looks like a secret, each as a phrase for a message; empty when nothing does. */
export function userDataFindings(text: string): string[] {
    const found: string[] = [];
    for (const pattern of [ASSIGNMENT, KEY_VALUE]) {
        for (const match of text.matchAll(pattern)) {
            const [, name, raw] = match;
            if (looksSecretName(name) && isLiteral(unquote(raw))) found.push(`sets ${name} to a literal value`);
        }
    }
    const kind = knownCredentialKind(text);
    if (kind) found.push(`holds ${kind}`);
    return [...new Set(found)];
}
