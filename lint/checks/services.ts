/**
 * Facts across resources that make an ECS service fail to deploy or come up broken, read from the plan's wiring
 * (property dependencies): a secret with no value, a load balancer block naming a container or port the task does
 * not have, incomplete blue/green wiring, an architecture its capacity cannot run, more tasks than the EC2 capacity
 * can place, and services that may start before what they need.
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { DEFAULT_MAXIMUM_PERCENT, Demand, instancesNeeded, peakTasks, perInstance, ScalingShape } from "../../awsdata/ecsCapacity";
import { ECS_CPU_ARCHITECTURE, instanceType } from "../../awsdata/instanceTypes";
import { EXEC_READONLY_ROOT_SOURCE } from "../../awsdata/limits";
import { PlanResource } from "../../plan/planFormat";
import { finding, LintCheck } from "../check";
import { Finding, LintLevel } from "../finding";
import { NOT_KNOWN, PlanIndex } from "../planIndex";
import { shiftsTrafficEcs } from "@ecs-platform/shared/ecsDeployments";
import { Container, containersOf } from "./containers";

const TYPES = { ...RESOURCE_TYPES, asg: RESOURCE_TYPES.autoScalingGroup, task: RESOURCE_TYPES.taskDefinition } as const;

/** The task definition a service runs and its containers (undefined while unknown or unparsable). */
function serviceTask(plan: PlanIndex, svc: PlanResource): { task?: PlanResource; containers?: Container[] } {
    const task = plan.inputSources(svc, "taskDefinition", TYPES.task)[0];
    if (!task) return {};
    const containers = containersOf(plan, task);
    return { task, containers: Array.isArray(containers) ? containers : undefined };
}

function isBlueGreen(svc: PlanResource): boolean {
    // Linear and canary shift traffic between the same two target groups, with the same wiring.
    return shiftsTrafficEcs((svc.inputs.deploymentConfiguration as { strategy?: string } | undefined)?.strategy);
}

export const secretsHaveValues: LintCheck = {
    id: "ecs-secret-has-value",
    level: "error",
    description: "A task that reads a secret the stack creates starts only once the secret has a value (a SecretVersion the service waits for).",
    source: 'ECS Developer Guide, "Troubleshooting ResourceInitializationError" (a secret with no value fails the task), read 2026-12-02',
    run(plan) {
        const findings: Finding[] = [];
        const versions = plan.ofType(TYPES.secretVersion);
        for (const task of plan.ofType(TYPES.task)) {
            for (const secret of plan.inputSources(task, "containerDefinitions", TYPES.secret)) {
                const version = versions.find((v) => (v.propertyDependencies.secretId ?? []).includes(secret.urn));
                if (!version) {
                    findings.push(
                        finding(
                            secretsHaveValues,
                            task,
                            `reads secret ${secret.name}, which the stack creates with no value (no aws.secretsmanager.SecretVersion): its tasks fail with ResourceInitializationError and the circuit breaker stops the deployment`,
                            this.source,
                        ),
                    );
                    continue;
                }
                for (const svc of plan.ofType(TYPES.ecsService).filter((s) => plan.inputSources(s, "taskDefinition", TYPES.task).includes(task))) {
                    if (!svc.dependencies.includes(version.urn)) {
                        findings.push(
                            finding(
                                secretsHaveValues,
                                svc,
                                `may start before secret ${secret.name} has its value (${version.name}); add it to the service's dependsOn`,
                                this.source,
                            ),
                        );
                    }
                }
            }
        }
        return findings;
    },
};

