/**
 * Input properties whose change makes the AWS provider replace the resource instead of updating it in place.
 * Source: terraform-provider-aws resource schemas (attributes marked ForceNew / RequiresReplace), which
 * @pulumi/aws 7 bridges unchanged; checked 2026-11-23 for the resource types this platform creates. A task
 * definition is immutable: any change registers a new revision (ECS API, RegisterTaskDefinition).
 */
export const REPLACE_ON: Record<string, readonly string[] | "any"> = {
    "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
    "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
    "aws:ec2/routeTable:RouteTable": ["vpcId"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
    "aws:ec2/natGateway:NatGateway": ["subnetId", "allocationId", "connectivityType"],
    "aws:ec2/eip:Eip": ["domain"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
    "aws:ec2/securityGroup:SecurityGroup": ["vpcId", "name", "namePrefix", "description"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["securityGroupId"],
    "aws:ec2/flowLog:FlowLog": ["vpcId", "logDestination", "logDestinationType", "trafficType", "iamRoleArn"],
    "aws:ecs/taskDefinition:TaskDefinition": "any",
    "aws:ecs/cluster:Cluster": ["name"],
    "aws:ecs/service:Service": ["name", "cluster", "launchType", "schedulingStrategy"],
    // cluster: a Managed Instances provider is created in one cluster ("Required when using managedInstancesProvider"
    // in @pulumi/aws 7.48's docs); that moving it replaces it is inferred, not read in the provider's schema.
    "aws:ecs/capacityProvider:CapacityProvider": ["name", "cluster"],
    // A daemon task definition is a revision, immutable like a task definition (@pulumi/aws 7.48: "Manages a
    // revision of an ECS daemon task definition"). The daemon's name and cluster by analogy with a service (no
    // UpdateDaemon parameter changes them: ECS API Reference, UpdateDaemon, read 2026-12-02).
    "aws:ecs/daemonTaskDefinition:DaemonTaskDefinition": "any",
    "aws:ecs/daemon:Daemon": ["name", "clusterArn"],
    // terraform-provider-aws internal/service/ecr: the repository's name and the lifecycle policy's repository are
    // ForceNew (an ECR repository cannot be renamed: no API renames one). Read from the provider docs, 2026-12-02.
    "aws:ecr/repository:Repository": ["name", "region"],
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["repository", "region"],
    "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType"],
    "aws:lb/targetGroup:TargetGroup": ["name", "namePrefix", "port", "protocol", "vpcId", "targetType", "protocolVersion"],
    "aws:lb/listener:Listener": ["loadBalancerArn"],
    "aws:lb/listenerRule:ListenerRule": ["listenerArn"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
    // Monitoring (added 2026-12-02): alarm_name and the subscription's topic_arn, protocol and endpoint are ForceNew in
    // the terraform-provider-aws schemas read then; the dashboard's, topic's and alias's names as remembered, not
    // re-read. A wrong entry shows an update as a replacement in the lint, never the reverse.
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
    "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
    "aws:sns/topicSubscription:TopicSubscription": ["topic", "protocol", "endpoint"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
    "aws:efs/fileSystem:FileSystem": ["creationToken", "encrypted", "kmsKeyId", "performanceMode"],
    "aws:efs/mountTarget:MountTarget": ["fileSystemId", "subnetId", "ipAddress"],
    "aws:efs/accessPoint:AccessPoint": ["fileSystemId", "posixUser", "rootDirectory"],
    "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
    "aws:autoscaling/group:Group": ["name", "namePrefix"],
    "aws:servicediscovery/httpNamespace:HttpNamespace": ["name"],
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretId", "secretString", "secretBinary"],
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": ["awsServiceName", "customSuffix"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId", "customKeyStoreId"],
    // terraform-provider-aws internal/service/ecs/cluster_capacity_providers.go (index commit cd3a8a7, read 2026-12-02)
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": ["clusterName", "region"],
    // terraform-provider-aws internal/service/ec2/vpc_internet_gateway.go (index commit eeecacf, read 2026-12-02)
    "aws:ec2/internetGateway:InternetGateway": ["region"],
    // terraform-provider-aws internal/service/appautoscaling/policy.go (index commit e33a89d, read 2026-12-02)
    "aws:appautoscaling/policy:Policy": ["name", "resourceId", "scalableDimension", "serviceNamespace", "region"],
    // terraform-provider-aws internal/service/appautoscaling/scheduled_action.go (index commit 552c046, read 2026-12-02)
    "aws:appautoscaling/scheduledAction:ScheduledAction": ["name", "resourceId", "scalableDimension", "serviceNamespace", "region"],
    // terraform-provider-aws internal/service/appautoscaling/target.go (index commit cd3a8a7, read 2026-12-02)
    "aws:appautoscaling/target:Target": ["resourceId", "scalableDimension", "serviceNamespace", "region"],
    // terraform-provider-aws internal/service/ec2/ec2_launch_template.go (index commit c49358f, read 2026-12-02)
    "aws:ec2/launchTemplate:LaunchTemplate": ["name", "namePrefix", "region"],
    // terraform-provider-aws internal/service/iam/instance_profile.go (index commit cda04ab, read 2026-12-02)
    "aws:iam/instanceProfile:InstanceProfile": ["name", "namePrefix", "path"],
    // terraform-provider-aws internal/service/s3/bucket_lifecycle_configuration.go (index commit edd8342, read 2026-12-02)
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["bucket", "expectedBucketOwner", "region"],
    // terraform-provider-aws internal/service/s3/bucket_ownership_controls.go (index commit adeb842, read 2026-12-02)
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["bucket", "region"],
    // terraform-provider-aws internal/service/s3/bucket_policy.go (index commit c7cbd9b, read 2026-12-02)
    "aws:s3/bucketPolicy:BucketPolicy": ["bucket", "region"],
    // terraform-provider-aws internal/service/s3/bucket_public_access_block.go (index commit 30b8cc6, read 2026-12-02)
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["bucket", "region"],
    // terraform-provider-aws internal/service/s3/bucket_server_side_encryption_configuration.go (index commit 3ab5121, read 2026-12-02)
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["bucket", "expectedBucketOwner", "region"],
    // terraform-provider-aws internal/service/efs/file_system_policy.go (index commit 0b3d4e4, read 2026-12-02)
    "aws:efs/fileSystemPolicy:FileSystemPolicy": ["fileSystemId", "region"],
    // Every input of a random resource replaces it (pulumi/pulumi-random: RandomPassword's inputs are all ForceNew).
    "random:index/randomPassword:RandomPassword": "any",
};

/** The top-level properties among `changed` that force a replacement of a resource of this type. */
export function replacementReasons(type: string, changed: string[]): string[] {
    const table = REPLACE_ON[type];
    if (table === undefined) return [];
    return table === "any" ? changed : changed.filter((p) => table.includes(p));
}
