/**
 * What a secret looks like by name or by value. Config validation and the policy pack both use it, so a variable the
 * validator refuses is also one the pack flags.
 */

/** Parts of a variable name that mark its value as a secret: DB_PASSWORD, STRIPE_API_KEY, GITHUB_TOKEN… */
const SECRET_NAME_PARTS = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "SIGNING_KEY",
    "ENCRYPTION_KEY",
    "CREDENTIAL",
    "CREDENTIALS",
];

/** True when an environment variable of this name would hold a secret. Matches whole underscore-separated parts. */
export function looksSecretName(name: string): boolean {
    const upper = `_${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_`;
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
