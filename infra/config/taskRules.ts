/**
 * Scheduled tasks are judged as the services they resemble: a task's container, secrets, capacity, size and task
 * policy follow a service's rules (the same messages, under `tasks[i]`), and its name is unique among services and
 * tasks, since both prefix AWS names (log group, task family, security group).
 */
import { duplicates, ConfigSections, Problems } from "./problems";
import { ScheduledTaskConfig, ServiceConfig, serviceSchema } from "./schema";
import { serviceProblems } from "./serviceRules";

/** The service a scheduled task is built as: a worker (no paths) with the task's container, size and grants. */
export function taskAsService(task: ScheduledTaskConfig): ServiceConfig {
    return serviceSchema.parse({
        name: task.name,
        image: task.image,
        imageArchitectures: task.imageArchitectures,
        cpu: task.cpu,
        memory: task.memory,
        capacity: task.capacity,
        architecture: task.architecture,
        command: task.command,
        environment: task.environment,
        secrets: task.secrets,
        user: task.user,
        scratchPaths: task.scratchPaths,
        taskPolicy: task.taskPolicy,
        databaseAccess: task.databaseAccess,
    });
}

export function taskProblems(s: ConfigSections): Problems {
    const tasks = s.tasks ?? [];
    const problems: Problems = [];
    tasks.forEach((task, i) => {
        if (task) problems.push(...serviceProblems(taskAsService(task), `tasks[${i}]`, s));
    });
    const serviceNames = (s.services ?? []).flatMap((svc) => (svc ? [svc.name] : []));
    tasks.forEach((task, i) => {
        if (task && serviceNames.includes(task.name))
            problems.push(`tasks[${i}].name: "${task.name}" is a service's name too; names prefix AWS names, pick another`);
        if (task && task.schedule.expression.startsWith("rate(") && task.schedule.timezone !== "UTC") {
            problems.push(`tasks[${i}].schedule.timezone: a rate() expression has no time of day; remove timezone or use cron()`);
        }
    });
    problems.push(
        ...duplicates(
            tasks.map((t) => t?.name ?? ""),
            (i, name) => (name ? `tasks[${i}].name: "${name}" is used by an earlier task` : ""),
        ).filter(Boolean),
    );
    return problems;
}
