import * as pulumi from "@pulumi/pulumi";
import { SubnetEgressFacts, SUBNET_EGRESS_OUTPUT } from "@ecs-platform/shared/networkLayer";
import { NETWORK_CONFIG_OUTPUT, NETWORK_REGION_OUTPUT } from "./config/layers";
import { NetworkConfig } from "./config/schema";
import { subnetCidrs } from "./config/subnetLayout";
import { StackConfig } from "./config/validate";
import { InterfaceEndpoints } from "./endpoints";
import { Compliance } from "./compliance";
import { Network } from "./network";
import { ENDPOINTS_GROUP_DESCRIPTION, securityGroup } from "./securityGroups";
import { statefulOptions } from "./stateful";
import { AwsScope } from "./trust";
import * as aws from "@pulumi/aws";

export interface NetworkLayerArgs {
    /** The validated config of a network stack (layer: network). */
    readonly config: StackConfig;
    /** Prefix of names AWS shows, e.g. "ecs-platform-prod-network". */
    readonly namePrefix: string;
}

/**
 * The network stack of the layered shape: the VPC with its subnets, NAT gateways and gateway endpoints (Network), and
 * the interface endpoints with their security group, which admits one group on HTTPS: the endpoint clients group,
 * which the services stacks' tasks and instances wear. Every rule of the endpoints stays in this stack (a services
 * stack adds none to a group it does not own, which a replacement here would silently drop), and the endpoints (of
 * which a VPC holds one per AWS service with private DNS) serve every services stack on the VPC.
 */
export class NetworkLayer extends pulumi.ComponentResource {
    readonly network: Network;
    readonly endpointsGroup?: aws.ec2.SecurityGroup;
    /** Worn by the services stacks' tasks and instances; the endpoints admit it on HTTPS. */
    readonly endpointClientsGroup?: aws.ec2.SecurityGroup;
    readonly endpoints?: InterfaceEndpoints;

    constructor(name: string, args: NetworkLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:index:NetworkLayer", name, {}, opts);
        const { config, namePrefix } = args;
        const child = { parent: this };
        const scope: AwsScope = {
            accountId: aws.getCallerIdentityOutput({}, child).accountId,
            partition: aws.getPartitionOutput({}, child).partition,
            region: config.region,
        };
        const stateful = statefulOptions(config.protectStatefulResources);
        this.network = new Network(
            "network",
            { config: config.network, subnetCidrs: subnetCidrs(config.network), region: config.region, scope, namePrefix, stateful },
            child,
        );
        if (config.network.endpoints.interface.length > 0) {
            ({ group: this.endpointsGroup, clients: this.endpointClientsGroup, endpoints: this.endpoints } = this.createEndpoints(config, namePrefix));
        }
        const compliance = config.compliance;
        if (compliance.awsConfig.enabled || compliance.trail.enabled) {
            // A network stack holds no services: its log retention is the flow logs', and it does not know the services'
            // ports; the ALB's 80 and 443 are authorized (README: enable compliance in the services stack instead).
            const ruleContext = { logRetentionDays: config.network.flowLogs.retentionDays, worldPorts: [80, 443] };
            new Compliance("compliance", { config: compliance, namePrefix, scope, ruleContext, stateful }, child);
        }
        this.registerOutputs({ vpcId: this.network.vpcId });
    }

    /** The interface endpoints, their group, and the endpoint clients group it admits on HTTPS. */
    private createEndpoints(config: StackConfig, namePrefix: string) {
        const child = { parent: this };
        const vpcId = this.network.vpcId;
        const group = securityGroup("sg-endpoints", { vpcId, namePrefix, key: "endpoints", description: ENDPOINTS_GROUP_DESCRIPTION }, this);
        const clients = securityGroup(
            "sg-endpoint-clients",
            {
                vpcId,
                namePrefix,
                key: "endpoint-clients",
                description: "Endpoint clients: tasks and instances of the services stacks; the endpoints admit this group",
            },
            this,
        );
        // HTTPS only, from the clients group only; no other rule opens the endpoints (services stacks add none).
        const admitted = new aws.vpc.SecurityGroupIngressRule(
            "sg-clients-to-endpoints",
            {
                securityGroupId: group.id,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                referencedSecurityGroupId: clients.id,
                description: "HTTPS from endpoint clients",
            },
            child,
        );
        const endpoints = new InterfaceEndpoints(
            "endpoints",
            {
                vpcId,
                region: config.region,
                services: config.network.endpoints.interface,
                subnetIds: this.network.private.subnetIds,
                securityGroupId: group.id,
                namePrefix,
            },
            { ...child, dependsOn: [admitted] },
        );
        return { group, clients, endpoints };
    }

    /**
     * The stack outputs a services stack reads (networkReference.ts): ids, the validated network section it validates
     * its own config against, and how each subnet reaches AWS, for the policy pack.
     */
    outputs(config: NetworkConfig, region: string): Record<string, unknown> {
        const n = this.network;
        return {
            [NETWORK_REGION_OUTPUT]: region,
            vpcId: n.vpcId,
            publicSubnetIds: n.public.subnetIds,
            privateSubnetIds: n.private.subnetIds,
            isolatedSubnetIds: n.isolated.subnetIds,
            natGatewayIds: n.natGatewayIds,
            natPublicIps: n.natPublicIps,
            // null, not undefined, without interface endpoints: Pulumi warns about an undefined stack output.
            endpointsSecurityGroupId: this.endpointsGroup?.id ?? null,
            endpointClientsSecurityGroupId: this.endpointClientsGroup?.id ?? null,
            [NETWORK_CONFIG_OUTPUT]: config,
            [SUBNET_EGRESS_OUTPUT]: pulumi
                .all([pulumi.all(n.public.subnetIds), pulumi.all(n.private.subnetIds), pulumi.all(n.isolated.subnetIds)])
                .apply(([pub, priv, iso]) => subnetEgressFacts(config, { public: pub, private: priv, isolated: iso })),
        };
    }
}

/**
 * How each subnet of the network reaches AWS, as Network builds its routes: private subnets through their AZ's NAT
 * gateway when there is one; gateway endpoints on the private and isolated route tables; interface endpoints with
 * private DNS for the whole VPC.
 */
function subnetEgressFacts(config: NetworkConfig, ids: { public: string[]; private: string[]; isolated: string[] }): SubnetEgressFacts {
    const interfaces: string[] = [...config.endpoints.interface];
    const gateways: string[] = [...config.endpoints.gateway];
    const facts: SubnetEgressFacts = {};
    for (const id of ids.public) facts[id] = { natRoute: false, endpoints: interfaces };
    for (const id of ids.private) facts[id] = { natRoute: config.natGateways !== "none", endpoints: [...interfaces, ...gateways] };
    for (const id of ids.isolated) facts[id] = { natRoute: false, endpoints: [...interfaces, ...gateways] };
    return facts;
}
