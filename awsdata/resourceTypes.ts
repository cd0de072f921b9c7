/**
 * Pulumi type tokens of the AWS resources the program creates and the lint reads (the policy pack keeps its own
 * copy in policies/lib/resourceTypes.ts so that it can be published alone).
 */
export const RESOURCE_TYPES = {
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    cluster: "aws:ecs/cluster:Cluster",
    capacityProvider: "aws:ecs/capacityProvider:CapacityProvider",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
    autoScalingGroup: "aws:autoscaling/group:Group",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    scheduledAction: "aws:appautoscaling/scheduledAction:ScheduledAction",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
    s3Bucket: "aws:s3/bucket:Bucket",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    managedPolicy: "aws:iam/policy:Policy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    fileSystem: "aws:efs/fileSystem:FileSystem",
    fileSystemPolicy: "aws:efs/fileSystemPolicy:FileSystemPolicy",
    mountTarget: "aws:efs/mountTarget:MountTarget",
    kmsKey: "aws:kms/key:Key",
} as const;
