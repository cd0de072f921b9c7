/**
 * A client of the Pulumi analyzer gRPC protocol (pulumi/proto/analyzer.proto), speaking to a policy pack the way the
 * Pulumi CLI does: GetAnalyzerInfo, Configure, ConfigureStack, Analyze per resource, AnalyzeStack once.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { EnforcementLevel } from "./policyConfig";
export { ENFORCEMENT_LEVELS, EnforcementLevel } from "./policyConfig";
// The generated service file ships without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- no declarations to import
const { AnalyzerClient: GrpcAnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

const LEVEL_FROM_PROTO: Record<number, EnforcementLevel> = {
    [proto.EnforcementLevel.ADVISORY]: "advisory",
    [proto.EnforcementLevel.MANDATORY]: "mandatory",
    [proto.EnforcementLevel.DISABLED]: "disabled",
    [proto.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_TO_PROTO: Record<EnforcementLevel, proto.EnforcementLevel> = {
    advisory: proto.EnforcementLevel.ADVISORY,
    mandatory: proto.EnforcementLevel.MANDATORY,
    disabled: proto.EnforcementLevel.DISABLED,
    remediate: proto.EnforcementLevel.REMEDIATE,
};

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
}

export interface PolicyConfigEntry {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

/** A violation as the pack reports it. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    /** The flagged resource; empty when a stack rule reported without one. */
    urn: string;
}

/** One resource as the analyzer sees it. */
export interface AnalyzedResource {
    type: string;
    name: string;
    urn: string;
    properties: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: { protect?: boolean; deleteBeforeReplace?: boolean; ignoreChanges?: string[] };
}

function toDiagnostics(response: proto.AnalyzeResponse): Diagnostic[] {
    return response
        .getDiagnosticsList()
        .map((d) => ({
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            description: d.getDescription(),
            message: d.getMessage(),
            enforcementLevel: LEVEL_FROM_PROTO[d.getEnforcementlevel()],
            urn: d.getUrn(),
        }));
}

function options(resource: AnalyzedResource): proto.AnalyzerResourceOptions {
    const opts = new proto.AnalyzerResourceOptions();
    opts.setProtect(resource.options.protect ?? false);
    opts.setIgnorechangesList(resource.options.ignoreChanges ?? []);
    if (resource.options.deleteBeforeReplace !== undefined) {
        opts.setDeletebeforereplace(resource.options.deleteBeforeReplace);
        opts.setDeletebeforereplacedefined(true);
    }
    if (resource.parent) opts.setParent(resource.parent);
    return opts;
}

/** Properties cross the wire as a protobuf Struct; JSON round-tripping drops `undefined` as the engine does. */
function struct(properties: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(properties)));
}

/** The fields AnalyzeRequest and AnalyzerResource share. */
function describeResource<M extends proto.AnalyzeRequest | proto.AnalyzerResource>(message: M, r: AnalyzedResource): M {
    message.setType(r.type);
    message.setName(r.name);
    message.setUrn(r.urn);
    message.setProperties(struct(r.properties));
    message.setOptions(options(r));
    return message;
}

export class AnalyzerClient {
    private readonly client: grpc.Client & Record<string, (request: unknown, callback: (err: grpc.ServiceError | null, response: never) => void) => void>;

    constructor(address: string) {
        this.client = new GrpcAnalyzerClient(address, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    }

    private call<Res>(method: string, request: unknown): Promise<Res> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (err: grpc.ServiceError | null, response: Res) => (err ? reject(err) : resolve(response)));
        });
    }

    async info(): Promise<AnalyzerInfo> {
        const info = await this.call<proto.AnalyzerInfo>("getAnalyzerInfo", new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVEL_FROM_PROTO[p.getEnforcementlevel()],
                    configSchema: schema && {
                        properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
                        required: schema.getRequiredList(),
                    },
                };
            }),
        };
    }

    async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
        const request = new proto.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [name, entry] of Object.entries(config)) {
            const policyConfig = new proto.PolicyConfig();
            if (entry.enforcementLevel) policyConfig.setEnforcementlevel(LEVEL_TO_PROTO[entry.enforcementLevel]);
            policyConfig.setProperties(struct(entry.properties ?? {}));
            map.set(name, policyConfig);
        }
        await this.call("configure", request);
    }

    async configureStack(project: string, stack: string): Promise<void> {
        const request = new proto.AnalyzerStackConfigureRequest();
        request.setProject(project);
        request.setStack(stack);
        request.setDryRun(true);
        await this.call("configureStack", request);
    }

    async analyze(resource: AnalyzedResource): Promise<Diagnostic[]> {
        const request = describeResource(new proto.AnalyzeRequest(), resource);
        return toDiagnostics(await this.call<proto.AnalyzeResponse>("analyze", request));
    }

    async analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]> {
        const request = new proto.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((r) => {
                const resource = describeResource(new proto.AnalyzerResource(), r);
                if (r.parent) resource.setParent(r.parent);
                resource.setDependenciesList(r.dependencies);
                const deps = resource.getPropertydependenciesMap();
                for (const [property, urns] of Object.entries(r.propertyDependencies)) {
                    const list = new proto.AnalyzerPropertyDependencies();
                    list.setUrnsList(urns);
                    deps.set(property, list);
                }
                return resource;
            }),
        );
        return toDiagnostics(await this.call<proto.AnalyzeResponse>("analyzeStack", request));
    }

    close(): void {
        this.client.close();
    }
}
