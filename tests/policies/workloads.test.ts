/**
 * The pack's rules over the workloads this change added, on synthetic resources: service-peers-declared, container
 * rules over daemon task definitions (the provider's structured shape), the FireLens router's exemption from the
 * non-root rule, and no-privilege-escalation over roles EventBridge Scheduler assumes.
 */
import * as assert from "assert";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { Spec, verdict } from "../helpers/policyPack";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const sg = (name: string): Spec => ({ type: RESOURCE_TYPES.securityGroup, name, inputs: { vpcId: "vpc-1" } });
const service = (name: string, groups: string[]): Spec => ({
    type: RESOURCE_TYPES.ecsService,
    name,
    inputs: { networkConfiguration: { securityGroups: groups.map(() => UNKNOWN), subnets: ["subnet-1"] } },
    deps: { networkConfiguration: groups },
});
const schedule = (name: string, groups: string[]): Spec => ({ type: RESOURCE_TYPES.schedule, name, inputs: { target: {} }, deps: { target: groups } });
const ingress = (name: string, into: string, from: string): Spec => ({
    type: RESOURCE_TYPES.securityGroupIngressRule,
    name,
    inputs: { securityGroupId: UNKNOWN, referencedSecurityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 8080, toPort: 8080 },
    deps: { securityGroupId: [into], referencedSecurityGroupId: [from] },
});

describe("policy service-peers-declared", () => {
    const rule = "service-peers-declared";
    const base = [sg("shared"), sg("a-own"), sg("b-own"), service("a", ["a-own", "shared"]), service("b", ["b-own", "shared"])];

    it("refuses a service's group admitting the group every workload wears, in each ingress form", async () => {
        const oldForm: Spec = {
            type: RESOURCE_TYPES.securityGroupRule,
            name: "old",
            inputs: { type: "ingress", securityGroupId: UNKNOWN, sourceSecurityGroupId: UNKNOWN, protocol: "tcp", fromPort: 8080, toPort: 8080 },
            deps: { securityGroupId: ["b-own"], sourceSecurityGroupId: ["shared"] },
        };
        const inline: Spec = { ...sg("c-own"), inputs: { vpcId: "vpc-1", ingress: [{ securityGroups: [UNKNOWN] }] }, deps: { ingress: ["shared"] } };
        const found = await verdict(rule, [...base, ingress("mesh", "a-own", "shared"), oldForm, inline, service("c", ["c-own", "shared"])]);
        assert.deepStrictEqual(found.map((f) => f.split(":")[0]).sort(), ["c-own", "mesh", "old"]);
        assert.match(
            found.find((f) => f.startsWith("mesh"))!,
            /SecurityGroup "shared", which every ECS service and scheduled task wears, into SecurityGroup "a-own"/,
        );
    });

    it("passes a caller's own group, a group not every workload wears, a non-service target, and a single-workload stack", async () => {
        assert.deepStrictEqual(await verdict(rule, [...base, ingress("peer", "a-own", "b-own")]), []);
        // A schedule that does not wear "shared" makes it no longer everyone's.
        assert.deepStrictEqual(await verdict(rule, [...base, sg("job"), schedule("job", ["job"]), ingress("mesh", "a-own", "shared")]), []);
        // The endpoints' group is worn by no workload: admitting the shared group there is what it is for.
        assert.deepStrictEqual(await verdict(rule, [...base, sg("endpoints"), ingress("to-endpoints", "endpoints", "shared")]), []);
        assert.deepStrictEqual(await verdict(rule, [sg("shared"), sg("a-own"), service("a", ["a-own", "shared"]), ingress("mesh", "a-own", "shared")]), []);
    });

    it("counts schedules among the workloads: a group services and schedules all wear is everyone's", async () => {
        const found = await verdict(rule, [...base, schedule("job", ["shared"]), ingress("mesh", "a-own", "shared")]);
        assert.deepStrictEqual(
            found.map((f) => f.split(":")[0]),
            ["mesh"],
        );
    });
});

