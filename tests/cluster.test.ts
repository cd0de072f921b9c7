import * as assert from "assert";
import { named, ofType, planOf, stackConfig, T, urnOf } from "./helpers/plans";

describe("cluster and capacity", () => {
    it("turns Container Insights on and registers FARGATE, FARGATE_SPOT and the EC2 provider with the default strategy", async () => {
        const prod = await planOf("prod");
        assert.deepStrictEqual(named(prod, T.cluster, "cluster-cluster").inputs.settings, [{ name: "containerInsights", value: "enhanced" }]);
        const capacity = named(prod, T.clusterCapacity, "cluster-capacity");
        assert.deepStrictEqual((capacity.inputs.capacityProviders as string[]).slice(0, 2), ["FARGATE", "FARGATE_SPOT"]);
        assert.deepStrictEqual(capacity.propertyDependencies.capacityProviders, [urnOf(prod, T.capacityProvider, "cluster-ec2")]);
        assert.deepStrictEqual(capacity.inputs.defaultCapacityProviderStrategies, [{ capacityProvider: "FARGATE", base: 2, weight: 1 }]);
        // dev: Fargate, Fargate Spot and, in any valid config, the EC2 provider when it sets ec2Capacity (a Managed
        // Instances provider belongs to the cluster from its creation and is not listed).
        const dev = await planOf("dev");
        const devCluster = stackConfig("dev").project.cluster ?? {};
        const devProviders = named(dev, T.clusterCapacity, "cluster-capacity").inputs.capacityProviders as string[];
        assert.deepStrictEqual(devProviders.slice(0, 2), ["FARGATE", "FARGATE_SPOT"]);
        assert.strictEqual(devProviders.length, 2 + (devCluster.ec2Capacity ? 1 : 0));
        assert.strictEqual(ofType(dev, T.asg).length, devCluster.ec2Capacity ? 1 : 0);
    });

    it("launches ECS-optimized AL2023 instances with IMDSv2 required, encrypted disks, and the ECS instance policy only", async () => {
        const prod = await planOf("prod");
        const template = named(prod, T.launchTemplate, "cluster-instances").inputs;
        assert.strictEqual(template.imageId, "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id");
        assert.deepStrictEqual(template.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        assert.strictEqual((template.blockDeviceMappings as { ebs: { encrypted: string } }[])[0].ebs.encrypted, "true");
        assert.ok(
            Buffer.from(template.userData as string, "base64")
                .toString()
                .includes("ECS_CLUSTER=ecs-platform-prod"),
        );
        const role = named(prod, T.role, "cluster-instance");
        assert.strictEqual(role.inputs.managedPolicyArns, undefined, "managedPolicyArns is deprecated in @pulumi/aws 7");
        const attachments = ofType(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.propertyDependencies.role?.includes(role.urn));
        assert.deepStrictEqual(
            attachments.map((a) => a.inputs.policyArn),
            ["arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"],
        );
    });

    it("scales the Auto Scaling group by managed scaling with termination protection, and can still be destroyed", async () => {
        const prod = await planOf("prod");
        const provider = named(prod, T.capacityProvider, "cluster-ec2").inputs.autoScalingGroupProvider as Record<string, unknown>;
        assert.strictEqual(provider.managedTerminationProtection, "ENABLED");
        assert.deepStrictEqual(provider.managedScaling, { status: "ENABLED", targetCapacity: 90, minimumScalingStepSize: 1, maximumScalingStepSize: 10 });
        const asg = named(prod, T.asg, "cluster-instances");
        assert.strictEqual(asg.inputs.protectFromScaleIn, true);
        assert.strictEqual(asg.inputs.forceDelete, true, "destroy terminates protected instances instead of waiting for ever");
        assert.deepStrictEqual(asg.options.ignoreChanges, ["desiredCapacity"]);
        assert.deepStrictEqual(asg.propertyDependencies.vpcZoneIdentifiers.length, 3);
        // Services depend on the cluster's capacity providers, so destroy deletes them first.
        for (const service of ofType(prod, T.service)) {
            assert.ok(service.dependencies.includes(urnOf(prod, T.clusterCapacity, "cluster-capacity")), service.name);
        }
    });
});
