/** Rules of the ALB routes across services: path and host patterns, condition counts, priorities, shadowing, overlaps. */
import { MAX_RULE_CONDITION_VALUES } from "../../awsdata/limits";
import { isCatchAll, rulePriorities } from "../routing";
import { Problems } from "./problems";
import { ServiceConfig } from "./schema";

/** ALB path patterns. Source: ELB User Guide, "Listener rules: path conditions" (read 2026-11-23). */
const PATH_PATTERN = /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/;
const HOST_PATTERN = /^[A-Za-z0-9\-.*?]+$/;

/** The route of a service that passed the schema, with the key path of its entry and the priority its rule gets. */
interface Route {
    /** `services[i]`. */
    at: string;
    name: string;
    paths: string[];
    hosts: string[];
    /** Set in config, rather than derived from the service's position. */
    explicit: boolean;
    priority: number;
}

export function routeProblems(services: (ServiceConfig | undefined)[]): Problems {
    const routes = routesOf(services);
    return [...routes.flatMap(patternProblems), ...samePriorityProblems(routes), ...shadowingProblems(routes), ...overlapProblems(routes)];
}

function routesOf(services: (ServiceConfig | undefined)[]): Route[] {
    const present = services.flatMap((svc, i) => (svc ? [{ svc, at: `services[${i}]` }] : []));
    const priorities = rulePriorities(present.map(({ svc }) => svc));
    return present
        .map(({ svc, at }, k) => ({ at, name: svc.name, paths: svc.paths, hosts: svc.hosts, explicit: svc.priority !== undefined, priority: priorities[k] }))
        .filter((route) => route.paths.length > 0);
}

/** Each path and host is a pattern ALB accepts, and one rule holds them all. */
function patternProblems(route: Route): Problems {
    const problems: Problems = [];
    route.paths.forEach((p, j) => {
        const at = `${route.at}.paths[${j}]`;
        if (!p.startsWith("/") && p !== "*") problems.push(`${at}: "${p}" must start with /`);
        else if (p.length > 128) problems.push(`${at}: is ${p.length} characters long (at most 128)`);
        else if (!PATH_PATTERN.test(p)) {
            problems.push(`${at}: "${p}" has a character ALB does not accept (allowed: A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?)`);
        }
    });
    route.hosts.forEach((h, j) => {
        if (h.length > 128 || !HOST_PATTERN.test(h)) {
            problems.push(`${route.at}.hosts[${j}]: "${h}" is not a host pattern (A-Z a-z 0-9 - . * ?, at most 128 characters)`);
        }
    });
    if (route.paths.length + route.hosts.length > MAX_RULE_CONDITION_VALUES) {
        problems.push(
            `${route.at}: ${route.paths.length} paths and ${route.hosts.length} hosts exceed the ${MAX_RULE_CONDITION_VALUES} condition values of one ALB rule`,
        );
    }
    return problems;
}

/** Priorities are unique on a listener. */
function samePriorityProblems(routes: Route[]): Problems {
    const first = new Map<number, Route>();
    const problems: Problems = [];
    for (const route of routes) {
        const earlier = first.get(route.priority);
        if (earlier === undefined) {
            first.set(route.priority, route);
            continue;
        }
        const how = route.explicit ? "priority" : "derived priority";
        problems.push(`${route.at}.priority: ${how} ${route.priority} is also that of ${earlier.at} (${earlier.name})`);
    }
    return problems;
}

/** A catch-all evaluates after every specific route, or those would never be reached. */
function shadowingProblems(routes: Route[]): Problems {
    return routes.filter(isCatchAll).flatMap((catchAll) => {
        const shadowed = routes.filter((r) => !isCatchAll(r) && r.priority > catchAll.priority);
        if (shadowed.length === 0) return [];
        return [
            `${catchAll.at}.priority: ${catchAll.priority} makes the catch-all route evaluate before ` +
                `${shadowed.map((r) => r.name).join(", ")}; a catch-all needs the highest priority number`,
        ];
    });
}

/** One host and path go to one service. */
function overlapProblems(routes: Route[]): Problems {
    const owners = new Map<string, Route>();
    const problems: Problems = [];
    for (const route of routes) {
        for (const host of route.hosts.length ? route.hosts : ["(any host)"]) {
            for (const path of route.paths) {
                const owner = owners.get(`${host} ${path}`);
                if (owner === undefined) owners.set(`${host} ${path}`, route);
                else if (owner !== route) problems.push(`${route.at}.paths: route ${path} on ${host} is also routed to ${owner.at} (${owner.name})`);
            }
        }
    }
    return problems;
}
