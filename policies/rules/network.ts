/** Network rules: who may send traffic to what, and how tasks reach AWS without the internet. */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { containsCidr, isWorld, overlapsPrivateRange, parseCidr } from "../lib/cidr";
import { containersOf } from "../lib/containers";
import { describe, ofType, referenced, references } from "../lib/graph";
import { describePermission, EC2_RULE, ingressOf, IngressPermission, SECURITY_GROUP, VPC_INGRESS_RULE } from "../lib/ingress";
import { LOAD_BALANCER_TYPES } from "../lib/loadBalancers";
import { T } from "../lib/resourceTypes";
import { isSet, Judgement } from "../lib/unknowns";

const INGRESS_TYPES = [SECURITY_GROUP, EC2_RULE, VPC_INGRESS_RULE];

/** Every ingress permission in the stack; unknown values defer through `judgement`. */
function allIngress(resources: PolicyResource[], judgement: Judgement): IngressPermission[] {
    return resources.filter((r) => INGRESS_TYPES.includes(r.type)).flatMap((r) => ingressOf(r, judgement));
}

function where(p: IngressPermission): string {
    const group = p.group && p.group !== p.declaredBy ? ` on security group "${p.group.name}"` : "";
    return `${describePermission(p)}${group}`;
}

export const DEFAULT_MAX_PRIVATE_PREFIX = 24;

export const noVpcWideIngress: StackValidationPolicy = {
    name: "no-vpc-wide-ingress",
    description:
        "Security groups take traffic by security-group reference, never from the VPC's CIDR, a range containing it, " +
        "or a private range broader than the configured prefix.",
    configSchema: {
        properties: {
            maxPrivatePrefix: {
                type: "integer",
                minimum: 0,
                maximum: 32,
                default: DEFAULT_MAX_PRIVATE_PREFIX,
                description: "IPv4 private sources shorter than this prefix (broader ranges) are refused.",
            },
        },
    },
    validateStack: (args, report) => {
        const maxPrefix: number = args.getConfig<{ maxPrivatePrefix?: number }>().maxPrivatePrefix ?? DEFAULT_MAX_PRIVATE_PREFIX;
        const judgement = new Judgement();
        for (const permission of allIngress(args.resources, judgement)) {
            judgement.check(() => {
                const vpc = permission.group && referenced(permission.group, "vpcId", T.vpc)[0];
                for (const text of permission.cidrs) {
                    const cidr = parseCidr(text);
                    if (!cidr || isWorld(cidr)) continue;
                    const vpcCidr = vpc && parseCidr(String(vpc.props.cidrBlock));
                    const fix = "reference the source's security group instead (for the load balancer's listeners, the sources are loadBalancer.ingressCidrs in stack config)";
                    if (vpcCidr && containsCidr(cidr, vpcCidr)) {
                        report(
                            `${where(permission)} allows ${text}, which covers the whole VPC "${vpc!.name}" (${vpcCidr.text}); ${fix}.`,
                            permission.declaredBy.urn,
                        );
                    } else if (cidr.version === 4 && overlapsPrivateRange(cidr) && cidr.prefix < maxPrefix) {
                        report(
                            `${where(permission)} allows ${text}, a private range broader than /${maxPrefix}; ${fix}.`,
                            permission.declaredBy.urn,
                        );
                    }
                }
            });
        }
        judgement.finish();
    },
};

const WORLD_PORTS = [80, 443];

export const worldIngressOnlyOnLoadBalancer: StackValidationPolicy = {
    name: "world-ingress-only-on-load-balancer",
    description: "0.0.0.0/0 and ::/0 are allowed only into a security group of an internet-facing ALB, and only on TCP 80 or 443.",
    validateStack: (args, report) => {
        const judgement = new Judgement();
        const publicAlbGroups = new Set<string>();
        for (const lb of args.resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type))) {
            judgement.check(() => {
                const type = lb.props.loadBalancerType ?? "application";
                if (lb.props.internal === true || type !== "application") return;
                for (const group of referenced(lb, "securityGroups", SECURITY_GROUP)) publicAlbGroups.add(group.urn);
            });
        }
        for (const permission of allIngress(args.resources, judgement)) {
            const world = permission.cidrs.filter((c) => parseCidr(c) && isWorld(parseCidr(c)!));
            if (world.length === 0) continue;
            const onAlb = permission.group !== undefined && publicAlbGroups.has(permission.group.urn);
            const webPort = permission.protocol === "tcp" && permission.fromPort === permission.toPort && WORLD_PORTS.includes(permission.fromPort);
            if (!onAlb) {
                report(
                    `${where(permission)} allows ${world.join(", ")} into a group that is not attached to an internet-facing ` +
                        `load balancer; put the service behind the ALB and allow the ALB's security group instead.`,
                    permission.declaredBy.urn,
                );
            } else if (!webPort) {
                report(
                    `${where(permission)} allows ${world.join(", ")} on the load balancer's group; only TCP 80 and 443 may be open to the world.`,
                    permission.declaredBy.urn,
                );
            }
        }
        judgement.finish();
    },
};

export const tasksPrivate: ResourceValidationPolicy = {
    name: "tasks-private",
    description: "ECS services run without public IP addresses; they take traffic through the load balancer.",
    configSchema: {
        properties: {
            allowPublicIp: { type: "boolean", default: false, description: "Allow assignPublicIp (a dev escape hatch)." },
        },
    },
    validateResource: (args, report) => {
        if (args.type !== T.ecsService) return;
        if (args.getConfig<{ allowPublicIp?: boolean }>().allowPublicIp === true) return;
        if (args.props.networkConfiguration?.assignPublicIp === true) {
            report("networkConfiguration.assignPublicIp is true; run tasks in private subnets and reach them through the ALB.");
        }
    },
};

