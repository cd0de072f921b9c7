/**
 * Container definitions against the ECS API's ContainerDefinition shape and the limits only the documentation gives
 * (container count, image and name rules, health-check ranges), and tmpfs against the task's memory.
 */
import { shapeSource } from "../../awsdata/shapes";
import { validateShape } from "../../awsdata/shapeValidation";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import {
    CONTAINER_HEALTH_CHECK_RANGES,
    CONTAINER_HEALTH_CHECK_SOURCE,
    IMAGE_SOURCE,
    MAX_CONTAINERS_PER_TASK_DEFINITION,
    MAX_CONTAINERS_SOURCE,
    MAX_IMAGE_LENGTH,
    NAME_RULES,
    nameProblem,
} from "../../awsdata/limits";
import { PlanResource } from "../../plan/planFormat";
import { finding, LintCheck } from "../check";
import { Finding } from "../finding";
import { isUnparsable, NOT_KNOWN, PlanIndex } from "../planIndex";

/** The parts of a container definition the cross-resource checks read. */
export interface Container {
    name?: string;
    image?: string;
    essential?: boolean;
    portMappings?: { containerPort?: number; name?: string }[];
    secrets?: { name?: string; valueFrom?: string }[];
    readonlyRootFilesystem?: boolean;
    linuxParameters?: { tmpfs?: { containerPath?: string; size?: number }[]; initProcessEnabled?: boolean };
    healthCheck?: { interval?: number; timeout?: number; retries?: number; startPeriod?: number };
}

/** The containers of a task definition; NOT_KNOWN while unknown; a string message when it does not parse. */
export function containersOf(plan: PlanIndex, task: PlanResource): Container[] | typeof NOT_KNOWN | string | undefined {
    const value = plan.jsonInput<Container[]>(task, "containerDefinitions");
    if (value === NOT_KNOWN || value === undefined) return value;
    if (isUnparsable(value)) return `containerDefinitions is not JSON (${value.unparsable})`;
    return Array.isArray(value) ? value : "containerDefinitions is not a list";
}

export const containerDefinitions: LintCheck = {
    id: "ecs-container-definitions",
    level: "error",
    description:
        "Container definitions match the ECS API's ContainerDefinition shape, at most 10 per task, images of at most 255 characters, valid names and health-check ranges, one essential container, tmpfs within the task's memory.",
    source: "AWS API model ecs#ContainerDefinition; ECS API Reference and service quotas (awsdata/limits.ts)",
    run(plan: PlanIndex): Finding[] {
        const findings: Finding[] = [];
        // A daemon task definition's containers are structured, in the provider's names: the fields read below have
        // the same names there, but the API shape (ecs#ContainerDefinition) is not theirs, so it is not applied.
        const daemonTasks = plan.ofType(RESOURCE_TYPES.daemonTaskDefinition);
        for (const task of [...plan.ofType(RESOURCE_TYPES.taskDefinition), ...daemonTasks]) {
            const daemon = daemonTasks.includes(task);
            const containers = containersOf(plan, task);
            if (containers === NOT_KNOWN || containers === undefined) continue;
            const report = (message: string, source?: string) => findings.push(finding(containerDefinitions, task, message, source));
            if (typeof containers === "string") {
                report(`${containers}: RegisterTaskDefinition refuses it`);
                continue;
            }
            const modelSource = `AWS API model ecs#ContainerDefinition (aws/api-models-aws ${shapeSource().commit.slice(0, 7)})`;
            if (!daemon)
                for (const p of validateShape(containers, "ecs#ContainerDefinitions", "containerDefinitions")) report(`${p.path}: ${p.message}`, modelSource);
            if (containers.length > MAX_CONTAINERS_PER_TASK_DEFINITION) {
                report(
                    `containerDefinitions has ${containers.length} containers; a task definition holds at most ${MAX_CONTAINERS_PER_TASK_DEFINITION}`,
                    MAX_CONTAINERS_SOURCE,
                );
            }
            if (containers.length > 0 && !containers.some((c) => c.essential !== false)) {
                report(
                    "no container is essential; ECS requires at least one (RegisterTaskDefinition fails)",
                    "ECS API Reference, ContainerDefinition.essential, read 2026-12-02",
                );
            }
            containers.forEach((c, i) => containerProblems(c, `containerDefinitions[${i}]`).forEach((p) => report(p.message, p.source)));
            const memoryInput = plan.input(task, "memory");
            const memory = memoryInput === NOT_KNOWN ? Number.NaN : Number(memoryInput);
            const tmpfs = containers.flatMap((c) => c.linuxParameters?.tmpfs ?? []).reduce((n, t) => n + (t.size ?? 0), 0);
            if (tmpfs > 0 && Number.isFinite(memory) && tmpfs >= memory) {
                report(
                    `tmpfs mounts take ${tmpfs} MiB of the task's ${memory} MiB; tmpfs lives in the task's memory, so the container is killed before it can run`,
                );
            }
        }
        return findings;
    },
};

function containerProblems(c: Container, at: string): { message: string; source: string }[] {
    const problems: { message: string; source: string }[] = [];
    if (typeof c.image !== "string" || c.image.length === 0) {
        problems.push({ message: `${at}.image is missing; every container needs an image`, source: IMAGE_SOURCE });
    } else if (c.image.length > MAX_IMAGE_LENGTH || /\s/.test(c.image)) {
        problems.push({
            message: `${at}.image "${c.image.slice(0, 40)}…" has ${c.image.length} characters or whitespace (at most ${MAX_IMAGE_LENGTH}, none)`,
            source: IMAGE_SOURCE,
        });
    }
    const nameIssue = typeof c.name === "string" ? nameProblem(c.name, NAME_RULES.containerName) : "is missing";
    if (nameIssue) problems.push({ message: `${at}.name ${JSON.stringify(c.name ?? null)} ${nameIssue}`, source: NAME_RULES.containerName.source });
    for (const [key, [min, max]] of Object.entries(CONTAINER_HEALTH_CHECK_RANGES)) {
        const value = (c.healthCheck as Record<string, unknown> | undefined)?.[key];
        if (typeof value === "number" && (value < min || value > max)) {
            problems.push({ message: `${at}.healthCheck.${key}: ${value} is outside ${min} to ${max}`, source: CONTAINER_HEALTH_CHECK_SOURCE });
        }
    }
    (c.linuxParameters?.tmpfs ?? []).forEach((t, j) => {
        if (!(typeof t.size === "number" && t.size > 0)) {
            problems.push({
                message: `${at}.linuxParameters.tmpfs[${j}].size must be a positive number of MiB`,
                source: "ECS API Reference, Tmpfs.size, read 2026-12-02",
            });
        }
    });
    return problems;
}
