/**
 * The benchmark's peer: the same platform as a Pulumi.<stack>.yaml describes, written with AWS CDK's ECS and ELB
 * constructs and checked with cdk-nag's AwsSolutions rules, so `npm run bench -- --peer` can time "CDK synth +
 * cdk-nag" against `npm run plan`. Plain CommonJS, run with node (no transpiling), so the peer pays no TypeScript cost.
 * aws-cdk-lib and cdk-nag are installed into a temporary folder by the bench (NODE_PATH), never into this project.
 *
 * Usage: node cdkApp.js STACK_FILE OUT_DIR
 */
const fs = require("fs");
const yaml = require("js-yaml");
const cdk = require("aws-cdk-lib");
const { AwsSolutionsChecks, NagSuppressions } = require("cdk-nag");
const ec2 = cdk.aws_ec2;
const ecs = cdk.aws_ecs;
const elbv2 = cdk.aws_elasticloadbalancingv2;
const logs = cdk.aws_logs;
const s3 = cdk.aws_s3;
const secretsmanager = cdk.aws_secretsmanager;
const autoscaling = cdk.aws_autoscaling;
const acm = cdk.aws_certificatemanager;

const [stackFile, outdir] = process.argv.slice(2);
const config = yaml.load(fs.readFileSync(stackFile, "utf8")).config;
const get = (key) => config[`ecs-platform:${key}`];
const network = get("network") || {};
const cluster = get("cluster") || {};
const lbConfig = get("loadBalancer") || {};
const services = get("services") || [];
const account = (config["aws:allowedAccountIds"] || ["123456789012"])[0];
const region = config["aws:region"];

// CloudFormation takes at most 500 resources a stack (CloudFormation User Guide, "Understand CloudFormation quotas",
// read 2026-12-02), and CDK refuses more at synth; the limit is lifted here so
// the peer can be timed on the same generated stacks (50 services is about 600 resources), as a benchmark only.
const app = new cdk.App({ outdir, context: { "@aws-cdk/core:stackResourceLimit": 0 } });
const stack = new cdk.Stack(app, "EcsPlatform", { env: { account, region } });

const natGateways = network.natGateways === "none" ? 0 : network.natGateways === "single" ? 1 : network.azCount || 2;
const vpc = new ec2.Vpc(stack, "Vpc", {
    ipAddresses: ec2.IpAddresses.cidr(network.cidr || "10.0.0.0/16"),
    natGateways,
    availabilityZones: ["a", "b", "c"].slice(0, network.azCount || 2).map((z) => `${region}${z}`),
    flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
});
for (const name of (network.endpoints && network.endpoints.gateway) || []) {
    vpc.addGatewayEndpoint(`Gw-${name}`, { service: name === "s3" ? ec2.GatewayVpcEndpointAwsService.S3 : ec2.GatewayVpcEndpointAwsService.DYNAMODB });
}
for (const name of (network.endpoints && network.endpoints.interface) || []) {
    vpc.addInterfaceEndpoint(`If-${name}`, { service: new ec2.InterfaceVpcEndpointAwsService(name), privateDnsEnabled: true });
}

const ecsCluster = new ecs.Cluster(stack, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENHANCED });
ecsCluster.enableFargateCapacityProviders();
if (cluster.ec2Capacity) {
    const group = new autoscaling.AutoScalingGroup(stack, "Instances", {
        vpc,
        instanceType: new ec2.InstanceType(cluster.ec2Capacity.instanceType),
        machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.ARM),
        minCapacity: cluster.ec2Capacity.minSize,
        maxCapacity: cluster.ec2Capacity.maxSize,
        requireImdsv2: true,
    });
    ecsCluster.addAsgCapacityProvider(
        new ecs.AsgCapacityProvider(stack, "Ec2Capacity", { autoScalingGroup: group, targetCapacityPercent: cluster.ec2Capacity.targetCapacityPercent }),
    );
}

