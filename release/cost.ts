/**
 * The estimated monthly cost of a stack, by component, from its plan (what exists and how big) and its config's
 * usage assumptions (`cost.*`), priced from one data file per region (release/prices/REGION.json, with date and
 * sources). Plus the question dev and prod answer differently: NAT gateways or VPC endpoints for the tasks' egress.
 */
import * as fs from "fs";
import * as path from "path";
import { requiredEndpoints } from "../infra/config/requiredEndpoints";
import { natAzs } from "../infra/config/subnetLayout";
import { Layer } from "../infra/config/schema";
import { StackConfig } from "../infra/config/validate";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { ALARM_TOPIC_TYPE } from "../infra/alarmTopic";
import { PlanIndex } from "../lint/planIndex";
import { instanceType } from "../awsdata/instanceTypes";
import { Plan, PlanResource, UNKNOWN } from "../plan/planFormat";

type PriceEntry<T = number> = { value: T; source: string };
export interface Prices {
    region: string;
    currency: string;
    date: string;
    hoursPerMonth: PriceEntry;
    natGatewayHour: PriceEntry;
    natGatewayGb: PriceEntry;
    publicIpv4Hour: PriceEntry;
    interfaceEndpointAzHour: PriceEntry;
    interfaceEndpointGb: PriceEntry;
    albHour: PriceEntry;
    nlbHour: PriceEntry;
    nlbLcuHour: PriceEntry;
    albLcuHour: PriceEntry;
    fargateVcpuHour: PriceEntry;
    fargateGbHour: PriceEntry;
    fargateArmVcpuHour: PriceEntry;
    fargateArmGbHour: PriceEntry;
    fargateSpotDiscount: PriceEntry;
    ec2Hour: PriceEntry<Record<string, number>>;
    /** ECS Managed Instances' management fee per instance-hour, as a share of the instance's On-Demand price. */
    managedInstancesFeeShare: PriceEntry;
    ebsGp3GbMonth: PriceEntry;
    logsIngestGb: PriceEntry;
    alarmMetricMonth: PriceEntry;
    dashboardMonth: PriceEntry;
    kmsKeyMonth: PriceEntry;
}

export interface CostAssumptions {
    egressGbPerMonth: number;
    logsGbPerMonth: number;
    albLcus: number;
    nlbLcus: number;
}

/** What the estimate takes from stack config: the usage assumptions, and the facts the NAT/endpoint comparison needs. */
export interface CostInputs {
    assumptions: CostAssumptions;
    /** Interface endpoints the tasks would need without NAT (the config validator's own list). */
    neededEndpoints: string[];
    azCount: number;
    /** What the stack holds (config `layer`). @default "all" */
    layer?: Layer;
    /** NAT gateways of the network the tasks run on, which a services stack's plan does not hold. @default the plan's */
    natCount?: number;
}

export function costInputs(config: StackConfig): CostInputs {
    const privateServices = config.services.filter((svc) => !svc.assignPublicIp);
    return {
        assumptions: config.cost,
        neededEndpoints: requiredEndpoints(config.cluster, privateServices).interface,
        azCount: config.network.azCount,
        layer: config.layer,
        natCount: natAzs(config.network.natGateways, config.network.azCount).length,
    };
}

export interface CostLine {
    component: string;
    detail: string;
    monthly: number;
}

export interface EgressOption {
    name: "NAT only" | "endpoints only" | "both";
    monthly: number;
    note?: string;
}

export interface CostEstimate {
    lines: CostLine[];
    total: number;
    /**
     * The tasks' egress three ways; absent in a network stack, which runs no tasks (the services stacks that read it
     * compare the ways for their tasks, on its NAT and AZ counts).
     */
    egress?: { options: EgressOption[]; breakEvenGb?: number; neededEndpoints: string[] };
    prices: { region: string; date: string };
    /** The stack's layer, when it is one (its egress is billed elsewhere or has no tasks). */
    layer?: Layer;
}

export class PricesMissingError extends Error {}