export const loadBalancerContainer: LintCheck = {
    id: "ecs-load-balancer-container",
    level: "error",
    description: "A service's load balancer block names a container of its task definition and a port that container maps.",
    source: "ECS API Reference, CreateService, loadBalancers (containerName, containerPort must be in the task definition), read 2026-12-02",
    run(plan) {
        const findings: Finding[] = [];
        for (const svc of plan.ofType(TYPES.ecsService)) {
            const { containers } = serviceTask(plan, svc);
            // Only the container name and port are read: the target group ARN beside them is unknown until deploy.
            const blocks = svc.inputs.loadBalancers as { containerName?: unknown; containerPort?: unknown }[] | undefined;
            if (!containers || !Array.isArray(blocks)) continue;
            blocks.forEach((lb, i) => {
                const container = containers.find((c) => c.name === lb.containerName);
                if (!container) {
                    findings.push(
                        finding(
                            loadBalancerContainer,
                            svc,
                            `loadBalancers[${i}].containerName "${lb.containerName}" is not a container of its task definition (containers: ${containers.map((c) => c.name).join(", ")}); CreateService fails`,
                            this.source,
                        ),
                    );
                } else if (!(container.portMappings ?? []).some((p) => p.containerPort === lb.containerPort)) {
                    findings.push(
                        finding(
                            loadBalancerContainer,
                            svc,
                            `loadBalancers[${i}].containerPort ${lb.containerPort} is not mapped by container "${lb.containerName}" (ports: ${(container.portMappings ?? []).map((p) => p.containerPort).join(", ") || "none"}); CreateService fails`,
                            this.source,
                        ),
                    );
                }
            });
        }
        return findings;
    },
};

export const blueGreenWiring: LintCheck = {
    id: "ecs-blue-green",
    level: "error",
    description:
        "A BLUE_GREEN service has an alternate target group, a production listener rule forwarding to both groups whose actions Pulumi leaves to ECS, an infrastructure role, and no ALBRequestCountPerTarget scaling.",
    source: 'ECS Developer Guide, "Amazon ECS blue/green deployments" and "required resources" (2025-07), read 2026-12-02',
    run(plan) {
        const findings: Finding[] = [];
        for (const svc of plan.ofType(TYPES.ecsService).filter(isBlueGreen)) {
            const report = (r: PlanResource, message: string) => findings.push(finding(blueGreenWiring, r, message, this.source));
            const blocks = svc.inputs.loadBalancers;
            const advanced = Array.isArray(blocks) ? (blocks[0] as { advancedConfiguration?: Record<string, unknown> })?.advancedConfiguration : undefined;
            const missing = ["alternateTargetGroupArn", "productionListenerRule", "roleArn"].filter((k) => advanced?.[k] === undefined);
            if (missing.length) report(svc, `is BLUE_GREEN but loadBalancers[0].advancedConfiguration lacks ${missing.join(", ")}; CreateService fails`);
            const groups = plan.inputSources(svc, "loadBalancers", TYPES.targetGroup);
            for (const rule of plan.inputSources(svc, "loadBalancers", TYPES.listenerRule)) {
                const forwardsTo = plan.inputSources(rule, "actions", TYPES.targetGroup);
                if (groups.some((g) => !forwardsTo.includes(g)))
                    report(rule, `is the production rule of blue/green service ${svc.name} but does not forward to both of its target groups`);
                if (!(rule.options.ignoreChanges ?? []).includes("actions")) {
                    report(
                        rule,
                        `is the production rule of blue/green service ${svc.name}; ECS moves its weights, so it needs ignoreChanges ["actions"] or the next pulumi up sends traffic back to the old tasks`,
                    );
                }
            }
            for (const target of plan.ofType(TYPES.scalingTarget).filter((t) => plan.dependencies(t, TYPES.ecsService).includes(svc))) {
                for (const policy of plan.ofType(TYPES.scalingPolicy).filter((p) => plan.dependencies(p, TYPES.scalingTarget).includes(target))) {
                    const metric = (
                        policy.inputs.targetTrackingScalingPolicyConfiguration as
                            { predefinedMetricSpecification?: { predefinedMetricType?: string } } | undefined
                    )?.predefinedMetricSpecification?.predefinedMetricType;
                    if (metric === "ALBRequestCountPerTarget")
                        report(
                            policy,
                            `scales blue/green service ${svc.name} on ALBRequestCountPerTarget, which follows one target group; after a deployment moves traffic to the other, it scales on nothing`,
                        );
                }
            }
        }
        return findings;
    },
};

