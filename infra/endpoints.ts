import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InterfaceEndpoint } from "./config/schema";

export interface InterfaceEndpointsArgs {
    vpcId: pulumi.Input<string>;
    region: string;
    services: InterfaceEndpoint[];
    /** One subnet per AZ; an endpoint gets a network interface in each. */
    subnetIds: pulumi.Input<string>[];
    /** The group that admits HTTPS from tasks and container instances only. */
    securityGroupId: pulumi.Input<string>;
    namePrefix: string;
}

/** Interface VPC endpoints with private DNS, so AWS API names resolve to addresses inside the VPC. */
export class InterfaceEndpoints extends pulumi.ComponentResource {
    readonly endpoints: Partial<Record<InterfaceEndpoint, aws.ec2.VpcEndpoint>> = {};

    constructor(name: string, args: InterfaceEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:network:InterfaceEndpoints", name, {}, opts);
        for (const service of args.services) {
            this.endpoints[service] = new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: args.vpcId,
                    serviceName: `com.amazonaws.${args.region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: args.subnetIds,
                    securityGroupIds: [args.securityGroupId],
                    tags: { Name: `${args.namePrefix}-${service}` },
                },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
