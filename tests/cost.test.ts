import * as assert from "assert";
import { costInputs, egressOptions, estimateCost, formatCost, loadPrices, PricesMissingError, pricesAgeMonths, tasksByProvider } from "../release/cost";
import { planWithConfig } from "../plan/runPlan";
import { engineConfig, FIXTURE_DIR, ProjectConfig, stackConfig } from "./helpers/plans";

const prices = loadPrices("eu-west-1");
const line = (estimate: ReturnType<typeof estimateCost>, component: string, detail = "") =>
    estimate.lines.filter((l) => l.component === component && l.detail.includes(detail)).reduce((s, l) => s + l.monthly, 0);

/** The cost inputs and estimate of a stack file, or of an edited copy of it, as `npm run plan` computes them. */
async function costOf(stack: string, edit: (c: ProjectConfig) => void = () => undefined) {
    // The frozen fixture copies: these figures are worked out by hand for them.
    const { project, region } = stackConfig(stack, FIXTURE_DIR);
    edit(project);
    const { plan, config } = await planWithConfig({ stack, config: engineConfig(project, region) });
    const inputs = costInputs(config);
    return { inputs, estimate: estimateCost(plan, inputs, prices) };
}

describe("cost estimate", () => {
    it("prices dev as worked out by hand", async () => {
        const { estimate: dev } = await costOf("dev");
        // 1 NAT: 730 h × $0.048 + 100 GB × $0.048 = 35.04 + 4.80
        assert.strictEqual(line(dev, "NAT gateways"), 39.84);
        // its Elastic IP: 730 h × $0.005
        assert.strictEqual(line(dev, "Public IPv4 addresses"), 3.65);
        // ALB: 730 h × ($0.0252 + 1 LCU × $0.008) = 24.236
        assert.strictEqual(line(dev, "Load balancer"), 24.24);
        // web on Spot: (0.25 × 0.04048 + 0.5 × 0.004445) × 730 × (1 − 0.7) = 2.703
        assert.strictEqual(line(dev, "Fargate Spot", "web:"), 2.7);
        // api on Spot: (0.5 × 0.04048 + 1 × 0.004445) × 730 × 0.3 = 5.406
        assert.strictEqual(line(dev, "Fargate Spot", "api:"), 5.41);
        assert.strictEqual(line(dev, "CloudWatch Logs"), 5.7);
        assert.strictEqual(line(dev, "Gateway endpoints"), 0);
        assert.strictEqual(dev.total, 84.24);
    });

    it("prices prod's base on-demand tasks, the rest by weight, and its EC2 group at its minimum", async () => {
        const { estimate: prod } = await costOf("prod");
        // 3 NATs: 3 × 730 × 0.048 + 100 × 0.048 = 105.12 + 4.80
        assert.strictEqual(line(prod, "NAT gateways"), 109.92);
        // 4 interface endpoints × 3 AZs × 730 h × $0.011 (their GB are counted on the NATs)
        assert.strictEqual(line(prod, "Interface endpoints"), 96.36);
        // 2 × m7g.large: 2 × (730 × 0.0893 + 30 GB × 0.088) = 2 × (65.189 + 2.64)
        assert.strictEqual(line(prod, "EC2 instances"), 135.66);
        // web: minimum 3 tasks, base 2 on FARGATE, the third split 1:1 → 2.5 on demand, 0.5 Spot
        assert.strictEqual(line(prod, "Fargate", "web: 2.5 ×"), 45.05);
        assert.ok(!prod.lines.some((l) => l.detail.startsWith("api:")), "api runs on the EC2 group");
    });

    it("splits tasks over capacity providers as ECS does: base first, the rest by weight", () => {
        assert.deepStrictEqual(
            tasksByProvider(3, [
                { capacityProvider: "FARGATE", base: 2, weight: 1 },
                { capacityProvider: "FARGATE_SPOT", weight: 1 },
            ]),
            { FARGATE: 2.5, FARGATE_SPOT: 0.5 },
        );
        assert.deepStrictEqual(
            tasksByProvider(1, [
                { capacityProvider: "FARGATE", base: 2, weight: 1 },
                { capacityProvider: "FARGATE_SPOT", weight: 3 },
            ]),
            { FARGATE: 1, FARGATE_SPOT: 0 },
        );
        assert.deepStrictEqual(
            tasksByProvider(4, [
                { capacityProvider: "FARGATE", weight: 1 },
                { capacityProvider: "FARGATE_SPOT", weight: 3 },
            ]),
            { FARGATE: 1, FARGATE_SPOT: 3 },
        );
    });

    it("compares NAT and endpoints for dev by hand, with the endpoints the config validator requires", async () => {
        const { inputs, estimate } = await costOf("dev");
        // dev has ECS Exec on and a service reading a secret: ssmmessages and secretsmanager join the image/log ones
        assert.deepStrictEqual(inputs.neededEndpoints, ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"]);
        // NAT only: 730 × (0.048 + 0.005) + 100 × 0.048 = 38.69 + 4.80
        // endpoints only: 5 × 2 AZs × 730 × 0.011 + 100 × 0.01 = 80.30 + 1.00
        // both: 38.69 + 80.30 + 1.00
        assert.deepStrictEqual(
            estimate.egress!.options.map((o) => [o.name, o.monthly]),
            [
                ["NAT only", 43.49],
                ["endpoints only", 81.3],
                ["both", 119.99],
            ],
        );
        // (80.30 − 38.69) / (0.048 − 0.01) = 1095.0 GB
        assert.strictEqual(estimate.egress!.breakEvenGb, 1095);
        const heavy = egressOptions({ ...inputs, nats: 1, assumptions: { ...inputs.assumptions, egressGbPerMonth: 2000 } }, prices);
        assert.ok(heavy.options[1].monthly < heavy.options[0].monthly, "above the break-even, endpoints win");
    });

    it("asks prod's EC2 capacity for the ECS agent endpoints too", async () => {
        const { inputs, estimate } = await costOf("prod");
        assert.deepStrictEqual(inputs.neededEndpoints, ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ecs", "ecs-agent", "ecs-telemetry"]);
        // NAT fixed 3 × 730 × 0.053 = 116.07; endpoints 7 × 3 × 730 × 0.011 = 168.63; (168.63 − 116.07) / 0.038 = 1383.2
        assert.strictEqual(estimate.egress!.breakEvenGb, 1383);
    });

    it("reads the assumptions from the stack's cost section and says when a region has no prices", async () => {
        const { inputs, estimate: busy } = await costOf("dev", (c) => (c.cost = { egressGbPerMonth: 500, logsGbPerMonth: 0, albLcus: 2 }));
        assert.deepStrictEqual(inputs.assumptions, { egressGbPerMonth: 500, logsGbPerMonth: 0, albLcus: 2, nlbLcus: 1 });
        assert.strictEqual(line(busy, "NAT gateways"), 59.04); // 35.04 + 500 × 0.048
        assert.strictEqual(line(busy, "Load balancer"), 30.08); // 730 × (0.0252 + 2 × 0.008) = 30.076
        assert.strictEqual(line(busy, "CloudWatch Logs"), 0);
        assert.match(
            formatCost(busy, "dev", new Date("2026-12-02T00:00:00Z")),
            /Estimated monthly cost of "dev" \(eu-west-1 list prices of 2026-11-23\):\n {2}NAT/,
        );
        // Six months after the prices were read, the estimate says so (the price file's own date, not a fixture's).
        assert.match(
            formatCost(busy, "dev", new Date("2027-05-23T00:00:00Z")),
            /\):\n {2}Warning: these prices are 6 months old; re-read them from the pages release\/prices\/eu-west-1\.json names\./,
        );
        assert.doesNotMatch(formatCost(busy, "dev", new Date("2027-05-22T00:00:00Z")), /Warning/);
        assert.throws(
            () => loadPrices("ap-south-2"),
            (err: Error) => err instanceof PricesMissingError && /no prices for ap-south-2 \(release\/prices has: eu-west-1\)/.test(err.message),
        );
    });
});

describe("the price file's age", () => {
    it("counts whole months, a month not complete until its day", () => {
        assert.strictEqual(pricesAgeMonths("2026-11-23", new Date("2026-12-22T12:00:00Z")), 0);
        assert.strictEqual(pricesAgeMonths("2026-11-23", new Date("2026-12-23T00:00:00Z")), 1);
        assert.strictEqual(pricesAgeMonths("2026-11-23", new Date("2028-01-01T00:00:00Z")), 13);
    });
});
