/**
 * Pulumi's MockMonitor, extended to keep what `setMocks`' newResource never sees: parents, dependencies, property
 * dependencies and resource options of every registration, and the stack's outputs.
 */
import { MockMonitor, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { getProject, getStack } from "@pulumi/pulumi/runtime/settings";
import { PlanResource, UNKNOWN } from "./planFormat";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Plain JSON from a protobuf Struct value: secrets unwrapped, output values reduced to their value or UNKNOWN. */
export function plainValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plainValue);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return plainValue(obj.value);
    if (obj[SIG_KEY] === OUTPUT_SIG) return "value" in obj ? plainValue(obj.value) : UNKNOWN;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = plainValue(v);
    return out;
}

/** True when a protobuf Struct value holds a secret anywhere inside it. */
export function holdsSecret(value: unknown): boolean {
    if (Array.isArray(value)) return value.some(holdsSecret);
    if (value === null || typeof value !== "object") return false;
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG || (obj[SIG_KEY] === OUTPUT_SIG && obj.secret === true)) return true;
    return Object.values(obj).some(holdsSecret);
}

type Callback = (err: Error | null, response?: { getUrn(): string }) => void;

// The generated request classes are untyped here; these are the accessors used.
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    hasProtect(): boolean;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getReplaceWithList?(): string[];
    getTransformsList?(): unknown[];
}

export class RecordingMonitor extends MockMonitor {
    readonly registrations: PlanResource[] = [];
    private readonly urns = new Set<string>();
    /** URNs registered twice: `pulumi preview` fails on them ("Duplicate resource URN"). */
    readonly duplicateUrns: string[] = [];
    stackOutputs: Record<string, unknown> = {};
    private stackUrn?: string;

    constructor(mocks: Mocks) {
        super(mocks);
        // URNs as the engine makes them: a child's type is its parent's whole type chain, then its own
        // (Platform$Service$ServiceAutoscaling$Target); children of the root stack do not carry its type. MockMonitor
        // keeps only the parent's last type, and declares newUrn private, hence the cast.
        const self = this as unknown as { newUrn(parent: string, type: string, name: string): string };
        self.newUrn = (parent, type, name) => {
            const parentChain = parent ? parent.split("::")[2] : undefined;
            const chain = parentChain && parentChain !== ROOT_STACK_TYPE ? `${parentChain}$${type}` : type;
            return `urn:pulumi:${getStack()}::${getProject()}::${chain}::${name}`;
        };
    }

    async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => {
            const urns = deps.getUrnsList();
            if (urns.length) propertyDependencies[key] = [...urns];
        });
        const options: PlanResource["options"] = {};
        if (req.hasProtect() && req.getProtect()) options.protect = true;
        if (req.getRetainondelete()) options.retainOnDelete = true;
        if (req.getDeletebeforereplace()) options.deleteBeforeReplace = true;
        if (req.getIgnorechangesList().length) options.ignoreChanges = [...req.getIgnorechangesList()];
        const replaceWith = req.getReplaceWithList?.() ?? [];
        if (replaceWith.length) options.replaceWith = [...replaceWith];
        // Transforms are callbacks the engine calls for the resource's children: how many the resource registers.
        const transforms = req.getTransformsList?.() ?? [];
        if (transforms.length) options.transforms = transforms.length;
        const raw = req.getObject()?.toJavaScript() ?? {};
        const secretInputs = Object.keys(raw)
            .filter((key) => holdsSecret(raw[key]))
            .sort();
        const record: PlanResource = {
            urn: "",
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent() || undefined,
            inputs: plainValue(raw) as Record<string, unknown>,
            ...(secretInputs.length ? { secretInputs } : {}),
            dependencies: [...new Set(req.getDependenciesList())],
            propertyDependencies,
            options,
        };
        return super.registerResource(req, (err: Error | null, response?: { getUrn(): string }) => {
            if (!err && response) {
                record.urn = response.getUrn();
                // The engine refuses a second resource with the same URN ("Duplicate resource URN"): the plan
                // reports it once the program is done (failing the registration here would hang the program).
                if (this.urns.has(record.urn)) this.duplicateUrns.push(record.urn);
                this.urns.add(record.urn);
                if (record.type === ROOT_STACK_TYPE) this.stackUrn = record.urn;
                this.registrations.push(record);
            }
            callback(err, response);
        });
    }

    /**
     * A read resource (a StackReference): recorded with the state it read as its inputs, which is what a preview's
     * stack analysis sees of it (its outputs).
     */
    async readResource(
        req: RegisterRequest & { getId(): string },
        callback: (err: Error | null, response?: { getUrn(): string; getProperties(): { toJavaScript(): Record<string, unknown> } | undefined }) => void,
    ): Promise<void> {
        const base = MockMonitor.prototype as unknown as { readResource(req: unknown, cb: typeof callback): Promise<void> };
        return base.readResource.call(this, req, (err, response) => {
            if (!err && response) {
                const urn = response.getUrn();
                if (this.urns.has(urn)) this.duplicateUrns.push(urn);
                this.urns.add(urn);
                this.registrations.push({
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    custom: true,
                    parent: req.getParent() || undefined,
                    id: req.getId(),
                    inputs: plainValue(response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                    dependencies: [],
                    propertyDependencies: {},
                    options: {},
                });
            }
            callback(err, response);
        });
    }

    registerResourceOutputs(
        req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
        callback: (err: Error | null, res?: unknown) => void,
    ): void {
        if (req.getUrn() === this.stackUrn) {
            this.stackOutputs = plainValue(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        super.registerResourceOutputs(req, callback);
    }
}
