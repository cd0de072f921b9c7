/** ECS Managed Instances capacity and ECS managed daemons on it: resources, wiring, validation, pack, lint and cost. */
import * as assert from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { policyConfigFile } from "../plan/command";
import { Plan, PlanResource } from "../plan/planFormat";
import { packClient } from "./helpers/policyPack";
import { configProblems, fixturePlanEdited, named, ofType, parsed, ProjectConfig, T } from "./helpers/plans";

const MANAGED = { vcpu: { min: 2, max: 4 }, memoryMiB: { min: 4096, max: 16384 }, architecture: "arm64", purchase: "spot", scaleInAfterSeconds: 300 };

const WORKER = {
    name: "batch",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/batch:1.0.0",
    cpu: 1024,
    memory: 2048,
    capacity: "managedInstances",
    architecture: "ARM64",
    imageArchitectures: ["ARM64"],
    user: "1000:1000",
};

const AGENT = {
    name: "nodeagent",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/node-agent:3.2.0",
    schedulingStrategy: "daemon",
    capacity: "managedInstances",
    architecture: "ARM64",
    imageArchitectures: ["ARM64"],
    cpu: 128,
    memory: 256,
    user: "1000:1000",
    environment: { LOG_LEVEL: "info" },
};

/** The dev fixture with Managed Instances, a worker on them and a daemon on every instance. */
const withManaged = (c: ProjectConfig) => {
    c.cluster.managedInstances = { ...MANAGED };
    c.services.push({ ...WORKER }, { ...AGENT });
};

let cached: Promise<Plan> | undefined;
const managedPlan = () => (cached ??= fixturePlanEdited("dev", withManaged));

/** The role a resource's input was built from, and the managed policy ARNs attached to it. */
function roleOf(plan: Plan, from: PlanResource, property: string): { role: PlanResource; policies: string[] } {
    const urn = from.propertyDependencies[property]?.[0];
    const source = plan.resources.find((r) => r.urn === urn)!;
    const role = source.type === T.role ? source : plan.resources.find((r) => r.urn === source.propertyDependencies.role?.[0])!;
    const policies = ofType(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => a.propertyDependencies.role?.includes(role.urn))
        .map((a) => String(a.inputs.policyArn));
    return { role, policies };
}

