import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmTopic } from "./alarmTopic";
import { createLoadBalancerAlarms } from "./alarms";
import { Cluster } from "./cluster";
import { createDashboard } from "./dashboard";
import { createManagedSecrets, ManagedSecret } from "./managedSecrets";
import { subnetCidrs } from "./config/subnetLayout";
import { isManagedDaemon } from "./config/capacity";
import { ManagedDaemon } from "./managedDaemon";
import { BuildConfig, ScheduledTaskConfig, ServiceConfig } from "./config/schema";
import { taskAsService } from "./config/taskRules";
import { ScheduledTask } from "./scheduledTask";
import { ServiceImage } from "./serviceImage";
import { shiftsTraffic } from "./config/serviceSchema";
import { StackConfig } from "./config/validate";
import { InterfaceEndpoints } from "./endpoints";
import { LoadBalancer } from "./loadBalancer";
import { NetworkLoadBalancer } from "./networkLoadBalancer";
import { Network, NetworkView } from "./network";
import { ReferencedNetwork } from "./networkReference";
import { rulePriorities } from "./routing";
import { SecurityGroups } from "./securityGroups";
import { Service } from "./service";
import { StatefulOptions, statefulOptions } from "./stateful";
import { AwsScope } from "./trust";
import { createAwsServiceRole } from "./awsServiceRole";
import { Compliance } from "./compliance";
import { RuleContext } from "./configRules";

export interface PlatformArgs {
    /** The validated stack config, defaults applied. */
    readonly config: StackConfig;
    /** Prefix of names AWS shows, e.g. "ecs-platform-prod"; the ECS cluster takes it as its name. */
    readonly namePrefix: string;
    /**
     * The network of the network stack a services stack reads (layer: services); its interface endpoints are that
     * stack's too. @default none: the platform builds its own network
     */
    readonly network?: ReferencedNetwork;
}

/**
 * The whole platform of one stack: network, security groups, endpoints, cluster, load balancer and services, wired
 * in that order. Everything it builds comes from the validated config; it reads no config itself.
 */
export class Platform extends pulumi.ComponentResource {
    readonly network: NetworkView;
    readonly securityGroups: SecurityGroups;
    readonly cluster: Cluster;
    readonly loadBalancer: LoadBalancer;
    /** The NLB of the services with expose: nlb; none without them. */
    readonly networkLoadBalancer?: NetworkLoadBalancer;
    readonly services: Record<string, Service> = {};
    /** Daemons on Managed Instances, by service name (ECS managed daemons, not services). */
    readonly daemons: Record<string, ManagedDaemon> = {};
    /** Scheduled tasks, by name. */
    readonly tasks: Record<string, ScheduledTask> = {};
    readonly serviceUrls: Record<string, pulumi.Output<string>> = {};
    /** The network stack's endpoint clients group, in a services stack whose network has interface endpoints. */
    private readonly endpointClients: pulumi.Output<string>[];
    /** The topic alarms notify, when monitoring is on. */
    readonly alarmTopicArn?: pulumi.Output<string>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:index:Platform", name, {}, opts);
        const child = { parent: this };
        const { config, namePrefix } = args;
        const stateful = statefulOptions(config.protectStatefulResources);
        const identity = aws.getCallerIdentityOutput({}, child);
        const scope: AwsScope = { accountId: identity.accountId, partition: aws.getPartitionOutput({}, child).partition, region: config.region };

