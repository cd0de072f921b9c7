import * as assert from "assert";
import fc from "fast-check";
import { FARGATE_MEMORY_BY_CPU } from "../infra/config/fargate";
import { ConfigError, validateStackConfig } from "../infra/config/validate";
import { runPlan } from "../plan/runPlan";
import { engineConfig, ofType, ProjectConfig, stackConfig, T } from "./helpers/plans";

const size = fc
    .constantFrom(...Object.entries(FARGATE_MEMORY_BY_CPU).map(([cpu, mem]) => ({ cpu: Number(cpu), memories: mem })))
    .chain(({ cpu, memories }) => fc.constantFrom(...memories).map((memory) => ({ cpu, memory })));

const serviceName = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);

/** A valid list of services: unique names, Fargate sizes, one route each, at most one catch-all. */
const validServices = fc
    .uniqueArray(serviceName, { minLength: 1, maxLength: 12 })
    .chain((names) =>
        fc
            .tuple(
                fc.array(size, { minLength: names.length, maxLength: names.length }),
                fc.array(fc.integer({ min: 1, max: 3 }), { minLength: names.length, maxLength: names.length }),
                fc.integer({ min: -1, max: names.length - 1 }),
                fc.array(fc.constantFrom("fargate", "fargateSpot"), { minLength: names.length, maxLength: names.length }),
            )
            .map(([sizes, counts, catchAll, capacity]) =>
                names.map((name, i) => ({
                    name,
                    image: `public.ecr.aws/example/${name}:1`,
                    ...sizes[i],
                    paths: i === catchAll ? ["/*"] : [`/${name}/*`],
                    desiredCount: counts[i],
                    capacity: capacity[i],
                })),
            ),
    );

type Corruption = { key: RegExp; apply: (services: ProjectConfig[]) => void };

/** Ways to break a valid list, each with the key path its problem must name. */
const corruptions: Corruption[] = [
    { key: /^services\[0\]\.memory: /, apply: (s) => (s[0].memory = s[0].memory + 1) },
    { key: /^services\[0\]\.cpu: /, apply: (s) => (s[0].cpu = 300) },
    { key: /^services\[\d+\]\.name: /, apply: (s) => s.push({ ...s[0] }) },
    { key: /^services\[0\]\.paths\[0\]: /, apply: (s) => (s[0].paths = ["no-slash"]) },
    { key: /^services\[0\]\.containerPort: /, apply: (s) => (s[0].containerPort = 0) },
    { key: /^services\[0\]\.imge: unknown key \(allowed: name, image,/, apply: (s) => (s[0].imge = "x") },
    { key: /^services\[0\]\.environment\.DB_PASSWORD: /, apply: (s) => (s[0].environment = { DB_PASSWORD: "x" }) },
    { key: /^services\[0\]\.capacity: /, apply: (s) => (s[0].capacity = "ec2") },
    { key: /^services\[0\]\.desiredCount: /, apply: (s) => (s[0].autoscaling = { minCount: 5, maxCount: 6 }) },
];

function devWith(services: ProjectConfig[]): ProjectConfig {
    const { project } = stackConfig("dev");
    return { ...project, services };
}

describe("generated service lists", () => {
    it("validate whenever they are valid", () => {
        fc.assert(
            fc.property(validServices, (services) => {
                const config = validateStackConfig(devWith(services), "eu-west-1");
                assert.strictEqual(config.services.length, services.length);
            }),
            { numRuns: 200 },
        );
    });

    it("plan whenever they are valid, with one ECS service and one distinct-priority rule each", async () => {
        await fc.assert(
            fc.asyncProperty(validServices, async (services) => {
                const plan = await runPlan({ stack: "prop", config: engineConfig(devWith(services)) });
                assert.strictEqual(ofType(plan, T.service).length, services.length);
                const priorities = ofType(plan, T.listenerRule).map((r) => r.inputs.priority);
                assert.strictEqual(new Set(priorities).size, services.length);
            }),
            { numRuns: 8 },
        );
    });

    it("fail with the key path of what broke them, and never a stack trace", () => {
        fc.assert(
            fc.property(validServices, fc.constantFrom(...corruptions), (services, corruption) => {
                const broken = structuredClone(services) as ProjectConfig[];
                corruption.apply(broken);
                let problems: readonly string[] = [];
                try {
                    validateStackConfig(devWith(broken), "eu-west-1");
                } catch (err) {
                    assert.ok(err instanceof ConfigError, `not a ConfigError: ${err}`);
                    problems = err.problems;
                }
                assert.ok(
                    problems.some((p) => corruption.key.test(p)),
                    `expected ${corruption.key} in:\n${problems.join("\n")}`,
                );
                for (const p of problems) {
                    assert.match(p, /^[A-Za-z0-9_\-[\].:]+: /, `starts with a key path: ${p}`);
                    assert.doesNotMatch(p, /\n\s+at /);
                }
            }),
            { numRuns: 300 },
        );
    });
});
