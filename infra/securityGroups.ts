import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ServicePorts {
    name: string;
    containerPort: number;
    databaseAccess: boolean;
    efs: boolean;
}

export interface SecurityGroupsArgs {
    vpcId: pulumi.Input<string>;
    /** Prefix of names AWS shows. */
    namePrefix: string;
    /** Sources allowed to reach the ALB listeners. */
    loadBalancerIngressCidrs: string[];
    /** Ports the ALB listens on (80, and 443 with a certificate). */
    listenerPorts: number[];
    services: ServicePorts[];
    /** Port of the database security group, when the stack has one. */
    databasePort?: number;
    /** Create the security group of the interface endpoints. */
    interfaceEndpoints: boolean;
    /** Create the security group of EC2 container instances. */
    ec2Instances: boolean;
    /** Services reach each other over Service Connect on their container ports. */
    serviceConnect: boolean;
}

const HTTPS = 443;
const NFS = 2049;

/**
 * Every security group of the platform and every rule between them. Groups chain by reference, never by address:
 * the ALB's group is the only one open to the internet (and only on its listener ports); each service's group takes
 * traffic only from the ALB's group; the database's and each EFS file system's only from the services that use them;
 * the interface endpoints' only from tasks and container instances. No rule names the VPC CIDR.
 *
 * Every task also wears the shared `tasks` group: it carries HTTPS egress, is the one client the endpoints admit, and
 * is the source Service Connect peers accept. That keeps rules per group constant as services are added (a group
 * holds 60 inbound and 60 outbound rules by default; source: Amazon VPC User Guide, "Amazon VPC quotas", read
 * 2026-11-23).
 */
export class SecurityGroups extends pulumi.ComponentResource {
    readonly loadBalancer: aws.ec2.SecurityGroup;
    /** Worn by every task, next to its service's own group. */
    readonly tasks: aws.ec2.SecurityGroup;
    readonly services: Record<string, aws.ec2.SecurityGroup> = {};
    readonly efs: Record<string, aws.ec2.SecurityGroup> = {};
    readonly database?: aws.ec2.SecurityGroup;
    readonly endpoints?: aws.ec2.SecurityGroup;
    readonly instances?: aws.ec2.SecurityGroup;
    /** Every ingress and egress rule: tasks start only once the rules they need exist. */
    readonly rules: pulumi.Resource[] = [];

    constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:network:SecurityGroups", name, {}, opts);
        // AWS refuses group names that start with "sg-" (EC2 API, CreateSecurityGroup, GroupName), and the provider
        // would auto-name these "sg-alb-1a2b3c4" from their logical names. A name prefix rather than a fixed name:
        // the provider appends a unique suffix, so a replacement (a new description) can create the new group before
        // the old one, which tasks still wear, is deleted; a fixed name would collide.
        const group = (key: string, description: string) =>
            new aws.ec2.SecurityGroup(`${name}-${key}`, {
                vpcId: args.vpcId,
                namePrefix: `${args.namePrefix}-${key}-`,
                description,
                tags: { Name: `${args.namePrefix}-${key}` },
                // A replaced group stays on the network interfaces of running tasks until a deployment replaces
                // them (a blue/green bake takes its minutes), and EC2 refuses to delete a group in use; the
                // provider retries for its delete timeout, 15 minutes by default.
            }, { parent: this, customTimeouts: { delete: "45m" } });
        const allow = (direction: "in" | "out", key: string, groupId: pulumi.Input<string>, port: number, peer: Peer) => {
            const rule = {
                securityGroupId: groupId,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                description: peer.description,
                ...("cidr" in peer ? { cidrIpv4: peer.cidr } : { referencedSecurityGroupId: peer.group.id }),
            };
            const created = direction === "in"
                ? new aws.vpc.SecurityGroupIngressRule(`${name}-${key}`, rule, { parent: this })
                : new aws.vpc.SecurityGroupEgressRule(`${name}-${key}`, rule, { parent: this });
            this.rules.push(created);
            return created;
        };
        const distinctPorts = [...new Set(args.services.map((s) => s.containerPort))].sort((a, b) => a - b);

