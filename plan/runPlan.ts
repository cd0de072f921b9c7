/**
 * Runs the real program offline: Pulumi's mock runtime in preview mode, the stack's own Pulumi.<stack>.yaml, and a
 * recording monitor. Provider-computed values stay unknown, as in `pulumi preview` of a new stack: the mocks return
 * a resource's inputs as its state and no id.
 */
import * as pulumi from "@pulumi/pulumi";
import { Mocks, MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { loadConfig } from "../infra/config/load";
import { StackConfig } from "../infra/config/validate";
import entry from "../infra/index";
import { assignedValues } from "./placeholders";
import { Plan, UNKNOWN } from "./planFormat";
import { RecordingMonitor } from "./recordingMonitor";
import { ConfigError } from "../infra/config/validate";
import { PROJECT_DIR, readProjectName, readStackConfig } from "./stackFiles";
import { NETWORK_CONFIG_OUTPUT } from "../infra/config/layers";
import { networkStackFile } from "./networkStack";
import { STACK_REFERENCE_TYPE } from "@ecs-platform/shared/networkLayer";

/** The project's root: where Pulumi.yaml and the stack files are. */
export { PROJECT_DIR };

export interface PlanRequest {
    stack: string;
    /** Where Pulumi.yaml and Pulumi.<stack>.yaml are. @default the project's root */
    dir?: string;
    /** Replaces the stack file's config entirely (fully qualified keys, values as the engine passes them). */
    config?: Record<string, string>;
    /**
     * Plan a first deploy, as `pulumi preview` of a new stack sees it: nothing AWS assigns is known. By default the
     * plan is that of a deployed stack, with placeholders for what AWS assigns (plan/placeholders.ts).
     */
    firstDeploy?: boolean;
    /** Keep stack traces while the program runs (for --debug); by default they are not captured (see planWithConfig). */
    stackTraces?: boolean;
}

/** Answers the provider functions the program calls, with what a real preview would read from AWS. */
class PreviewMocks implements Mocks {
    /** Every placeholder handed out, for the plan to record. */
    readonly placeholders = new Set<string>();

    constructor(
        private readonly region: string,
        private readonly accountId: string,
        private readonly firstDeploy: boolean,
        /** The outputs of the stacks StackReferences name, by the name given (a services stack's network stack). */
        private readonly referencedOutputs: Record<string, Record<string, unknown>> = {},
    ) {}

    newResource(args: MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        if (args.type === STACK_REFERENCE_TYPE) {
            // A StackReference reads the referenced stack's outputs, deployed before this stack is planned.
            const name = String(args.inputs.name);
            const outputs = this.referencedOutputs[name];
            if (!outputs) throw new Error(`the offline plan has no plan of the stack "${name}" a StackReference names`);
            return { id: name, state: { name, outputs, secretOutputNames: [] } };
        }
        if (this.firstDeploy) return { id: undefined, state: args.inputs };
        const scope = { accountId: this.accountId, partition: partitionOf(this.region), region: this.region };
        const { id, outputs, placeholders } = assignedValues(args.type, args.name, args.inputs ?? {}, scope);
        for (const value of placeholders) this.placeholders.add(value);
        return { id, state: { ...args.inputs, ...outputs } };
    }

    call(args: MockCallArgs): Record<string, unknown> {
        if (args.token === "aws:index/getAvailabilityZones:getAvailabilityZones") {
            // Zone names follow the region-letter pattern; real regions have at least three.
            const names = ["a", "b", "c"].map((letter) => `${this.region}${letter}`);
            return { id: this.region, names, zoneIds: names.map((_, i) => `${this.region.slice(0, 3)}-az${i + 1}`), groupNames: [this.region] };
        }
        if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
            const account = this.accountId;
            return { id: account, accountId: account, arn: `arn:${partitionOf(this.region)}:iam::${account}:user/offline-plan`, userId: "OFFLINEPLAN" };
        }
        if (args.token === "aws:index/getPartition:getPartition") {
            const partition = partitionOf(this.region);
            return { id: partition, partition, dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        }
        throw new Error(`the offline plan cannot answer provider function ${args.token}`);
    }
}

/**
 * The account a real preview would run in: the first of aws:allowedAccountIds when the stack pins its account (as
 * it should: the provider then refuses credentials of any other account), else a placeholder of the right shape.
 */
export const PLACEHOLDER_ACCOUNT_ID = "000000000000";

export function offlineAccountId(config: Record<string, string>): string {
    try {
        const allowed = JSON.parse(config["aws:allowedAccountIds"] ?? "[]") as unknown;
        if (Array.isArray(allowed) && typeof allowed[0] === "string" && /^\d{12}$/.test(allowed[0])) return allowed[0];
    } catch {
        // not JSON: the placeholder
    }
    return PLACEHOLDER_ACCOUNT_ID;
}

/** The partition of a region: aws-cn for China, aws-us-gov for GovCloud, else aws. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** The runtime's feature flags; `getStore` is internal to @pulumi/pulumi, so it is typed here. */
interface RuntimeStore {
    supportsSecrets: boolean;
    supportsResourceReferences: boolean;
    supportsOutputValues: boolean;
    supportsDeletedWith: boolean;
    supportsAliasSpecs: boolean;
    supportsTransforms: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): RuntimeStore };

