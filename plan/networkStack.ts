/**
 * The network stack a services stack reads (`layer: services`, `networkStack`), found offline: the stack file named
 * by the reference's last segment (`acme/ecs-platform/prod-network` → Pulumi.prod-network.yaml) in the same project
 * directory. Needs no Pulumi runtime, so the plan command validates both files before anything loads.
 */
import { projectConfig, validateConfigMap } from "../infra/config/configMap";
import { layerOf, referencedStackName, regionProblems } from "../infra/config/layers";
import { NetworkConfig } from "../infra/config/schema";
import { ConfigError } from "../infra/config/validate";
import { readStackConfig } from "./stackFiles";

export interface NetworkStackFile {
    /** The name the services stack gives (what its StackReference names). */
    name: string;
    /** The stack whose file answers it offline. */
    stack: string;
    /** That stack's validated network section. */
    network: NetworkConfig;
}

/** The network stack `config` (a stack's config map) reads, validated; undefined when the stack is not a services stack. */
export function networkStackFile(dir: string, stack: string, config: Record<string, string>, project: string): NetworkStackFile | undefined {
    const written = projectConfig(config, project);
    if (layerOf(written) !== "services" || typeof written.networkStack !== "string") return undefined;
    const name = written.networkStack;
    const target = referencedStackName(name);
    const segments = name.split("/");
    if (segments.length === 3 && segments[1] !== project) {
        throw new ConfigError([
            `networkStack: "${name}" names the project ${segments[1]}; the offline plan answers references to stacks of this project (${project}) only, from their files here`,
        ]);
    }
    if (target === stack) throw new ConfigError([`networkStack: "${name}" names this stack; name the network stack (layer: network) this one reads`]);
    const referenced = readStackConfig(dir, target, project).config;
    if (layerOf(projectConfig(referenced, project)) !== "network") {
        throw new ConfigError([`networkStack: "${name}" is not a network stack (Pulumi.${target}.yaml does not say layer: network)`]);
    }
    const elsewhere = regionProblems(name, config["aws:region"], referenced["aws:region"]);
    if (elsewhere.length > 0) throw new ConfigError(elsewhere);
    try {
        return { name, stack: target, network: validateConfigMap(referenced, project).network };
    } catch (err) {
        if (err instanceof ConfigError) throw new ConfigError(err.problems.map((p) => `networkStack: Pulumi.${target}.yaml: ${p}`));
        throw err;
    }
}
