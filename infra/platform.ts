import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "./cluster";
import { createManagedSecrets } from "./managedSecrets";
import { subnetCidrs } from "./config/subnetLayout";
import { StackConfig } from "./config/validate";
import { InterfaceEndpoints } from "./endpoints";
import { LoadBalancer } from "./loadBalancer";
import { Network } from "./network";
import { rulePriorities } from "./routing";
import { SecurityGroups } from "./securityGroups";
import { Service } from "./service";
import { statefulOptions } from "./stateful";
import { AwsScope } from "./trust";

export interface PlatformArgs {
    config: StackConfig;
    /** Prefix of names AWS shows, e.g. "ecs-platform-prod"; the ECS cluster takes it as its name. */
    namePrefix: string;
}

/**
 * The whole platform of one stack: network, security groups, endpoints, cluster, load balancer and services, wired
 * in that order. Everything it builds comes from the validated config; it reads no config itself.
 */
export class Platform extends pulumi.ComponentResource {
    readonly network: Network;
    readonly securityGroups: SecurityGroups;
    readonly cluster: Cluster;
    readonly loadBalancer: LoadBalancer;
    readonly services: Record<string, Service> = {};
    readonly serviceUrls: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:index:Platform", name, {}, opts);
        const child = { parent: this };
        const { config, namePrefix } = args;
        const stateful = statefulOptions(config.protectStatefulResources);
        const identity = aws.getCallerIdentityOutput({}, child);
        const scope: AwsScope = {
            accountId: identity.accountId,
            partition: aws.getPartitionOutput({}, child).partition,
            region: config.region,
        };

        this.network = new Network("network", {
            config: config.network,
            subnetCidrs: subnetCidrs(config.network),
            region: config.region,
            scope,
            namePrefix,
            stateful,
        }, child);

        const interfaceEndpoints = config.network.endpoints.interface;
        this.securityGroups = new SecurityGroups("sg", {
            vpcId: this.network.vpcId,
            namePrefix,
            loadBalancerIngressCidrs: config.loadBalancer.ingressCidrs,
            listenerPorts: config.loadBalancer.certificateArn ? [80, 443] : [80],
            services: config.services.map((s) => ({
                name: s.name,
                containerPort: s.containerPort,
                databaseAccess: s.databaseAccess,
                efs: s.efs !== undefined,
            })),
            databasePort: config.database?.port,
            interfaceEndpoints: interfaceEndpoints.length > 0,
            ec2Instances: config.cluster.ec2Capacity !== undefined,
            serviceConnect: config.cluster.serviceConnectNamespace !== undefined,
        }, child);
        const sg = this.securityGroups;

        const endpoints = interfaceEndpoints.length > 0
            ? new InterfaceEndpoints("endpoints", {
                vpcId: this.network.vpcId,
                region: config.region,
                services: interfaceEndpoints,
                subnetIds: this.network.private.subnetIds,
                securityGroupId: sg.endpoints!.id,
                namePrefix,
            }, child)
            : undefined;

        this.cluster = new Cluster("cluster", {
            config: config.cluster,
            clusterName: namePrefix,
            partition: scope.partition,
            privateSubnetIds: this.network.private.subnetIds,
            instanceSecurityGroupId: sg.instances?.id,
            execSessions: config.services.some((s) => s.enableExecuteCommand)
                ? { logGroupName: `/ecs/${namePrefix}/exec-sessions`, logRetentionDays: config.logs.retentionDays }
                : undefined,
            defaultTags: config.defaultTags,
            stateful,
        }, child);

        this.loadBalancer = new LoadBalancer("lb", {
            config: config.loadBalancer,
            publicSubnetIds: this.network.public.subnetIds,
            securityGroupId: sg.loadBalancer.id,
            region: config.region,
            accountId: scope.accountId,
            stateful,
        }, child);

        const managedSecrets = createManagedSecrets(config.secrets, stateful, this);
        const infrastructureRole = config.services.some((s) => s.deployment.strategy === "blueGreen")
            ? this.createInfrastructureRole(scope)
            : undefined;

        const priorities = rulePriorities(config.services);
        config.services.forEach((svc, i) => {
            const tier = svc.assignPublicIp ? this.network.public : this.network.private;
            const service = new Service(svc.name, {
                config: svc,
                scope,
                namePrefix,
                cluster: this.cluster,
                vpcId: this.network.vpcId,
                subnetIds: tier.subnetIds,
                securityGroupIds: [sg.services[svc.name].id, sg.tasks.id],
                listener: this.loadBalancer.listener,
                loadBalancerArnSuffix: this.loadBalancer.loadBalancer.arnSuffix,
                priority: priorities[i],
                logRetentionDays: config.logs.retentionDays,
                managedSecrets,
                infrastructureRoleArn: infrastructureRole?.arn,
                efs: svc.efs ? { subnetIds: this.network.private.subnetIds, securityGroupId: sg.efs[svc.name].id } : undefined,
                stateful,
                dependsOn: [
                    ...(endpoints ? Object.values(endpoints.endpoints) : []),
                    ...this.network.egress,
                    ...sg.rules,
                    ...(svc.deployment.strategy === "blueGreen" && infrastructureRole ? [infrastructureRole.attachment] : []),
                ],
            }, child);
            this.services[svc.name] = service;
            this.serviceUrls[svc.name] = serviceUrl(this.loadBalancer, svc.paths[0], svc.hosts[0]);
        });

        this.registerOutputs({ serviceUrls: this.serviceUrls });
    }

    /**
     * The role ECS assumes to move ALB traffic between target groups in blue/green deployments. Source: Amazon ECS
     * Developer Guide, "Amazon ECS infrastructure IAM role for load balancers" (trust ecs.amazonaws.com, the managed
     * policy AmazonECSInfrastructureRolePolicyForLoadBalancers; read 2026-12-02).
     */
    private createInfrastructureRole(scope: AwsScope): { arn: pulumi.Output<string>; attachment: pulumi.Resource } {
        const child = { parent: this };
        const role = new aws.iam.Role("ecs-infrastructure", {
            description: "Lets ECS shift ALB traffic between target groups in blue/green deployments",
            // AWS documents this trust without conditions, and no source says ECS sets aws:SourceAccount when it
            // assumes the role; a condition on a key the caller does not send would deny it (facts: README).
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, child);
        const attachment = new aws.iam.RolePolicyAttachment("ecs-infrastructure", {
            role: role.name,
            policyArn: pulumi.interpolate`arn:${scope.partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
        }, child);
        return { arn: role.arn, attachment };
    }
}

/** Where a person reaches a service: its first host (or the ALB's name) and its first path, wildcards cut off. */
function serviceUrl(lb: LoadBalancer, path: string, host: string | undefined): pulumi.Output<string> {
    const plainPath = path.replace(/[*?].*$/, "");
    if (host && !/[*?]/.test(host)) return pulumi.output(`${lb.scheme}://${host}${plainPath}`);
    return lb.url(plainPath);
}
