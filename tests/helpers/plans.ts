/** Runs the real program offline for the real stack files, or for edited copies of their config. */
import * as path from "path";
import { readProjectName, readStackConfig } from "../../plan/stackFiles";
import { PROJECT_DIR, runPlan } from "../../plan/runPlan";
import { Plan, PlanResource } from "../../plan/planFormat";

const cache = new Map<string, Promise<Plan>>();

/**
 * Frozen copies of the example stacks, for tests that pin exact figures (costs, priorities, messages naming
 * services). The real Pulumi.dev.yaml and Pulumi.prod.yaml are examples users edit: tests over them assert only what
 * holds for any valid config.
 */
export const FIXTURE_DIR = path.join(__dirname, "..", "fixtures");

/** The plan of Pulumi.<stack>.yaml (in the project, or in `dir`), computed once per test run. */
export function planOf(stack: string, dir = PROJECT_DIR): Promise<Plan> {
    const key = `${dir}::${stack}`;
    if (!cache.has(key)) cache.set(key, runPlan({ stack, dir }));
    return cache.get(key)!;
}

export type ProjectConfig = Record<string, any>;

/** The project keys of a stack file as objects (no namespace), plus aws:region. */
export function stackConfig(stack: string, dir = PROJECT_DIR): { project: ProjectConfig; region: string } {
    const project = readProjectName(dir);
    const { config } = readStackConfig(dir, stack, project);
    const out: ProjectConfig = {};
    for (const [key, value] of Object.entries(config)) {
        if (!key.startsWith(`${project}:`)) continue;
        try {
            out[key.slice(project.length + 1)] = JSON.parse(value);
        } catch {
            out[key.slice(project.length + 1)] = value;
        }
    }
    return { project: out, region: config["aws:region"] };
}

/** The engine's form of a project config: qualified keys, JSON text for structured values. */
export function engineConfig(project: ProjectConfig, region = "eu-west-1"): Record<string, string> {
    const namespace = readProjectName(PROJECT_DIR);
    const config: Record<string, string> = { "aws:region": region };
    for (const [key, value] of Object.entries(project)) {
        config[`${namespace}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

/**
 * Edits a config into a NAT-less one: every endpoint private tasks need, and every image in a private ECR
 * repository of eu-west-1 (without NAT, tasks reach no other registry).
 */
export function withoutNat(c: ProjectConfig): void {
    c.network.natGateways = "none";
    // Container instances (EC2 or Managed Instances) run the ECS agent, which needs the ECS endpoints too.
    const instances = c.cluster?.ec2Capacity || c.cluster?.managedInstances ? ["ecs", "ecs-agent", "ecs-telemetry"] : [];
    c.network.endpoints = { gateway: ["s3"], interface: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages", ...instances] };
    for (const svc of c.services) {
        // A built image is pushed to the region's ECR already.
        if (!svc.build) svc.image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${svc.name}:1.0.0`;
        if (svc.logging?.router === "firelens") svc.logging.routerImage = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/aws-for-fluent-bit:3.4.17";
    }
}

/** Plans a copy of a stack's config after `edit` changed it. */
export async function planEdited(stack: string, edit: (config: ProjectConfig) => void, planStack = stack, dir = PROJECT_DIR): Promise<Plan> {
    const { project, region } = stackConfig(stack, dir);
    edit(project);
    // The stack file's provider keys (aws:allowedAccountIds, aws:defaultTags) stay as they are.
    const namespace = readProjectName(dir);
    const { config: file } = readStackConfig(dir, stack, namespace);
    const providerKeys = Object.fromEntries(Object.entries(file).filter(([key]) => !key.startsWith(`${namespace}:`)));
    return runPlan({ stack: planStack, config: { ...providerKeys, ...engineConfig(project, region) } });
}

export function ofType(plan: Plan, type: string): PlanResource[] {
    return plan.resources.filter((r) => r.type === type);
}

export function named(plan: Plan, type: string, name: string): PlanResource {
    const found = plan.resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} named ${name} in the ${plan.stack} plan`);
    return found;
}

export function urnOf(plan: Plan, type: string, name: string): string {
    return named(plan, type, name).urn;
}

/** A JSON-string input parsed (container definitions, IAM documents). */
export function parsed<T = any>(resource: PlanResource, key: string): T {
    const value = resource.inputs[key];
    if (typeof value !== "string") throw new Error(`${resource.name}.${key} is not a JSON string: ${JSON.stringify(value)}`);
    return JSON.parse(value) as T;
}

/** A service config that plans as an ECS managed daemon (a daemon on Managed Instances), not as an ECS service. */
export function isManagedDaemonConfig(svc: { schedulingStrategy?: string; capacity?: unknown }): boolean {
    return svc.schedulingStrategy === "daemon" && svc.capacity === "managedInstances";
}

/** The container names of a service's task: its task definition's, or its daemon task definition's. */
export function containerNamesOf(plan: Plan, svc: { name: string; schedulingStrategy?: string; capacity?: unknown }): string[] {
    if (isManagedDaemonConfig(svc)) {
        return (named(plan, T.daemonTaskDefinition, `${svc.name}-daemon-task`).inputs.containerDefinitions as { name: string }[]).map((c) => c.name);
    }
    return parsed<{ name: string }[]>(named(plan, T.taskDefinition, `${svc.name}-task`), "containerDefinitions").map((c) => c.name);
}

export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    routeTable: "aws:ec2/routeTable:RouteTable",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    flowLog: "aws:ec2/flowLog:FlowLog",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    cluster: "aws:ecs/cluster:Cluster",
    clusterCapacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    capacityProvider: "aws:ecs/capacityProvider:CapacityProvider",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    asg: "aws:autoscaling/group:Group",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    daemonTaskDefinition: "aws:ecs/daemonTaskDefinition:DaemonTaskDefinition",
    daemon: "aws:ecs/daemon:Daemon",
    service: "aws:ecs/service:Service",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    scheduledAction: "aws:appautoscaling/scheduledAction:ScheduledAction",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    efs: "aws:efs/fileSystem:FileSystem",
    secret: "aws:secretsmanager/secret:Secret",
} as const;

/** planOf over the frozen fixture stacks, for tests that pin their figures (names, sizes, counts). */
export function fixturePlanOf(stack: string): Promise<Plan> {
    return planOf(stack, FIXTURE_DIR);
}

/** planEdited over the frozen fixture stacks. */
export function fixturePlanEdited(stack: string, edit: (config: ProjectConfig) => void): Promise<Plan> {
    return planEdited(stack, edit, stack, FIXTURE_DIR);
}

/**
 * The problems validation reports for a stack's config after `edit` (the frozen fixtures by default), or [] when it
 * passes; any other error is thrown.
 */
export function configProblems(edit: (config: ProjectConfig) => void, stack = "prod", dir = FIXTURE_DIR): string[] {
    // Loaded here: the helpers that only plan need no validation module of their own.
    const { ConfigError, validateStackConfig } = require("../../infra/config/validate") as typeof import("../../infra/config/validate");
    const { project, region } = stackConfig(stack, dir);
    edit(project);
    try {
        validateStackConfig(project, region);
        return [];
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return [...err.problems];
    }
}