        this.network =
            args.network ??
            new Network(
                "network",
                { config: config.network, subnetCidrs: subnetCidrs(config.network), region: config.region, scope, namePrefix, stateful },
                child,
            );
        // A services stack's interface endpoints belong to its network stack; it only admits its tasks to them.
        const ownEndpoints = !args.network && config.network.endpoints.interface.length > 0;
        this.securityGroups = this.createSecurityGroups(config, namePrefix, ownEndpoints);
        // A services stack's tasks and instances also wear its network stack's endpoint clients group.
        this.endpointClients = args.network?.endpointClientsGroupId ? [args.network.endpointClientsGroupId] : [];
        const endpoints = ownEndpoints ? this.createInterfaceEndpoints(config, namePrefix) : undefined;
        this.cluster = this.createCluster(config, namePrefix, scope.partition, stateful, endpoints);
        this.loadBalancer = new LoadBalancer(
            "lb",
            {
                config: config.loadBalancer,
                publicSubnetIds: this.network.public.subnetIds,
                privateSubnetIds: this.network.private.subnetIds,
                securityGroupId: this.securityGroups.loadBalancer.id,
                region: config.region,
                accountId: scope.accountId,
                stateful,
            },
            child,
        );

        if (config.services.some((svc) => svc.expose === "nlb")) this.networkLoadBalancer = this.createNetworkLoadBalancer(config);
        const managedSecrets = createManagedSecrets(config.secrets, stateful, this);
        const infrastructureRole = config.services.some((s) => shiftsTraffic(s.deployment.strategy)) ? this.createInfrastructureRole(scope) : undefined;
        const monitoring = config.monitoring.enabled ? this.alarmDestination(config, namePrefix, scope, stateful) : undefined;
        this.alarmTopicArn = monitoring?.topicArn;
        const shared: SharedByServices = { config, namePrefix, scope, stateful, managedSecrets, infrastructureRole, endpoints, monitoring };
        const priorities = rulePriorities(config.services);
        config.services.forEach((svc, i) => {
            if (isManagedDaemon(svc)) {
                this.daemons[svc.name] = this.createManagedDaemon(svc, shared);
                return;
            }
            this.services[svc.name] = this.createService(svc, priorities[i], shared);
            const url = this.urlOf(svc);
            if (url) this.serviceUrls[svc.name] = url;
        });

        for (const task of config.tasks) this.tasks[task.name] = this.createScheduledTask(task, shared);