let running = false;

/**
 * The plan of the network stack a services stack reads (plan/networkStack.ts), when the stack is one: the offline
 * plan answers its StackReference with that plan's outputs, as a real preview answers it with the outputs of the
 * network stack's last deploy. The network stack is planned as deployed (placeholders for ids), whatever
 * `firstDeploy` says: a services stack is only previewed once its network stack is up.
 */
async function referencedNetworkPlan(
    dir: string,
    stack: string,
    config: Record<string, string>,
    project: string,
): Promise<{ name: string; plan: Plan } | undefined> {
    const file = networkStackFile(dir, stack, config, project);
    return file && { name: file.name, plan: (await planNow({ stack: file.stack, dir })).plan };
}

/** Plans a stack. Throws ConfigError (invalid config) or StackFileError (missing or unreadable stack files). */
export async function runPlan(request: PlanRequest): Promise<Plan> {
    return (await planWithConfig(request)).plan;
}

/** The plan queued last: plans run one after another (the Pulumi runtime is global state). */
let queue: Promise<unknown> = Promise.resolve();

/** The plan and the validated stack config it was built from (the cost estimate reads its assumptions). */
export function planWithConfig(request: PlanRequest): Promise<{ plan: Plan; config: StackConfig }> {
    const next = queue.then(
        () => planNow(request),
        () => planNow(request),
    );
    queue = next.catch(() => undefined);
    return next;
}

/** Plans now; the caller makes sure no other plan runs (planWithConfig queues them). */
async function planNow(request: PlanRequest): Promise<{ plan: Plan; config: StackConfig }> {
    if (running) throw new Error("runPlan: one plan at a time (the Pulumi runtime is global state)");
    const dir = request.dir ?? PROJECT_DIR;
    const project = readProjectName(dir);
    const { config, secretKeys } = request.config ? { config: request.config, secretKeys: [] } : readStackConfig(dir, request.stack, project);
    // Before this plan starts: planning the referenced stack uses the same global runtime.
    const reference = await referencedNetworkPlan(dir, request.stack, config, project);
    running = true;
    // Pulumi records each resource's source position from `new Error().stack`; under ts-node every stack trace goes
    // through source-map-support, which made up half of a plan's time (a CPU profile of a 50-service stack: 3.0 of
    // 6.0 s). The plan records no source positions, so V8's plain formatting is used while the program runs.
    // The runtime also captures a stack trace for every promise it tracks (runtime/debuggable.js, for its leak
    // report): a CPU profile of a 50-service plan showed 1.5 of 9.3 s in capturing and formatting them. Without
    // --debug none are captured while the program runs (Error.stackTraceLimit 0); errors keep their messages.
    const errors = Error as { prepareStackTrace?: unknown };
    const prepareStackTrace = errors.prepareStackTrace;
    const stackTraceLimit = Error.stackTraceLimit;
    errors.prepareStackTrace = undefined;
    if (!request.stackTraces) Error.stackTraceLimit = 0;
    try {
        const referencedOutputs = reference ? { [reference.name]: reference.plan.outputs } : {};
        const mocks = new PreviewMocks(config["aws:region"] ?? "us-east-1", offlineAccountId(config), request.firstDeploy === true, referencedOutputs);
        for (const value of reference?.plan.placeholders ?? []) mocks.placeholders.add(value);
        const monitor = new RecordingMonitor(mocks);
        settings.setMockOptions(monitor, project, request.stack, true);
        const store = getStore();
        store.supportsSecrets = true;
        store.supportsResourceReferences = false;
        store.supportsOutputValues = false;
        store.supportsDeletedWith = true;
        store.supportsAliasSpecs = true;
        store.supportsTransforms = false;
        pulumi.runtime.setAllConfig(config, secretKeys);

        // Validate first, outside the stack: a ConfigError then surfaces here, before even the root stack is
        // registered, instead of as a failed stack construction.
        const stackConfig = loadConfig(reference?.plan.outputs[NETWORK_CONFIG_OUTPUT]);
        // The program's entry itself, the function Pulumi calls: what the plan runs is what `pulumi up` runs.
        await pulumi.runtime.runInPulumiStack(entry);
        await settings.disconnect();
        if (monitor.duplicateUrns.length > 0) {
            // Two names in config that make one resource name: pulumi preview would stop at the second.
            throw new ConfigError(
                monitor.duplicateUrns.map(
                    (urn) => `two resources would be named ${urn.split("::").pop()} (${urn}): rename a service or task so their names differ`,
                ),
            );
        }
        const plan: Plan = {
            version: 1,
            project,
            stack: request.stack,
            unknown: UNKNOWN,
            resources: monitor.registrations,
            outputs: monitor.stackOutputs,
            ...(request.firstDeploy ? { firstDeploy: true } : { placeholders: [...mocks.placeholders].sort() }),
        };
        return { plan, config: stackConfig };
    } finally {
        errors.prepareStackTrace = prepareStackTrace;
        Error.stackTraceLimit = stackTraceLimit;
        running = false;
    }
}
