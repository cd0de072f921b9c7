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
    "aws:ecs/capacityProvider:CapacityProvider": ["name"],
    "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType"],
    "aws:lb/targetGroup:TargetGroup": ["name", "namePrefix", "port", "protocol", "vpcId", "targetType", "protocolVersion"],
    "aws:lb/listener:Listener": ["loadBalancerArn"],
    "aws:lb/listenerRule:ListenerRule": ["listenerArn"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
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
    // Every input of a random resource replaces it (pulumi/pulumi-random: RandomPassword's inputs are all ForceNew).
    "random:index/randomPassword:RandomPassword": "any",
};

/** The top-level properties among `changed` that force a replacement of a resource of this type. */
export function replacementReasons(type: string, changed: string[]): string[] {
    const table = REPLACE_ON[type];
    if (table === undefined) return [];
    return table === "any" ? changed : changed.filter((p) => table.includes(p));
}