        if (monitoring) this.createLoadBalancerViews(config, namePrefix, monitoring.topicArn);
        if (config.compliance.awsConfig.enabled || config.compliance.trail.enabled) this.createCompliance(config, namePrefix, scope, stateful);
        this.registerOutputs({ serviceUrls: this.serviceUrls, alarmTopicArn: this.alarmTopicArn });
    }

    /** AWS Config rules that mirror the pack, and the account trail, as the compliance section asks. */
    private createCompliance(config: StackConfig, namePrefix: string, scope: AwsScope, stateful: StatefulOptions): Compliance {
        return new Compliance("compliance", { config: config.compliance, namePrefix, scope, ruleContext: ruleContext(config), stateful }, { parent: this });
    }

    /** The NLB of the services with expose: nlb, in the public subnets (the private ones when internal). */
    private createNetworkLoadBalancer(config: StackConfig): NetworkLoadBalancer {
        return new NetworkLoadBalancer(
            "nlb",
            {
                config: config.networkLoadBalancer,
                publicSubnetIds: this.network.public.subnetIds,
                privateSubnetIds: this.network.private.subnetIds,
                securityGroupId: this.securityGroups.networkLoadBalancer!.id,
            },
            { parent: this },
        );
    }

    /** Where a person reaches a service: its first ALB route, or its NLB listener (`tls://…:8883`); none for a worker. */
    private urlOf(svc: ServiceConfig): pulumi.Output<string> | undefined {
        if (svc.paths.length > 0) return serviceUrl(this.loadBalancer, svc.paths[0], svc.hosts[0]);
        if (!svc.listener || !this.networkLoadBalancer) return undefined;
        const { protocol, port } = svc.listener;
        return pulumi.interpolate`${protocol.toLowerCase()}://${this.networkLoadBalancer.dnsName}:${port}`;
    }

    /** Where alarms go: the configured topic, or the stack's own encrypted topic with its email subscriptions. */
    private alarmDestination(config: StackConfig, namePrefix: string, scope: AwsScope, stateful: StatefulOptions): SharedByServices["monitoring"] {
        const { topicArn, alarmEmails, thresholds } = config.monitoring;
        const arn = topicArn
            ? pulumi.output(topicArn)
            : new AlarmTopic("alarms", { scope, namePrefix, emails: alarmEmails, stateful }, { parent: this }).topicArn;
        return { topicArn: arn, thresholds };
    }

    /** The load balancer's alarms, and the dashboard of the load balancer, the services and the way out of the VPC. */
    private createLoadBalancerViews(config: StackConfig, namePrefix: string, topicArn: pulumi.Input<string>): void {
        const loadBalancerArnSuffix = this.loadBalancer.loadBalancer.arnSuffix;
        createLoadBalancerAlarms("lb", { namePrefix, loadBalancerArnSuffix, topicArn, thresholds: config.monitoring.thresholds }, this);
        if (!config.monitoring.dashboard) return;
        const services = Object.entries(this.services).map(([name, s]) => ({
            name,
            ecsServiceName: s.service.name,
            targetGroupArnSuffix: s.targetGroup?.arnSuffix,
            onNlb: s.nlbListener !== undefined,
        }));
        createDashboard(
            "dashboard",
            {
                namePrefix,
                region: config.region,
                clusterName: this.cluster.clusterName,
                loadBalancerArnSuffix,
                networkLoadBalancerArnSuffix: this.networkLoadBalancer?.loadBalancer.arnSuffix,
                services,
                natGatewayIds: this.network.natGatewayIds,
                vpcId: this.network.vpcId,
            },
            this,
        );
    }

    /** Every security group and rule, from what the services, the load balancer and the cluster need. */
    private createSecurityGroups(config: StackConfig, namePrefix: string, interfaceEndpoints: boolean): SecurityGroups {
        return new SecurityGroups(
            "sg",
            {
                vpcId: this.network.vpcId,
                namePrefix,
                loadBalancerIngressCidrs: config.loadBalancer.ingressCidrs,
                listenerPorts: config.loadBalancer.certificateArn ? [80, 443] : [80],
                internalLoadBalancer: config.loadBalancer.internal,
                networkLoadBalancer: { ingressCidrs: config.networkLoadBalancer.ingressCidrs, internal: config.networkLoadBalancer.internal },
                // A managed daemon has no network configuration of its own: no security group.
                services: config.services
                    .filter((s) => !isManagedDaemon(s))
                    .map((s) => ({
                        name: s.name,
                        containerPort: s.containerPort,
                        behindLoadBalancer: s.expose === "alb" && s.paths.length > 0,
                        nlbListenerPort: s.expose === "nlb" ? s.listener?.port : undefined,
                        databaseAccess: s.databaseAccess,
                        efs: s.efs !== undefined,
                        connectsTo: s.connectsTo,
                    })),
                scheduledTasks: config.tasks.map((t) => ({ name: t.name, databaseAccess: t.databaseAccess })),
                databasePort: config.database?.port,
                interfaceEndpoints,
                ec2Instances: config.cluster.ec2Capacity !== undefined || config.cluster.managedInstances !== undefined,
                serviceConnect: config.cluster.serviceConnectNamespace !== undefined,
            },
            { parent: this },
        );
    }

    /** The configured interface endpoints in the private subnets. */
    private createInterfaceEndpoints(config: StackConfig, namePrefix: string): InterfaceEndpoints {
        return new InterfaceEndpoints(
            "endpoints",
            {
                vpcId: this.network.vpcId,
                region: config.region,
                services: config.network.endpoints.interface,
                subnetIds: this.network.private.subnetIds,
                securityGroupId: this.securityGroups.endpoints!.id,
                namePrefix,
            },
            { parent: this },
        );
    }

    /** The cluster named after the stack, with ECS Exec session logging when a service uses Exec. */
    private createCluster(
        config: StackConfig,
        namePrefix: string,
        partition: pulumi.Input<string>,
        stateful: StatefulOptions,
        endpoints: InterfaceEndpoints | undefined,
    ): Cluster {
        return new Cluster(
            "cluster",
            {
                config: config.cluster,
                clusterName: namePrefix,
                partition,
                privateSubnetIds: this.network.private.subnetIds,
                instanceSecurityGroupIds: this.securityGroups.instances ? [this.securityGroups.instances.id, ...this.endpointClients] : undefined,
                instanceNetworkReady: [...(endpoints ? Object.values(endpoints.endpoints) : []), ...this.network.egress, ...this.securityGroups.rules],
                execSessions: config.services.some((s) => s.enableExecuteCommand)
                    ? { logGroupName: `/ecs/${namePrefix}/exec-sessions`, logRetentionDays: config.logs.retentionDays }
                    : undefined,
                defaultTags: config.defaultTags,
                stateful,
            },
            { parent: this },
        );
    }

    /** The ECR repository of a service built from source, and the build that pushes its image. */
    private createServiceImage(svc: ServiceConfig, build: BuildConfig, shared: SharedByServices): ServiceImage {
        return new ServiceImage(
            `${svc.name}-build`,
            {
                build,
                architecture: svc.architecture,
                repositoryName: `${shared.namePrefix}/${svc.name}`.toLowerCase(),
                scope: shared.scope,
                stateful: shared.stateful,
            },
            { parent: this },
        );
    }

    /** A task EventBridge Scheduler runs, in the private subnets with its own group and the shared tasks group. */
    private createScheduledTask(task: ScheduledTaskConfig, shared: SharedByServices): ScheduledTask {
        const sg = this.securityGroups;
        return new ScheduledTask(
            `task-${task.name}`,
            {
                config: task,
                asService: taskAsService(task),
                scope: shared.scope,
                namePrefix: shared.namePrefix,
                cluster: this.cluster,
                subnetIds: this.network.private.subnetIds,
                securityGroupIds: [sg.scheduledTasks[task.name].id, sg.tasks.id, ...this.endpointClients],
                logRetentionDays: shared.config.logs.retentionDays,
                managedSecrets: shared.managedSecrets,
                stateful: shared.stateful,
                dependsOn: [...(shared.endpoints ? Object.values(shared.endpoints.endpoints) : []), ...this.network.egress, ...sg.rules],
                alarmTopicArn: shared.monitoring?.topicArn,
            },
            { parent: this },
        );
    }

    /** A daemon on every Managed Instance, after the network paths its tasks need. */
    private createManagedDaemon(svc: ServiceConfig, shared: SharedByServices): ManagedDaemon {
        return new ManagedDaemon(
            svc.name,
            {
                config: svc,
                scope: shared.scope,
                namePrefix: shared.namePrefix,
                cluster: this.cluster,
                logRetentionDays: shared.config.logs.retentionDays,
                managedSecrets: shared.managedSecrets,
                stateful: shared.stateful,
                dependsOn: [...(shared.endpoints ? Object.values(shared.endpoints.endpoints) : []), ...this.network.egress],
            },
            { parent: this },
        );
    }

    /** One service: in the private subnets (public ones with assignPublicIp), after the network paths and rules it needs. */
    private createService(svc: ServiceConfig, priority: number, shared: SharedByServices): Service {
        const { config, endpoints, infrastructureRole } = shared;
        const sg = this.securityGroups;
        const tier = svc.assignPublicIp ? this.network.public : this.network.private;
        return new Service(
            svc.name,
            {
                config: svc,
                scope: shared.scope,
                namePrefix: shared.namePrefix,
                cluster: this.cluster,
                vpcId: this.network.vpcId,
                subnetIds: tier.subnetIds,
                securityGroupIds: [sg.services[svc.name].id, sg.tasks.id, ...this.endpointClients],
                listener: this.loadBalancer.listener,
                loadBalancerArnSuffix: this.loadBalancer.loadBalancer.arnSuffix,
                priority,
                nlb: this.networkLoadBalancer && { loadBalancer: this.networkLoadBalancer, config: config.networkLoadBalancer },
                logRetentionDays: config.logs.retentionDays,
                managedSecrets: shared.managedSecrets,
                infrastructureRoleArn: infrastructureRole?.arn,
                efs: svc.efs ? { subnetIds: this.network.private.subnetIds, securityGroupId: sg.efs[svc.name].id } : undefined,
                stateful: shared.stateful,
                monitoring: shared.monitoring,
                builtImage: svc.build ? this.createServiceImage(svc, svc.build, shared) : undefined,
                dependsOn: [
                    ...(endpoints ? Object.values(endpoints.endpoints) : []),
                    ...this.network.egress,
                    ...sg.rules,
                    ...(shiftsTraffic(svc.deployment.strategy) && infrastructureRole ? [infrastructureRole.attachment] : []),
                ],
            },
            { parent: this },
        );
    }

    /**
     * The role ECS assumes to move ALB traffic between target groups in blue/green deployments. Source: Amazon ECS
     * Developer Guide, "Amazon ECS infrastructure IAM role for load balancers" (trust ecs.amazonaws.com, the managed
     * policy AmazonECSInfrastructureRolePolicyForLoadBalancers; read 2026-12-02).
     */
    private createInfrastructureRole(scope: AwsScope): { arn: pulumi.Output<string>; attachment: pulumi.Resource } {
        // AWS documents this trust without conditions, and no source says ECS sets aws:SourceAccount when it assumes
        // the role (facts: README).
        const { role, attachment } = createAwsServiceRole(
            "ecs-infrastructure",
            {
                service: "ecs.amazonaws.com",
                description: "Lets ECS shift ALB traffic between target groups in blue/green deployments",
                managedPolicy: "AmazonECSInfrastructureRolePolicyForLoadBalancers",
                partition: scope.partition,
            },
            this,
        );
        return { arn: role.arn, attachment };
    }
}

