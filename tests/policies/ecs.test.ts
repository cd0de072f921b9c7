import { strict as assert } from "assert";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { check, deferred, Spec, UNKNOWN, verdict } from "../helpers/policyPack";

const hardened = {
    name: "app",
    image: "nginx",
    user: "1000:1000",
    readonlyRootFilesystem: true,
    privileged: false,
    logConfiguration: { logDriver: "awslogs", options: {} },
};
const td = (containers: Record<string, unknown>[], extra: Record<string, unknown> = {}): Spec => ({
    type: RESOURCE_TYPES.taskDefinition,
    name: "td",
    inputs: { networkMode: "awsvpc", containerDefinitions: JSON.stringify(containers), ...extra },
});

describe("policy container-hardening", () => {
    const rule = "container-hardening";

    it("passes a hardened container", async () => {
        assert.deepEqual(await verdict(rule, [td([hardened])]), []);
    });

    it("flags added Linux capabilities that reach the host (SYS_ADMIN, NET_ADMIN, CAP_SYS_MODULE), and passes SYS_PTRACE", async () => {
        const found = await verdict(rule, [
            td([{ ...hardened, linuxParameters: { capabilities: { add: ["SYS_ADMIN", "NET_ADMIN", "CAP_SYS_MODULE", "SYS_PTRACE"] } } }]),
        ]);
        assert.deepEqual(found, [
            'td: container "app" adds the Linux capabilities SYS_ADMIN, NET_ADMIN, CAP_SYS_MODULE, which let it escape or reconfigure the host; remove them (Fargate accepts only SYS_PTRACE).',
        ]);
        assert.deepEqual(await verdict(rule, [td([{ ...hardened, linuxParameters: { capabilities: { add: ["SYS_PTRACE"], drop: ["ALL"] } } }])]), []);
    });

    it("flags privileged containers, writable root filesystems and host networking", async () => {
        const found = await verdict(rule, [
            td(
                [
                    { ...hardened, privileged: true },
                    { ...hardened, name: "sidecar", readonlyRootFilesystem: undefined },
                ],
                { networkMode: "host" },
            ),
        ]);
        assert.deepEqual(found, [
            'td: networkMode is "host": tasks share the instance\'s network stack; use "awsvpc" so each task has its own security group.',
            'td: container "app" is privileged; drop privileged and add only the Linux capabilities it needs.',
            'td: container "sidecar" has a writable root filesystem; set readonlyRootFilesystem and mount volumes for the paths it writes (stack config: readonlyRootFilesystem: true with scratchPaths).',
        ]);
    });

    it("flags a task sharing the host's process namespace", async () => {
        assert.deepEqual(await verdict(rule, [td([hardened], { pidMode: "host" })]), [
            'td: pidMode is "host": containers can see and signal every process on the instance; leave pidMode unset or "task".',
        ]);
        assert.deepEqual(await verdict(rule, [td([hardened], { pidMode: "task" })]), []);
    });

    it("names an unnamed container by position", async () => {
        const found = await verdict(rule, [td([{ image: "x", readonlyRootFilesystem: false }])]);
        assert.match(found[0], /^td: container #1 has a writable root filesystem/);
    });
});

describe("policy container-non-root-user", () => {
    const rule = "container-non-root-user";

    it("flags a missing user, root and uid 0, and allows other uids", async () => {
        const containers = [
            { ...hardened, name: "a", user: undefined },
            { ...hardened, name: "b", user: "root" },
            { ...hardened, name: "c", user: "0:0" },
            { ...hardened, name: "d", user: "1000" },
            { ...hardened, name: "e", user: "app:app" },
        ];
        const found = await verdict(rule, [td(containers)]);
        assert.deepEqual(
            found.map((f) => /container "(\w)"/.exec(f)?.[1]),
            ["a", "b", "c"],
        );
        assert.match(found[0], /runs as the image's default user \(often root\)/);
        assert.match(found[1], /runs as "root"/);
    });

    it("takes its level from policy config", async () => {
        const result = await check([td([{ ...hardened, user: undefined }])], { [rule]: { enforcementLevel: "advisory" } });
        const own = result.diagnostics.filter((d) => d.policyName === rule);
        assert.deepEqual(
            own.map((d) => d.enforcementLevel),
            ["advisory"],
        );
        assert.equal(result.mandatory, 0);
    });
});

describe("policy logs-required", () => {
    const rule = "logs-required";
    const logGroup = (name: string, retentionInDays?: number): Spec => ({
        type: RESOURCE_TYPES.logGroup,
        name,
        inputs: retentionInDays === undefined ? {} : { retentionInDays },
    });

    it("flags a container without a log configuration", async () => {
        assert.deepEqual(await verdict(rule, [td([hardened, { ...hardened, name: "quiet", logConfiguration: undefined }])]), [
            'td: container "quiet" has no logConfiguration; send its output to CloudWatch Logs with the awslogs driver.',
        ]);
    });

    it("flags log groups without retention or below the configured minimum", async () => {
        const config = { [rule]: { properties: { minRetentionDays: 90 } } };
        const found = await verdict(rule, [logGroup("forever"), logGroup("zero", 0), logGroup("short", 30), logGroup("ok", 90), logGroup("long", 365)], config);
        assert.deepEqual(found, [
            "forever: log group has no retention (logs are kept, and billed, forever); set retentionInDays to at least 90.",
            "zero: log group has no retention (logs are kept, and billed, forever); set retentionInDays to at least 90.",
            "short: log group keeps logs 30 days; this environment requires at least 90 (stack config: logs.retentionDays, or network.flowLogs.retentionDays for flow logs).",
        ]);
    });

    it("defaults to 30 days", async () => {
        assert.deepEqual(
            (await verdict(rule, [logGroup("a", 14), logGroup("b", 30)])).map((f) => f.split(":")[0]),
            ["a"],
        );
    });
});

describe("policy safe-deployments", () => {
    const rule = "safe-deployments";
    const service = (inputs: Record<string, unknown>): Spec => ({
        type: RESOURCE_TYPES.ecsService,
        name: "svc",
        inputs: { deploymentCircuitBreaker: { enable: true, rollback: true }, deploymentMinimumHealthyPercent: 100, enableExecuteCommand: false, ...inputs },
    });

    it("passes a rolling deployment with a rolling-back circuit breaker", async () => {
        assert.deepEqual(await verdict(rule, [service({})]), []);
    });

    it("flags a missing circuit breaker or one that does not roll back", async () => {
        assert.equal((await verdict(rule, [service({ deploymentCircuitBreaker: undefined })])).length, 1);
        const found = await verdict(rule, [service({ deploymentCircuitBreaker: { enable: true, rollback: false } })]);
        assert.deepEqual(found, [
            "svc: rolling deployment without a circuit breaker that rolls back; set deploymentCircuitBreaker { enable: true, rollback: true } or use blue/green.",
        ]);
    });

    it("accepts native blue/green and CodeDeploy without a circuit breaker", async () => {
        assert.deepEqual(await verdict(rule, [service({ deploymentCircuitBreaker: undefined, deploymentConfiguration: { strategy: "BLUE_GREEN" } })]), []);
        assert.deepEqual(await verdict(rule, [service({ deploymentCircuitBreaker: undefined, deploymentController: { type: "CODE_DEPLOY" } })]), []);
    });

    it("holds the minimum healthy percent from policy config", async () => {
        const config = { [rule]: { properties: { minHealthyPercent: 50 } } };
        assert.deepEqual(await verdict(rule, [service({ deploymentMinimumHealthyPercent: 50 })], config), []);
        assert.deepEqual(await verdict(rule, [service({ deploymentMinimumHealthyPercent: 0 })], config), [
            "svc: deploymentMinimumHealthyPercent is 0; this environment requires at least 50 during deployments (stack config: services[].deployment.minimumHealthyPercent).",
        ]);
        assert.equal((await verdict(rule, [service({ deploymentMinimumHealthyPercent: 99 })])).length, 1, "default is 100");
    });

    it("allows ECS Exec only where policy config says so", async () => {
        const exec = service({ enableExecuteCommand: true });
        assert.match((await verdict(rule, [exec]))[0], /enableExecuteCommand is on, and this environment does not allow ECS Exec/);
        assert.deepEqual(await verdict(rule, [exec], { [rule]: { properties: { allowExecuteCommand: true } } }), []);
    });
});

describe("policy container-insights", () => {
    const cluster = (settings?: unknown[]): Spec => ({ type: RESOURCE_TYPES.ecsCluster, name: "cluster", inputs: settings ? { settings } : {} });

    it("accepts enabled and enhanced, flags disabled and missing", async () => {
        assert.deepEqual(await verdict("container-insights", [cluster([{ name: "containerInsights", value: "enhanced" }])]), []);
        assert.deepEqual(await verdict("container-insights", [cluster([{ name: "containerInsights", value: "enabled" }])]), []);
        assert.match(
            (await verdict("container-insights", [cluster([{ name: "containerInsights", value: "disabled" }])]))[0],
            /Container Insights is "disabled"/,
        );
        assert.match((await verdict("container-insights", [cluster()]))[0], /Container Insights is not set/);
    });
});

describe("ECS rules at preview", () => {
    it("defer container checks when the container definitions are unknown", async () => {
        const result = await check([{ type: RESOURCE_TYPES.taskDefinition, name: "td", inputs: { containerDefinitions: UNKNOWN } }]);
        for (const rule of ["container-hardening", "container-non-root-user", "logs-required"]) assert.equal(deferred(result, rule).length, 1, rule);
        assert.equal(result.mandatory, 0);
    });
});
