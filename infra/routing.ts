/**
 * Listener-rule priorities. A service keeps its priority when others are appended after it, and a catch-all route
 * always evaluates after every specific one, whatever the config order.
 */

export interface RouteSpec {
    name: string;
    paths: readonly string[];
    hosts: readonly string[];
    priority?: number;
}

/** Derived priorities step by this much, leaving room to slot an explicit priority between two services. */
export const PRIORITY_STEP = 10;
/** The highest priority ALB accepts; catch-alls count down from it. Source: ELB API, CreateRule (1-50000). */
export const MAX_PRIORITY = 50000;

/** A route with no host condition whose paths include the match-everything pattern. */
export function isCatchAll(route: RouteSpec): boolean {
    return route.hosts.length === 0 && route.paths.some((p) => p === "/*" || p === "*");
}

/**
 * Priority of each route, in input order: explicit when given; otherwise (position + 1) × PRIORITY_STEP for specific
 * routes and MAX_PRIORITY − k for the k-th catch-all.
 */
export function rulePriorities(routes: readonly RouteSpec[]): number[] {
    let catchAlls = 0;
    return routes.map((route, index) => {
        if (route.priority !== undefined) {
            if (isCatchAll(route)) catchAlls++;
            return route.priority;
        }
        return isCatchAll(route) ? MAX_PRIORITY - catchAlls++ : (index + 1) * PRIORITY_STEP;
    });
}
