/**
 * The subnets a network config implies: each tier's prefix length, defaults applied, CIDRs for the AZs in use, and
 * the AZs that get a NAT gateway.
 */
import { layoutSubnets, parseCidr, SubnetTier } from "../cidr";
import { NatStrategy, NetworkConfig } from "./schema";

/** The subnet prefix length of each tier the stack has, defaults applied. */
export function subnetPrefixLengths(network: NetworkConfig): Partial<Record<SubnetTier, number>> {
    const vpcPrefix = parseCidr(network.cidr)?.prefix ?? 16;
    const lengths: Partial<Record<SubnetTier, number>> = {
        private: network.subnetPrefixLengths.private ?? Math.min(vpcPrefix + 3, 28),
        public: network.subnetPrefixLengths.public ?? Math.min(vpcPrefix + 6, 28),
    };
    if (network.isolatedSubnets) lengths.isolated = network.subnetPrefixLengths.isolated ?? Math.min(vpcPrefix + 6, 28);
    return lengths;
}

/** The subnet CIDRs per tier, only for the AZs in use. */
export function subnetCidrs(network: NetworkConfig): Record<SubnetTier, string[]> {
    const layout = layoutSubnets({ vpcCidr: network.cidr, prefixLengths: subnetPrefixLengths(network) });
    return {
        private: layout.private.slice(0, network.azCount),
        public: layout.public.slice(0, network.azCount),
        isolated: layout.isolated.slice(0, network.azCount),
    };
}

/** Indexes of the AZs that get a NAT gateway. */
export function natAzs(strategy: NatStrategy, azCount: number): number[] {
    switch (strategy) {
        case "none":
            return [];
        case "single":
            return [0];
        case "perAz":
            return Array.from({ length: azCount }, (_, i) => i);
    }
}