describe("ECS Managed Instances capacity", () => {
    it("is a capacity provider in the cluster, launching instances by requirements into the private subnets with the instances' group", async () => {
        const plan = await managedPlan();
        const provider = named(plan, T.capacityProvider, "cluster-managed-instances");
        assert.deepStrictEqual(provider.propertyDependencies.cluster, [named(plan, T.cluster, "cluster-cluster").urn]);
        const mip = provider.inputs.managedInstancesProvider as Record<string, any>;
        assert.strictEqual(mip.propagateTags, "CAPACITY_PROVIDER");
        assert.deepStrictEqual(mip.infrastructureOptimization, { scaleInAfter: 300 });
        const template = mip.instanceLaunchTemplate;
        assert.strictEqual(template.capacityOptionType, "SPOT");
        assert.deepStrictEqual(template.storageConfiguration, { storageSizeGib: 30 });
        assert.deepStrictEqual(template.instanceRequirements, {
            vcpuCount: { min: 2, max: 4 },
            memoryMib: { min: 4096, max: 16384 },
            cpuManufacturers: ["amazon-web-services"],
            instanceGenerations: ["current"],
            burstablePerformance: "excluded",
        });
        const privateSubnets = ofType(plan, T.subnet)
            .filter((s) => s.name.includes("private"))
            .map((s) => s.urn);
        assert.deepStrictEqual(
            [...(provider.propertyDependencies["managedInstancesProvider"] ?? [])].filter((u) => u.includes("Subnet")).sort(),
            privateSubnets.sort(),
        );
        assert.ok(provider.propertyDependencies.managedInstancesProvider.includes(named(plan, T.sg, "sg-instances").urn), "the instances' group");
        // It belongs to the cluster from its creation; PutClusterCapacityProviders does not take it.
        const capacity = named(plan, T.clusterCapacity, "cluster-capacity");
        assert.deepStrictEqual(capacity.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
        assert.strictEqual(capacity.propertyDependencies.capacityProviders, undefined);
        // ECS launches the first instance once its way out and its group's rules exist.
        for (const nat of ofType(plan, T.nat)) assert.ok(provider.dependencies.includes(nat.urn), "after the NAT gateway");
        assert.ok(
            provider.dependencies.some((u) => u.includes("SecurityGroupEgressRule::sg-instances-https")),
            "after the instances' HTTPS rule",
        );
    });

    it("has its own two roles: ECS's infrastructure role, and an instance role named within the managed policy's PassRole pattern", async () => {
        const plan = await managedPlan();
        const provider = named(plan, T.capacityProvider, "cluster-managed-instances");
        const infrastructure = named(plan, T.role, "cluster-mi-infrastructure");
        assert.ok(provider.propertyDependencies.managedInstancesProvider.includes(infrastructure.urn));
        assert.deepStrictEqual(parsed(infrastructure, "assumeRolePolicy").Statement[0].Principal, { Service: "ecs.amazonaws.com" });
        const instance = roleOf(plan, named(plan, "aws:iam/instanceProfile:InstanceProfile", "cluster-mi-instance"), "role");
        // AmazonECSInfrastructureRolePolicyForManagedInstances may pass arn:aws:iam::*:role/ecsInstanceRole* only.
        assert.match(String(instance.role.inputs.namePrefix), /^ecsInstanceRole/);
        assert.deepStrictEqual(parsed(instance.role, "assumeRolePolicy").Statement[0].Principal, { Service: "ec2.amazonaws.com" });
        assert.deepStrictEqual(instance.policies, ["arn:aws:iam::aws:policy/AmazonECSInstanceRolePolicyForManagedInstances"]);
        const attachments = ofType(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) =>
            a.propertyDependencies.role?.includes(infrastructure.urn),
        );
        assert.deepStrictEqual(
            attachments.map((a) => a.inputs.policyArn),
            ["arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForManagedInstances"],
        );
        // ECS must not launch an instance before the roles can do their work.
        assert.ok(attachments.every((a) => provider.dependencies.includes(a.urn)));
    });

    it("runs a replica service's tasks with the MANAGED_INSTANCES compatibility on its provider", async () => {
        const plan = await managedPlan();
        assert.deepStrictEqual(named(plan, T.taskDefinition, "batch-task").inputs.requiresCompatibilities, ["MANAGED_INSTANCES"]);
        assert.strictEqual(named(plan, T.taskDefinition, "batch-task").inputs.networkMode, "awsvpc");
        const service = named(plan, T.service, "batch-service");
        assert.deepStrictEqual(service.propertyDependencies.capacityProviderStrategies, [named(plan, T.capacityProvider, "cluster-managed-instances").urn]);
    });
});

