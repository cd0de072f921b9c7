/**
 * Rules about what tasks need once they run: an image built for the architecture they run on and reachable from
 * their subnets, memory left after their tmpfs scratch space, and EC2 capacity that can place the most tasks the
 * autoscaling range and a deployment can ask for. Each is a deploy that `pulumi up` would finish and ECS would then
 * fail to start or place; config validation refuses them first.
 */
import { OTEL_COLLECTOR_IMAGE, shiftsTraffic } from "./serviceSchema";
import { instancesNeeded, peakTasks, perInstance, ScalingShape } from "../../awsdata/ecsCapacity";
import { ECS_CPU_ARCHITECTURE, instanceType } from "../../awsdata/instanceTypes";
import { runsOn } from "./capacity";
import { ClusterConfig, Ec2CapacityConfig, ManagedInstancesConfig, NetworkConfig, ServiceConfig } from "./schema";

type Problems = string[];

/** Architecture problems of one service: its image, its runtime platform, and the EC2 capacity it runs on. */
export function architectureProblems(svc: ServiceConfig, path: string, cluster: ClusterConfig | undefined): Problems {
    const problems: Problems = [];
    // A built image is built for the service's architecture (build.platform must match it: serviceRules).
    if (svc.image !== undefined && !svc.imageArchitectures.includes(svc.architecture)) {
        problems.push(
            `${path}.architecture: ${svc.architecture} is not among the image's architectures ` +
                `(imageArchitectures: ${svc.imageArchitectures.join(", ")}); build ${svc.image} for ${svc.architecture} ` +
                `(a multi-architecture image) and list it in ${path}.imageArchitectures, or run on ${svc.imageArchitectures[0]}`,
        );
    }
    const ec2 = cluster?.ec2Capacity;
    if (ec2 && runsOn(svc, "EC2") && ECS_CPU_ARCHITECTURE[ec2.architecture] !== svc.architecture) {
        problems.push(
            `${path}.architecture: ${svc.architecture} cannot run on the EC2 capacity, whose instances are ` +
                `${ec2.architecture} (cluster.ec2Capacity.architecture); run it on fargate or match the architectures`,
        );
    }
    const mi = cluster?.managedInstances;
    if (mi && runsOn(svc, "Managed Instances") && ECS_CPU_ARCHITECTURE[mi.architecture] !== svc.architecture) {
        problems.push(
            `${path}.architecture: ${svc.architecture} cannot run on the Managed Instances capacity, whose instances are ` +
                `${mi.architecture} (cluster.managedInstances.architecture); match the architectures or run it elsewhere`,
        );
    }
    return problems;
}

/**
 * On Managed Instances ECS chooses the instance type, within the requirements: a task larger than the largest
 * instance they allow can never be placed. The check takes the requirements' upper bounds as the largest instance
 * (ECS also keeps some memory for its agent, which only AWS can tell).
 */
export function managedInstancesProblems(mi: ManagedInstancesConfig, services: { svc: ServiceConfig; path: string }[]): Problems {
    const problems: Problems = [...allowedTypeProblems(mi)];
    const onManaged = services.filter(({ svc }) => runsOn(svc, "Managed Instances"));
    // Managed daemons start first on every instance: what they take is not there for any other task.
    const daemons = onManaged.filter(({ svc }) => svc.schedulingStrategy === "daemon").map(({ svc }) => svc);
    const reserved = { cpu: daemons.reduce((n, d) => n + d.cpu, 0), memory: daemons.reduce((n, d) => n + d.memory, 0) };
    const after = daemons.length > 0 ? `, less the ${reserved.cpu} units and ${reserved.memory} MiB the managed daemons take on each` : "";
    for (const { svc, path } of onManaged) {
        const own = svc.schedulingStrategy === "daemon" ? { cpu: 0, memory: 0 } : reserved;
        // Sidecars and the collector are inside svc.cpu / svc.memory: the task size is what must fit.
        if (mi.vcpu.max !== undefined && svc.cpu + own.cpu > mi.vcpu.max * 1024) {
            problems.push(
                `${path}.cpu: ${svc.cpu} CPU units do not fit on the largest instance cluster.managedInstances allows ` +
                    `(${mi.vcpu.max} vCPU = ${mi.vcpu.max * 1024} units${own.cpu ? after : ""}); raise cluster.managedInstances.vcpu.max or lower cpu`,
            );
        }
        if (mi.memoryMiB.max !== undefined && svc.memory + own.memory > mi.memoryMiB.max) {
            problems.push(
                `${path}.memory: ${svc.memory} MiB does not fit on the largest instance cluster.managedInstances allows ` +
                    `(${mi.memoryMiB.max} MiB${own.memory ? after : ""}); raise cluster.managedInstances.memoryMiB.max or lower memory`,
            );
        }
    }
    return problems;
}

