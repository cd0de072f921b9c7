/** Entry of the Pulumi program: build the platform from the stack's config and export its outputs. */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/validate";
import { platformProgram, PlatformOutputs } from "./program";

/** Bad config stops `pulumi preview/up` before any resource, listing the problems without a stack trace (RunError). */
function run(): PlatformOutputs {
    try {
        return platformProgram();
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

const outputs = run();
export const albDnsName = outputs.albDnsName;
export const serviceUrls = outputs.serviceUrls;
export const clusterName = outputs.clusterName;
export const vpcId = outputs.vpcId;
export const privateSubnetIds = outputs.privateSubnetIds;
// null, not undefined, when monitoring is off: Pulumi warns about an undefined stack output.
export const alarmTopicArn = outputs.alarmTopicArn ?? null;