/** What the Config rules' parameters are made from: log retention, and the ports the world may reach. */
function ruleContext(config: StackConfig): RuleContext {
    const nlbPorts = config.networkLoadBalancer.internal ? [] : config.services.flatMap((s) => (s.expose === "nlb" && s.listener ? [s.listener.port] : []));
    // The ALB's listener ports, as its group opens them (none when internal), and the internet-facing NLB's.
    const lb = config.loadBalancer;
    const albPorts = lb.internal ? [] : lb.certificateArn ? [80, 443] : [80];
    return { logRetentionDays: config.logs.retentionDays, worldPorts: [...new Set([...albPorts, ...nlbPorts])].sort((a, b) => a - b) };
}

/** What every service of the stack is built with. */
interface SharedByServices {
    config: StackConfig;
    namePrefix: string;
    scope: AwsScope;
    stateful: StatefulOptions;
    managedSecrets: Record<string, ManagedSecret>;
    /** Present when a service deploys blue/green. */
    infrastructureRole?: { arn: pulumi.Output<string>; attachment: pulumi.Resource };
    /** Present when the stack has interface endpoints. */
    endpoints?: InterfaceEndpoints;
    /** Present when monitoring is on: where alarms go and when they fire. */
    monitoring?: { topicArn: pulumi.Output<string>; thresholds: StackConfig["monitoring"]["thresholds"] };
}

/** Where a person reaches a service: its first host (or the ALB's name) and its first path, wildcards cut off. */
function serviceUrl(lb: LoadBalancer, path: string, host: string | undefined): pulumi.Output<string> {
    const plainPath = path.replace(/[*?].*$/, "");
    if (host && !/[*?]/.test(host)) return pulumi.output(`${lb.scheme}://${host}${plainPath}`);
    return lb.url(plainPath);
}