        this.loadBalancer = group("alb", "Internet-facing ALB: listener ports from the configured sources only");
        for (const port of args.listenerPorts) {
            args.loadBalancerIngressCidrs.forEach((cidr, i) =>
                allow("in", `alb-in-${port}-${i}`, this.loadBalancer.id, port, { cidr, description: `listener ${port} from ${cidr}` }));
        }

        this.tasks = group("tasks", "All ECS tasks: HTTPS out; the endpoints and Service Connect peers admit this group");
        // Image pulls, AWS APIs and the endpoints all speak HTTPS; nothing else leaves a task unless granted below.
        allow("out", "tasks-https", this.tasks.id, HTTPS, { cidr: "0.0.0.0/0", description: "HTTPS: AWS APIs, registries" });
        for (const port of distinctPorts) {
            allow("out", `alb-to-tasks-${port}`, this.loadBalancer.id, port, { group: this.tasks, description: `to tasks on ${port}` });
            if (args.serviceConnect) {
                allow("out", `tasks-to-tasks-${port}`, this.tasks.id, port, { group: this.tasks, description: `Service Connect on ${port}` });
            }
        }

        for (const svc of args.services) {
            const sg = group(`svc-${svc.name}`, `Tasks of service ${svc.name}: container port from the ALB only`);
            this.services[svc.name] = sg;
            allow("in", `alb-to-${svc.name}`, sg.id, svc.containerPort, { group: this.loadBalancer, description: "from the ALB" });
            if (args.serviceConnect) {
                allow("in", `mesh-to-${svc.name}`, sg.id, svc.containerPort, { group: this.tasks, description: "Service Connect peers" });
            }
        }

        if (args.databasePort !== undefined) {
            const port = args.databasePort;
            const database = group("database", "Database: its port from services with databaseAccess only");
            this.database = database;
            for (const svc of args.services.filter((s) => s.databaseAccess)) {
                allow("in", `${svc.name}-to-database`, database.id, port, { group: this.services[svc.name], description: `from service ${svc.name}` });
                allow("out", `${svc.name}-to-database`, this.services[svc.name].id, port, { group: database, description: "to the database" });
            }
        }

        for (const svc of args.services.filter((s) => s.efs)) {
            const efs = group(`efs-${svc.name}`, `EFS of service ${svc.name}: NFS from that service only`);
            this.efs[svc.name] = efs;
            allow("in", `${svc.name}-to-efs`, efs.id, NFS, { group: this.services[svc.name], description: `NFS from service ${svc.name}` });
            allow("out", `${svc.name}-to-efs`, this.services[svc.name].id, NFS, { group: efs, description: "NFS to its file system" });
        }

        if (args.ec2Instances) {
            const instances = group("instances", "ECS container instances: no ingress; HTTPS out for the ECS agent");
            this.instances = instances;
            allow("out", "instances-https", instances.id, HTTPS, { cidr: "0.0.0.0/0", description: "ECS agent, ECR, SSM" });
        }

        if (args.interfaceEndpoints) {
            const endpoints = group("endpoints", "Interface endpoints: HTTPS from tasks and container instances only");
            this.endpoints = endpoints;
            allow("in", "tasks-to-endpoints", endpoints.id, HTTPS, { group: this.tasks, description: "HTTPS from tasks" });
            if (this.instances) {
                allow("in", "instances-to-endpoints", endpoints.id, HTTPS, { group: this.instances, description: "HTTPS from container instances" });
            }
        }

        this.registerOutputs({ loadBalancerSecurityGroupId: this.loadBalancer.id, tasksSecurityGroupId: this.tasks.id });
    }
}

type Peer = { cidr: string; description: string } | { group: aws.ec2.SecurityGroup; description: string };