describe("an ECS managed daemon", () => {
    it("runs one task of a daemon task definition on every instance of the Managed Instances provider, and is no ECS service", async () => {
        const plan = await managedPlan();
        const daemon = named(plan, T.daemon, "nodeagent-daemon");
        assert.strictEqual(daemon.inputs.name, "ecs-platform-dev-nodeagent");
        assert.deepStrictEqual(daemon.propertyDependencies.capacityProviderArns, [named(plan, T.capacityProvider, "cluster-managed-instances").urn]);
        assert.deepStrictEqual(daemon.propertyDependencies.clusterArn, [named(plan, T.cluster, "cluster-cluster").urn]);
        assert.ok(daemon.dependencies.includes(named(plan, T.clusterCapacity, "cluster-capacity").urn), "after the capacity providers");
        assert.ok(!ofType(plan, T.service).some((s) => s.name.startsWith("nodeagent")), "no ECS service");
        assert.ok(!ofType(plan, T.sg).some((s) => s.name.includes("nodeagent")), "no security group of its own");
    });

    it("keeps the platform's container hardening in the daemon task definition's structured container definitions", async () => {
        const plan = await managedPlan();
        const task = named(plan, T.daemonTaskDefinition, "nodeagent-daemon-task");
        assert.deepStrictEqual([task.inputs.family, task.inputs.cpu, task.inputs.memory], ["ecs-platform-dev-nodeagent", "128", "256"]);
        const [container] = task.inputs.containerDefinitions as Record<string, any>[];
        assert.strictEqual(container.name, "nodeagent");
        assert.strictEqual(container.user, "1000:1000");
        assert.strictEqual(container.readonlyRootFilesystem, true);
        assert.strictEqual(container.privileged, false);
        assert.deepStrictEqual(container.environments, [{ name: "LOG_LEVEL", value: "info" }]);
        assert.strictEqual(container.portMappings, undefined, "a daemon task definition has no port mappings");
        assert.strictEqual(container.logConfiguration.logDriver, "awslogs");
        assert.strictEqual(container.logConfiguration.options["awslogs-group"], "/ecs/ecs-platform-dev/nodeagent");
        assert.ok(task.propertyDependencies.taskRoleArn?.length && task.propertyDependencies.executionRoleArn?.length);
        assert.notDeepStrictEqual(task.propertyDependencies.taskRoleArn, task.propertyDependencies.executionRoleArn);
    });

    it("is judged by the pack's container rules: a privileged container with a secret-looking variable fails them", async () => {
        const plan = await managedPlan();
        const clean = await checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "dev"), readPolicyConfig(policyConfigFile("dev")));
        assert.deepStrictEqual(
            clean.diagnostics.filter((d) => d.urn.includes("nodeagent") && d.enforcementLevel === "mandatory").map((d) => d.policyName),
            [],
        );
        // The same plan with the daemon's container made privileged and given a plaintext secret.
        const tampered = JSON.parse(JSON.stringify(plan)) as Plan;
        const task = tampered.resources.find((r) => r.type === T.daemonTaskDefinition)!;
        const containers = task.inputs.containerDefinitions as Record<string, any>[];
        containers[0].privileged = true;
        containers[0].environments.push({ name: "DB_PASSWORD", value: "hunter2" });
        const result = await checkPlan(await packClient(), parsePlan(tampered, "dev"), readPolicyConfig(policyConfigFile("dev")));
        const found = result.diagnostics.filter((d) => d.urn.includes("nodeagent-daemon-task")).map((d) => d.policyName);
        assert.ok(found.includes("container-hardening"), found.join(", "));
        assert.ok(found.includes("secrets-only-via-secrets-manager"), found.join(", "));
    });
});

describe("Managed Instances in the lint and the cost estimate", () => {
    it("plans with no lint errors", async () => {
        const { lintPlan } = require("../lint") as typeof import("../lint");
        const findings = (await lintPlan(await managedPlan())).findings.filter((f) => f.level === "error");
        assert.deepStrictEqual(
            findings.map((f) => f.message),
            [],
        );
    });

    it("prices the cheapest listed instance type the requirements allow, with the management fee, for the tasks and daemons", async () => {
        const { estimateCost, loadPrices } = require("../release/cost") as typeof import("../release/cost");
        const prices = loadPrices("eu-west-1");
        const inputs = { assumptions: { egressGbPerMonth: 100, logsGbPerMonth: 10, albLcus: 1, nlbLcus: 1 }, neededEndpoints: [], azCount: 2 };
        const lines = estimateCost(await managedPlan(), inputs, prices).lines.filter((l) => l.component === "Managed Instances");
        assert.strictEqual(lines.length, 1);
        // batch: 1 vCPU, 2 GB, one task; arm64 within 2-4 vCPU and 4-16 GiB: m6g.large is the cheapest listed.
        assert.match(lines[0].detail, /^1 × m6g\.large On-Demand \+ management fee \(Spot bought: less\) for batch \(1 vCPU, 2 GB \+ daemons on each\)$/);
        // $0.086 an hour (m6g.large, eu-west-1) plus the 12 % fee, for 730 hours.
        assert.strictEqual(lines[0].monthly, 70.31);
    });
});

