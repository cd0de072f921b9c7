/** Entry of the Pulumi program: read and validate the stack config, build the platform, export its outputs. */
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "./config/load";
import { ConfigError, StackConfig } from "./config/validate";
import { Platform } from "./platform";

/** Bad config stops the program before any resource, with the problems and no stack trace (RunError). */
function validConfig(): StackConfig {
    try {
        return loadConfig();
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

const config = validConfig();
const platform = new Platform("platform", {
    config,
    namePrefix: `${pulumi.getProject()}-${pulumi.getStack()}`,
});

export const albDnsName = platform.loadBalancer.dnsName;
export const serviceUrls = platform.serviceUrls;
export const clusterName = platform.cluster.clusterName;
export const vpcId = platform.network.vpcId;
export const privateSubnetIds = platform.network.private.subnetIds;
