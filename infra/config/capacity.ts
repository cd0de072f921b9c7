/** Which capacity providers a service's tasks run on. */
import { CapacityStrategyItem, ServiceConfig } from "./schema";

/** The providers a service may run on: its one provider, or its explicit strategy. */
export function serviceStrategy(svc: Pick<ServiceConfig, "capacity">): CapacityStrategyItem[] {
    return typeof svc.capacity === "string" ? [{ provider: svc.capacity, base: 0, weight: 1 }] : svc.capacity.strategy;
}
