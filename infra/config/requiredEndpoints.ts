/**
 * The VPC endpoints a stack's private tasks need when the VPC has no NAT gateway: validation requires them and the
 * cost estimate prices them. What each task needs is shared/taskEndpoints.ts's, which the policy pack's
 * private-egress-path rule reads too.
 */
import { endpointsNeeded, TaskEndpoint } from "@ecs-platform/shared/taskEndpoints";
import { ClusterConfig, ServiceConfig } from "./schema";

/** The endpoints the stack's services together need (any service that reads secrets, uses ECS Exec…). */
export function requiredEndpoints(cluster: ClusterConfig | undefined, services: ServiceConfig[]): { gateway: "s3"[]; interface: TaskEndpoint[] } {
    return endpointsNeeded({
        // Sidecars' secrets are read through the same execution role at start, from the same subnets.
        readsSecrets: services.some((svc) => [svc, ...svc.sidecars].some((c) => Object.keys(c.secrets).length > 0)),
        execCommand: services.some((svc) => svc.enableExecuteCommand),
        // Managed Instances run the same ECS agent as EC2 container instances, and need the same endpoints.
        onEc2Capacity: cluster?.ec2Capacity !== undefined || cluster?.managedInstances !== undefined,
    });
}
