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
    // terraform-provider-aws internal/service/ecs/capacity_provider.go (read 2026-12-02): name and cluster replace; so
    // does managed_instances_provider.instance_launch_template.capacity_option_type (cluster.managedInstances.purchase),
    // a nested field this top-level table cannot name (listing the whole block would call every subnet change a
    // replacement; the README says a purchase change replaces the provider). Pulumi creates the new provider, points the cluster's provider
    // list and the services at it, then deletes the old one, so the association does not block the delete.
    "aws:ecs/capacityProvider:CapacityProvider": ["name", "cluster"],
    // terraform-provider-aws internal/service/ecs/daemon_task_definition.go and daemon.go (2026 versions, read
    // 2026-12-02): a daemon task definition has no update (every argument but tags replaces it, like a task
    // definition); a daemon's name and cluster_arn replace it.
    "aws:ecs/daemonTaskDefinition:DaemonTaskDefinition": "any",
    "aws:ecs/daemon:Daemon": ["name", "clusterArn"],
    // terraform-provider-aws internal/service/ecr (read 2026-12-02): a repository's name and encryption replace it; a
    // lifecycle policy has no update, so its repository and its policy replace it.
    "aws:ecr/repository:Repository": ["name", "encryptionConfigurations", "region"],
    // terraform-provider-aws internal/service/scheduler/schedule.go and sqs/queue.go: a schedule's name, name_prefix and
    // group_name replace it; a queue's name, name_prefix and fifo_queue (read from the provider docs, 2026-12-02).
    "aws:scheduler/schedule:Schedule": ["name", "namePrefix", "groupName", "region"],
    "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue", "region"],
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["repository", "policy", "region"],
    "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType"],
    "aws:lb/targetGroup:TargetGroup": ["name", "namePrefix", "port", "protocol", "vpcId", "targetType", "protocolVersion"],
    "aws:lb/listener:Listener": ["loadBalancerArn"],
    "aws:lb/listenerRule:ListenerRule": ["listenerArn"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
    // Monitoring: alarm_name; the subscription's topic_arn, protocol and endpoint; the dashboard's dashboard_name; the
    // topic's name, name_prefix and fifo_topic; the alias's name and name_prefix (its target_key_id updates in place):
    // ForceNew in terraform-provider-aws internal/service/{cloudwatch,sns,kms} (read 2026-12-02; the alias and the
    // subscription in 2024 versions of the files, unchanged in every version seen).
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
    // AWS Config and CloudTrail: a rule's, recorder's, recorder status's and delivery channel's name and a trail's name
    // replace them (the provider docs: "Changing it recreates the resource"; terraform-provider-aws internal/service/
    // configservice and cloudtrail, ForceNew on name; read 2026-12-02).
    "aws:cfg/rule:Rule": ["name", "region"],
    "aws:cfg/recorder:Recorder": ["name", "region"],
    "aws:cfg/recorderStatus:RecorderStatus": ["name", "region"],
    "aws:cfg/deliveryChannel:DeliveryChannel": ["name", "region"],
    "aws:cloudtrail/trail:Trail": ["name", "region"],
    // Every input of a random resource replaces it (pulumi/pulumi-random: RandomPassword's inputs are all ForceNew).
    "random:index/randomPassword:RandomPassword": "any",
};

/** The top-level properties among `changed` that force a replacement of a resource of this type. */
export function replacementReasons(type: string, changed: string[]): string[] {
    const table = REPLACE_ON[type];
    if (table === undefined) return [];
    return table === "any" ? changed : changed.filter((p) => table.includes(p));
}
