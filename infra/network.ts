import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SubnetTier } from "./cidr";
import { GatewayEndpoint, NetworkConfig } from "./config/schema";
import { natAzs } from "./config/subnetLayout";
import { StatefulOptions } from "./stateful";
import { AwsScope, flowLogsTrustPolicy } from "./trust";

export interface NetworkArgs {
    /** The validated network section of the stack config. */
    readonly config: NetworkConfig;
    /** Subnet CIDRs per tier, one per AZ in use (from `subnetCidrs`). */
    readonly subnetCidrs: Record<SubnetTier, string[]>;
    /** AWS region, for endpoint service names. */
    readonly region: string;
    /** Account and partition, for the flow-log role's trust policy. */
    readonly scope: AwsScope;
    /** Prefix of names AWS shows (log groups, Name tags), e.g. "ecs-platform-prod". */
    readonly namePrefix: string;
    /** Options of stateful children (the flow-log group). */
    readonly stateful: StatefulOptions;
}

/** The route tables and subnets of one tier, index i in the i-th AZ. */
export interface Tier {
    readonly subnets: aws.ec2.Subnet[];
    readonly subnetIds: pulumi.Output<string>[];
}

/**
 * What the rest of the platform builds on: the VPC, each tier's subnet ids (index i in the i-th AZ), the NAT
 * gateways, and what a task's traffic out needs to exist first. A single stack's Network is one; a services stack
 * reads one from its network stack (networkReference.ts).
 */
export interface NetworkView {
    readonly vpcId: pulumi.Output<string>;
    readonly public: { readonly subnetIds: pulumi.Output<string>[] };
    readonly private: { readonly subnetIds: pulumi.Output<string>[] };
    readonly isolated: { readonly subnetIds: pulumi.Output<string>[] };
    readonly natGatewayIds: pulumi.Output<string>[];
    /** The NAT gateways' Elastic IPs, in AZ order: the addresses the tasks' internet traffic leaves from. */
    readonly natPublicIps: pulumi.Output<string>[];
    /** Resources tasks depend on so that they start after their routes (none when the network is another stack's). */
    readonly egress: pulumi.Resource[];
}

/**
 * A VPC across 2–3 AZs: public subnets behind an internet gateway, private subnets whose egress goes through NAT
 * gateways (none, one, or one per AZ), an optional isolated tier with no way out, gateway endpoints on the private and
 * isolated route tables, and optional flow logs.
 */
