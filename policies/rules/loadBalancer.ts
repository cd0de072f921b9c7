import { ResourceRule, StackRule } from "../lib/rule";
import { DEFAULT_TLS_POLICY, isTls12OrNewer } from "@ecs-platform/shared/tlsPolicies";
/** Load balancer rules: what the ALB (and the NLB) accepts, keeps and serves, and that its routing makes sense. */
import { PolicyResource } from "@pulumi/policy";
import { describe, ofType, referenced, references } from "../lib/graph";
import {
    isApplicationLoadBalancer,
    isInternetFacingAlb,
    isInternetFacingNlb,
    LISTENER_RULE_TYPES,
    LISTENER_TYPES,
    listenersOf,
    LOAD_BALANCER_TYPES,
    TARGET_GROUP_TYPES,
} from "../lib/loadBalancers";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { isSet, Judgement } from "../lib/unknowns";

/** Desync mitigation modes that block requests AWS classifies as ambiguous; "monitor" only logs them. */
const DESYNC_BLOCKING = ["defensive", "strictest"];

export const albDropInvalidHeaders: ResourceRule = {
    name: "alb-drop-invalid-headers",
    refuses: "ALBs keeping invalid header fields or with desync mitigation `monitor`",
    reads: "`aws.lb`/`aws.alb` LoadBalancer",
    rationale: "Invalid header fields and desynchronised requests are how HTTP request smuggling gets past the load balancer to the service.",
    remediation: "Keep the platform's load balancer settings (`dropInvalidHeaderFields`, desync mitigation `defensive` or `strictest`).",
    description:
        "Application load balancers defend against request smuggling: they drop headers with invalid fields and keep " +
        "desync mitigation at defensive (the default) or strictest.",
    validateResource: (args, report) => {
        if (!isApplicationLoadBalancer(args.type, args.props)) return;
        if (args.props.dropInvalidHeaderFields !== true) report("dropInvalidHeaderFields is off; set it to true.");
        const desync = args.props.desyncMitigationMode;
        if (desync !== undefined && !DESYNC_BLOCKING.includes(desync)) {
            report(`desyncMitigationMode is "${desync}"; use "defensive" or "strictest".`);
        }
    },
};

export const albDeletionProtection: ResourceRule = {
    name: "alb-deletion-protection",
    refuses: "load balancers without deletion protection",
    reads: "LoadBalancer",
    rationale: "The load balancer is the stack's entry point and its DNS name; deleting it by mistake is an outage and a DNS change.",
    remediation: "Set `loadBalancer.deletionProtection: true` (the production default).",
    description: "Load balancers have deletion protection, so a mistaken change cannot take the entry point down.",
    validateResource: (args, report) => {
        if (!LOAD_BALANCER_TYPES.includes(args.type)) return;
        if (args.props.enableDeletionProtection !== true) {
            const key = args.props.loadBalancerType === "network" ? "networkLoadBalancer" : "loadBalancer";
            report(`enableDeletionProtection is off; turn it on (${key}.deletionProtection in stack config).`);
        }
    },
};

export const albAccessLogs: ResourceRule = {
    name: "alb-access-logs",
    refuses: "Application Load Balancers without access logs to a bucket (an NLB logs only its TLS connections, so the rule leaves it to VPC flow logs)",
    reads: "LoadBalancer",
    rationale: "Access logs are the record of who called what through the entry point.",
    remediation: "Set `loadBalancer.accessLogs.enabled: true`.",
    description: "Application Load Balancers write access logs to S3.",
    validateResource: (args, report) => {
        if (!isApplicationLoadBalancer(args.type, args.props)) return;
        const logs = args.props.accessLogs;
        if (!logs || logs.enabled !== true || !isSet(logs, "bucket")) {
            report("access logs are off; enable accessLogs with a bucket (loadBalancer.accessLogs in stack config).");
        }
    },
};