/** Endpoints a task needs without NAT: image pull (ECR API, ECR Docker, S3 for layers) and CloudWatch Logs. */
export const BASE_ENDPOINTS = ["ecr.api", "ecr.dkr", "s3", "logs"];

function endpointService(endpoint: PolicyResource): string {
    return String(endpoint.props.serviceName).split(".").slice(3).join(".");
}

function hasNatRoute(table: PolicyResource, resources: PolicyResource[]): boolean {
    const isDefaultNat = (route: Record<string, any>, cidrKey: string) =>
        route[cidrKey] === "0.0.0.0/0" && isSet(route, "natGatewayId");
    const inline: Record<string, any>[] = table.props.routes ?? [];
    if (inline.some((route) => isDefaultNat(route, "cidrBlock"))) return true;
    return ofType(resources, T.route).some((r) => references(r, "routeTableId", table) && isDefaultNat(r.props, "destinationCidrBlock"));
}

/**
 * The endpoints a service needs without NAT, as the stack-config validator lists them (infra/config/rules.ts,
 * requiredEndpoints): image pull and logs always; Secrets Manager when a container reads secrets; SSM messages for
 * ECS Exec; the ECS agent endpoints when the service runs on EC2 capacity the stack creates.
 */
function endpointsNeeded(service: PolicyResource): string[] {
    const needed = [...BASE_ENDPOINTS];
    if (usesSecrets(service)) needed.push("secretsmanager");
    if (service.props.enableExecuteCommand === true) needed.push("ssmmessages");
    if (referenced(service, "capacityProviderStrategies", T.capacityProvider).length > 0) needed.push("ecs", "ecs-agent", "ecs-telemetry");
    return needed;
}

function usesSecrets(service: PolicyResource): boolean {
    const taskDefinition = referenced(service, "taskDefinition", T.taskDefinition)[0];
    return taskDefinition !== undefined && containersOf(taskDefinition.props).some((c) => (c.secrets ?? []).length > 0);
}

export const privateEgressPath: StackValidationPolicy = {
    name: "private-egress-path",
    description:
        "Every subnet that runs tasks routes to a NAT gateway or has the VPC endpoints tasks need (ECR API and Docker, S3, " +
        "CloudWatch Logs; Secrets Manager for secrets, SSM messages for ECS Exec, the ECS agent endpoints on EC2 capacity); " +
        "endpoint security groups accept 443 only from referenced groups.",
    validateStack: (args, report) => {
        const resources = args.resources;
        const judgement = new Judgement();
        const endpoints = ofType(resources, T.vpcEndpoint);
        for (const service of ofType(resources, T.ecsService)) {
            judgement.check(() => {
                for (const subnet of referenced(service, "networkConfiguration", T.subnet)) {
                    const tables = ofType(resources, T.routeTableAssociation)
                        .filter((a) => references(a, "subnetId", subnet))
                        .flatMap((a) => referenced(a, "routeTableId", T.routeTable));
                    if (tables.some((table) => hasNatRoute(table, resources))) continue;
                    const vpc = referenced(subnet, "vpcId", T.vpc)[0];
                    const present = endpoints
                        .filter((e) => (e.props.vpcEndpointType ?? "Gateway") === "Gateway"
                            ? tables.some((t) => references(e, "routeTableIds", t))
                            : vpc !== undefined && references(e, "vpcId", vpc) && e.props.privateDnsEnabled === true)
                        .map(endpointService);
                    // Read only when there is no NAT: the task definition may be unknown at preview.
                    const needed = endpointsNeeded(service);
                    const missing = needed.filter((s) => !present.includes(s));
                    if (missing.length > 0) {
                        report(
                            `${describe(service)} runs in subnet "${subnet.name}", which has no NAT route and no endpoint for ` +
                                `${missing.join(", ")}; add a NAT gateway route or those VPC endpoints (gateway endpoints on the ` +
                                `subnet's route table, interface endpoints with private DNS).`,
                            service.urn,
                        );
                    }
                }
            });
        }
        const endpointGroups = new Set(
            endpoints.filter((e) => e.props.vpcEndpointType === "Interface").flatMap((e) => referenced(e, "securityGroupIds", SECURITY_GROUP)).map((g) => g.urn),
        );
        for (const permission of allIngress(resources, judgement)) {
            if (!permission.group || !endpointGroups.has(permission.group.urn)) continue;
            const https = permission.protocol === "tcp" && permission.fromPort === 443 && permission.toPort === 443;
            if (!https || permission.cidrs.length > 0) {
                report(
                    `${where(permission)} on an interface endpoint's security group ${permission.cidrs.length > 0 ? `allows ${permission.cidrs.join(", ")}` : "is not TCP 443"}; ` +
                        `endpoints accept TCP 443 from the tasks' security group by reference only.`,
                    permission.declaredBy.urn,
                );
            }
        }
        judgement.finish();
    },
};

export const vpcFlowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs",
    description: "Every VPC has flow logs, so traffic can be investigated after an incident.",
    validateStack: (args, report) => {
        const flowLogs = ofType(args.resources, T.flowLog);
        for (const vpc of ofType(args.resources, T.vpc)) {
            if (!flowLogs.some((f) => references(f, "vpcId", vpc))) {
                report(`VPC "${vpc.name}" has no flow log; add an aws.ec2.FlowLog for it (network.flowLogs in stack config).`, vpc.urn);
            }
        }
    },
};

export const networkPolicies = [noVpcWideIngress, worldIngressOnlyOnLoadBalancer, tasksPrivate, privateEgressPath, vpcFlowLogs];