export function loadPrices(region: string, dir = path.join(__dirname, "prices")): Prices {
    const file = path.join(dir, `${region}.json`);
    if (!fs.existsSync(file)) {
        const known = fs.readdirSync(dir).map((f) => f.replace(/\.json$/, ""));
        throw new PricesMissingError(`no prices for ${region} (release/prices has: ${known.join(", ")})`);
    }
    return JSON.parse(fs.readFileSync(file, "utf8")) as Prices;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Tasks per capacity provider: `base` first, the rest split by weight (the ECS capacity provider strategy rules). */
export function tasksByProvider(count: number, strategy: { capacityProvider: string; base?: number; weight?: number }[]): Record<string, number> {
    const out: Record<string, number> = {};
    let left = count;
    for (const s of strategy) {
        const base = Math.min(left, s.base ?? 0);
        out[s.capacityProvider] = base;
        left -= base;
    }
    const weights = strategy.reduce((sum, s) => sum + (s.weight ?? 0), 0);
    for (const s of strategy) out[s.capacityProvider] += weights === 0 ? 0 : (left * (s.weight ?? 0)) / weights;
    return out;
}

export function estimateCost(plan: Plan, inputs: CostInputs, prices: Prices): CostEstimate {
    const assumptions = inputs.assumptions;
    const hours = prices.hoursPerMonth.value;
    // The lint's reading of the plan: resources by type, and the resources an input was built from.
    const index = new PlanIndex(plan);
    const ofType = (type: string) => index.ofType(type);
    const lines: CostLine[] = [];
    const add = (component: string, detail: string, monthly: number) => lines.push({ component, detail, monthly: round2(monthly) });

    // Network
    const nats = ofType(RESOURCE_TYPES.natGateway).length;
    const eips = ofType(RESOURCE_TYPES.eip).length;
    const interfaces = ofType(RESOURCE_TYPES.vpcEndpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
    const endpointAzs = interfaces.reduce((sum, e) => sum + ((e.inputs.subnetIds as unknown[] | undefined)?.length ?? 0), 0);
    const gateways = ofType(RESOURCE_TYPES.vpcEndpoint).length - interfaces.length;
    const egress = assumptions.egressGbPerMonth;
    if (nats > 0) {
        add("NAT gateways", `${nats} × ${hours} h + ${egress} GB processed`, nats * hours * prices.natGatewayHour.value + egress * prices.natGatewayGb.value);
    }
    if (eips > 0) add("Public IPv4 addresses", `${eips} × ${hours} h`, eips * hours * prices.publicIpv4Hour.value);
    if (interfaces.length > 0) {
        // With NAT too, the tasks' AWS traffic takes the endpoints (private DNS); the estimate puts it all on NAT above
        // and charges the endpoints their hours only, so the two are not counted twice.
        const gb = nats > 0 ? 0 : egress;
        add(
            "Interface endpoints",
            `${interfaces.length} endpoints in ${endpointAzs} AZ-slots × ${hours} h + ${gb} GB`,
            endpointAzs * hours * prices.interfaceEndpointAzHour.value + gb * prices.interfaceEndpointGb.value,
        );
    }
    if (gateways > 0) add("Gateway endpoints", `${gateways} (free)`, 0);

    // Load balancer
    const nlbs = ofType(RESOURCE_TYPES.loadBalancer).filter((lb) => lb.inputs.loadBalancerType === "network").length;
    const albs = ofType(RESOURCE_TYPES.loadBalancer).length - nlbs;
    if (nlbs > 0)
        add(
            "Network load balancer",
            `${nlbs} NLB × ${hours} h, ${assumptions.nlbLcus} NLCU`,
            nlbs * hours * (prices.nlbHour.value + assumptions.nlbLcus * prices.nlbLcuHour.value),
        );
    if (albs > 0)
        add(
            "Load balancer",
            `${albs} ALB × ${hours} h, ${assumptions.albLcus} LCU`,
            albs * hours * (prices.albHour.value + assumptions.albLcus * prices.albLcuHour.value),
        );

    // Compute: Fargate per service, EC2 per Auto Scaling group, Managed Instances per provider
    const managedProviders = new Map(
        ofType(RESOURCE_TYPES.capacityProvider)
            .filter((p) => p.inputs.managedInstancesProvider)
            .map((p) => [p.urn, { provider: p, tasks: [] as ManagedTask[] }]),
    );
    for (const svc of ofType(RESOURCE_TYPES.ecsService)) {
        const task = index.inputSources(svc, "taskDefinition", RESOURCE_TYPES.taskDefinition)[0];
        // A daemon (EC2 launch type) runs on the instances, which are priced below.
        if (!task || svc.inputs.launchType === "EC2") continue;
        const count = Number(svc.inputs.desiredCount ?? scalingMinimum(index, svc) ?? 1);
        const providers = ((svc.inputs.capacityProviderStrategies as { capacityProvider: string; base?: number; weight?: number }[]) ?? []).map((s) => ({
            ...s,
            capacityProvider: s.capacityProvider === UNKNOWN ? "EC2" : s.capacityProvider,
        }));
        const split = tasksByProvider(count, providers.length ? providers : [{ capacityProvider: "FARGATE", weight: 1 }]);
        const vcpu = Number(task.inputs.cpu) / 1024;
        const gb = Number(task.inputs.memory) / 1024;
        const arm = (task.inputs.runtimePlatform as { cpuArchitecture?: string } | undefined)?.cpuArchitecture === "ARM64";
        const perTaskHour =
            vcpu * (arm ? prices.fargateArmVcpuHour.value : prices.fargateVcpuHour.value) +
            gb * (arm ? prices.fargateArmGbHour.value : prices.fargateGbHour.value);
        const onDemand = split.FARGATE ?? 0;
        const spot = split.FARGATE_SPOT ?? 0;
        const name = svc.name.replace(/-service$/, "");
        // Validation keeps a strategy to one kind of capacity: a service on Managed Instances runs all its tasks there.
        const managed = index.inputSources(svc, "capacityProviderStrategies", RESOURCE_TYPES.capacityProvider).find((p) => managedProviders.has(p.urn));
        if (managed) {
            managedProviders.get(managed.urn)!.tasks.push({ name, count, vcpu, gb });
            continue;
        }
        if (onDemand > 0) add("Fargate", `${name}: ${onDemand} × ${vcpu} vCPU, ${gb} GB${arm ? ", ARM" : ""}`, onDemand * perTaskHour * hours);
        if (spot > 0) add("Fargate Spot", `${name}: ${spot} × ${vcpu} vCPU, ${gb} GB`, spot * perTaskHour * hours * (1 - prices.fargateSpotDiscount.value));
    }
    for (const asg of ofType(RESOURCE_TYPES.autoScalingGroup)) {
        const template = index.inputSources(asg, "launchTemplate", RESOURCE_TYPES.launchTemplate)[0];
        const type = String(template?.inputs.instanceType ?? "unknown");
        const count = Number(asg.inputs.desiredCapacity ?? asg.inputs.minSize ?? 0);
        const price = prices.ec2Hour.value[type];
        const volumeGb = ((template?.inputs.blockDeviceMappings as { ebs?: { volumeSize?: number } }[] | undefined) ?? []).reduce(
            (s, m) => s + (m.ebs?.volumeSize ?? 0),
            0,
        );
        if (price === undefined) add("EC2 instances", `${count} × ${type}: no price in release/prices/${prices.region}.json`, 0);
        else
            add(
                "EC2 instances",
                `${count} × ${type} (minimum of the group) + ${volumeGb} GB gp3 each`,
                count * (price * hours + volumeGb * prices.ebsGp3GbMonth.value),
            );
    }
    for (const { provider, tasks } of managedProviders.values()) {
        const daemons = ofType(RESOURCE_TYPES.daemonTaskDefinition).map((t) => ({ vcpu: Number(t.inputs.cpu) / 1024, gb: Number(t.inputs.memory) / 1024 }));
        const estimate = managedInstancesEstimate(provider, tasks, daemons, prices);
        if (estimate) add("Managed Instances", estimate.detail, estimate.monthly * hours);
    }
    const schedules = ofType(RESOURCE_TYPES.schedule);
    if (schedules.length > 0) {
        // Billed per run (the task's vCPU and memory for its seconds; Scheduler's invocations are within its free tier).
        add("Scheduled tasks", `${schedules.map((s) => String(s.inputs.name ?? s.name)).join(", ")}: per run, not estimated`, 0);
    }
    add("CloudWatch Logs", `${assumptions.logsGbPerMonth} GB ingested`, assumptions.logsGbPerMonth * prices.logsIngestGb.value);
    const alarms = ofType(RESOURCE_TYPES.metricAlarm);
    if (alarms.length > 0) {
        // An alarm on a metric math expression is billed per metric it reads.
        const metrics = alarms.reduce(
            (n, a) => n + (Array.isArray(a.inputs.metricQueries) ? (a.inputs.metricQueries as { metric?: unknown }[]).filter((q) => q.metric).length : 1),
            0,
        );
        const dashboards = ofType(RESOURCE_TYPES.dashboard).length;
        // The alarm topic's own key (other keys, such as ECS Exec's, are left out of the estimate as before).
        const keys = ofType(RESOURCE_TYPES.kmsKey).filter((k) => k.parent && index.get(k.parent)?.type === ALARM_TOPIC_TYPE).length;
        add(
            "Monitoring",
            `${alarms.length} alarms (${metrics} alarm metrics), ${dashboards} dashboard${dashboards === 1 ? "" : "s"}, ${keys} KMS key${keys === 1 ? "" : "s"}`,
            metrics * prices.alarmMetricMonth.value + dashboards * prices.dashboardMonth.value + keys * prices.kmsKeyMonth.value,
        );
    }

    return {
        lines,
        total: round2(lines.reduce((s, l) => s + l.monthly, 0)),
        ...(inputs.layer === "network"
            ? {}
            : { egress: egressOptions({ ...inputs, nats: Math.max(1, inputs.layer === "services" ? (inputs.natCount ?? 0) : nats) }, prices) }),
        prices: { region: prices.region, date: prices.date },
        ...(inputs.layer && inputs.layer !== "all" ? { layer: inputs.layer } : {}),
    };
}

interface ManagedTask {
    name: string;
    count: number;
    vcpu: number;
    gb: number;
}

/**
 * Managed Instances: ECS picks the instance types, so the estimate takes the cheapest type of the price file that
 * the provider's requirements allow (vCPU and memory ranges, CPU makers, no burstable types), packs the tasks onto
 * as many as their vCPU and memory need, after the daemons' share of each, and adds the management fee. On-Demand
 * prices: Spot would cost less.
 */
function managedInstancesEstimate(
    provider: PlanResource,
    tasks: ManagedTask[],
    daemons: { vcpu: number; gb: number }[],
    prices: Prices,
): { detail: string; monthly: number } | undefined {
    if (tasks.length === 0) return undefined;
    type Range = { min?: number; max?: number };
    type Template = {
        capacityOptionType?: string;
        instanceRequirements?: { vcpuCount?: Range; memoryMib?: Range; cpuManufacturers?: string[]; burstablePerformance?: string };
    };
    const template = (provider.inputs.managedInstancesProvider as { instanceLaunchTemplate?: Template }).instanceLaunchTemplate ?? {};
    const req = template.instanceRequirements ?? {};
    const arm = (req.cpuManufacturers ?? []).includes("amazon-web-services");
    const within = (value: number, range?: Range) => value >= (range?.min ?? 0) && value <= (range?.max ?? Infinity);
    const candidates = Object.entries(prices.ec2Hour.value)
        .map(([type, price]) => ({ info: instanceType(type), price }))
        .filter(({ info }) => info && (info.architecture === "arm64") === arm && within(info.vcpus, req.vcpuCount) && within(info.memoryMiB, req.memoryMib))
        .filter(({ info }) => req.burstablePerformance !== "excluded" || !/^t\d/.test(info!.name))
        .sort((a, b) => a.price - b.price);
    const names = tasks.map((t) => t.name).join(", ");
    const cheapest = candidates[0];
    if (!cheapest) return { detail: `${names}: no instance type of release/prices/${prices.region}.json meets the requirements`, monthly: 0 };
    const info = cheapest.info!;
    const daemonVcpu = daemons.reduce((n, d) => n + d.vcpu, 0);
    const daemonGb = daemons.reduce((n, d) => n + d.gb, 0);
    const vcpu = tasks.reduce((n, t) => n + t.count * t.vcpu, 0);
    const gb = tasks.reduce((n, t) => n + t.count * t.gb, 0);
    const room = { vcpu: info.vcpus - daemonVcpu, gb: info.memoryMiB / 1024 - daemonGb };
    if (room.vcpu <= 0 || room.gb <= 0) return { detail: `${names}: the daemons take all of a ${info.name}, the cheapest type allowed`, monthly: 0 };
    const instances = Math.max(1, Math.ceil(vcpu / room.vcpu), Math.ceil(gb / room.gb));
    const perHour = cheapest.price * (1 + prices.managedInstancesFeeShare.value);
    const spot = template.capacityOptionType === "SPOT" ? " (Spot bought: less)" : "";
    return {
        detail: `${instances} × ${info.name} On-Demand + management fee${spot} for ${names} (${vcpu} vCPU, ${gb} GB${daemons.length ? ` + daemons on each` : ""})`,
        monthly: instances * perHour,
    };
}

function scalingMinimum(index: PlanIndex, svc: PlanResource): number | undefined {
    const target = index.ofType(RESOURCE_TYPES.scalingTarget).find((r) => (r.propertyDependencies.resourceId ?? []).includes(svc.urn));
    return target ? Number(target.inputs.minCapacity) : undefined;
}

/**
 * The tasks' egress three ways, at the stack's NAT count (at least one) and AZ count: NAT only; the needed interface
 * endpoints only (S3 by its free gateway endpoint; possible only if the tasks reach nothing outside AWS); both (AWS
 * traffic on the endpoints, the NATs idle but paid). Break-even: the GB a month above which endpoints-only is cheaper
 * than NAT-only.
 */
export function egressOptions(inputs: CostInputs & { nats: number }, prices: Prices): NonNullable<CostEstimate["egress"]> {
    const hours = prices.hoursPerMonth.value;
    const { nats, azCount: azs, neededEndpoints: needed } = inputs;
    const gb = inputs.assumptions.egressGbPerMonth;
    const natFixed = nats * hours * (prices.natGatewayHour.value + prices.publicIpv4Hour.value);
    const endpointFixed = needed.length * azs * hours * prices.interfaceEndpointAzHour.value;
    const options: EgressOption[] = [
        { name: "NAT only", monthly: round2(natFixed + gb * prices.natGatewayGb.value) },
        { name: "endpoints only", monthly: round2(endpointFixed + gb * prices.interfaceEndpointGb.value), note: "only if the tasks reach nothing outside AWS" },
        { name: "both", monthly: round2(natFixed + endpointFixed + gb * prices.interfaceEndpointGb.value), note: "AWS traffic through the endpoints" },
    ];
    const perGbSaving = prices.natGatewayGb.value - prices.interfaceEndpointGb.value;
    const breakEvenGb = perGbSaving > 0 ? Math.max(0, Math.round((endpointFixed - natFixed) / perGbSaving)) : undefined;
    return { options, breakEvenGb, neededEndpoints: needed };
}

/** Prices older than this many months are flagged in the estimate: AWS changes list prices without notice. */
export const PRICES_STALE_AFTER_MONTHS = 6;

/** Whole months from the price file's date to `now`. */
export function pricesAgeMonths(date: string, now: Date): number {
    const read = new Date(`${date}T00:00:00Z`);
    const months = (now.getUTCFullYear() - read.getUTCFullYear()) * 12 + now.getUTCMonth() - read.getUTCMonth();
    return now.getUTCDate() < read.getUTCDate() ? months - 1 : months;
}

export function formatCost(estimate: CostEstimate, stack: string, now = new Date()): string {
    const width = Math.max(...estimate.lines.map((l) => l.component.length));
    const money = (n: number) => `$${n.toFixed(2)}`.padStart(10);
    const lines = [`Estimated monthly cost of "${stack}" (${estimate.prices.region} list prices of ${estimate.prices.date}):`];
    const age = pricesAgeMonths(estimate.prices.date, now);
    if (age >= PRICES_STALE_AFTER_MONTHS) {
        lines.push(`  Warning: these prices are ${age} months old; re-read them from the pages release/prices/${estimate.prices.region}.json names.`);
    }
    for (const l of estimate.lines) lines.push(`  ${l.component.padEnd(width)}  ${money(l.monthly)}  ${l.detail}`);
    lines.push(`  ${"Total".padEnd(width)}  ${money(estimate.total)}`);
    if (!estimate.egress) {
        lines.push("", "Egress: this network stack runs no tasks; the estimates of the services stacks that read it compare NAT and endpoints for theirs.");
        return lines.join("\n");
    }
    const where = estimate.layer === "services" ? ", billed to the network stack" : "";
    lines.push("", `Egress, NAT versus endpoints (${estimate.egress.neededEndpoints.join(", ")} + free S3 gateway${where}):`);
    for (const o of estimate.egress.options) lines.push(`  ${o.name.padEnd(15)} ${money(o.monthly)}${o.note ? `  ${o.note}` : ""}`);
    const breakEven = estimate.egress.breakEvenGb;
    if (breakEven === 0) lines.push("  break-even: endpoints only is cheaper at any volume (their hours cost less than the NAT gateways')");
    else if (breakEven !== undefined) lines.push(`  break-even: endpoints only is cheaper above ${breakEven} GB a month`);
    return lines.join("\n");
}
