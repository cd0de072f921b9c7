import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InterfaceEndpoint } from "./config/schema";

export interface InterfaceEndpointsArgs {
    /** The VPC the endpoints serve. */
    readonly vpcId: pulumi.Input<string>;
    /** The stack's region: endpoint service names are `com.amazonaws.REGION.SERVICE`. */
    readonly region: string;
    /** The interface endpoints to create (`network.endpoints.interface`). */
    readonly services: readonly InterfaceEndpoint[];
    /** One subnet per AZ; an endpoint gets a network interface in each. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The group that admits HTTPS from tasks and container instances only. */
    readonly securityGroupId: pulumi.Input<string>;
    /** Prefix of the names AWS shows. */
    readonly namePrefix: string;
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
