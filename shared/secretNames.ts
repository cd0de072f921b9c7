/**
 * What a secret looks like by name or by value. Config validation and the policy pack both use it, so a variable the
 * validator refuses is also one the pack flags.
 */

/** Parts of a variable name that mark its value as a secret: DB_PASSWORD, STRIPE_API_KEY, GITHUB_TOKEN… */
const SECRET_NAME_PARTS = [
    "PASSWORD",
    "PASSWORDS",
    "PASSWD",
    "PASS",
    "PWD",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "TOKENS",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "SIGNING_KEY",
    "ENCRYPTION_KEY",
    "CREDENTIAL",
    "CREDENTIALS",
];

/**
 * Credential variables of common tools whose names have no such part: libpq's PGPASSWORD, the mysql client's
 * MYSQL_PWD is caught by PWD, Sentry's DSN (it holds the key), a Slack webhook URL (the URL is the secret), New
 * Relic's license key. Sources: PostgreSQL docs "Environment Variables"; MySQL docs "Environment Variables"; Sentry
 * docs "DSN"; Slack API "Incoming webhooks" (read 2026-12-02).
 */
const WELL_KNOWN_SECRET_VARIABLES = [
    "PGPASSWORD",
    "SENTRY_DSN",
    "SLACK_WEBHOOK_URL",
    "NEW_RELIC_LICENSE_KEY",
    "DATADOG_API_KEY",
    "DD_APP_KEY",
    // The ECS container agent's private registry credentials (ecs.config). Source: Amazon ECS Developer Guide,
    // "Private registry authentication for container instances" (read 2026-12-02).
    "ECS_ENGINE_AUTH_DATA",
];

/** Shell variables that share a secret-looking part but are not secrets: the working directories. */
const NOT_SECRET = ["PWD", "OLDPWD"];

/**
 * True when an environment variable of this name would hold a secret: a well-known credential variable, or a name
 * with a secret-looking part (whole underscore-separated parts, so PASSENGER_COUNT or PASSPORT_URL pass).
 */
export function looksSecretName(name: string): boolean {
    const normalised = name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
    if (NOT_SECRET.includes(normalised)) return false;
    if (WELL_KNOWN_SECRET_VARIABLES.includes(normalised)) return true;
    const upper = `_${normalised}_`;
    return SECRET_NAME_PARTS.some((part) => upper.includes(`_${part}_`));
}

export const SECRET_NAME_EXAMPLES = SECRET_NAME_PARTS.join(", ");

/**
 * A Secrets Manager secret ARN, optionally followed by the ECS selectors `:json-key:version-stage:version-id`.
 * Source: Amazon ECS Developer Guide, "Pass Secrets Manager secrets through Amazon ECS environment variables".
 */
const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?$/;

export function isSecretsManagerArn(value: string): boolean {
    return SECRETS_MANAGER_ARN.test(value);
}

/** The secret's own ARN without the ECS selectors, which is what IAM grants must name. */
export function secretArnWithoutSelectors(value: string): string {
    const parts = value.split(":");
    return parts.slice(0, 7).join(":");
}

export function isSsmParameterArn(value: string): boolean {
    return /^arn:aws[a-z-]*:ssm:/.test(value);
}
