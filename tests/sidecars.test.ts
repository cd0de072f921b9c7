/** Sidecars: containers beside the service's own in its task, with the same hardening, logging and secret rules. */
import * as assert from "assert";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { policyConfigFile } from "../plan/command";
import { Plan } from "../plan/planFormat";
import { packClient } from "./helpers/policyPack";
import { ProjectConfig, T, configProblems, containerNamesOf, fixturePlanEdited, named, parsed, planOf, stackConfig } from "./helpers/plans";

interface Container {
    name: string;
    essential: boolean;
    user?: string;
    readonlyRootFilesystem: boolean;
    secrets: { name: string; valueFrom: string }[];
    logConfiguration: { options: Record<string, string> };
    dependsOn?: { containerName: string; condition: string }[];
    portMappings: { containerPort: number }[];
}

const AGENT = {
    name: "agent",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/agent:1.0.0",
    cpu: 64,
    memory: 128,
    ports: [9090],
    secrets: { AGENT_KEY: "prod/admin/session-key" },
    dependsOn: [{ container: "admin", condition: "START" }],
};

/** The prod fixture with the sidecar added to its `admin` service (index 2). */
const withAgent =
    (agent: Record<string, unknown> = {}) =>
    (c: ProjectConfig) =>
        (c.services[2].sidecars = [{ ...AGENT, ...agent }]);

describe("sidecars", () => {
    it("run in the service's task after its container, logged to the service's group under their own stream, as its user", async () => {
        const plan = await fixturePlanEdited("prod", withAgent());
        const containers = parsed<Container[]>(named(plan, T.taskDefinition, "admin-task"), "containerDefinitions");
        assert.deepStrictEqual(
            containers.map((c) => c.name),
            ["admin", "agent"],
        );
        const [admin, agent] = containers;
        assert.strictEqual(agent.essential, false);
        assert.strictEqual(agent.readonlyRootFilesystem, true);
        assert.strictEqual(agent.user, admin.user, "the service's user unless its own");
        assert.strictEqual(agent.logConfiguration.options["awslogs-group"], admin.logConfiguration.options["awslogs-group"]);
        assert.strictEqual(agent.logConfiguration.options["awslogs-stream-prefix"], "agent");
        assert.deepStrictEqual(agent.dependsOn, [{ containerName: "admin", condition: "START" }]);
        assert.deepStrictEqual(
            agent.portMappings.map((p) => p.containerPort),
            [9090],
        );
    });

    it("read their secrets through the service's execution role, which may read exactly those too", async () => {
        const plan = await fixturePlanEdited("prod", withAgent());
        const agent = parsed<Container[]>(named(plan, T.taskDefinition, "admin-task"), "containerDefinitions")[1];
        assert.deepStrictEqual(
            agent.secrets.map((s) => s.name),
            ["AGENT_KEY"],
        );
        const policy = parsed<{ Statement: { Sid: string; Resource: string[] }[] }>(named(plan, T.rolePolicy, "admin-secrets"), "policy");
        const read = policy.Statement.find((s) => s.Sid === "ReadServiceSecrets")!;
        assert.ok(read.Resource.includes(agent.secrets[0].valueFrom), `${agent.secrets[0].valueFrom} in ${read.Resource.join(", ")}`);
        // Its image is in the account's ECR: the execution role may pull it as well as the service's own.
        const execution = parsed<{ Statement: { Sid: string; Resource: string | string[] }[] }>(named(plan, T.rolePolicy, "admin-execution"), "policy");
        assert.deepStrictEqual(execution.Statement.find((st) => st.Sid === "PullImage")?.Resource, [
            "arn:aws:ecr:eu-west-1:123456789012:repository/admin",
            "arn:aws:ecr:eu-west-1:123456789012:repository/agent",
        ]);
    });

    it("are judged by the pack like the service's container: a writable root filesystem is a violation in prod, naming the sidecar", async () => {
        const plan: Plan = await fixturePlanEdited("prod", withAgent({ readonlyRootFilesystem: false }));
        const result = await checkPlan(await packClient(), parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), readPolicyConfig(policyConfigFile("prod")));
        const hardening = result.diagnostics.filter((d) => d.policyName === "container-hardening");
        assert.strictEqual(hardening.length, 1);
        assert.match(hardening[0].message, /agent/);
        assert.strictEqual(hardening[0].enforcementLevel, "mandatory");
    });

    it("are in the dev stack's plan as its config lists them", async () => {
        const plan = await planOf("dev");
        const { project } = stackConfig("dev");
        for (const svc of project.services as { name: string; tracing?: string; logging?: { router?: string }; sidecars?: { name: string }[] }[]) {
            const names = containerNamesOf(plan, svc);
            const collector = svc.tracing === "otel" ? ["otel-collector"] : [];
            const router = svc.logging?.router === "firelens" ? ["log-router"] : [];
            assert.deepStrictEqual(names, [svc.name, ...collector, ...router, ...(svc.sidecars ?? []).map((s) => s.name)], svc.name);
        }
    });
});

