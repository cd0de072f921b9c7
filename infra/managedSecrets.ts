/**
 * The Secrets Manager secrets a stack creates (config `secrets[]`). Each starts with a generated value, so a task
 * that reads it can start on the first deploy; a secret with no value fails its tasks with
 * ResourceInitializationError, and the circuit breaker then leaves the service failed. Pulumi writes that first
 * value once and ignores it afterwards: the real value is set outside Pulumi (`aws secretsmanager put-secret-value`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { secretResourceName } from "./config/rules";
import { ManagedSecretConfig } from "./config/schema";
import { ManagedSecret } from "./service";
import { StatefulOptions } from "./stateful";

/** Punctuation a generated value may use: none that needs quoting in a shell, a URL's user-info or JSON. */
const PUNCTUATION = "!#%*()-_=+[]{}<>:?";

/**
 * Creates each secret with its first value, as children of `parent`, under logical names that depend only on the
 * secret's name. Unprotected secrets are deleted without a recovery window, so that a destroyed dev stack can be
 * created again at once (a secret scheduled for deletion keeps its name for 7 to 30 days).
 */
export function createManagedSecrets(
    secrets: ManagedSecretConfig[],
    stateful: StatefulOptions,
    parent: pulumi.Resource,
): Record<string, ManagedSecret> {
    const created: Record<string, ManagedSecret> = {};
    for (const config of secrets) {
        const name = secretResourceName(config.name);
        const secret = new aws.secretsmanager.Secret(name, {
            name: config.name,
            description: config.description,
            kmsKeyId: config.kmsKeyArn,
            recoveryWindowInDays: stateful.protect ? 30 : 0,
        }, { parent, ...stateful });
        const value = new random.RandomPassword(`${name}-initial`, {
            length: config.initialValue.length,
            special: config.initialValue.punctuation,
            overrideSpecial: config.initialValue.punctuation ? PUNCTUATION : undefined,
        }, { parent });
        const version = new aws.secretsmanager.SecretVersion(`${name}-initial`, {
            secretId: secret.id,
            secretString: value.result,
        }, { parent, ...stateful, ignoreChanges: ["secretString"] });
        created[config.name] = { arn: secret.arn, version };
    }
    return created;
}
