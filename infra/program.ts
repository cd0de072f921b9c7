/** The program as a function, so the offline plan can run it inside a mock stack as often as it likes. */
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "./config/load";
import { Platform } from "./platform";

export interface PlatformOutputs {
    albDnsName: pulumi.Output<string>;
    serviceUrls: Record<string, pulumi.Output<string>>;
    clusterName: pulumi.Output<string>;
    vpcId: pulumi.Output<string>;
    privateSubnetIds: pulumi.Output<string>[];
    /** The NAT gateways' public IPs, which vendors allowlist ([] without NAT). */
    natPublicIps: pulumi.Output<string>[];
    /** The SNS topic the alarms notify; undefined when monitoring is off. */
    alarmTopicArn?: pulumi.Output<string>;
}

/** Validates the running stack's config (throws ConfigError before any resource) and builds the platform. */
export function platformProgram(): PlatformOutputs {
    const config = loadConfig();
    const platform = new Platform("platform", { config, namePrefix: `${pulumi.getProject()}-${pulumi.getStack()}` });
    return {
        albDnsName: platform.loadBalancer.dnsName,
        serviceUrls: platform.serviceUrls,
        clusterName: platform.cluster.clusterName,
        vpcId: platform.network.vpcId,
        privateSubnetIds: platform.network.private.subnetIds,
        natPublicIps: platform.network.natPublicIps,
        // Only with monitoring on: Pulumi warns about an undefined stack output.
        ...(platform.alarmTopicArn ? { alarmTopicArn: platform.alarmTopicArn } : {}),
    };
}
