/**
 * Placeholders for the values AWS assigns (ids, ARNs, DNS names), so that the offline plan sees what a preview of an
 * already deployed stack sees: container definitions and IAM documents built from them are known and judged.
 *
 * Each placeholder has AWS's shape (an ARN of the service's documented form, `sg-…` for a group) and is visibly
 * marked: the part AWS would make up (a random id, a secret's suffix, a name's random tail) is `offline…`, which no
 * real id can be (AWS ids are hexadecimal, secret suffixes six characters of AWS's choosing). Each is derived from its
 * resource (type and logical name), so two references to one resource compare equal and references to two do not.
 */
import { createHash } from "crypto";

/** The marker every placeholder carries; the diff prints values holding it as assigned by AWS. */
export const PLACEHOLDER_MARK = "offline";

export interface AwsScope {
    accountId: string;
    partition: string;
    region: string;
}

type Inputs = Record<string, unknown>;

/** A short deterministic tag of a resource: marker + 8 hex characters of its type and name. */
export function tagOf(type: string, name: string, length = 8): string {
    return PLACEHOLDER_MARK + createHash("sha256").update(`${type}::${name}`).digest("hex").slice(0, length);
}

/** The name the provider would generate (logical name + 7 random characters), with the marker as the random part. */
function autoName(inputs: Inputs, name: string, property = "name"): string {
    const given = inputs[property];
    if (typeof given === "string") return given;
    const prefix = inputs[`${property}Prefix`];
    // A prefix may be shared; the provider's unique suffix stands in as a tag of the resource.
    return typeof prefix === "string" ? `${prefix}${tagOf("prefix", name)}` : `${name}-${PLACEHOLDER_MARK}`;
}

/** Outputs AWS (or the provider) would report for a resource of this type; {} for a type with none needed. */
type Assign = (name: string, inputs: Inputs, scope: AwsScope, type: string) => { id: string; outputs: Inputs };

const arn = (s: AwsScope, service: string, resource: string, regional = true, account = true) =>
    `arn:${s.partition}:${service}:${regional ? s.region : ""}:${account ? s.accountId : ""}:${resource}`;

/** An EC2-style id: prefix, the marker and a hash (`sg-offline1a2b3c4d`). */
const ec2Id =
    (prefix: string): Assign =>
    (name, _inputs, s, type) => {
        const id = `${prefix}-${tagOf(type, name)}`;
        return { id, outputs: { arn: arn(s, "ec2", `${prefix === "sg" ? "security-group" : prefix}/${id}`) } };
    };

/** An ELBv2 resource's id part: 16 characters, the marker first. */
const elbId = (type: string, name: string) => tagOf(type, name, 9);

