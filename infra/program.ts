/** The program as a function, so the offline plan can run it inside a mock stack as often as it likes. */
import * as pulumi from "@pulumi/pulumi";
import { projectConfig } from "./config/configMap";
import { layerOf, NETWORK_CONFIG_OUTPUT, NETWORK_REGION_OUTPUT, regionProblems } from "./config/layers";
import { loadConfig } from "./config/load";
import { ConfigError, StackConfig } from "./config/validate";
import { NetworkLayer } from "./networkLayer";
import { referencedNetwork } from "./networkReference";
import { Platform } from "./platform";

export interface PlatformOutputs {
    albDnsName: pulumi.Output<string>;
    /** The NLB's DNS name; null without services on an NLB (Pulumi warns about an undefined output). */
    nlbDnsName: pulumi.Output<string> | null;
    serviceUrls: Record<string, pulumi.Output<string>>;
    clusterName: pulumi.Output<string>;
    vpcId: pulumi.Output<string>;
    privateSubnetIds: pulumi.Output<string>[];
    /** The NAT gateways' public IPs, which vendors allowlist ([] without NAT). */
    natPublicIps: pulumi.Output<string>[];
    /** The SNS topic the alarms notify; null when monitoring is off (Pulumi warns about an undefined output). */
    alarmTopicArn: pulumi.Output<string> | null;
}

/** A stack's outputs: the platform's, or a network stack's (NetworkLayer.outputs). */
export type StackOutputs = PlatformOutputs | Record<string, unknown>;

/**
 * Validates the running stack's config (throws ConfigError before any resource but a services stack's reference to
 * its network stack) and builds what the stack's layer holds.
 */
export async function platformProgram(): Promise<StackOutputs> {
    const namePrefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
    const written = projectConfig(pulumi.runtime.allConfig(), pulumi.getProject());
    if (layerOf(written) === "services" && typeof written.networkStack === "string") return servicesLayer(written.networkStack, namePrefix);
    const config = loadConfig();
    if (config.layer === "network") {
        const layer = new NetworkLayer("network-layer", { config, namePrefix });
        return layer.outputs(config.network, config.region);
    }
    return platformOutputs(new Platform("platform", { config, namePrefix }));
}

/**
 * A services stack: reads the network stack through a StackReference (in a real preview its outputs are those of its
 * last deploy), validates this stack's config against that stack's network section, and builds the platform on it.
 */
async function servicesLayer(networkStack: string, namePrefix: string): Promise<PlatformOutputs> {
    const reference = new pulumi.StackReference("network", { name: networkStack });
    const [written, region] = await Promise.all([reference.getOutputDetails(NETWORK_CONFIG_OUTPUT), reference.getOutputDetails(NETWORK_REGION_OUTPUT)]);
    const elsewhere = regionProblems(networkStack, pulumi.runtime.allConfig()["aws:region"], region.value ?? region.secretValue);
    const config: StackConfig = withProblems(elsewhere, () => loadConfig(written.value ?? written.secretValue));
    const network = referencedNetwork(reference, config.network);
    return platformOutputs(new Platform("platform", { config, namePrefix, network }));
}

/** `load`'s result, or a ConfigError with `problems` first and every problem `load` found. */
function withProblems<T>(problems: string[], load: () => T): T {
    try {
        const result = load();
        if (problems.length > 0) throw new ConfigError(problems);
        return result;
    } catch (err) {
        if (err instanceof ConfigError && problems.length > 0 && err.problems !== problems) throw new ConfigError([...problems, ...err.problems]);
        throw err;
    }
}

function platformOutputs(platform: Platform): PlatformOutputs {
    return {
        albDnsName: platform.loadBalancer.dnsName,
        nlbDnsName: platform.networkLoadBalancer?.dnsName ?? null,
        serviceUrls: platform.serviceUrls,
        clusterName: platform.cluster.clusterName,
        vpcId: platform.network.vpcId,
        privateSubnetIds: platform.network.private.subnetIds,
        natPublicIps: platform.network.natPublicIps,
        alarmTopicArn: platform.alarmTopicArn ?? null,
    };
}
