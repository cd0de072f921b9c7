/**
 * The Secrets Manager secrets a stack creates (config `secrets[]`). Each starts with a generated value, so a task
 * that reads it can start on the first deploy; a secret with no value fails its tasks with
 * ResourceInitializationError, and the circuit breaker then leaves the service failed. Pulumi writes that first
 * value once and ignores it afterwards: the real value is set outside Pulumi (`aws secretsmanager put-secret-value`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { secretResourceName } from "./config/logicalNames";
import { ManagedSecretConfig } from "./config/schema";
import { sidecarSecretKey } from "./containerDefinition";
import { StatefulOptions } from "./stateful";

/** A Secrets Manager secret the stack creates. */
export interface ManagedSecret {
    readonly arn: pulumi.Output<string>;
    /** Its first value; a task reading the secret must not start before it. */
    readonly version: pulumi.Resource;
}

/** The staging label of the generated first value. */
export const INITIAL_VALUE_STAGE = "PULUMI_INITIAL";

/** Punctuation a generated value may use: none that needs quoting in a shell, a URL's user-info or JSON. */
const PUNCTUATION = "!#%*()-_=+[]{}<>:?";

/**
 * Creates each secret with its first value, as children of `parent`, under logical names that depend only on the
 * secret's name. Unprotected secrets are deleted without a recovery window, so that a destroyed dev stack can be
 * created again at once (a secret scheduled for deletion keeps its name for 7 to 30 days).
 */
export function createManagedSecrets(secrets: ManagedSecretConfig[], stateful: StatefulOptions, parent: pulumi.Resource): Record<string, ManagedSecret> {
    const created: Record<string, ManagedSecret> = {};
    for (const config of secrets) {
        const name = secretResourceName(config.name);
        const secret = new aws.secretsmanager.Secret(
            name,
            { name: config.name, description: config.description, kmsKeyId: config.kmsKeyArn, recoveryWindowInDays: stateful.protect ? 30 : 0 },
            { parent, ...stateful },
        );
        const value = new random.RandomPassword(
            `${name}-initial`,
            {
                length: config.initialValue.length,
                special: config.initialValue.punctuation,
                overrideSpecial: config.initialValue.punctuation ? PUNCTUATION : undefined,
            },
            { parent },
        );
        // The custom stage keeps this version alive once put-secret-value has moved AWSCURRENT elsewhere: a version
        // left with no stage is deprecated and deleted by Secrets Manager, and the provider would then create it
        // again, from the generated value, as the current one (terraform-aws-modules/terraform-aws-secrets-manager#24,
        // 2026-03). Pulumi ignores both the value and where the stages move afterwards.
        const version = new aws.secretsmanager.SecretVersion(
            `${name}-initial`,
            { secretId: secret.id, secretString: value.result, versionStages: ["AWSCURRENT", INITIAL_VALUE_STAGE] },
            { parent, ...stateful, ignoreChanges: ["secretString", "versionStages"] },
        );
        created[config.name] = { arn: secret.arn, version };
    }
    return created;
}

/** What a service's secret variables read: an ARN per variable, and the first values of the stack's secrets among them. */
export interface ServiceSecrets {
    /** The Secrets Manager ARN of each variable: the configured ARN, or that of the secret the stack creates. */
    readonly arns: Record<string, pulumi.Input<string>>;
    /** The first value of each secret the stack creates that the service reads: its tasks must not start before them. */
    readonly versions: pulumi.Resource[];
}

/**
 * Every secret a service's task reads: its own and its sidecars' (keyed apart: sidecarSecretKey), resolved. They are all
 * read through the task's one execution role.
 */
export function taskSecrets(
    svc: { secrets: Record<string, string>; sidecars: readonly { name: string; secrets: Record<string, string> }[] },
    managed: Record<string, ManagedSecret>,
): ServiceSecrets {
    const sidecars = svc.sidecars.flatMap((s) => Object.entries(s.secrets).map(([v, ref]) => [sidecarSecretKey(s.name, v), ref]));
    return serviceSecrets({ ...svc.secrets, ...Object.fromEntries(sidecars) }, managed);
}

/** Resolves a service's `secrets` (variable to ARN or to the name of a secret the stack creates). */
export function serviceSecrets(secrets: Record<string, string>, managed: Record<string, ManagedSecret>): ServiceSecrets {
    const arns: Record<string, pulumi.Input<string>> = {};
    const versions: pulumi.Resource[] = [];
    for (const [variable, ref] of Object.entries(secrets)) {
        if (ref.startsWith("arn:")) {
            arns[variable] = ref;
        } else {
            arns[variable] = managed[ref].arn;
            if (!versions.includes(managed[ref].version)) versions.push(managed[ref].version);
        }
    }
    return { arns, versions };
}