const logBucket = new s3.Bucket(stack, "AlbLogs", {
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
});
const alb = new elbv2.ApplicationLoadBalancer(stack, "Alb", {
    vpc,
    internetFacing: true,
    deletionProtection: !!lbConfig.deletionProtection,
    dropInvalidHeaderFields: true,
});
alb.logAccessLogs(logBucket, "alb");
const listener = lbConfig.certificateArn
    ? alb.addListener("Https", {
          port: 443,
          certificates: [acm.Certificate.fromCertificateArn(stack, "Cert", lbConfig.certificateArn)],
          sslPolicy: elbv2.SslPolicy.TLS12,
          defaultAction: elbv2.ListenerAction.fixedResponse(404),
      })
    : alb.addListener("Http", { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
if (lbConfig.certificateArn) alb.addRedirect();

const database = get("database") ? new ec2.SecurityGroup(stack, "DatabaseSg", { vpc, allowAllOutbound: false }) : undefined;

services.forEach((svc, i) => {
    const taskDefinition = new ecs.FargateTaskDefinition(stack, `${svc.name}-task`, {
        cpu: svc.cpu,
        memoryLimitMiB: svc.memory,
        runtimePlatform: { cpuArchitecture: svc.architecture === "ARM64" ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64 },
    });
    const secrets = {};
    for (const [name, arn] of Object.entries(svc.secrets || {})) {
        const secret = String(arn).startsWith("arn:")
            ? secretsmanager.Secret.fromSecretCompleteArn(stack, `${svc.name}-${name}`, String(arn).split(":").slice(0, 7).join(":"))
            : new secretsmanager.Secret(stack, `${svc.name}-${name}`);
        secrets[name] = ecs.Secret.fromSecretsManager(secret);
    }
    // The peer builds no images: a service built from source gets a registry image of the same shape.
    const containerPort = svc.containerPort || 8080;
    taskDefinition.addContainer("app", {
        image: ecs.ContainerImage.fromRegistry(svc.image || "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine"),
        portMappings: [{ containerPort }],
        environment: svc.environment || {},
        secrets,
        user: svc.user,
        readonlyRootFilesystem: true,
        logging: ecs.LogDrivers.awsLogs({
            streamPrefix: svc.name,
            logGroup: new logs.LogGroup(stack, `${svc.name}-logs`, { retention: logs.RetentionDays.ONE_YEAR }),
        }),
    });
    const service = new ecs.FargateService(stack, `${svc.name}-service`, {
        cluster: ecsCluster,
        taskDefinition,
        desiredCount: svc.desiredCount,
        circuitBreaker: { rollback: true },
        minHealthyPercent: 100,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    if (database && svc.databaseAccess) database.addIngressRule(service.connections.securityGroups[0], ec2.Port.tcp(get("database").port));
    // A worker or daemon (no paths) takes no load-balancer traffic.
    if (!svc.paths || svc.paths.length === 0) return;
    listener.addTargets(`${svc.name}-targets`, {
        priority: i + 1,
        conditions: [elbv2.ListenerCondition.pathPatterns(svc.paths)],
        port: containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targets: [service],
        healthCheck: { path: (svc.healthCheck && svc.healthCheck.path) || "/" },
    });
    if (svc.autoscaling) {
        const scaling = service.autoScaleTaskCount({ minCapacity: svc.autoscaling.minCount, maxCapacity: svc.autoscaling.maxCount });
        if (svc.autoscaling.cpuTargetPercent) scaling.scaleOnCpuUtilization("cpu", { targetUtilizationPercent: svc.autoscaling.cpuTargetPercent });
        if (svc.autoscaling.memoryTargetPercent) scaling.scaleOnMemoryUtilization("memory", { targetUtilizationPercent: svc.autoscaling.memoryTargetPercent });
    }
});

cdk.Aspects.of(app).add(new AwsSolutionsChecks({ verbose: false }));
NagSuppressions.addStackSuppressions(stack, [{ id: "AwsSolutions-IAM5", reason: "benchmark: findings are counted, not fixed" }]);
app.synth();
