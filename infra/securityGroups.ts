import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What the security groups need to know of one service. */
export interface ServicePorts {
    /** The service's name in config: its group is `svc-<name>`. */
    readonly name: string;
    /** The port its tasks listen on, which the ALB (and Service Connect peers) reach. */
    readonly containerPort: number;
    /** The load balancer routes to it; false for a worker (no paths), whose group admits nothing. */
    readonly behindLoadBalancer: boolean;
    /** With expose: nlb, the NLB listener port clients connect on: the NLB's group admits it, the service admits the NLB. @default none */
    readonly nlbListenerPort?: number;
    /** It may reach the database's port. */
    readonly databaseAccess: boolean;
    /** It has an EFS file system, which gets its own group. */
    readonly efs: boolean;
    /** The services it calls through Service Connect (validated: they exist and serve). */
    readonly connectsTo: readonly string[];
}

export interface SecurityGroupsArgs {
    /** The VPC of every group. */
    readonly vpcId: pulumi.Input<string>;
    /** Prefix of names AWS shows. */
    readonly namePrefix: string;
    /** Sources allowed to reach the ALB listeners. */
    readonly loadBalancerIngressCidrs: string[];
    /** Ports the ALB listens on (80, and 443 with a certificate). */
    readonly listenerPorts: number[];
    /** The ALB is internal (loadBalancer.internal): only its group's description says so. @default false */
    readonly internalLoadBalancer?: boolean;
    /** Every service of the stack, in config order. */
    readonly services: ServicePorts[];
    /**
     * Port of the database security group, when the stack has one.
     * @default none: no database group, and databaseAccess grants nothing.
     */
    readonly databasePort?: number;
    /** Create the security group of the interface endpoints. */
    readonly interfaceEndpoints: boolean;
    /** Create the security group of EC2 container instances. */
    readonly ec2Instances: boolean;
    /**
     * The NLB of the services with expose: nlb: the sources its listener ports admit, and whether it is internal
     * (only its group's description says so). @default none: no NLB group
     */
    readonly networkLoadBalancer?: { readonly ingressCidrs: readonly string[]; readonly internal: boolean };
    /** Services reach each other over Service Connect on their container ports. */
    readonly serviceConnect: boolean;
    /** Scheduled tasks: a group each (`task-<name>`), admitting nothing; with databaseAccess, the database's port. @default [] */
    readonly scheduledTasks?: readonly { readonly name: string; readonly databaseAccess: boolean }[];
}

const HTTPS = 443;
const NFS = 2049;

/**
 * Every security group of the platform and every rule between them. Groups chain by reference, never by address:
 * the ALB's group is the only one open to the internet (and only on its listener ports); each service's group takes
 * traffic only from the ALB's group; the database's and each EFS file system's only from the services that use them;
 * the interface endpoints' only from tasks and container instances. No rule names the VPC CIDR.
 *
 * Every task also wears the shared `tasks` group: it carries HTTPS egress and is the one client the endpoints admit,
 * which keeps those rules constant as services are added (a group holds 60 inbound and 60 outbound rules by default;
 * source: Amazon VPC User Guide, "Amazon VPC quotas", read 2026-11-23). Service Connect peers are admitted by their
 * own groups, one rule per declared call (`connectsTo`), never by the shared group: a group every task wears, admitted
 * on a service's port, would let any task reach it.
 */
export class SecurityGroups extends pulumi.ComponentResource {
    readonly loadBalancer: aws.ec2.SecurityGroup;
    /** The NLB's group, when a service has expose: nlb. */
    readonly networkLoadBalancer?: aws.ec2.SecurityGroup;
    /** Worn by every task, next to its service's own group. */
    readonly tasks: aws.ec2.SecurityGroup;
    readonly services: Record<string, aws.ec2.SecurityGroup> = {};
    /** Scheduled tasks' groups, by task name (kept apart from services': a service may be named "task-…"). */
    readonly scheduledTasks: Record<string, aws.ec2.SecurityGroup> = {};
    readonly efs: Record<string, aws.ec2.SecurityGroup> = {};
    readonly database?: aws.ec2.SecurityGroup;
    readonly endpoints?: aws.ec2.SecurityGroup;
    readonly instances?: aws.ec2.SecurityGroup;
    /** Every ingress and egress rule: tasks start only once the rules they need exist. */
    readonly rules: pulumi.Resource[] = [];

    constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:network:SecurityGroups", name, {}, opts);
        const make = groupMaker(name, args, this, this.rules);
        this.loadBalancer = loadBalancerGroup(make, args);
        this.tasks = tasksGroup(make, args, this.loadBalancer);
        const onNlb = args.services.filter((svc) => svc.nlbListenerPort !== undefined);
        if (args.networkLoadBalancer && onNlb.length > 0) this.networkLoadBalancer = nlbGroup(make, args.networkLoadBalancer, onNlb, this.tasks);
        for (const svc of args.services) this.services[svc.name] = serviceGroup(make, svc, this.loadBalancer, this.networkLoadBalancer);
        if (args.serviceConnect) peerRules(make, args.services, this.services);
        for (const task of args.scheduledTasks ?? []) {
            this.scheduledTasks[task.name] = make.group(`task-${task.name}`, `Scheduled task ${task.name}: no inbound traffic`);
        }
        // The database admits services and scheduled tasks with databaseAccess, each by its own group.
        const clients = [
            ...args.services.filter((s) => s.databaseAccess).map((s) => ({ key: s.name, what: `service ${s.name}`, group: this.services[s.name] })),
            ...(args.scheduledTasks ?? [])
                .filter((t) => t.databaseAccess)
                .map((t) => ({ key: `task_${t.name}`, what: `scheduled task ${t.name}`, group: this.scheduledTasks[t.name] })),
        ];
        if (args.databasePort !== undefined) this.database = databaseGroup(make, args.databasePort, clients);
        for (const svc of args.services.filter((s) => s.efs)) this.efs[svc.name] = efsGroup(make, svc.name, this.services[svc.name]);
        if (args.ec2Instances) this.instances = instancesGroup(make);
        if (args.interfaceEndpoints) this.endpoints = endpointsGroup(make, this.tasks, this.instances);
        this.registerOutputs({ loadBalancerSecurityGroupId: this.loadBalancer.id, tasksSecurityGroupId: this.tasks.id });
    }
}

/**
 * A security group named `<namePrefix>-<key>-…`. AWS refuses group names that start with "sg-" (EC2 API,
 * CreateSecurityGroup, GroupName), and the provider would auto-name these "sg-alb-1a2b3c4" from their logical names.
 * A name prefix rather than a fixed name: the provider appends a unique suffix, so a replacement (a new description)
 * can create the new group before the old one, which tasks still wear, is deleted; a fixed name would collide.
 */
export function securityGroup(
    logicalName: string,
    args: { vpcId: pulumi.Input<string>; namePrefix: string; key: string; description: string },
    parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(
        logicalName,
        { vpcId: args.vpcId, namePrefix: `${args.namePrefix}-${args.key}-`, description: args.description, tags: { Name: `${args.namePrefix}-${args.key}` } },
        // A replaced group stays on the network interfaces of running tasks until a deployment replaces them (a
        // blue/green bake takes its minutes), and EC2 refuses to delete a group in use; the provider retries for its
        // delete timeout, 15 minutes by default.
        { parent, customTimeouts: { delete: "45m" } },
    );
}

/** Makes the component's groups and rules, each named from the component's name and a key. */
interface GroupMaker {
    group(key: string, description: string): aws.ec2.SecurityGroup;
    /** A TCP rule on one port of `groupId`, from or to `peer`; every rule is also added to the component's `rules`. */
    allow(direction: "in" | "out", key: string, groupId: pulumi.Input<string>, port: number, peer: Peer): void;
}

function groupMaker(name: string, args: SecurityGroupsArgs, parent: pulumi.Resource, rules: pulumi.Resource[]): GroupMaker {
    return {
        group: (key, description) => securityGroup(`${name}-${key}`, { vpcId: args.vpcId, namePrefix: args.namePrefix, key, description }, parent),
        allow: (direction, key, groupId, port, peer) => {
            const rule = {
                securityGroupId: groupId,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                description: peer.description,
                ...("cidr" in peer ? { cidrIpv4: peer.cidr } : { referencedSecurityGroupId: peer.group.id }),
            };
            rules.push(
                direction === "in"
                    ? new aws.vpc.SecurityGroupIngressRule(`${name}-${key}`, rule, { parent })
                    : new aws.vpc.SecurityGroupEgressRule(`${name}-${key}`, rule, { parent }),
            );
        },
    };
}

