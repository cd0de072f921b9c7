/**
 * The TLS security policies of Application Load Balancer HTTPS listeners that accept TLS 1.2 or newer only: the
 * stack config may name one of them (loadBalancer.sslPolicy) and the policy pack passes only them, so a policy AWS
 * adds later is refused by both until it is added here.
 *
 * Sources: Elastic Load Balancing User Guide, "Security policies for your Application Load Balancer" (read
 * 2026-11-23 and 2026-12-02: the TLS13-1-2/1-3, TLS-1-2, FS-1-2 and FIPS policies; since 2025-09 the hybrid
 * post-quantum "PQ" policies, and `ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09` is the console's default); the PQ
 * names as Datadog's rule "Load Balancers should use the latest security policy" lists them (read 2026-12-02).
 * Left out: ELBSecurityPolicy-2016-08 (the API's default) and the TLS13-1-0/1-1 policies, which accept TLS 1.0/1.1.
 */
export const TLS12_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
] as const;

export type Tls12Policy = (typeof TLS12_POLICIES)[number];

/** The policy the platform's HTTPS listener uses when the stack names none. */
export const DEFAULT_TLS_POLICY: Tls12Policy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export function isTls12OrNewer(policy: string): boolean {
    return (TLS12_POLICIES as readonly string[]).includes(policy);
}