export const albTlsPolicy: ResourceRule = {
    name: "alb-tls-policy",
    refuses: "HTTPS/TLS listeners without a TLS 1.2+ policy (the AWS default `ELBSecurityPolicy-2016-08` included)",
    reads: "Listener",
    rationale: "The API's default TLS policy still accepts TLS 1.0 and 1.1, which have known attacks and fail most compliance regimes.",
    remediation: "Set `loadBalancer.sslPolicy` to a TLS 1.2+ policy (the default `ELBSecurityPolicy-TLS13-1-2-2021-06`).",
    description: "HTTPS listeners use a TLS 1.2-or-newer security policy.",
    validateResource: (args, report) => {
        if (!LISTENER_TYPES.includes(args.type) || !["HTTPS", "TLS"].includes(args.props.protocol)) return;
        const policy = args.props.sslPolicy;
        if (policy === undefined || !isTls12OrNewer(String(policy))) {
            report(
                `sslPolicy is ${policy === undefined ? "not set (AWS default ELBSecurityPolicy-2016-08 accepts TLS 1.0)" : `"${policy}", not one of the policies known to accept TLS 1.2 or newer only`}; ` +
                    `use ${DEFAULT_TLS_POLICY} or another TLS 1.2+ policy.`,
            );
        }
    },
};

function isHttpsRedirect(action: Record<string, any>): boolean {
    return action.type === "redirect" && action.redirect?.protocol === "HTTPS";
}

export const httpRedirectsToHttps: StackRule = {
    name: "http-redirects-to-https",
    refuses: "an HTTP listener or HTTP listener rule that does not redirect, on a load balancer that has an HTTPS listener",
    reads: "listeners and rules through `loadBalancerArn`/`listenerArn` dependencies",
    rationale: "An HTTP listener that serves content next to an HTTPS one lets clients, and attackers in the path, stay on plain HTTP.",
    remediation: "Let the platform create the HTTP listener: it only redirects to HTTPS when `loadBalancer.certificateArn` is set.",
    description: "When a load balancer has an HTTPS listener, its HTTP listeners only redirect to HTTPS.",
    validateStack: (args, report) => {
        const judgement = new Judgement();
        const rules = args.resources.filter((r) => LISTENER_RULE_TYPES.includes(r.type));
        for (const lb of args.resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type))) {
            judgement.check(() => {
                const own = listenersOf(lb, args.resources);
                if (!own.some((l) => l.props.protocol === "HTTPS")) return;
                for (const http of own.filter((l) => l.props.protocol === "HTTP")) {
                    const defaults: Record<string, any>[] = http.props.defaultActions ?? [];
                    if (!defaults.every(isHttpsRedirect)) {
                        report(`${describe(http)} serves plain HTTP next to an HTTPS listener; make its default action a redirect to HTTPS.`, http.urn);
                    }
                    for (const rule of rules.filter((r) => references(r, "listenerArn", http))) {
                        const actions: Record<string, any>[] = rule.props.actions ?? [];
                        if (!actions.every(isHttpsRedirect)) {
                            report(`${describe(rule)} forwards plain HTTP next to an HTTPS listener; attach it to the HTTPS listener.`, rule.urn);
                        }
                    }
                }
            });
        }
        judgement.finish();
    },
};

export const albHttpsRequired: StackRule = {
    name: "alb-https-required",
    refuses: "an internet-facing ALB with no HTTPS listener",
    reads: "load balancers and their listeners through `loadBalancerArn` dependencies",
    rationale: "Plain HTTP from the internet sends credentials and session cookies in clear text.",
    remediation: "Set `loadBalancer.certificateArn` to an ACM certificate for the stack's domain.",
    description: "Every internet-facing Application Load Balancer has an HTTPS listener (plain HTTP only redirects to it).",
    validateStack: (args, report) => {
        const judgement = new Judgement();
        for (const lb of args.resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type))) {
            judgement.check(() => {
                if (!isInternetFacingAlb(lb)) return;
                if (!listenersOf(lb, args.resources).some((l) => l.props.protocol === "HTTPS")) {
                    report(
                        `${describe(lb)} is internet-facing and serves only plain HTTP; add an HTTPS listener (loadBalancer.certificateArn in stack config).`,
                        lb.urn,
                    );
                }
            });
        }
        judgement.finish();
    },
};

