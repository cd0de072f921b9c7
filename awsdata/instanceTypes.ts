/**
 * EC2 instance type facts for the config validator (vCPUs, memory, architecture, network interfaces, ECS ENI
 * trunking), read from awsdata/generated/instanceTypes.json, which awsdata/generate/instanceTypes.ts writes from
 * maintained public sources; and the ECS rules that turn them into what a container instance offers to tasks.
 */
import * as fs from "fs";
import * as path from "path";

/** A CPU architecture as EC2 names it (DescribeInstanceTypes ProcessorInfo.SupportedArchitectures). */
export type Architecture = "x86_64" | "arm64";

/** An instance architecture as ECS task definitions spell it (RuntimePlatform.cpuArchitecture). */
export const ECS_CPU_ARCHITECTURE: Readonly<Record<Architecture, "X86_64" | "ARM64">> = { x86_64: "X86_64", arm64: "ARM64" };

/**
 * Where an instance type's trunking figure comes from:
 * - "ecs-docs": the ECS developer guide's "Task limit with ENI trunking" for that type;
 * - "eks-vpc-resource-controller": the type is absent from that ECS table (newer than it) but the EC2 data behind
 *   the EKS VPC resource controller marks it trunking-compatible; the figure is that controller's branch ENI count,
 *   which is at or below the ECS figure for every type both sources list (the generator checks it), so a lower bound.
 */
export type TrunkingBasis = "ecs-docs" | "eks-vpc-resource-controller";

/** What the validator needs to know about one EC2 instance type. */
export interface InstanceTypeInfo {
    name: string;
    /** Default vCPUs (DescribeInstanceTypes VCpuInfo.DefaultVCpus). */
    vcpus: number;
    /** Installed memory in MiB (DescribeInstanceTypes MemoryInfo.SizeInMiB); ECS registers less, see below. */
    memoryMiB: number;
    architecture: Architecture;
    /** Maximum network interfaces, the primary one included (DescribeInstanceTypes NetworkInfo.MaximumNetworkInterfaces). */
    maxEnis: number;
    /** Present when the type supports ECS awsvpc ENI trunking: how many branch ENIs, so awsvpc tasks, it then takes. */
    trunking?: { branchEnis: number; basis: TrunkingBasis };
}

/** Where one source file was read: repository, snapshot commit, and the commit of the file version read. */
export interface InstanceTypeSourceFile {
    repo: string;
    snapshotCommit: string;
    fileCommit: string;
    fileCommitDate: string;
    path: string;
    note?: string;
}

/** The sources of the generated data, and which source and field each column comes from. */
export interface InstanceTypeSources {
    sources: Record<string, InstanceTypeSourceFile>;
    columns: Record<string, string>;
}

interface GeneratedFile extends InstanceTypeSources {
    instanceTypes: Record<string, Omit<InstanceTypeInfo, "name">>;
}

const GENERATED = path.join(__dirname, "generated", "instanceTypes.json");
let cache: GeneratedFile | undefined;

function data(): GeneratedFile {
    cache ??= JSON.parse(fs.readFileSync(GENERATED, "utf8")) as GeneratedFile;
    return cache;
}

/** The facts about an EC2 instance type such as "m7g.large", or undefined for a name the data does not know. */
export function instanceType(name: string): InstanceTypeInfo | undefined {
    const types = data().instanceTypes;
    if (!Object.prototype.hasOwnProperty.call(types, name)) return undefined;
    return { name, ...types[name] };
}

/** Where the instance type data came from: repository and commit per source, and the source of each column. */
export function instanceTypeSource(): InstanceTypeSources {
    const { sources, columns } = data();
    return { sources, columns };
}

/**
 * CPU units per vCPU. ECS task definition parameters: "You can determine the number of CPU units that are available
 * to each Amazon EC2 instance type by multiplying the number of vCPUs listed for that instance type ... by 1,024."
 * The agent registers CPU = number of CPUs × 1024 (aws/amazon-ecs-agent ecs-agent/api/ecs/client/ecs_client.go
 * getCpu, at commit 8dfceca6cf380a83c3007349317566f2862f0673).
 *
 * Sources: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html (read
 * 2026-12-02; the same sentence is in awsdocs/amazon-ecs-developer-guide doc_source/task_definition_parameters.md at
 * b7f3a6576a6b0462815a403dc0c9dc5388b8e2de).
 */