/** Allowed instance types the instance-type table knows must be of the capacity's architecture and within its ranges. */
function allowedTypeProblems(mi: ManagedInstancesConfig): Problems {
    return mi.allowedInstanceTypes.flatMap((name, i) => {
        const info = instanceType(name);
        if (!info) return []; // a pattern (m7g.*) or a type the table does not hold: ECS judges it
        const at = `cluster.managedInstances.allowedInstanceTypes[${i}]`;
        if (info.architecture !== mi.architecture)
            return [`${at}: ${name} is ${info.architecture}, not ${mi.architecture} (cluster.managedInstances.architecture)`];
        const vcpuOk = info.vcpus >= mi.vcpu.min && info.vcpus <= (mi.vcpu.max ?? Infinity);
        const memoryOk = info.memoryMiB >= mi.memoryMiB.min && info.memoryMiB <= (mi.memoryMiB.max ?? Infinity);
        return vcpuOk && memoryOk
            ? []
            : [`${at}: ${name} (${info.vcpus} vCPU, ${info.memoryMiB} MiB) is outside the vcpu and memoryMiB ranges, so ECS would never choose it`];
    });
}

/** The instance type must exist in the table and be of the architecture the capacity declares. */
export function instanceTypeProblems(ec2: Ec2CapacityConfig): Problems {
    const info = instanceType(ec2.instanceType);
    if (!info) {
        return [
            `cluster.ec2Capacity.instanceType: "${ec2.instanceType}" is not in the instance-type table ` +
                `(awsdata/generated/instanceTypes.json), so its CPU, memory and network interfaces cannot be checked; ` +
                `use a listed type or regenerate the table`,
        ];
    }
    if (info.architecture !== ec2.architecture) {
        return [
            `cluster.ec2Capacity.architecture: "${ec2.architecture}" does not match ${info.name}, which is ` +
                `${info.architecture} (set architecture: ${info.architecture}, or pick an ${ec2.architecture} instance type)`,
        ];
    }
    return [];
}

/** A service's scaling and deployment, as the capacity arithmetic takes them. */
export function scalingShape(svc: ServiceConfig): ScalingShape {
    return {
        maxCount: svc.autoscaling?.maxCount ?? svc.desiredCount,
        scheduleMaxCounts: svc.autoscaling?.schedules.map((s) => s.maxCount) ?? [],
        blueGreen: shiftsTraffic(svc.deployment.strategy),
        maximumPercent: svc.deployment.maximumPercent,
    };
}

/**
 * EC2 capacity against the services placed on it, at their peak (awsdata/ecsCapacity.ts): each awsvpc task takes a
 * network interface (no ENI trunking: the platform does not turn on the account's awsvpcTrunking setting), CPU and
 * memory. Necessary conditions only: if they fail, some tasks can never be placed.
 */
export function ec2CapacityProblems(ec2: Ec2CapacityConfig, services: { svc: ServiceConfig; path: string }[]): Problems {
    const info = instanceType(ec2.instanceType);
    if (!info || info.architecture !== ec2.architecture) return []; // reported by instanceTypeProblems
    const onEc2 = services.filter(({ svc }) => runsOn(svc, "EC2"));
    if (onEc2.length === 0) return [];
    const each = perInstance(info);
    const problems: Problems = [];
    for (const { svc, path } of onEc2) {
        if (svc.cpu > each.cpu) {
            problems.push(`${path}.cpu: ${svc.cpu} CPU units do not fit on a ${info.name} (${each.cpu} units); use a larger cluster.ec2Capacity.instanceType`);
        }
        if (svc.memory > each.memoryMiB) {
            problems.push(
                `${path}.memory: ${svc.memory} MiB does not fit on a ${info.name} (${each.memoryMiB} MiB installed); use a larger cluster.ec2Capacity.instanceType`,
            );
        }
    }
    if (problems.length > 0) return problems;
    // Daemons take one task (an ENI, their CPU and memory) on every instance, before any replica is placed.
    const daemons = onEc2.filter(({ svc }) => svc.schedulingStrategy === "daemon").map(({ svc }) => svc);
    const reserved = { tasks: daemons.length, cpu: daemons.reduce((n, d) => n + d.cpu, 0), memoryMiB: daemons.reduce((n, d) => n + d.memory, 0) };
    if (reserved.tasks >= each.tasks || reserved.cpu >= each.cpu || reserved.memoryMiB >= each.memoryMiB) {
        return [
            `cluster.ec2Capacity.instanceType: the daemons (${daemons.map((d) => d.name).join(", ")}) take ${reserved.tasks} of a ${info.name}'s ` +
                `${each.tasks} awsvpc task slots, ${reserved.cpu} of its ${each.cpu} CPU units and ${reserved.memoryMiB} of its ${each.memoryMiB} MiB, ` +
                `leaving nothing for other tasks; use a larger instance type or fewer daemons`,
        ];
    }
    const peaks = onEc2.filter(({ svc }) => svc.schedulingStrategy !== "daemon").map(({ svc }) => ({ svc, ...peakTasks(scalingShape(svc)) }));
    if (peaks.length === 0) return [];
    const instances = instancesNeeded(
        info,
        peaks.map((p) => ({ tasks: p.tasks, cpu: p.svc.cpu, memoryMiB: p.svc.memory })),
        reserved,
    );
    if (instances > ec2.maxSize) {
        const total = peaks.reduce((n, p) => n + p.tasks, 0);
        const detail = peaks.map((p) => `${p.svc.name}: ${p.tasks} tasks (${p.why})`).join("; ");
        problems.push(
            `cluster.ec2Capacity.maxSize: ${ec2.maxSize} ${info.name} instances cannot place ${total} tasks ` +
                `(${detail}); they need at least ${instances} instances (${each.tasks} awsvpc tasks, ` +
                `${each.cpu} CPU units and at most ${each.memoryMiB} MiB each${reserved.tasks > 0 ? `, less what the daemons take on each` : ""}). Raise maxSize to ${instances}, ` +
                `lower the services' autoscaling maxCount, or use a larger instance type`,
        );
    }
    return problems;
}

