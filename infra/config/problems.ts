/** What the config rules return and read: problems as `key.path: message`, and the sections that passed the schema. */
import {
    ClusterConfig,
    ComplianceConfig,
    LoadBalancerConfig,
    NetworkLoadBalancerConfig,
    ManagedSecretConfig,
    MonitoringConfig,
    NetworkConfig,
    ScheduledTaskConfig,
    ServiceConfig,
} from "./schema";

/** The top-level sections of a stack config that passed the schema; a section that did not is absent. */
export interface ConfigSections {
    /** aws:region, when it is set. */
    region?: string;
    environment?: "development" | "production";
    protectStatefulResources?: boolean;
    monitoring?: MonitoringConfig;
    network?: NetworkConfig;
    cluster?: ClusterConfig;
    loadBalancer?: LoadBalancerConfig;
    networkLoadBalancer?: NetworkLoadBalancerConfig;
    compliance?: ComplianceConfig;
    secrets?: ManagedSecretConfig[];
    /** null when the stack has no database key; undefined when that key failed the schema. */
    database?: { port: number } | null;
    /** One entry per configured service; undefined where that service failed the schema. */
    services?: (ServiceConfig | undefined)[];
    /** One entry per scheduled task; undefined where that task failed the schema. */
    tasks?: (ScheduledTaskConfig | undefined)[];
}

/** Problems, each starting with the key path it is about. */
export type Problems = string[];

/** One problem per value seen before, in order. */
export function duplicates<T>(values: readonly (T | undefined)[], message: (index: number, value: T) => string): Problems {
    const seen = new Set<T>();
    const problems: Problems = [];
    values.forEach((v, i) => {
        if (v === undefined) return;
        if (seen.has(v)) problems.push(message(i, v));
        seen.add(v);
    });
    return problems;
}