export const ECS_CPU_UNITS_PER_VCPU = 1024;

/**
 * How much memory an ECS container instance registers for tasks.
 *
 * Rule (agent source): registered MEMORY = floor(MemTotal / 1 MiB) − ECS_RESERVED_MEMORY, where MemTotal is the memory
 * the operating system reports (/proc/meminfo) and ECS_RESERVED_MEMORY defaults to 0 MiB.
 * Documentation: "Because of platform memory overhead and memory occupied by the system kernel, this number is
 * different than the installed memory amount that is advertised for Amazon EC2 instances"; "If you specify 8192 MiB
 * for the task, and none of your container instances have 8192 MiB or greater of memory available ..., then the task
 * cannot be placed"; the one documented figure: an m4.large (8192 MiB installed) on the ECS-optimized Amazon Linux
 * AMI reports 8373026816 bytes, "which translates to 7985 MiB available for tasks".
 * No per-type overhead is published, so a check can only bound it: registered ≤ installed − reserved always, and
 * the documented example gives a ratio (7985/8192 ≈ 97.5%) to estimate with.
 */
export const ECS_MEMORY_REGISTRATION = {
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html",
    read: "2026-12-02",
    archivedCopy: {
        repo: "awsdocs/amazon-ecs-developer-guide",
        fileCommit: "aa32df708bbaf036d915be36eae5be5828b27b17",
        path: "doc_source/memory-management.md",
    },
    agentSource: {
        repo: "aws/amazon-ecs-agent",
        snapshotCommit: "8dfceca6cf380a83c3007349317566f2862f0673",
        paths: ["ecs-agent/api/ecs/client/ecs_client.go (getResources, getHostMemoryInMiB)", "agent/config/config_unix.go (ReservedMemory: 0)"],
    },
    documentedExample: { instanceType: "m4.large", installedMiB: 8192, osTotalBytes: 8373026816, registeredMiB: 7985 },
    /** ECS_RESERVED_MEMORY when the agent configuration does not set it. */
    defaultReservedMiB: 0,
} as const;

/** CPU units a container instance of this type registers (vCPUs × 1024). */
export function ecsCpuUnits(info: InstanceTypeInfo): number {
    return info.vcpus * ECS_CPU_UNITS_PER_VCPU;
}

/**
 * The most memory a container instance of this type can register for tasks: installed memory less
 * ECS_RESERVED_MEMORY. The real figure is lower (kernel and platform overhead), so a task needing more than this can
 * never be placed on the type, whatever the AMI.
 */
export function ecsMemoryUpperBoundMiB(info: InstanceTypeInfo, reservedMiB: number = ECS_MEMORY_REGISTRATION.defaultReservedMiB): number {
    return info.memoryMiB - reservedMiB;
}

/**
 * An estimate of the memory a container instance of this type registers: installed memory scaled by the one
 * documented ratio (m4.large, 7985 of 8192 MiB), less ECS_RESERVED_MEMORY. An extrapolation, not a documented figure.
 */
export function ecsEstimatedMemoryMiB(info: InstanceTypeInfo, reservedMiB: number = ECS_MEMORY_REGISTRATION.defaultReservedMiB): number {
    const { installedMiB, registeredMiB } = ECS_MEMORY_REGISTRATION.documentedExample;
    return Math.floor((info.memoryMiB * registeredMiB) / installedMiB) - reservedMiB;
}

/**
 * How many awsvpc tasks one container instance of this type can hold by ENIs: maxEnis − 1 (the primary ENI counts)
 * without trunking; with awsvpcTrunking on and a trunking-capable type, its branch ENI count (the trunk ENI and the
 * primary ENI take the two extra). Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-eni.html
 * (read 2026-12-02).
 */
export function awsvpcTaskLimit(info: InstanceTypeInfo, trunkingEnabled: boolean): number {
    if (trunkingEnabled && info.trunking) return info.trunking.branchEnis;
    return Math.max(0, info.maxEnis - 1);
}
