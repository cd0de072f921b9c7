/**
 * What a network stack (`layer: network`) tells the services stacks that read it through a StackReference, beyond
 * ids: how each of its subnets reaches AWS. The program writes it; the policy pack reads it from the StackReference's
 * outputs (a preview's stack analysis sees a resource's outputs, and a StackReference's outputs are the referenced
 * stack's: pulumi/pulumi pkg/resource/deploy/step_generator.go, AnalyzeResources, read 2026-12-02).
 */

/** The stack output holding the subnets' egress facts. */
export const SUBNET_EGRESS_OUTPUT = "subnetEgress";

/** How one subnet's traffic reaches AWS: a default route to a NAT gateway, and the endpoints that serve it. */
export interface SubnetEgress {
    /** The subnet's route table sends 0.0.0.0/0 to a NAT gateway. */
    natRoute: boolean;
    /**
     * Endpoint services reachable without NAT: gateway endpoints on the subnet's route table (`s3`, `dynamodb`) and
     * interface endpoints with private DNS in the VPC (`ecr.api`, `logs`, …).
     */
    endpoints: string[];
}

/** The subnet egress facts by subnet id. */
export type SubnetEgressFacts = Record<string, SubnetEgress>;

/** The type of a StackReference resource (a Pulumi resource, not an AWS one: hence not in RESOURCE_TYPES). */
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";
