/**
 * The schema of one scheduled task in `tasks[]`: a task definition with the same container rules, roles, secrets and
 * logging as a service's, run on a schedule by EventBridge Scheduler through RunTask on the cluster's capacity.
 */
import { z } from "zod";
import { isTimeZone } from "../../awsdata/timeZones";
import { capacityChoice, CPU_ARCHITECTURES, imageReference, shortName, statementSchema, variableMap } from "./serviceSchema";
import { int, strict } from "./zodForms";

/**
 * EventBridge Scheduler's expressions: `cron(minutes hours day-of-month month day-of-week year)`, `rate(value unit)`
 * or a one-time `at(yyyy-mm-ddThh:mm:ss)` (EventBridge Scheduler User Guide, "Schedule types", read 2026-12-02).
 */
const FORMS = "cron(minutes hours day-of-month month day-of-week year), rate(1 minute|hour|day or n minutes|hours|days), at(yyyy-mm-ddThh:mm:ss)";

/** What EventBridge Scheduler would refuse in an expression, or undefined. */
export function scheduleExpressionProblem(expression: string): string | undefined {
    const cron = /^cron\((.*)\)$/.exec(expression);
    if (cron) {
        const fields = cron[1].trim().split(/\s+/);
        if (fields.length !== 6) return `has ${fields.length} cron fields; cron() takes 6 (minutes hours day-of-month month day-of-week year)`;
        // One of day-of-month and day-of-week must be "?" (EventBridge Scheduler User Guide, cron expressions).
        if (fields[2] !== "?" && fields[4] !== "?") return "sets both day-of-month and day-of-week; one of them must be ?";
        return undefined;
    }
    const rate = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(expression);
    if (rate) {
        const value = Number(rate[1]);
        if (value < 1) return "has a rate below 1";
        if ((value === 1) !== (rate[3] === "")) return `says ${rate[1]} ${rate[2]}${rate[3]}: the unit is singular for 1 and plural above`;
        return undefined;
    }
    if (/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(expression)) return undefined;
    return `is not a schedule expression (allowed: ${FORMS})`;
}

export const scheduledTaskSchema = strict({
    /** Task name: lowercase letters, digits and -, at most 16 characters; not a service's name (it prefixes AWS names). */
    name: shortName,
    /** Container image, ideally pinned by digest. */
    image: imageReference,
    /** CPU architectures the image is built for. @default ["X86_64"] */
    imageArchitectures: z.array(z.enum(CPU_ARCHITECTURES)).min(1).max(2).default(["X86_64"]),
    /** Task CPU units (1024 = 1 vCPU). */
    cpu: z.number().int(),
    /** Task memory in MiB. */
    memory: z.number().int(),
    /** Where the task runs: one provider, or an explicit strategy. @default "fargate" */
    capacity: capacityChoice.default("fargate"),
    /** CPU architecture the task runs on. @default "X86_64" */
    architecture: z.enum(CPU_ARCHITECTURES).default("X86_64"),
    /** Command override. @default the image's */
    command: z.array(z.string()).optional(),
    /** Plain environment variables; names that look secret are refused. @default {} */
    environment: variableMap.default({}),
    /** Secrets by variable name: a Secrets Manager ARN, or the name of a secret in `secrets`. @default {} */
    secrets: variableMap.default({}),
    /** User the container runs as, e.g. "1000:1000". @default the image's */
    user: z.string().min(1).optional(),
    /** Writable scratch directories (tmpfs) for the read-only container. @default [] */
    scratchPaths: z.array(z.string().regex(/^\/[A-Za-z0-9._/-]*$/, "is not an absolute path")).default([]),
    /** May reach the database's port (the stack's database key): the database's group admits the task's own group. @default false */
    databaseAccess: z.boolean().default(false),
    /** IAM statements for the task role (what the job may do). @default [] */
    taskPolicy: z.array(statementSchema).default([]),
    /** When it runs. */
    schedule: strict({
        /** cron(...), rate(...) or at(...), as EventBridge Scheduler takes them. */
        expression: z.string().superRefine((value, ctx) => {
            const problem = scheduleExpressionProblem(value);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
        /** IANA time zone of a cron or at expression. @default "UTC" */
        timezone: z.string().refine(isTimeZone, { message: "is not an IANA time zone name like Europe/Dublin or UTC (exact case)" }).default("UTC"),
        /** Whether the schedule runs; false keeps it, paused. @default true */
        enabled: z.boolean().default(true),
    }),
    /** How EventBridge Scheduler retries a run RunTask refused (no capacity, throttling), before the dead-letter queue. */
    retry: strict({
        /** Retries after the first attempt, 0 to 185. @default 3 */
        maximumAttempts: int(0, 185).default(3),
        /** Seconds after the scheduled time a run may still start, 60 to 86400. @default 3600 */
        maximumEventAgeSeconds: int(60, 86400).default(3600),
    }).default({ maximumAttempts: 3, maximumEventAgeSeconds: 3600 }),
});
export type ScheduledTaskConfig = z.infer<typeof scheduledTaskSchema>;