/** The ALB's group: its listener ports from the configured sources only. */
function loadBalancerGroup(make: GroupMaker, args: SecurityGroupsArgs): aws.ec2.SecurityGroup {
    // A group's description cannot change in place: an internal ALB's group (replaced with the ALB anyway) says so.
    const what = args.internalLoadBalancer ? "Internal ALB" : "Internet-facing ALB";
    const alb = make.group("alb", `${what}: listener ports from the configured sources only`);
    for (const port of args.listenerPorts) {
        args.loadBalancerIngressCidrs.forEach((cidr, i) =>
            make.allow("in", `alb-in-${port}-${i}`, alb.id, port, { cidr, description: `listener ${port} from ${cidr}` }),
        );
    }
    return alb;
}

/** The group every task wears: HTTPS out; the ALB may reach it on each container port, and so may peers with Service Connect. */
function tasksGroup(make: GroupMaker, args: SecurityGroupsArgs, alb: aws.ec2.SecurityGroup): aws.ec2.SecurityGroup {
    const tasks = make.group("tasks", "All ECS tasks: HTTPS out; the endpoints and Service Connect peers admit this group");
    // Image pulls, AWS APIs and the endpoints all speak HTTPS; nothing else leaves a task unless granted below.
    make.allow("out", "tasks-https", tasks.id, HTTPS, { cidr: "0.0.0.0/0", description: "HTTPS: AWS APIs, registries" });
    const exposed = args.services.filter((s) => s.behindLoadBalancer);
    const distinctPorts = [...new Set(exposed.map((s) => s.containerPort))].sort((a, b) => a - b);
    for (const port of distinctPorts) {
        make.allow("out", `alb-to-tasks-${port}`, alb.id, port, { group: tasks, description: `to tasks on ${port}` });
    }
    return tasks;
}

/**
 * The NLB's group: each NLB service's listener port from the configured sources, and out to the tasks on each of
 * their container ports (the tasks' groups admit this group; client IP preservation is off, see NlbRoute).
 */
function nlbGroup(
    make: GroupMaker,
    nlb: NonNullable<SecurityGroupsArgs["networkLoadBalancer"]>,
    services: readonly ServicePorts[],
    tasks: aws.ec2.SecurityGroup,
): aws.ec2.SecurityGroup {
    const what = nlb.internal ? "Internal NLB" : "Internet-facing NLB";
    const group = make.group("nlb", `${what}: listener ports from the configured sources only`);
    for (const svc of services) {
        const port = svc.nlbListenerPort!;
        nlb.ingressCidrs.forEach((cidr, i) =>
            make.allow("in", `nlb-in-${port}-${i}`, group.id, port, { cidr, description: `${svc.name}'s listener ${port} from ${cidr}` }),
        );
    }
    for (const port of [...new Set(services.map((s) => s.containerPort))].sort((a, b) => a - b)) {
        make.allow("out", `nlb-to-tasks-${port}`, group.id, port, { group: tasks, description: `to tasks on ${port}` });
    }
    return group;
}

/** A service's own group: its container port from the ALB, or from the NLB with expose: nlb (peers get their own rules: peerRules). */
function serviceGroup(make: GroupMaker, svc: ServicePorts, alb: aws.ec2.SecurityGroup, nlb: aws.ec2.SecurityGroup | undefined): aws.ec2.SecurityGroup {
    if (svc.nlbListenerPort !== undefined && nlb) {
        const sg = make.group(`svc-${svc.name}`, `Tasks of service ${svc.name}: container port from the NLB only`);
        make.allow("in", `nlb-to-${svc.name}`, sg.id, svc.containerPort, { group: nlb, description: "from the NLB" });
        return sg;
    }
    if (!svc.behindLoadBalancer) return make.group(`svc-${svc.name}`, `Tasks of worker service ${svc.name}: no inbound traffic`);
    const sg = make.group(`svc-${svc.name}`, `Tasks of service ${svc.name}: container port from the ALB only`);
    make.allow("in", `alb-to-${svc.name}`, sg.id, svc.containerPort, { group: alb, description: "from the ALB" });
    return sg;
}

