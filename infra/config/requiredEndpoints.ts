/**
 * The VPC endpoints private tasks need when the VPC has no NAT gateway: validation requires them, the cost estimate
 * prices them, and the policy pack's private-egress-path rule lists the same ones.
 */
import { ClusterConfig, InterfaceEndpoint, ServiceConfig } from "./schema";

/** The interface endpoints private tasks need when the VPC has no NAT gateway. */
export function requiredEndpoints(cluster: ClusterConfig | undefined, services: ServiceConfig[]): {
    gateway: "s3"[];
    interface: InterfaceEndpoint[];
} {
    const needed: InterfaceEndpoint[] = ["ecr.api", "ecr.dkr", "logs"];
    if (services.some((svc) => Object.keys(svc.secrets).length > 0)) needed.push("secretsmanager");
    if (services.some((svc) => svc.enableExecuteCommand)) needed.push("ssmmessages");
    if (cluster?.ec2Capacity) needed.push("ecs", "ecs-agent", "ecs-telemetry");
    return { gateway: ["s3"], interface: needed };
}
