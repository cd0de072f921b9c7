/**
 * The stack's CloudWatch dashboard: the load balancer (and the NLB's flows), each service's CPU, memory, tasks and
 * requests (healthy targets on the NLB), and the way out
 * of the VPC (each NAT gateway's bytes and errors, or the interface endpoints' traffic). The body follows the
 * dashboard body structure of the CloudWatch API reference ("Dashboard Body Structure and Syntax", read 2026-12-02):
 * metric widgets with `metrics` arrays of [namespace, metric, dimension, value, …, options].
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DashboardServiceRef {
    /** The service's name in config: the widgets' titles. */
    readonly name: string;
    readonly ecsServiceName: pulumi.Input<string>;
    /** None for a worker (no requests per target to show). */
    readonly targetGroupArnSuffix?: pulumi.Input<string>;
    /** The target group is the NLB's (expose: nlb): its metrics are AWS/NetworkELB's, by target group and NLB. @default false */
    readonly onNlb?: boolean;
}

export interface DashboardArgs {
    /** The dashboard's name: the stack's prefix. */
    readonly namePrefix: string;
    readonly region: string;
    readonly clusterName: pulumi.Input<string>;
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    /** The NLB's `net/…` suffix, when services are on it. @default none */
    readonly networkLoadBalancerArnSuffix?: pulumi.Input<string>;
    readonly services: readonly DashboardServiceRef[];
    /** NAT gateway ids; without any, the interface endpoints' traffic in this VPC is shown instead. */
    readonly natGatewayIds: readonly pulumi.Input<string>[];
    readonly vpcId: pulumi.Input<string>;
}

type Metric = (string | number | Record<string, unknown>)[];

interface Widget {
    type: "metric";
    width: number;
    height: number;
    properties: { title: string; region: string; stat: string; period: number; view: "timeSeries"; metrics: Metric[] };
}

const widget = (title: string, region: string, stat: string, metrics: Metric[]): Widget => ({
    type: "metric",
    width: 12,
    height: 6,
    properties: { title, region, stat, period: 60, view: "timeSeries", metrics },
});

/** An NLB counts flows, not requests (ELB User Guide for Network Load Balancers, "CloudWatch metrics", read 2026-12-02). */
const NLB_NAMESPACE = "AWS/NetworkELB";

function nlbWidget(region: string, nlb: string): Widget {
    return widget("NLB: active and new flows, target resets", region, "Sum", [
        [NLB_NAMESPACE, "ActiveFlowCount", "LoadBalancer", nlb, { stat: "Average" }],
        [NLB_NAMESPACE, "NewFlowCount", "LoadBalancer", nlb],
        [NLB_NAMESPACE, "TCP_Target_Reset_Count", "LoadBalancer", nlb],
    ]);
}

/** The dashboard body for known names and ids. */
export function dashboardBody(args: {
    region: string;
    clusterName: string;
    loadBalancer: string;
    /** The NLB's suffix, when services are on it. */
    networkLoadBalancer?: string;
    services: { name: string; ecsServiceName: string; targetGroup?: string; onNlb?: boolean }[];
    natGatewayIds: string[];
    vpcId: string;
}): string {
    const { region, clusterName, loadBalancer } = args;
    const elb = "AWS/ApplicationELB";
    const widgets: Widget[] = [
        widget("Load balancer: requests and 5xx", region, "Sum", [
            [elb, "RequestCount", "LoadBalancer", loadBalancer],
            [elb, "HTTPCode_ELB_5XX_Count", "LoadBalancer", loadBalancer],
            [elb, "HTTPCode_Target_5XX_Count", "LoadBalancer", loadBalancer],
        ]),
        widget("Load balancer: p95 target response time (s)", region, "p95", [[elb, "TargetResponseTime", "LoadBalancer", loadBalancer]]),
    ];
    if (args.networkLoadBalancer) widgets.push(nlbWidget(region, args.networkLoadBalancer));
    for (const s of args.services) {
        const ecs = ["ClusterName", clusterName, "ServiceName", s.ecsServiceName];
        widgets.push(
            widget(`${s.name}: CPU and memory (%)`, region, "Average", [
                ["AWS/ECS", "CPUUtilization", ...ecs],
                ["AWS/ECS", "MemoryUtilization", ...ecs],
            ]),
            widget(`${s.name}: tasks${s.targetGroup ? (s.onNlb ? " and healthy targets" : " and requests per target") : ""}`, region, "Average", [
                ["ECS/ContainerInsights", "RunningTaskCount", ...ecs],
                ["ECS/ContainerInsights", "DesiredTaskCount", ...ecs],
                ...(s.targetGroup && !s.onNlb ? [[elb, "RequestCountPerTarget", "TargetGroup", s.targetGroup, { stat: "Sum" }]] : []),
                ...(s.targetGroup && s.onNlb && args.networkLoadBalancer
                    ? [[NLB_NAMESPACE, "HealthyHostCount", "TargetGroup", s.targetGroup, "LoadBalancer", args.networkLoadBalancer, { stat: "Minimum" }]]
                    : []),
            ]),
        );
    }
    if (args.natGatewayIds.length > 0) {
        const nat = (metric: string) => args.natGatewayIds.map((id): Metric => ["AWS/NATGateway", metric, "NatGatewayId", id]);
        widgets.push(
            widget("NAT gateways: bytes out to destinations", region, "Sum", nat("BytesOutToDestination")),
            widget("NAT gateways: port allocation errors and dropped packets", region, "Sum", [...nat("ErrorPortAllocation"), ...nat("PacketsDropCount")]),
        );
    } else {
        widgets.push(
            widget("Interface endpoints: bytes processed", region, "Sum", [
                [
                    {
                        expression: `SEARCH('{AWS/PrivateLinkEndpoints,"VPC Id","VPC Endpoint Id","Endpoint Type","Service Name"} MetricName="BytesProcessed" "${args.vpcId}"', 'Sum', 60)`,
                        id: "endpoints",
                    },
                ],
            ]),
        );
    }
    return JSON.stringify({ widgets });
}

/** The dashboard, a child of `parent`. */
export function createDashboard(name: string, args: DashboardArgs, parent: pulumi.Resource): aws.cloudwatch.Dashboard {
    const body = pulumi
        .all([
            args.clusterName,
            args.loadBalancerArnSuffix,
            pulumi.all(args.services.map((s) => pulumi.all([s.ecsServiceName, s.targetGroupArnSuffix ?? ""]))),
            pulumi.all([...args.natGatewayIds]),
            args.vpcId,
            args.networkLoadBalancerArnSuffix ?? "",
        ])
        .apply(([clusterName, loadBalancer, services, natGatewayIds, vpcId, networkLoadBalancer]) =>
            dashboardBody({
                region: args.region,
                clusterName,
                loadBalancer,
                networkLoadBalancer: networkLoadBalancer || undefined,
                services: services.map(([ecsServiceName, targetGroup], i) => ({
                    name: args.services[i].name,
                    ecsServiceName,
                    targetGroup: targetGroup || undefined,
                    onNlb: args.services[i].onNlb,
                })),
                natGatewayIds,
                vpcId,
            }),
        );
    return new aws.cloudwatch.Dashboard(name, { dashboardName: args.namePrefix, dashboardBody: body }, { parent });
}
