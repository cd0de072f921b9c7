/** Reads the stack's config from the Pulumi runtime; the only module that touches pulumi.Config. */
import * as pulumi from "@pulumi/pulumi";
import { validateConfigMap } from "./configMap";
import { StackConfig } from "./validate";

/**
 * Validates the running stack's config; throws ConfigError before any resource is registered. `referencedNetwork`:
 * a services stack's network section, read from its network stack.
 */
export function loadConfig(referencedNetwork?: unknown): StackConfig {
    return validateConfigMap(pulumi.runtime.allConfig(), pulumi.getProject(), referencedNetwork);
}