/** EC2 capacity behind a service: capacity provider → Auto Scaling group → launch template. */
interface Ec2Capacity {
    provider: PlanResource;
    asg: PlanResource;
    template?: PlanResource;
}

function ec2CapacityOf(plan: PlanIndex, svc: PlanResource): Ec2Capacity[] {
    return plan.inputSources(svc, "capacityProviderStrategies", TYPES.capacityProvider).flatMap((provider) => {
        const asg = plan.inputSources(provider, "autoScalingGroupProvider", TYPES.asg)[0];
        if (!asg) return [];
        return [{ provider, asg, template: plan.inputSources(asg, "launchTemplate", TYPES.launchTemplate)[0] }];
    });
}

/** The architecture of a launch template's instances: from its instance type, else from its ECS AMI parameter. */
function templateArchitecture(template: PlanResource): { arch?: "x86_64" | "arm64"; instanceType?: string; amiArch?: "x86_64" | "arm64" } {
    const type = typeof template.inputs.instanceType === "string" ? template.inputs.instanceType : undefined;
    const image = typeof template.inputs.imageId === "string" ? template.inputs.imageId : "";
    const amiArch = image.startsWith("resolve:ssm:/aws/service/ecs/") ? (image.includes("/arm64/") ? "arm64" : "x86_64") : undefined;
    return { arch: type ? instanceType(type)?.architecture : undefined, instanceType: type, amiArch };
}

export const architectureMatchesCapacity: LintCheck = {
    id: "ecs-architecture",
    level: "error",
    description:
        "A task's CPU architecture is the architecture of the EC2 instances its capacity provider launches, and a launch template's ECS AMI matches its instance type.",
    source: 'ECS Developer Guide, "Amazon ECS task definitions for 64-bit ARM workloads"; instance architectures from awsdata/generated/instanceTypes.json',
    run(plan) {
        const findings: Finding[] = [];
        for (const template of plan.ofType(TYPES.launchTemplate)) {
            const { arch, amiArch, instanceType: type } = templateArchitecture(template);
            if (arch && amiArch && arch !== amiArch) {
                findings.push(
                    finding(
                        architectureMatchesCapacity,
                        template,
                        `launches ${type} (${arch}) from the ${amiArch} ECS-optimized AMI: instances fail to boot`,
                        this.source,
                    ),
                );
            }
        }
        for (const svc of plan.ofType(TYPES.ecsService)) {
            const { task } = serviceTask(plan, svc);
            const runtime = task ? plan.input<{ cpuArchitecture?: string }>(task, "runtimePlatform") : undefined;
            if (runtime === NOT_KNOWN) continue;
            const wanted = runtime?.cpuArchitecture ?? "X86_64";
            for (const { template } of ec2CapacityOf(plan, svc)) {
                const { arch, instanceType: type } = template ? templateArchitecture(template) : {};
                if (arch && ECS_CPU_ARCHITECTURE[arch] !== wanted) {
                    findings.push(
                        finding(architectureMatchesCapacity, svc, `runs ${wanted} tasks on ${type} instances (${arch}): no task can be placed`, this.source),
                    );
                }
            }
        }
        return findings;
    },
};