const ASSIGN: Record<string, Assign> = {
    "aws:ec2/vpc:Vpc": ec2Id("vpc"),
    "aws:ec2/subnet:Subnet": ec2Id("subnet"),
    "aws:ec2/internetGateway:InternetGateway": ec2Id("igw"),
    "aws:ec2/eip:Eip": (name, inputs, s, type) => {
        const { id, outputs } = ec2Id("eipalloc")(name, inputs, s, type);
        // An address of TEST-NET-1 (RFC 5737, documentation only, never routed) stands in for the one AWS allocates.
        return { id, outputs: { ...outputs, publicIp: `192.0.2.${(parseInt(tagOf(type, name).slice(-2), 16) % 254) + 1}` } };
    },
    "aws:ec2/natGateway:NatGateway": ec2Id("nat"),
    "aws:ec2/routeTable:RouteTable": ec2Id("rtb"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ec2Id("rtbassoc"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": ec2Id("vpce"),
    "aws:ec2/flowLog:FlowLog": ec2Id("fl"),
    "aws:ec2/securityGroup:SecurityGroup": (name, inputs, s, type) => {
        const { id, outputs } = ec2Id("sg")(name, inputs, s, type);
        return { id, outputs: { ...outputs, name: autoName(inputs, name) } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2Id("sgr"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2Id("sgr"),
    "aws:ec2/launchTemplate:LaunchTemplate": (name, inputs, s, type) => {
        const id = `lt-${tagOf(type, name)}`;
        return { id, outputs: { arn: arn(s, "ec2", `launch-template/${id}`), name: autoName(inputs, name), latestVersion: 1 } };
    },
    "aws:iam/role:Role": (name, inputs, s) => {
        const roleName = autoName(inputs, name);
        const path = typeof inputs.path === "string" ? inputs.path : "/";
        return {
            id: roleName,
            outputs: { name: roleName, arn: arn(s, "iam", `role${path}${roleName}`, false), uniqueId: `AROA${PLACEHOLDER_MARK.toUpperCase()}` },
        };
    },
    "aws:iam/instanceProfile:InstanceProfile": (name, inputs, s) => {
        const profile = autoName(inputs, name);
        return { id: profile, outputs: { name: profile, arn: arn(s, "iam", `instance-profile/${profile}`, false) } };
    },
    "aws:iam/rolePolicy:RolePolicy": (name, inputs) => ({ id: `${String(inputs.role)}:${autoName(inputs, name)}`, outputs: { name: autoName(inputs, name) } }),
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs, s) => {
        const group = autoName(inputs, name);
        return { id: group, outputs: { name: group, arn: arn(s, "logs", `log-group:${group}`) } };
    },
    "aws:secretsmanager/secret:Secret": (name, inputs, s) => {
        // AWS appends "-" and six characters to a secret's ARN; the placeholder's six are "OFFLIN".
        const secretArn = arn(s, "secretsmanager", `secret:${autoName(inputs, name)}-${PLACEHOLDER_MARK.slice(0, 6).toUpperCase()}`);
        return { id: secretArn, outputs: { arn: secretArn } };
    },
    "aws:kms/key:Key": (name, _inputs, s, type) => {
        // A key id's UUID form, marked in its first group and derived from the resource in the rest.
        const h = createHash("sha256").update(`${type}::${name}`).digest("hex");
        const keyId = `${tagOf(type, name, 1)}-${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}-${h.slice(12, 24)}`;
        return { id: keyId, outputs: { keyId, arn: arn(s, "kms", `key/${keyId}`) } };
    },
    "aws:sns/topic:Topic": (name, inputs, s) => {
        const topicArn = arn(s, "sns", autoName(inputs, name));
        return { id: topicArn, outputs: { arn: topicArn, name: autoName(inputs, name) } };
    },
    // AWS reports an email subscription's ARN as "pending confirmation" until the address confirms it.
    "aws:sns/topicSubscription:TopicSubscription": (name, inputs, _s, type) => {
        const subscriptionArn = `${String(inputs.topic)}:${tagOf(type, name)}`;
        return { id: subscriptionArn, outputs: { arn: subscriptionArn } };
    },
    "aws:kms/alias:Alias": (name, inputs, s) => {
        const aliasName = String(inputs.name ?? name);
        return { id: aliasName, outputs: { arn: arn(s, "kms", aliasName) } };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs, s) => {
        const alarm = autoName(inputs, name);
        return { id: alarm, outputs: { arn: arn(s, "cloudwatch", `alarm:${alarm}`) } };
    },
    "aws:cloudwatch/dashboard:Dashboard": (name, inputs, s) => {
        const dashboard = String(inputs.dashboardName ?? name);
        return { id: dashboard, outputs: { dashboardArn: arn(s, "cloudwatch", `dashboard/${dashboard}`, false) } };
    },
    "aws:ecs/cluster:Cluster": (name, inputs, s) => {
        const cluster = autoName(inputs, name);
        const clusterArn = arn(s, "ecs", `cluster/${cluster}`);
        return { id: clusterArn, outputs: { name: cluster, arn: clusterArn } };
    },
    "aws:ecs/capacityProvider:CapacityProvider": (name, inputs, s) => {
        const provider = autoName(inputs, name);
        const providerArn = arn(s, "ecs", `capacity-provider/${provider}`);
        return { id: providerArn, outputs: { name: provider, arn: providerArn } };
    },
    "aws:ecs/taskDefinition:TaskDefinition": (name, inputs, s) => {
        // Revisions start at 1; revision 0 marks the placeholder.
        const family = typeof inputs.family === "string" ? inputs.family : name;
        const taskArn = arn(s, "ecs", `task-definition/${family}:0`);
        return { id: family, outputs: { arn: taskArn, arnWithoutRevision: arn(s, "ecs", `task-definition/${family}`), revision: 0 } };
    },
    "aws:scheduler/schedule:Schedule": (name, inputs, s) => {
        const schedule = autoName(inputs, name);
        const scheduleArn = arn(s, "scheduler", `schedule/default/${schedule}`);
        return { id: `default/${schedule}`, outputs: { arn: scheduleArn, name: schedule } };
    },
    "aws:sqs/queue:Queue": (name, inputs, s) => {
        const queue = autoName(inputs, name);
        const url = `https://sqs.${s.region}.amazonaws.com/${s.accountId}/${queue}`;
        return { id: url, outputs: { arn: arn(s, "sqs", queue), url, name: queue } };
    },
    "aws:ecs/daemonTaskDefinition:DaemonTaskDefinition": (name, inputs, s) => {
        const family = typeof inputs.family === "string" ? inputs.family : name;
        const taskArn = arn(s, "ecs", `daemon-task-definition/${family}:0`);
        return { id: taskArn, outputs: { arn: taskArn, revision: 0 } };
    },
    "aws:ecs/daemon:Daemon": (name, inputs, s) => {
        const daemon = autoName(inputs, name);
        const daemonArn = arn(s, "ecs", `daemon/${daemon}`);
        return { id: daemonArn, outputs: { name: daemon, arn: daemonArn } };
    },
    "aws:ecs/service:Service": (name, inputs, s) => {
        const service = autoName(inputs, name);
        const serviceArn = arn(s, "ecs", `service/${service}`);
        return { id: serviceArn, outputs: { name: service, arn: serviceArn } };
    },
    "aws:lb/loadBalancer:LoadBalancer": (name, inputs, s, type) => {
        const lbName = autoName(inputs, name);
        // An ALB's ARN suffix starts app/, an NLB's net/ (ELB API Reference, LoadBalancerArn, read 2026-12-02).
        const suffix = `${inputs.loadBalancerType === "network" ? "net" : "app"}/${lbName}/${elbId(type, name)}`;
        return {
            id: arn(s, "elasticloadbalancing", `loadbalancer/${suffix}`),
            outputs: {
                arn: arn(s, "elasticloadbalancing", `loadbalancer/${suffix}`),
                arnSuffix: suffix,
                name: lbName,
                dnsName: `${lbName.includes(PLACEHOLDER_MARK) ? lbName : `${lbName}-${tagOf(type, name)}`}.${s.region}.elb.amazonaws.com`,
                zoneId: `Z${PLACEHOLDER_MARK.toUpperCase()}`,
            },
        };
    },
    "aws:lb/targetGroup:TargetGroup": (name, inputs, s, type) => {
        const tgName = autoName(inputs, name);
        const suffix = `targetgroup/${tgName}/${elbId(type, name)}`;
        const tgArn = arn(s, "elasticloadbalancing", suffix);
        return { id: tgArn, outputs: { arn: tgArn, arnSuffix: suffix, name: tgName } };
    },
    "aws:lb/listener:Listener": (name, inputs, s, type) => {
        const parent = String(inputs.loadBalancerArn ?? "").replace(":loadbalancer/", ":listener/");
        const listenerArn = parent.includes(":listener/")
            ? `${parent}/${elbId(type, name)}`
            : arn(s, "elasticloadbalancing", `listener/app/${name}/${elbId(type, name)}`);
        return { id: listenerArn, outputs: { arn: listenerArn } };
    },
    "aws:lb/listenerRule:ListenerRule": (name, inputs, s, type) => {
        const parent = String(inputs.listenerArn ?? "").replace(":listener/", ":listener-rule/");
        const ruleArn = parent.includes(":listener-rule/")
            ? `${parent}/${elbId(type, name)}`
            : arn(s, "elasticloadbalancing", `listener-rule/app/${name}/${elbId(type, name)}`);
        return { id: ruleArn, outputs: { arn: ruleArn } };
    },
    "aws:s3/bucket:Bucket": (name, inputs, s) => {
        const bucket = autoName(inputs, name, "bucket").toLowerCase();
        return { id: bucket, outputs: { bucket, arn: arn(s, "s3", bucket, false, false), bucketRegionalDomainName: `${bucket}.s3.${s.region}.amazonaws.com` } };
    },
    "aws:efs/fileSystem:FileSystem": (name, _inputs, s, type) => {
        const id = `fs-${tagOf(type, name)}`;
        return { id, outputs: { arn: arn(s, "elasticfilesystem", `file-system/${id}`), dnsName: `${id}.efs.${s.region}.amazonaws.com` } };
    },
    "aws:efs/accessPoint:AccessPoint": (name, _inputs, s, type) => {
        const id = `fsap-${tagOf(type, name)}`;
        return { id, outputs: { arn: arn(s, "elasticfilesystem", `access-point/${id}`) } };
    },
    "aws:efs/mountTarget:MountTarget": ec2Id("fsmt"),
    "aws:servicediscovery/httpNamespace:HttpNamespace": (name, _inputs, s, type) => {
        const id = `ns-${tagOf(type, name)}`;
        return { id, outputs: { arn: arn(s, "servicediscovery", `namespace/${id}`) } };
    },
    "aws:autoscaling/group:Group": (name, inputs, s, type) => {
        const group = autoName(inputs, name);
        return { id: group, outputs: { name: group, arn: arn(s, "autoscaling", `autoScalingGroup:${tagOf(type, name)}:autoScalingGroupName/${group}`) } };
    },
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": (_name, inputs, s) => {
        const service = String(inputs.awsServiceName ?? "");
        const roleArn = arn(s, "iam", `role/aws-service-role/${service}/AWSServiceRoleForECS`, false);
        return { id: roleArn, outputs: { arn: roleArn, name: "AWSServiceRoleForECS" } };
    },
};

/**
 * The id and outputs of a resource as a deployed stack reports them, with placeholders for what AWS assigns.
 * Types without an entry get a marked id and no outputs beyond their inputs.
 */
export function assignedValues(type: string, name: string, inputs: Inputs, scope: AwsScope): { id: string; outputs: Inputs; placeholders: string[] } {
    const assign = ASSIGN[type] ?? ((n: string) => ({ id: `${PLACEHOLDER_MARK}-${tagOf(type, n)}`, outputs: {} }));
    const { id, outputs } = assign(name, inputs, scope, type);
    const placeholders = [id, ...Object.values(outputs)].filter(holdsPlaceholder) as string[];
    // A task definition's revision is AWS's to assign: revision 0, which AWS never gives, marks it.
    if (type === "aws:ecs/taskDefinition:TaskDefinition") placeholders.push(outputs.arn as string);
    // An Elastic IP's address cannot carry the marker: it is a placeholder by type.
    if (type === "aws:ec2/eip:Eip") placeholders.push(outputs.publicIp as string);
    return { id, outputs, placeholders };
}

/** True for a generated value that holds the marker (a secret's six-character suffix carries "OFFLIN"). */
export function holdsPlaceholder(value: unknown): boolean {
    return typeof value === "string" && value.toLowerCase().includes(PLACEHOLDER_MARK.slice(0, 6));
}
