/**
 * The load balancers' cross-key rules: an internal one's sources; the services on the stack's Network Load Balancer
 * (`expose: nlb`) each have a listener of their own port, TLS has a certificate, and nothing that belongs to ALB
 * routing or to traffic shifting is set on them.
 */
import { duplicates, Problems } from "./problems";
import { DEFAULT_MAX_PRIVATE_PREFIX, isPrivateRange, parseCidr as readRange } from "@ecs-platform/shared/cidr";
import { LoadBalancerConfig, NetworkLoadBalancerConfig, ServiceConfig } from "./schema";

/**
 * Listeners per Network Load Balancer, AWS's default quota. Source: Elastic Load Balancing User Guide for Network Load
 * Balancers, "Quotas for your Network Load Balancers" (listeners per load balancer: 50; read 2026-12-02).
 */
const NLB_LISTENER_QUOTA = 50;

export function nlbProblems(nlb: NetworkLoadBalancerConfig | undefined, present: readonly { svc: ServiceConfig; path: string }[]): Problems {
    const problems: Problems = [];
    const onNlb = present.filter(({ svc }) => svc.expose === "nlb");
    for (const { svc, path } of present) {
        if (svc.expose === "nlb") problems.push(...exposedProblems(svc, path));
        else if (svc.listener) problems.push(`${path}.listener: only a service with expose: nlb has an NLB listener; set expose: nlb, or remove listener`);
    }
    const ports = onNlb.map(({ svc }) => svc.listener?.port);
    problems.push(
        ...duplicates(ports, (i, port) => {
            const first = onNlb[ports.indexOf(port)];
            return `${onNlb[i].path}.listener.port: ${port} is taken by ${first.svc.name}; each NLB listener needs a port of its own`;
        }),
    );
    if (onNlb.length > NLB_LISTENER_QUOTA) {
        problems.push(`services: ${onNlb.length} services with expose: nlb exceed the ${NLB_LISTENER_QUOTA} listeners of one NLB (AWS default quota)`);
    }
    if (!nlb || onNlb.length === 0) return problems;
    const tls = onNlb.filter(({ svc }) => svc.listener?.protocol === "TLS");
    if (tls.length > 0 && nlb.certificateArn === undefined) {
        problems.push(
            `networkLoadBalancer.certificateArn: is required: ${tls.map(({ svc }) => svc.name).join(", ")} ${tls.length === 1 ? "has a TLS listener" : "have TLS listeners"} (or set their listener.protocol to TCP)`,
        );
    }
    if (nlb.internal) problems.push(...internalLoadBalancerProblems(nlb, "networkLoadBalancer"));
    return problems;
}

/** What an NLB-exposed service needs, and what it may not have: ALB routing, traffic shifting, ALB request scaling. */
function exposedProblems(svc: ServiceConfig, path: string): Problems {
    const problems: Problems = [];
    const why = "a service with expose: nlb takes connections on its NLB listener, not ALB routes";
    if (!svc.listener) problems.push(`${path}.listener: is required with expose: nlb (the port clients connect to, and TCP or TLS)`);
    if (svc.paths.length > 0) problems.push(`${path}.paths: ${why}; remove paths, or set expose: alb`);
    if (svc.hosts.length > 0) problems.push(`${path}.hosts: ${why}; remove hosts`);
    if (svc.stripPathPrefix !== undefined) problems.push(`${path}.stripPathPrefix: ${why}; remove it`);
    if (svc.priority !== undefined) problems.push(`${path}.priority: ${why}, so it has no listener rule; remove it`);
    if (svc.schedulingStrategy === "daemon") problems.push(`${path}.schedulingStrategy: a daemon takes no load-balancer traffic; use "replica"`);
    if (svc.deployment.strategy !== "rolling") {
        problems.push(
            `${path}.deployment.strategy: the platform deploys services on the NLB rolling (its blue/green, linear and canary shift ALB listener rules); use "rolling"`,
        );
    }
    if (svc.autoscaling?.requestsPerTarget !== undefined) {
        problems.push(`${path}.autoscaling.requestsPerTarget: counts ALB requests, and ${why}; scale it on cpuTargetPercent or memoryTargetPercent`);
    }
    return problems;
}

/**
 * An internal ALB is reached from inside the network: its sources are client ranges, private ones at most /24 wide,
 * as the pack's world-ingress and no-vpc-wide-ingress rules require by default; never the whole address space.
 */
export function internalLoadBalancerProblems(lb: Pick<LoadBalancerConfig, "ingressCidrs">, key = "loadBalancer"): Problems {
    return lb.ingressCidrs.flatMap((text, i) => {
        const at = `${key}.ingressCidrs[${i}]`;
        const cidr = readRange(text);
        if (!cidr) return [];
        if (cidr.version === 4 && !isPrivateRange(cidr)) {
            return [
                `${at}: ${text} with internal: true is not a private range; an internal load balancer takes its clients' private ranges (10/8, 172.16/12, 192.168/16, 100.64/10)`,
            ];
        }
        if (cidr.version === 4 && cidr.prefix < DEFAULT_MAX_PRIVATE_PREFIX) {
            return [
                `${at}: ${text} is wider than /${DEFAULT_MAX_PRIVATE_PREFIX}, which the pack's no-vpc-wide-ingress rule refuses; list the clients' /${DEFAULT_MAX_PRIVATE_PREFIX} or narrower ranges`,
            ];
        }
        return [];
    });
}