export class Network extends pulumi.ComponentResource implements NetworkView {
    readonly vpc: aws.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly public: Tier;
    readonly private: Tier;
    readonly isolated: Tier;
    readonly natGateways: aws.ec2.NatGateway[];
    readonly natGatewayIds: pulumi.Output<string>[];
    /** The NAT gateways' Elastic IPs, in AZ order: the addresses the tasks' internet traffic leaves from. */
    readonly natPublicIps: pulumi.Output<string>[] = [];
    /** Private route tables, index i for the i-th AZ. */
    readonly privateRouteTables: aws.ec2.RouteTable[];
    readonly isolatedRouteTable?: aws.ec2.RouteTable;
    readonly gatewayEndpoints: Partial<Record<GatewayEndpoint, aws.ec2.VpcEndpoint>>;
    /**
     * What a task's traffic out of its subnet needs: the route-table associations of every tier, the NAT gateways and
     * the gateway endpoints. Services depend on these, so no task starts on a subnet without its routes.
     */
    readonly egress: pulumi.Resource[] = [];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:network:Network", name, {}, opts);
        const { config } = args;
        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: config.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: nameTag(args, "vpc") },
            // Protected with the stack's stateful resources: replacing the VPC (a new CIDR) or destroying the stack
            // while services run on it stops at preview until the protection is lifted (not retained: an empty VPC
            // holds no data).
            { parent: this, protect: args.stateful.protect },
        );
        this.vpcId = this.vpc.id;

        const azs = this.availabilityZones(config.azCount);
        this.public = this.createTier(name, args, "public", azs);
        this.private = this.createTier(name, args, "private", azs);
        this.isolated = config.isolatedSubnets ? this.createTier(name, args, "isolated", azs) : { subnets: [], subnetIds: [] };

        const igw = this.createPublicRoutes(name, args, azs);
        this.natGateways = natAzs(config.natGateways, azs.length).map((i) => this.createNatGateway(name, args, azs[i], igw));
        // One private route table per AZ whatever the NAT strategy, so changing strategy edits routes, not tables.
        this.natGatewayIds = this.natGateways.map((n) => n.id);
        this.privateRouteTables = azs.map((az) => this.createPrivateRoutes(name, args, az));
        if (config.isolatedSubnets) this.isolatedRouteTable = this.createIsolatedRoutes(name, args, azs);
        const endpointRouteTables = [...this.privateRouteTables, ...(this.isolatedRouteTable ? [this.isolatedRouteTable] : [])];
        this.gatewayEndpoints = this.createGatewayEndpoints(name, args, endpointRouteTables);

        this.egress.push(...this.natGateways, ...Object.values(this.gatewayEndpoints));
        if (config.flowLogs.enabled) this.createFlowLogs(name, args);

        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.public.subnetIds,
            privateSubnetIds: this.private.subnetIds,
            isolatedSubnetIds: this.isolated.subnetIds,
        });
    }

    /** The first `count` AZs of the region that need no opt-in, keyed az1, az2, … */
    private availabilityZones(count: number): Az[] {
        const zones = aws.getAvailabilityZonesOutput(
            { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
            { parent: this },
        );
        return Array.from({ length: count }, (_, i) => ({ index: i, key: `az${i + 1}`, zone: zones.names[i] }));
    }

    /** One subnet of the tier in each AZ; none gives its instances a public IP by itself. */
    private createTier(name: string, args: NetworkArgs, tier: SubnetTier, azs: Az[]): Tier {
        const subnets = azs.map(
            (az) =>
                new aws.ec2.Subnet(
                    `${name}-${tier}-${az.key}`,
                    {
                        vpcId: this.vpc.id,
                        cidrBlock: args.subnetCidrs[tier][az.index],
                        availabilityZone: az.zone,
                        mapPublicIpOnLaunch: false,
                        tags: { ...nameTag(args, `${tier}-${az.key}`), "ecs-platform:tier": tier },
                    },
                    { parent: this, protect: args.stateful.protect },
                ),
        );
        return { subnets, subnetIds: subnets.map((s) => s.id) };
    }

    /** The internet gateway and the public route table every public subnet uses; returns the gateway. */
    private createPublicRoutes(name: string, args: NetworkArgs, azs: Az[]): aws.ec2.InternetGateway {
        const child = { parent: this };
        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id, tags: nameTag(args, "igw") }, child);
        const publicRouteTable = new aws.ec2.RouteTable(
            `${name}-public`,
            { vpcId: this.vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: nameTag(args, "public") },
            child,
        );
        azs.forEach((az) =>
            this.egress.push(
                new aws.ec2.RouteTableAssociation(
                    `${name}-public-${az.key}`,
                    { subnetId: this.public.subnets[az.index].id, routeTableId: publicRouteTable.id },
                    child,
                ),
            ),
        );
        return igw;
    }

    /** A NAT gateway with its Elastic IP in the AZ's public subnet. */
    private createNatGateway(name: string, args: NetworkArgs, az: Az, igw: aws.ec2.InternetGateway): aws.ec2.NatGateway {
        const eip = new aws.ec2.Eip(`${name}-nat-${az.key}`, { domain: "vpc", tags: nameTag(args, `nat-${az.key}`) }, { parent: this });
        this.natPublicIps.push(eip.publicIp);
        return new aws.ec2.NatGateway(
            `${name}-nat-${az.key}`,
            { allocationId: eip.id, subnetId: this.public.subnets[az.index].id, connectivityType: "public", tags: nameTag(args, `nat-${az.key}`) },
            { parent: this, dependsOn: [igw] },
        );
    }

    /** The AZ's private route table, out through its NAT gateway (or the last one there is), and its association. */
    private createPrivateRoutes(name: string, args: NetworkArgs, az: Az): aws.ec2.RouteTable {
        const nat = this.natGateways.length === 0 ? undefined : this.natGateways[Math.min(az.index, this.natGateways.length - 1)];
        const table = new aws.ec2.RouteTable(
            `${name}-private-${az.key}`,
            { vpcId: this.vpc.id, routes: nat ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] : [], tags: nameTag(args, `private-${az.key}`) },
            { parent: this },
        );
        this.egress.push(
            new aws.ec2.RouteTableAssociation(
                `${name}-private-${az.key}`,
                { subnetId: this.private.subnets[az.index].id, routeTableId: table.id },
                { parent: this },
            ),
        );
        return table;
    }

    /** One route table with no route out, for every isolated subnet. */
    private createIsolatedRoutes(name: string, args: NetworkArgs, azs: Az[]): aws.ec2.RouteTable {
        const table = new aws.ec2.RouteTable(`${name}-isolated`, { vpcId: this.vpc.id, routes: [], tags: nameTag(args, "isolated") }, { parent: this });
        azs.forEach(
            (az) =>
                new aws.ec2.RouteTableAssociation(
                    `${name}-isolated-${az.key}`,
                    { subnetId: this.isolated.subnets[az.index].id, routeTableId: table.id },
                    { parent: this },
                ),
        );
        return table;
    }

    /** The configured gateway endpoints (S3, DynamoDB) on the given route tables. */
    private createGatewayEndpoints(name: string, args: NetworkArgs, routeTables: aws.ec2.RouteTable[]): Partial<Record<GatewayEndpoint, aws.ec2.VpcEndpoint>> {
        const endpoints: Partial<Record<GatewayEndpoint, aws.ec2.VpcEndpoint>> = {};
        for (const service of args.config.endpoints.gateway) {
            endpoints[service] = new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: this.vpc.id,
                    serviceName: `com.amazonaws.${args.region}.${service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: routeTables.map((t) => t.id),
                    tags: nameTag(args, service),
                },
                { parent: this },
            );
        }
        return endpoints;
    }

    private createFlowLogs(name: string, args: NetworkArgs): void {
        const child = { parent: this };
        const group = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { name: `/${args.namePrefix}/vpc-flow-logs`, retentionInDays: args.config.flowLogs.retentionDays },
            { ...child, ...args.stateful },
        );
        const role = new aws.iam.Role(
            `${name}-flow-logs`,
            { description: "VPC flow logs: deliver to the flow-log group", assumeRolePolicy: flowLogsTrustPolicy(args.scope) },
            child,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: role.id,
                policy: group.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] },
                        ],
                    }),
                ),
            },
            child,
        );
        new aws.ec2.FlowLog(
            `${name}-flow-logs`,
            {
                vpcId: this.vpc.id,
                trafficType: args.config.flowLogs.trafficType,
                logDestinationType: "cloud-watch-logs",
                logDestination: group.arn,
                iamRoleArn: role.arn,
            },
            { ...child, dependsOn: [policy] },
        ); // the role must be allowed to write before delivery starts
    }
}

/** An AZ in use: its index, its key in logical names and tags (az1, az2, …) and its name in the region. */
interface Az {
    index: number;
    key: string;
    zone: pulumi.Input<string>;
}

/** The Name tag of a child: the stack's name prefix and the child's own suffix. */
function nameTag(args: Pick<NetworkArgs, "namePrefix">, suffix: string): { Name: string } {
    return { Name: `${args.namePrefix}-${suffix}` };
}