/** A service's scaling as the plan shows it: its scaling target's maximum and its schedules', or its desired count. */
function scalingShape(plan: PlanIndex, svc: PlanResource): ScalingShape | typeof NOT_KNOWN {
    const target = plan.ofType(TYPES.scalingTarget).find((t) => plan.dependencies(t, TYPES.ecsService).includes(svc));
    const maxCount = target ? plan.input<number>(target, "maxCapacity") : plan.input<number>(svc, "desiredCount");
    const percent = plan.input<number>(svc, "deploymentMaximumPercent");
    const schedules = target ? plan.ofType(TYPES.scheduledAction).filter((a) => plan.dependencies(a, TYPES.scalingTarget).includes(target)) : [];
    const scheduleMax = schedules.map((a) => plan.input<{ maxCapacity?: number }>(a, "scalableTargetAction"));
    if (maxCount === NOT_KNOWN || percent === NOT_KNOWN || scheduleMax.includes(NOT_KNOWN)) return NOT_KNOWN;
    return {
        maxCount: typeof maxCount === "number" ? maxCount : 1,
        scheduleMaxCounts: scheduleMax.flatMap((m) => (m !== NOT_KNOWN && typeof m?.maxCapacity === "number" ? [m.maxCapacity] : [])),
        blueGreen: isBlueGreen(svc),
        maximumPercent: typeof percent === "number" ? percent : DEFAULT_MAXIMUM_PERCENT,
    };
}

export const ec2CapacityHoldsPeak: LintCheck = {
    id: "ecs-ec2-capacity",
    level: "error",
    description:
        "An EC2 capacity provider's Auto Scaling group, at its maxSize, can place the services' peak tasks (highest scaling or schedule maximum during a deployment): network interfaces for awsvpc tasks, CPU and memory.",
    source: 'ECS Developer Guide, "Amazon ECS task networking for EC2" (one ENI per awsvpc task) and "Container instance memory management"; awsdata/ecsCapacity.ts, awsdata/generated/instanceTypes.json',
    run(plan) {
        const findings: Finding[] = [];
        const byAsg = new Map<string, { capacity: Ec2Capacity; services: PlanResource[] }>();
        for (const svc of plan.ofType(TYPES.ecsService)) {
            for (const capacity of ec2CapacityOf(plan, svc)) {
                const entry = byAsg.get(capacity.asg.urn) ?? { capacity, services: [] };
                entry.services.push(svc);
                byAsg.set(capacity.asg.urn, entry);
            }
        }
        for (const { capacity, services } of byAsg.values()) {
            const verdict = capacityShortfall(plan, capacity, services);
            if (verdict) findings.push(finding({ id: this.id, level: verdict.level }, capacity.asg, verdict.message, this.source));
        }
        return findings;
    },
};

/** An error when the group cannot hold the peak; a warning when it cannot be judged (an instance type not in the table). */
function capacityShortfall(plan: PlanIndex, capacity: Ec2Capacity, services: PlanResource[]): { level: LintLevel; message: string } | undefined {
    const type = capacity.template ? plan.input<string>(capacity.template, "instanceType") : undefined;
    const maxSize = plan.input<number>(capacity.asg, "maxSize");
    if (type === NOT_KNOWN || maxSize === NOT_KNOWN || typeof type !== "string" || typeof maxSize !== "number") return undefined;
    const info = instanceType(type);
    if (!info) {
        return {
            level: "warning",
            message: `cannot judge whether it can place its services' tasks: ${type} is not in awsdata/generated/instanceTypes.json (regenerate it, or check vCPUs, memory and network interfaces by hand)`,
        };
    }
    const demands: Demand[] = [];
    const peaks: string[] = [];
    for (const svc of services) {
        const { task } = serviceTask(plan, svc);
        const shape = scalingShape(plan, svc);
        const cpu = task ? plan.input(task, "cpu") : undefined;
        const memory = task ? plan.input(task, "memory") : undefined;
        if (!task || shape === NOT_KNOWN || cpu === NOT_KNOWN || memory === NOT_KNOWN) return undefined;
        const peak = peakTasks(shape);
        demands.push({ tasks: peak.tasks, cpu: Number(cpu ?? 0), memoryMiB: Number(memory ?? 0) });
        peaks.push(`${svc.name}: ${peak.tasks} (${peak.why})`);
    }
    const needed = instancesNeeded(info, demands);
    if (needed <= maxSize) return undefined;
    const each = perInstance(info);
    return {
        level: "error",
        message:
            `maxSize ${maxSize} ${info.name} instances cannot place the peak tasks of ${peaks.join("; ")}: they need ${needed} ` +
            `(${each.tasks} awsvpc tasks, ${each.cpu} CPU units, at most ${each.memoryMiB} MiB each); tasks stay PENDING`,
    };
}

