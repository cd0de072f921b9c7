/**
 * Service Connect calls (`services[].connectsTo`): each names another service of the stack that serves (it has
 * paths or an NLB listener, so a port in the namespace), and the cluster has a Service Connect namespace to call it through.
 */
import { isManagedDaemon } from "./capacity";
import { duplicates, Problems } from "./problems";
import { ClusterConfig, ServiceConfig, takesTraffic } from "./schema";

export function peerProblems(services: readonly (ServiceConfig | undefined)[], cluster: ClusterConfig | undefined): Problems {
    const present = services.flatMap((svc, i) => (svc ? [{ svc, path: `services[${i}]` }] : []));
    const byName = new Map(present.map(({ svc }) => [svc.name, svc]));
    const serving = present.filter(({ svc }) => takesTraffic(svc) && !isManagedDaemon(svc)).map(({ svc }) => svc.name);
    const problems: Problems = [];
    for (const { svc, path } of present) {
        if (svc.connectsTo.length === 0) continue;
        if (cluster && cluster.serviceConnectNamespace === undefined) {
            problems.push(`${path}.connectsTo: calls go through Service Connect, and cluster.serviceConnectNamespace is not set`);
        }
        if (isManagedDaemon(svc)) problems.push(`${path}.connectsTo: a managed daemon has no security group to call from; remove connectsTo`);
        problems.push(...duplicates(svc.connectsTo, (i, name) => `${path}.connectsTo[${i}]: "${name}" is listed twice`));
        svc.connectsTo.forEach((name, i) => {
            const at = `${path}.connectsTo[${i}]`;
            const callee = byName.get(name);
            if (name === svc.name) problems.push(`${at}: a service does not call itself through Service Connect`);
            else if (!callee) problems.push(`${at}: "${name}" is not a service of this stack (services: ${[...byName.keys()].join(", ")})`);
            else if (!serving.includes(name)) {
                problems.push(
                    `${at}: "${name}" serves nothing in the namespace (a worker or managed daemon); services that serve: ${serving.join(", ") || "none"}`,
                );
            }
        });
    }
    return problems;
}