describe("sidecar config", () => {
    const problems = (sidecars: Record<string, unknown>[]): string[] =>
        configProblems((c) => {
            c.services[2].sidecars = sidecars;
        });
    const at = "services[2]";

    it("accepts the agent", () => {
        assert.deepStrictEqual(problems([AGENT]), []);
    });

    it("refuses clashing names and ports, sizes that leave the service nothing, and secret-looking variables, all at once", () => {
        const found = problems([
            { ...AGENT, name: "admin", ports: [8080], cpu: 256, memory: 512, environment: { API_TOKEN: "x" } },
            { ...AGENT, name: "other", ports: [9090], dependsOn: [] },
        ]);
        assert.deepStrictEqual(found.sort(), [
            `${at}.sidecars: port 8080 is used by two containers of the task (they share one network)`,
            `${at}.sidecars: their cpu (320) leaves nothing of the task's 256 to the service's container`,
            `${at}.sidecars: their memory (640 MiB) leaves nothing of the task's 512 MiB to the service's container`,
            // Named like the service's container, it now waits for itself.
            `${at}.sidecars[0].dependsOn[0].container: a container cannot wait for itself`,
            `${at}.sidecars[0].environment.API_TOKEN: looks like a secret (names containing PASSWORD, PASSWORDS, PASSWD, PASS, PWD, SECRET, SECRETS, TOKEN, TOKENS, API_KEY, APIKEY, PRIVATE_KEY, ACCESS_KEY, SIGNING_KEY, ENCRYPTION_KEY, CREDENTIAL, CREDENTIALS); move it to ${at}.sidecars[0].secrets as a Secrets Manager ARN or a secret the stack creates`,
            `${at}.sidecars[0].name: "admin" is already a container of this task`,
        ]);
    });

    it("refuses dependencies on unknown containers, on itself, HEALTHY without a health check, and cycles", () => {
        const found = problems([
            {
                ...AGENT,
                name: "a",
                ports: [],
                dependsOn: [
                    { container: "b", condition: "START" },
                    { container: "ghost", condition: "START" },
                ],
            },
            {
                ...AGENT,
                name: "b",
                ports: [],
                dependsOn: [
                    { container: "a", condition: "HEALTHY" },
                    { container: "b", condition: "START" },
                ],
            },
        ]);
        assert.deepStrictEqual(found.sort(), [
            `${at}.sidecars: a → b → a wait for each other, so none would start`,
            `${at}.sidecars[0].dependsOn[1].container: "ghost" is not a container of this task (containers: admin, a, b)`,
            `${at}.sidecars[1].dependsOn[0].container: HEALTHY needs a health check on "a" (containerHealthCheck, or the sidecar's healthCheck)`,
            `${at}.sidecars[1].dependsOn[1].container: a container cannot wait for itself`,
        ]);
    });

    it("holds a task to 10 containers", () => {
        const many = Array.from({ length: 10 }, (_, i) => ({ ...AGENT, name: `s${i}`, ports: [], cpu: 0, memory: 6 }));
        assert.deepStrictEqual(problems(many), ["services[2].sidecars: holds at most 9: a task has at most 10 containers, the service's own included"]);
    });
});

describe("sidecars and the endpoints a task needs without NAT", () => {
    it("count a sidecar's secrets: the task then needs the Secrets Manager endpoint", () => {
        const { requiredEndpoints } = require("../infra/config/requiredEndpoints") as typeof import("../infra/config/requiredEndpoints");
        const { serviceSchema } = require("../infra/config/serviceSchema") as typeof import("../infra/config/serviceSchema");
        const base = { name: "web", image: "nginx", cpu: 256, memory: 512, paths: ["/*"] };
        const plain = serviceSchema.parse({ ...base, sidecars: [{ name: "agent", image: "agent" }] });
        const reading = serviceSchema.parse({
            ...base,
            sidecars: [{ name: "agent", image: "agent", secrets: { KEY: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf" } }],
        });
        assert.ok(!requiredEndpoints(undefined, [plain]).interface.includes("secretsmanager"));
        assert.ok(requiredEndpoints(undefined, [reading]).interface.includes("secretsmanager"));
    });
});