/**
 * tmpfs counts against the task's memory. AWS only requires it to fit; the platform's own rule is that scratch space
 * takes at most half, leaving the rest to the process.
 */
export function scratchMemoryProblems(svc: ServiceConfig, path: string): Problems {
    const total = svc.scratchPaths.length * svc.scratchSizeMiB;
    if (total * 2 <= svc.memory) return [];
    return [
        `${path}.scratchSizeMiB: ${svc.scratchPaths.length} scratch paths × ${svc.scratchSizeMiB} MiB = ${total} MiB of tmpfs, ` +
            `more than half of the task's ${svc.memory} MiB (tmpfs is held in the task's memory); lower scratchSizeMiB or raise memory`,
    ];
}

/**
 * Where an image comes from: a private ECR repository of the stack's region is reachable through the ecr.api and
 * ecr.dkr endpoints; anything else (Docker Hub, public.ecr.aws, ghcr.io, another region's ECR) needs the internet.
 */
export function imageNeedsInternet(image: string, region: string): boolean {
    const host = image.split("/")[0];
    return !new RegExp(`^\\d{12}\\.dkr\\.ecr(-fips)?\\.${region.replace(/-/g, "\\-")}\\.amazonaws\\.com(\\.cn)?$`).test(host);
}

/** Without NAT, private tasks reach only AWS services with endpoints: their images must come from this region's ECR. */
export function imageReachabilityProblems(svc: ServiceConfig, path: string, network: NetworkConfig, region: string | undefined): Problems {
    if (network.natGateways !== "none" || svc.assignPublicIp || region === undefined) return [];
    // Every image the task pulls: the service's, its sidecars', and the tracing collector's.
    const images: [string, string][] = [
        // A built image is pushed to this region's ECR, which the endpoints reach.
        ...(svc.image !== undefined ? [[`${path}.image`, svc.image] as [string, string]] : []),
        ...svc.sidecars.map((s, i): [string, string] => [`${path}.sidecars[${i}].image`, s.image]),
        ...(svc.tracing === "otel" ? [[`${path}.tracing`, OTEL_COLLECTOR_IMAGE] as [string, string]] : []),
        ...(svc.logging.router === "firelens" ? [[`${path}.logging.routerImage`, svc.logging.routerImage] as [string, string]] : []),
    ];
    const problems = images
        .filter(([, image]) => imageNeedsInternet(image, region))
        .map(
            ([at, image]) =>
                `${at}: "${image}" is not in a private ECR repository of ${region}, and with network.natGateways ` +
                `"none" private tasks cannot reach other registries; push it to ECR in ${region} (an ECR pull-through cache ` +
                `works for public images) or set natGateways to "single" or "perAz"`,
        );
    // X-Ray has no interface endpoint among those the platform offers: the collector needs NAT to send traces.
    if (svc.tracing === "otel")
        problems.push(
            `${path}.tracing: the collector sends traces to X-Ray, which private tasks reach only through NAT; set natGateways to "single" or "perAz"`,
        );
    return problems;
}
