/**
 * ECS-native deployment strategies (DeploymentConfiguration.strategy) that shift load-balancer traffic between two
 * target groups, with the same wiring (alternate target group, production listener rule, infrastructure role) and
 * their own rollback (ECS API Reference, DeploymentConfiguration, read 2026-12-02). The lint and the pack both read
 * them: one list, so a fourth strategy cannot be missed in one of them.
 */
export const TRAFFIC_SHIFTING_STRATEGIES: readonly string[] = ["BLUE_GREEN", "LINEAR", "CANARY"];

export function shiftsTrafficEcs(strategy: unknown): boolean {
    return typeof strategy === "string" && TRAFFIC_SHIFTING_STRATEGIES.includes(strategy);
}
