/**
 * Stacks per layer: which keys a network stack and a services stack hold, and how a services stack's config takes
 * its network from the network stack it reads.
 */
import { Layer, LAYERS } from "./schema";
import { Problems } from "./problems";

/** The keys a network stack holds (besides aws:*): everything else belongs to a services stack. */
const NETWORK_LAYER_KEYS = ["environment", "layer", "protectStatefulResources", "network", "cost", "compliance"] as const;

/** The network stack's output that carries its validated `network` section, which a services stack validates against. */
export const NETWORK_CONFIG_OUTPUT = "networkConfig";

/** The network stack's output that names its region: a services stack must run in the same one. */
export const NETWORK_REGION_OUTPUT = "region";

/** A services stack runs in its network stack's region: a VPC and its subnets belong to one region. */
export function regionProblems(networkStack: string, region: string | undefined, referencedRegion: unknown): Problems {
    if (region === undefined || referencedRegion === undefined || referencedRegion === region) return [];
    return [
        `networkStack: "${networkStack}" is in ${String(referencedRegion)} and this stack in ${region} (aws:region); a services stack runs in its network stack's region`,
    ];
}

/** The stack's layer as written, when it is one of LAYERS; "all" when the key is absent. */
export function layerOf(raw: Record<string, unknown>): Layer | undefined {
    if (raw.layer === undefined) return "all";
    return (LAYERS as readonly unknown[]).includes(raw.layer) ? (raw.layer as Layer) : undefined;
}

/**
 * What a layer refuses or requires of the keys written in the stack file (`raw`, before any network is taken from
 * the network stack): a network stack holds NETWORK_LAYER_KEYS only; a services stack names its network stack and
 * writes no `network`; every other stack has services.
 */
export function layerProblems(raw: Record<string, unknown>): Problems {
    const layer = layerOf(raw);
    if (layer === undefined) return []; // the schema names the allowed values
    const problems: Problems = [];
    if (layer === "network") {
        const allowed: readonly string[] = NETWORK_LAYER_KEYS;
        for (const key of Object.keys(raw).filter((k) => !allowed.includes(k) && k !== "networkStack")) {
            problems.push(`${key}: belongs to a services stack; a network stack (layer: network) holds ${NETWORK_LAYER_KEYS.join(", ")} only`);
        }
    } else {
        if (raw.services === undefined) problems.push(`services: is required`);
        else if (Array.isArray(raw.services) && raw.services.length === 0) problems.push(`services: needs at least 1 item`);
    }
    if (layer === "services") {
        if (raw.networkStack === undefined) {
            problems.push(`networkStack: is required with layer: services (the network stack to read, like acme/ecs-platform/prod-network)`);
        }
        if (raw.network !== undefined) {
            problems.push(`network: a services stack (layer: services) takes its network from networkStack; set network keys in that stack`);
        }
    } else if (raw.networkStack !== undefined) {
        problems.push(`networkStack: only a services stack (layer: services) reads a network stack; this stack's layer is ${layer}`);
    }
    return problems;
}

/**
 * A services stack's problems about network keys are about the network stack's file: say so, since this stack's file
 * has no such key.
 */
export function attributeNetworkProblems(problems: Problems, networkStack: string): Problems {
    return problems.map((p) => (/^network[.:[]/.test(p) ? `${p} (network keys are set in the network stack ${networkStack})` : p));
}

/** The stack name a StackReference names: the last segment of `<organization>/<project>/<stack>`. */
export function referencedStackName(reference: string): string {
    return reference.split("/").pop()!;
}