/** For each declared call (`connectsTo`), the callee's port from the caller's group, and the caller's way out to it. */
function peerRules(make: GroupMaker, services: readonly ServicePorts[], groups: Record<string, aws.ec2.SecurityGroup>): void {
    const byName = new Map(services.map((s) => [s.name, s]));
    for (const caller of services) {
        for (const name of caller.connectsTo) {
            const callee = byName.get(name);
            if (!callee) continue; // validation refuses an unknown name
            const port = callee.containerPort;
            // "peer-": a service may be named like the prefixes of the ALB, database and EFS rules ("alb-to-<svc>").
            make.allow("in", `peer-${caller.name}-to-${name}`, groups[name].id, port, {
                group: groups[caller.name],
                description: `Service Connect from ${caller.name}`,
            });
            make.allow("out", `peer-${caller.name}-to-${name}`, groups[caller.name].id, port, {
                group: groups[name],
                description: `Service Connect to ${name}`,
            });
        }
    }
}

/** The database's group: its port from (and to) the services and scheduled tasks with databaseAccess only. */
function databaseGroup(make: GroupMaker, port: number, clients: { key: string; what: string; group: aws.ec2.SecurityGroup }[]): aws.ec2.SecurityGroup {
    const database = make.group("database", "Database: its port from services with databaseAccess only");
    for (const { key, what, group } of clients) {
        make.allow("in", `${key}-to-database`, database.id, port, { group, description: `from ${what}` });
        make.allow("out", `${key}-to-database`, group.id, port, { group: database, description: "to the database" });
    }
    return database;
}

/** A service's EFS group: NFS from (and to) that service only. */
function efsGroup(make: GroupMaker, service: string, serviceGroup: aws.ec2.SecurityGroup): aws.ec2.SecurityGroup {
    const efs = make.group(`efs-${service}`, `EFS of service ${service}: NFS from that service only`);
    make.allow("in", `${service}-to-efs`, efs.id, NFS, { group: serviceGroup, description: `NFS from service ${service}` });
    make.allow("out", `${service}-to-efs`, serviceGroup.id, NFS, { group: efs, description: "NFS to its file system" });
    return efs;
}

/** The container instances' group: no ingress; HTTPS out for the ECS agent. */
function instancesGroup(make: GroupMaker): aws.ec2.SecurityGroup {
    const instances = make.group("instances", "ECS container instances: no ingress; HTTPS out for the ECS agent");
    make.allow("out", "instances-https", instances.id, HTTPS, { cidr: "0.0.0.0/0", description: "ECS agent, ECR, SSM" });
    return instances;
}

/** What the interface endpoints' group says of itself, in a single stack and in a network stack. */
export const ENDPOINTS_GROUP_DESCRIPTION = "Interface endpoints: HTTPS from tasks and container instances only";

/** The interface endpoints' group: HTTPS from tasks and, when there are any, container instances only. */
function endpointsGroup(make: GroupMaker, tasks: aws.ec2.SecurityGroup, instances: aws.ec2.SecurityGroup | undefined): aws.ec2.SecurityGroup {
    const endpoints = make.group("endpoints", ENDPOINTS_GROUP_DESCRIPTION);
    endpointClients(make, endpoints.id, tasks, instances);
    return endpoints;
}

/** HTTPS into the endpoints' group from tasks and container instances. */
function endpointClients(
    make: GroupMaker,
    endpointsId: pulumi.Input<string>,
    tasks: aws.ec2.SecurityGroup,
    instances: aws.ec2.SecurityGroup | undefined,
): void {
    make.allow("in", "tasks-to-endpoints", endpointsId, HTTPS, { group: tasks, description: "HTTPS from tasks" });
    if (instances) {
        make.allow("in", "instances-to-endpoints", endpointsId, HTTPS, { group: instances, description: "HTTPS from container instances" });
    }
}

type Peer = { cidr: string; description: string } | { group: aws.ec2.SecurityGroup; description: string };
