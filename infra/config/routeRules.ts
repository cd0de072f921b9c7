/** Rules of the ALB routes across services: path and host patterns, condition counts, priorities, shadowing, overlaps. */
import { MAX_RULE_CONDITION_VALUES } from "../../awsdata/limits";
import { isCatchAll, rulePriorities } from "../routing";
import { Problems } from "./problems";
import { ServiceConfig } from "./schema";

/** ALB path patterns. Source: ELB User Guide, "Listener rules: path conditions" (read 2026-11-23). */
const PATH_PATTERN = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
const HOST_PATTERN = /^[A-Za-z0-9\-.*?]+$/;

export function routeProblems(services: (ServiceConfig | undefined)[]): Problems {
    const problems: Problems = [];
    services.forEach((svc, i) => {
        if (!svc) return;
        svc.paths.forEach((p, j) => {
            const at = `services[${i}].paths[${j}]`;
            if (!p.startsWith("/") && p !== "*") problems.push(`${at}: "${p}" must start with /`);
            else if (p.length > 128) problems.push(`${at}: is ${p.length} characters long (at most 128)`);
            else if (!PATH_PATTERN.test(p)) {
                problems.push(`${at}: "${p}" has a character ALB does not accept (allowed: A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?)`);
            }
        });
        svc.hosts.forEach((h, j) => {
            if (h.length > 128 || !HOST_PATTERN.test(h)) {
                problems.push(`services[${i}].hosts[${j}]: "${h}" is not a host pattern (A-Z a-z 0-9 - . * ?, at most 128 characters)`);
            }
        });
        if (svc.paths.length + svc.hosts.length > MAX_RULE_CONDITION_VALUES) {
            problems.push(`services[${i}]: ${svc.paths.length} paths and ${svc.hosts.length} hosts exceed the ${MAX_RULE_CONDITION_VALUES} condition values of one ALB rule`);
        }
    });
    const routed = services.map((svc) => svc && { name: svc.name, paths: svc.paths, hosts: svc.hosts, priority: svc.priority });
    const present = routed.flatMap((r, i) => (r ? [{ r, i }] : []));
    const priorities = rulePriorities(present.map((x) => x.r));
    const byPriority = new Map<number, number>();
    present.forEach(({ r, i }, k) => {
        const earlier = byPriority.get(priorities[k]);
        if (earlier !== undefined) {
            const how = r.priority === undefined ? "derived priority" : "priority";
            problems.push(`services[${i}].priority: ${how} ${priorities[k]} is also that of services[${earlier}] (${services[earlier]!.name})`);
        } else byPriority.set(priorities[k], i);
    });
    present.forEach(({ r, i }, k) => {
        if (!isCatchAll(r)) return;
        const shadowed = present.filter((o, m) => !isCatchAll(o.r) && priorities[m] > priorities[k]);
        if (shadowed.length) {
            problems.push(
                `services[${i}].priority: ${priorities[k]} makes the catch-all route evaluate before ` +
                    `${shadowed.map((o) => o.r.name).join(", ")}; a catch-all needs the highest priority number`,
            );
        }
    });
    const owners = new Map<string, number>();
    present.forEach(({ r, i }) => {
        for (const host of r.hosts.length ? r.hosts : ["(any host)"]) {
            for (const path of r.paths) {
                const key = `${host} ${path}`;
                const earlier = owners.get(key);
                if (earlier !== undefined && earlier !== i) {
                    problems.push(`services[${i}].paths: route ${path} on ${host} is also routed to services[${earlier}] (${services[earlier]!.name})`);
                } else owners.set(key, i);
            }
        }
    });
    return problems;
}