describe("Managed Instances config", () => {
    const problems = (edit: (c: ProjectConfig) => void) => configProblems(edit, "dev");

    it("is accepted as the dev fixture with a worker and a daemon on it", () => {
        assert.deepStrictEqual(problems(withManaged), []);
    });

    it("refuses the provider without its section, mixed into a Fargate strategy, or on the wrong architecture", () => {
        assert.deepStrictEqual(
            problems((c) => c.services.push({ ...WORKER })),
            ['services[3].capacity: uses provider "managedInstances" but cluster.managedInstances is not set (available here: fargate, fargateSpot)'],
        );
        assert.deepStrictEqual(
            problems((c) => {
                c.cluster.managedInstances = { ...MANAGED };
                c.services.push({ ...WORKER, capacity: { strategy: [{ provider: "fargate" }, { provider: "managedInstances" }] } });
            }),
            ["services[3].capacity.strategy: mixes Fargate and Managed Instances providers (ECS allows one kind of capacity per strategy)"],
        );
        assert.deepStrictEqual(
            problems((c) => {
                c.cluster.managedInstances = { ...MANAGED, architecture: "x86_64" };
                c.services.push({ ...WORKER });
            }),
            [
                "services[3].architecture: ARM64 cannot run on the Managed Instances capacity, whose instances are x86_64 (cluster.managedInstances.architecture); match the architectures or run it elsewhere",
            ],
        );
    });

    it("keeps it out of the cluster's default strategy, and refuses allowed types of another architecture or outside the ranges", () => {
        assert.deepStrictEqual(
            problems((c) => {
                c.cluster.managedInstances = { ...MANAGED, allowedInstanceTypes: ["m7g.large", "m6i.large", "m7g.xlarge", "c7g.*"] };
                c.cluster.defaultStrategy = [{ provider: "managedInstances" }];
            }).sort(),
            [
                "cluster.defaultStrategy[0].provider: a Managed Instances provider cannot be in the cluster's default strategy (PutClusterCapacityProviders does not take one); name it in the services' capacity",
                "cluster.managedInstances.allowedInstanceTypes[1]: m6i.large is x86_64, not arm64 (cluster.managedInstances.architecture)",
            ],
        );
    });

    it("counts what the managed daemons take on every instance before a task must fit, and refuses daemon sidecar ports", () => {
        const found = problems((c) => {
            c.cluster.managedInstances = { ...MANAGED, vcpu: { min: 2, max: 2 } };
            c.services.push({ ...WORKER, cpu: 2048 }, { ...AGENT, sidecars: [{ name: "exporter", image: AGENT.image, cpu: 32, memory: 64, ports: [9100] }] });
        });
        assert.deepStrictEqual(found.sort(), [
            "services[3].cpu: 2048 CPU units do not fit on the largest instance cluster.managedInstances allows (2 vCPU = 2048 units, less the 128 units and 256 MiB the managed daemons take on each); raise cluster.managedInstances.vcpu.max or lower cpu",
            "services[4].sidecars[0].ports: a daemon task definition has no port mappings; remove them",
        ]);
    });

    it("refuses a task larger than the largest instance allowed, and a range whose max is below its min, all at once", () => {
        assert.deepStrictEqual(
            problems((c) => {
                c.cluster.managedInstances = { ...MANAGED, vcpu: { min: 4, max: 2 }, memoryMiB: { min: 4096, max: 8192 } };
                c.services.push({ ...WORKER, cpu: 4096, memory: 12288 });
            }).sort(),
            [
                "cluster.managedInstances.vcpu.max: 2 is below min 4",
                "services[3].cpu: 4096 CPU units do not fit on the largest instance cluster.managedInstances allows (2 vCPU = 2048 units); raise cluster.managedInstances.vcpu.max or lower cpu",
                "services[3].memory: 12288 MiB does not fit on the largest instance cluster.managedInstances allows (8192 MiB); raise cluster.managedInstances.memoryMiB.max or lower memory",
            ],
        );
    });

    it("refuses for a managed daemon what it cannot have: a database grant, EFS, ECS Exec, the tracing collector, a log router, placement", () => {
        const found = problems((c) => {
            c.cluster.managedInstances = { ...MANAGED };
            c.services.push({
                ...AGENT,
                databaseAccess: true,
                efs: { containerPath: "/data" },
                enableExecuteCommand: true,
                tracing: "otel",
                logging: { router: "firelens" },
                placement: { constraints: [{ type: "distinctInstance" }] },
            });
        });
        const about = (key: string) => found.filter((p) => p.startsWith(`services[3].${key}:`));
        for (const key of ["databaseAccess", "efs", "enableExecuteCommand", "tracing", "logging.router", "placement"])
            assert.strictEqual(about(key).length, 1, `${key}: ${found.join("\n")}`);
        assert.match(about("databaseAccess")[0], /managed daemon .* no security group to admit/);
        assert.match(about("placement")[0], /EC2 capacity only .* on Managed Instances ECS places tasks itself/);
    });
});
