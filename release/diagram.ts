/**
 * The architecture as a Mermaid flowchart, built from a plan's resources (not a template): internet → load balancer
 * → listeners → listener rules by path → services (with capacity) → NAT gateways or VPC endpoints → AWS; security-group
 * references as dotted edges between the things that wear the groups. GitHub renders it in a pull request.
 */
import { STACK_REFERENCE_TYPE } from "@ecs-platform/shared/networkLayer";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { PlanIndex } from "../lint/planIndex";
import { Plan, PlanResource, UNKNOWN } from "../plan/planFormat";

/** A Mermaid-safe node id. */
const id = (r: PlanResource) => r.name.replace(/[^A-Za-z0-9_]/g, "_");
const label = (text: string) => `"${text.replace(/"/g, "'")}"`;

export function diagramOf(plan: Plan): string {
    // The lint's reading of the plan: resources by type, and the resources an input was built from.
    const index = new PlanIndex(plan);
    const ofType = (type: string) => index.ofType(type);
    const deps = (r: PlanResource, prop: string, type: string) => index.inputSources(r, prop, type);
    const lines = ["flowchart LR", `    internet((Internet))`];
    const edges = new Set<string>();
    const edge = (line: string) => edges.add(`    ${line}`);

    const services = ofType(RESOURCE_TYPES.ecsService);
    const serviceOfGroup = new Map<string, PlanResource>();
    for (const svc of services) for (const tg of deps(svc, "loadBalancers", RESOURCE_TYPES.targetGroup)) serviceOfGroup.set(tg.urn, svc);

    for (const lb of ofType(RESOURCE_TYPES.loadBalancer)) {
        lines.push(`    ${id(lb)}[${label(`${lb.inputs.loadBalancerType === "network" ? "NLB" : "ALB"} ${lb.name}`)}]`);
        if (lb.inputs.internal !== true) edge(`internet --> ${id(lb)}`);
    }
    for (const listener of ofType(RESOURCE_TYPES.listener)) {
        const lb = deps(listener, "loadBalancerArn", RESOURCE_TYPES.loadBalancer)[0];
        lines.push(`    ${id(listener)}[${label(`${listener.inputs.protocol} :${listener.inputs.port}`)}]`);
        if (lb) edge(`${id(lb)} --> ${id(listener)}`);
        const actions = (listener.inputs.defaultActions as { type?: string }[] | undefined) ?? [];
        if (actions.some((a) => a.type === "redirect")) lines.push(`    class ${id(listener)} redirect`);
        for (const tg of deps(listener, "defaultActions", RESOURCE_TYPES.targetGroup)) {
            const svc = serviceOfGroup.get(tg.urn);
            if (svc) edge(`${id(listener)} -->|default| ${id(svc)}`);
        }
    }
    for (const rule of ofType(RESOURCE_TYPES.listenerRule)) {
        const listener = deps(rule, "listenerArn", RESOURCE_TYPES.listener)[0];
        const conditions = (rule.inputs.conditions as { pathPattern?: { values?: string[] }; hostHeader?: { values?: string[] } }[] | undefined) ?? [];
        const match = conditions.flatMap((c) => [...(c.hostHeader?.values ?? []), ...(c.pathPattern?.values ?? [])]).join(" ");
        const targets = new Set(
            deps(rule, "actions", RESOURCE_TYPES.targetGroup)
                .map((tg) => serviceOfGroup.get(tg.urn))
                .filter((s): s is PlanResource => !!s),
        );
        for (const svc of targets) if (listener) edge(`${id(listener)} -->|${label(match || rule.name)}| ${id(svc)}`);
    }
    // Scheduled tasks: what EventBridge Scheduler runs, and when.
    for (const schedule of ofType(RESOURCE_TYPES.schedule)) {
        const when = [schedule.inputs.scheduleExpression, schedule.inputs.scheduleExpressionTimezone].filter(Boolean).join(" ");
        lines.push(`    ${id(schedule)}[/${label(`scheduled task ${String(schedule.inputs.name ?? schedule.name)}: ${when}`)}/]`);
    }
    // Managed daemons: one task on every instance of their Managed Instances providers.
    for (const daemon of ofType(RESOURCE_TYPES.daemon)) {
        const names = deps(daemon, "capacityProviderArns", RESOURCE_TYPES.capacityProvider).map((c) => c.name);
        lines.push(
            `    ${id(daemon)}[/${label(`daemon ${String(daemon.inputs.name ?? daemon.name)} (on every instance of ${names.join(", ") || "its providers"})`)}/]`,
        );
    }
    const natOrEndpoints = new Set<string>();
    for (const svc of services) {
        const providers = ((svc.inputs.capacityProviderStrategies as { capacityProvider?: string }[] | undefined) ?? []).map((s) => s.capacityProvider);
        const named = deps(svc, "capacityProviderStrategies", RESOURCE_TYPES.capacityProvider).map((c) => c.name);
        // A capacity provider's name is assigned at deploy: the logical name shows it instead.
        const assigned = new Set(plan.placeholders ?? []);
        const capacity = [...providers.filter((p) => p && p !== UNKNOWN && !assigned.has(p)), ...named].join(", ") || String(svc.inputs.launchType ?? "");
        const sidecars = containerNames(index.inputSources(svc, "taskDefinition", RESOURCE_TYPES.taskDefinition)[0]).slice(1);
        const beside = sidecars.length > 0 ? ` + ${sidecars.join(", ")}` : "";
        lines.push(`    ${id(svc)}[${label(`${svc.name.replace(/-service$/, "")}${beside} (${capacity})`)}]`);
        for (const subnet of deps(svc, "networkConfiguration", RESOURCE_TYPES.subnet)) {
            const tables = ofType(RESOURCE_TYPES.routeTableAssociation)
                .filter((a) => (a.propertyDependencies.subnetId ?? []).includes(subnet.urn))
                .flatMap((a) => deps(a, "routeTableId", RESOURCE_TYPES.routeTable));
            for (const table of tables) {
                for (const nat of deps(table, "routes", RESOURCE_TYPES.natGateway)) {
                    natOrEndpoints.add(nat.urn);
                    edge(`${id(svc)} --> ${id(nat)}`);
                }
            }
        }
    }
    // A network stack (layer: network) has no services: its NAT gateways are drawn for the stacks that read it.
    if (services.length === 0) for (const nat of ofType(RESOURCE_TYPES.natGateway)) natOrEndpoints.add(nat.urn);
    // A services stack's way out is its network stack's, read through a StackReference.
    const references = ofType(STACK_REFERENCE_TYPE);
    for (const ref of references) {
        lines.push(`    ${id(ref)}[(${label(`network stack ${String(ref.inputs.name)}: NAT gateways and VPC endpoints`)})]`);
        for (const svc of services) if ((svc.propertyDependencies.networkConfiguration ?? []).includes(ref.urn)) edge(`${id(svc)} --> ${id(ref)}`);
        edge(`${id(ref)} --> aws`);
    }
    for (const urn of natOrEndpoints) {
        const nat = index.get(urn)!;
        lines.push(`    ${id(nat)}[${label(`NAT ${nat.name}`)}]`);
        edge(`${id(nat)} --> aws`);
    }
    const endpoints = ofType(RESOURCE_TYPES.vpcEndpoint);
    if (endpoints.length > 0) {
        const names = endpoints.map((e) => String(e.inputs.serviceName).split(".").slice(3).join(".")).sort();
        lines.push(`    endpoints[${label(`VPC endpoints: ${names.join(", ")}`)}]`);
        for (const svc of services) edge(`${id(svc)} --> endpoints`);
        edge(`endpoints --> aws`);
    }
    if (natOrEndpoints.size > 0 || endpoints.length > 0 || references.length > 0) lines.push(`    aws[(AWS APIs and the internet)]`);
    // Alarms: one node per service's alarms (dotted: they watch it) and the topic they notify.
    const alarms = ofType(RESOURCE_TYPES.metricAlarm);
    if (alarms.length > 0) {
        const topics = ofType(RESOURCE_TYPES.snsTopic);
        lines.push(`    alarms{{${label(`${alarms.length} CloudWatch alarms`)}}}`);
        for (const svc of services) if (alarms.some((a) => (a.propertyDependencies.dimensions ?? []).includes(svc.urn))) edge(`alarms -.-> ${id(svc)}`);
        for (const topic of topics) {
            lines.push(`    ${id(topic)}>${label(`SNS ${String(topic.inputs.name ?? topic.name)}`)}]`);
            edge(`alarms --> ${id(topic)}`);
        }
    }
    // Security-group references, drawn between the things that wear the groups.
    const wearers = new Map<string, PlanResource[]>();
    const wear = (r: PlanResource, prop: string) => {
        for (const g of deps(r, prop, RESOURCE_TYPES.securityGroup)) wearers.set(g.urn, [...(wearers.get(g.urn) ?? []), r]);
    };
    for (const lb of ofType(RESOURCE_TYPES.loadBalancer)) wear(lb, "securityGroups");
    for (const svc of services) wear(svc, "networkConfiguration");
    for (const rule of ofType(RESOURCE_TYPES.securityGroupIngressRule)) {
        const from = deps(rule, "referencedSecurityGroupId", RESOURCE_TYPES.securityGroup)[0];
        const to = deps(rule, "securityGroupId", RESOURCE_TYPES.securityGroup)[0];
        if (!from || !to) continue;
        const sources = wearers.get(from.urn) ?? [];
        // A group worn by several things (the tasks' shared group) is drawn once, as itself.
        const sourceIds = sources.length > 1 ? [`${id(from)}((${label(from.name)}))`] : sources.map(id);
        for (const target of wearers.get(to.urn) ?? []) {
            for (const source of sourceIds) {
                if (source !== id(target)) edge(`${source} -.->|${label(`sg ${rule.inputs.fromPort}`)}| ${id(target)}`);
            }
        }
    }
    lines.push(...edges, "    classDef redirect stroke-dasharray: 4 4");
    return lines.join("\n");
}

/** The names of a task definition's containers, the service's own first; [] when unknown. */
function containerNames(task: PlanResource | undefined): string[] {
    const raw = task?.inputs.containerDefinitions;
    if (typeof raw !== "string") return [];
    try {
        const parsed = JSON.parse(raw) as { name?: string }[];
        return Array.isArray(parsed) ? parsed.map((c) => String(c.name ?? "?")) : [];
    } catch {
        return [];
    }
}

/** The diagram as a Markdown file GitHub renders. */
export function diagramMarkdown(plan: Plan): string {
    return `# ${plan.project} / ${plan.stack}\n\n\`\`\`mermaid\n${diagramOf(plan)}\n\`\`\`\n`;
}
