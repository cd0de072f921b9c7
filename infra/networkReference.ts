import * as pulumi from "@pulumi/pulumi";
import { NetworkConfig } from "./config/schema";
import { NetworkView } from "./network";
import { natAzs } from "./config/subnetLayout";

/** A network stack's network as a services stack sees it, with the interface endpoints' group it admits its tasks to. */
export interface ReferencedNetwork extends NetworkView {
    /**
     * The network stack's endpoint clients group, which its interface endpoints admit: this stack's tasks and
     * instances wear it. Absent when that stack has no interface endpoints.
     */
    readonly endpointClientsGroupId?: pulumi.Output<string>;
}

/**
 * The network of the stack `reference` names, from its outputs (NetworkLayer.outputs). `config` is that stack's
 * validated network section (its networkConfig output): it says how many subnets each tier has and whether there are
 * interface endpoints. Nothing waits on the network's resources: they were deployed with that stack.
 */
export function referencedNetwork(reference: pulumi.StackReference, config: NetworkConfig): ReferencedNetwork {
    const list = (output: string, count: number): pulumi.Output<string>[] => {
        const ids = reference.requireOutput(output) as pulumi.Output<string[]>;
        return Array.from({ length: count }, (_, i) => ids.apply((all) => all[i]));
    };
    const natCount = natAzs(config.natGateways, config.azCount).length;
    return {
        vpcId: reference.requireOutput("vpcId") as pulumi.Output<string>,
        public: { subnetIds: list("publicSubnetIds", config.azCount) },
        private: { subnetIds: list("privateSubnetIds", config.azCount) },
        isolated: { subnetIds: list("isolatedSubnetIds", config.isolatedSubnets ? config.azCount : 0) },
        natGatewayIds: list("natGatewayIds", natCount),
        natPublicIps: list("natPublicIps", natCount),
        egress: [],
        ...(config.endpoints.interface.length > 0
            ? { endpointClientsGroupId: reference.requireOutput("endpointClientsSecurityGroupId") as pulumi.Output<string> }
            : {}),
    };
}