describe("container rules over daemon task definitions", () => {
    const daemonTask = (container: Record<string, unknown>): Spec => ({
        type: RESOURCE_TYPES.daemonTaskDefinition,
        name: "agent-task",
        inputs: {
            family: "agent",
            containerDefinitions: [
                { name: "agent", image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/agent:1", readonlyRootFilesystem: true, user: "1000", ...container },
            ],
        },
    });

    it("reads the provider's plural names: environments, linuxParameters.capabilities.adds", async () => {
        assert.deepStrictEqual(await verdict("container-hardening", [daemonTask({ privileged: false })]), []);
        assert.strictEqual((await verdict("container-hardening", [daemonTask({ privileged: true })])).length, 1);
        const capability = await verdict("container-hardening", [daemonTask({ linuxParameters: { capabilities: { adds: ["SYS_ADMIN"] } } })]);
        assert.strictEqual(capability.length, 1, "adds is read as add");
        const secret = await verdict("secrets-only-via-secrets-manager", [daemonTask({ environments: [{ name: "DB_PASSWORD", value: "x" }] })]);
        assert.strictEqual(secret.length, 1, "environments is read as environment");
        assert.deepStrictEqual(await verdict("secrets-only-via-secrets-manager", [daemonTask({ environments: [{ name: "LOG_LEVEL", value: "info" }] })]), []);
    });
});

describe("the non-root rule and the FireLens router", () => {
    const task = (container: Record<string, unknown>): Spec => ({
        type: RESOURCE_TYPES.taskDefinition,
        name: "svc-task",
        inputs: { containerDefinitions: JSON.stringify([{ name: "log-router", user: "0", readonlyRootFilesystem: true, ...container }]) },
    });
    const fluentbit = { firelensConfiguration: { type: "fluentbit" } };

    it("exempts AWS for Fluent Bit as a FireLens router, from any registry, by tag or digest", async () => {
        for (const image of [
            "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.4.17",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/aws-for-fluent-bit:3.4.17",
            "public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:940eee58ec25fc5b92328da54e9c834c0bb4656c76320ceb24be7a8dd4063029",
            "aws-for-fluent-bit",
        ]) {
            assert.deepStrictEqual(await verdict("container-non-root-user", [task({ image, ...fluentbit })]), [], image);
        }
    });

    it("does not exempt the same image without FireLens, nor another image with it", async () => {
        assert.strictEqual(
            (await verdict("container-non-root-user", [task({ image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.4.17" })])).length,
            1,
        );
        for (const image of ["public.ecr.aws/me/my-aws-for-fluent-bit:1", "public.ecr.aws/aws-for-fluent-bit-fork/app:1", "fluent/fluent-bit:3"]) {
            assert.strictEqual((await verdict("container-non-root-user", [task({ image, ...fluentbit })])).length, 1, image);
        }
    });
});

describe("policy no-privilege-escalation over scheduler roles", () => {
    const rule = "no-privilege-escalation";
    const role = (name: string, service: string | string[]): Spec => ({
        type: RESOURCE_TYPES.iamRole,
        name,
        inputs: {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
            }),
        },
    });
    const passRole = (name: string, on: string, resource: string): Spec => ({
        type: RESOURCE_TYPES.rolePolicy,
        name,
        inputs: {
            role: UNKNOWN,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: resource }] }),
        },
        deps: { role: [on] },
    });

    it("refuses iam:PassRole on every role for a role EventBridge Scheduler or EventBridge assumes", async () => {
        const found = await verdict(rule, [
            role("scheduler", "scheduler.amazonaws.com"),
            passRole("scheduler-policy", "scheduler", "*"),
            role("events", ["ecs-tasks.amazonaws.com", "events.amazonaws.com"]),
            passRole("events-policy", "events", "*"),
        ]);
        assert.deepStrictEqual(found.map((f) => f.split(":")[0]).sort(), ["events", "scheduler"]);
        assert.match(
            found.find((f) => f.startsWith("scheduler"))!,
            /the role EventBridge Scheduler assumes of its schedules, gets iam:PassRole on every resource from RolePolicy "scheduler-policy" policy; a schedule could grant itself/,
        );
    });

    it("passes a scheduler role scoped to named roles, and leaves roles of other services to the other rules", async () => {
        assert.deepStrictEqual(
            await verdict(rule, [
                role("scheduler", "scheduler.amazonaws.com"),
                passRole("scoped", "scheduler", "arn:aws:iam::123456789012:role/report-task-abc"),
            ]),
            [],
        );
        assert.deepStrictEqual(await verdict(rule, [role("instances", "ec2.amazonaws.com"), passRole("broad", "instances", "*")]), []);
        // An unreadable trust policy: no-privilege-escalation does not judge it (trust-not-public does).
        assert.deepStrictEqual(
            await verdict(rule, [{ type: RESOURCE_TYPES.iamRole, name: "broken", inputs: { assumeRolePolicy: "{" } }, passRole("p", "broken", "*")]),
            [],
        );
    });
});