export const nlbTlsRequired: StackRule = {
    name: "nlb-tls-required",
    refuses: "a listener of an internet-facing NLB that is not TLS, unless its port is in `allowPlaintextPorts`",
    reads: "load balancers of type network and their listeners through `loadBalancerArn` dependencies",
    rationale:
        "A TCP listener open to the internet passes whatever the client sends, credentials included, in clear text unless the protocol itself encrypts; TLS at the NLB encrypts with a policy the pack checks (alb-tls-policy).",
    remediation:
        "Set the service's `listener.protocol` to TLS with `networkLoadBalancer.certificateArn`; for a protocol that encrypts itself (SSH, a TLS the application ends), list its port in the rule's `allowPlaintextPorts`.",
    description: "Every listener of an internet-facing Network Load Balancer is TLS, unless its port is listed as one whose protocol encrypts itself.",
    configSchema: {
        properties: {
            allowPlaintextPorts: {
                type: "array",
                items: { type: "integer", minimum: 1, maximum: 65535 },
                default: [],
                description: "Ports whose protocol encrypts by itself (TLS ended by the application, SSH), allowed as TCP listeners.",
            },
        },
    },
    validateStack: (args, report) => {
        const allowed = args.getConfig<{ allowPlaintextPorts?: number[] }>().allowPlaintextPorts ?? [];
        const judgement = new Judgement();
        for (const lb of args.resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type))) {
            judgement.check(() => {
                if (!isInternetFacingNlb(lb)) return;
                for (const listener of listenersOf(lb, args.resources)) {
                    if (listener.props.protocol === "TLS" || allowed.includes(Number(listener.props.port))) continue;
                    report(
                        `${describe(listener)} on internet-facing ${describe(lb)} is ${String(listener.props.protocol)} on port ${String(listener.props.port)}; ` +
                            `make it TLS (listener.protocol: TLS with networkLoadBalancer.certificateArn) or, if its protocol encrypts itself, allow the port in allowPlaintextPorts.`,
                        listener.urn,
                    );
                }
            });
        }
        judgement.finish();
    },
};

/** The listener a rule belongs to: the resource it was built from, or the literal ARN. */
function listenerKey(rule: PolicyResource): string {
    const listener = referenced(rule, "listenerArn")[0];
    return listener ? listener.urn : String(rule.props.listenerArn);
}

export const routingSane: StackRule = {
    name: "routing-sane",
    refuses: "two rules with one priority on one listener; a forwarded target group no service registers with (blue/green's alternate counts)",
    reads: "rules, listeners, target groups, services' `loadBalancers` dependencies",
    rationale: "Two rules with one priority cannot be created, and a target group no service registers with answers 503 to every request routed to it.",
    remediation:
        "Give services distinct `services[].priority` values (or let the platform derive them from the paths) and forward only to target groups a service uses.",
    description: "No two rules of one listener share a priority, and every target group a listener forwards to is used by a service.",
    validateStack: (args, report) => {
        const judgement = new Judgement();
        const seen = new Map<string, PolicyResource>();
        for (const rule of args.resources.filter((r) => LISTENER_RULE_TYPES.includes(r.type))) {
            judgement.check(() => {
                if (rule.props.priority === undefined) return;
                const key = `${listenerKey(rule)}#${rule.props.priority}`;
                const first = seen.get(key);
                if (first) {
                    report(
                        `${describe(rule)} has priority ${rule.props.priority}, like ${describe(first)} on the same listener; give each rule its own priority.`,
                        rule.urn,
                    );
                } else {
                    seen.set(key, rule);
                }
            });
        }
        const services = ofType(args.resources, RESOURCE_TYPES.ecsService);
        const forwarding = args.resources.filter((r) => LISTENER_RULE_TYPES.includes(r.type) || LISTENER_TYPES.includes(r.type));
        const reported = new Set<string>();
        for (const source of forwarding) {
            const property = LISTENER_TYPES.includes(source.type) ? "defaultActions" : "actions";
            for (const group of referenced(source, property).filter((d) => TARGET_GROUP_TYPES.includes(d.type))) {
                if (reported.has(group.urn) || services.some((s) => references(s, "loadBalancers", group))) continue;
                reported.add(group.urn);
                report(
                    `${describe(source)} forwards to target group "${group.name}", which no ECS service registers with; traffic would get 503s.`,
                    source.urn,
                );
            }
        }
        judgement.finish();
    },
};

export const loadBalancerPolicies = [
    albDropInvalidHeaders,
    albDeletionProtection,
    albAccessLogs,
    albTlsPolicy,
    httpRedirectsToHttps,
    albHttpsRequired,
    nlbTlsRequired,
    routingSane,
];