export const serviceWaitsForWhatItUses: LintCheck = {
    id: "ecs-service-dependencies",
    level: "warning",
    description:
        "A service waits for its role policies and EFS mount targets (or its first tasks fail), and sets forceNewDeployment so that a later capacity-strategy change can be applied.",
    source: '@pulumi/aws ecs.Service docs (capacityProviderStrategies: "Updating this argument requires forceNewDeployment = true"), read 2026-12-02',
    run(plan) {
        const findings: Finding[] = [];
        for (const svc of plan.ofType(TYPES.ecsService)) {
            const { task } = serviceTask(plan, svc);
            if (svc.inputs.forceNewDeployment !== true) {
                findings.push(
                    finding(
                        serviceWaitsForWhatItUses,
                        svc,
                        "forceNewDeployment is not set: a later change of capacityProviderStrategies fails to apply",
                        this.source,
                    ),
                );
            }
            if (!task) continue;
            const roles = [...plan.inputSources(task, "executionRoleArn", TYPES.iamRole), ...plan.inputSources(task, "taskRoleArn", TYPES.iamRole)];
            const policies = plan.ofType(TYPES.rolePolicy).filter((p) => roles.some((role) => (p.propertyDependencies.role ?? []).includes(role.urn)));
            const fileSystems = plan.inputSources(task, "volumes", TYPES.efsFileSystem);
            const mountTargets = plan
                .ofType(TYPES.efsMountTarget)
                .filter((m) => fileSystems.some((fs) => (m.propertyDependencies.fileSystemId ?? []).includes(fs.urn)));
            const missing = [...policies, ...mountTargets].filter((r) => !svc.dependencies.includes(r.urn));
            if (missing.length) {
                findings.push(
                    finding(
                        serviceWaitsForWhatItUses,
                        svc,
                        `does not wait for ${missing.map((r) => r.name).join(", ")}: its first tasks may start without them (and a destroy may delete them while tasks drain)`,
                        this.source,
                    ),
                );
            }
        }
        return findings;
    },
};

export const execSessions: LintCheck = {
    id: "ecs-exec",
    level: "warning",
    description:
        "ECS Exec sessions are encrypted and logged by the cluster's executeCommandConfiguration; Exec with a read-only root filesystem relies on writable agent volumes, a workaround AWS does not document.",
    source: EXEC_READONLY_ROOT_SOURCE,
    run(plan) {
        const findings: Finding[] = [];
        for (const svc of plan.ofType(TYPES.ecsService).filter((s) => s.inputs.enableExecuteCommand === true)) {
            const cluster = plan.inputSources(svc, "cluster", TYPES.ecsCluster)[0];
            const exec = (cluster?.inputs.configuration as { executeCommandConfiguration?: { logging?: string; kmsKeyId?: unknown } } | undefined)
                ?.executeCommandConfiguration;
            if (cluster && (!exec?.kmsKeyId || exec.logging === "NONE")) {
                findings.push(
                    finding(
                        execSessions,
                        svc,
                        `uses ECS Exec, but cluster ${cluster.name} has no executeCommandConfiguration with a KMS key and logging: sessions are neither encrypted with your key nor recorded`,
                        'ECS Developer Guide, "Monitor Amazon ECS containers with ECS Exec", read 2026-12-02',
                    ),
                );
            }
            const { containers } = serviceTask(plan, svc);
            if (containers?.some((c) => c.readonlyRootFilesystem === true)) {
                findings.push(
                    finding(
                        execSessions,
                        svc,
                        "uses ECS Exec with a read-only root filesystem, which AWS lists as unsupported; it works through writable volumes for the agent's paths (/managed-agents, /var/lib/amazon/ssm, /var/log/amazon/ssm), an undocumented workaround",
                        this.source,
                    ),
                );
            }
        }
        return findings;
    },
};
