/**
 * The drift report over the JSON of a refreshed preview. The preview JSON is made from prod's offline plan, in the
 * shape `pulumi preview --json` writes (pulumi/pulumi pkg/display/json.go), with drift written into the live state of
 * three resources; CloudTrail answers through aws-sdk-client-mock.
 */
import { strict as assert } from "assert";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { readPolicyConfig } from "../../check/policyConfig";
import {
    driftedResources,
    driftReport,
    formatDriftReport,
    liveResources,
    previewErrors,
    previewSteps,
    PreviewJsonError,
    shown,
    valueAt,
} from "../../drift/report";
import { policyConfigFile } from "../../plan/command";
import { Plan } from "../../plan/planFormat";
import { FIXTURE_DIR, planOf } from "../helpers/plans";
import { capture } from "../helpers/commandLine";
import { driftCommand, parseDriftArgs } from "../../drift/command";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packClient } from "../helpers/policyPack";

const trail = mockClient(CloudTrailClient);

/** prod's plan as a preview of a deployed stack with no drift: every step `same`, live state = declared inputs. */
function previewOf(plan: Plan): { steps: Record<string, any>[] } {
    return {
        steps: plan.resources
            .filter((r) => r.type !== "pulumi:pulumi:Stack")
            .map((r) => {
                // Copies: the plan is shared with other tests through planOf's cache.
                const state = JSON.parse(
                    JSON.stringify({
                        urn: r.urn,
                        type: r.type,
                        custom: r.custom,
                        parent: r.parent,
                        inputs: r.inputs,
                        outputs: r.inputs,
                        dependencies: r.dependencies,
                        propertyDependencies: r.propertyDependencies,
                    }),
                );
                return { op: "same", urn: r.urn, oldState: state, newState: JSON.parse(JSON.stringify(state)) };
            }),
    };
}

/** The same, with drift: the ALB→api rule opened to the world in the console, a log group's retention cut, an alarm deleted. */
function driftedPreview(plan: Plan): { steps: Record<string, any>[] } {
    const preview = previewOf(plan);
    const step = (name: string, type: string) => preview.steps.find((s) => s.urn.endsWith(`${type}::${name}`))!;
    const rule = step("sg-alb-to-api", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    rule.op = "update";
    rule.oldState.id = "sgr-0a1b2c3d4e5f60718";
    rule.oldState.outputs = {
        ...rule.oldState.outputs,
        referencedSecurityGroupId: undefined,
        cidrIpv4: "0.0.0.0/0",
        arn: "arn:aws:ec2:eu-west-1:123456789012:security-group-rule/sgr-0a1b2c3d4e5f60718",
    };
    delete rule.oldState.propertyDependencies.referencedSecurityGroupId;
    rule.detailedDiff = { cidrIpv4: { kind: "delete", inputDiff: true }, referencedSecurityGroupId: { kind: "add", inputDiff: true } };
    rule.diffReasons = ["cidrIpv4", "referencedSecurityGroupId"];
    const logs = step("api-logs", "aws:cloudwatch/logGroup:LogGroup");
    logs.op = "update";
    logs.oldState.id = "/ecs/ecs-platform-prod/api";
    logs.oldState.outputs = { ...logs.oldState.outputs, retentionInDays: 7 };
    logs.detailedDiff = { retentionInDays: { kind: "update", inputDiff: true } };
    const alarm = step("api-cpu-high", "aws:cloudwatch/metricAlarm:MetricAlarm");
    alarm.op = "create";
    delete alarm.oldState;
    return preview;
}

const cloudTrailEvent = (id: string, name: string, time: string, arn: string, ip: string) => ({
    EventId: id,
    EventName: name,
    EventTime: new Date(time),
    EventSource: "ec2.amazonaws.com",
    Username: arn.split("/").pop(),
    ReadOnly: "false",
    CloudTrailEvent: JSON.stringify({ eventID: id, eventName: name, eventTime: time, userIdentity: { arn }, sourceIPAddress: ip, readOnly: false }),
});

async function pack() {
    return { client: await packClient(), config: readPolicyConfig(policyConfigFile("prod")) };
}

describe("the drift report", () => {
    beforeEach(() => trail.reset());

    it("refuses what is not a preview's JSON", () => {
        assert.throws(() => previewSteps([]), PreviewJsonError);
        assert.throws(() => previewSteps({ steps: [{ op: "same" }] }), /each step needs an op and a urn/);
        assert.deepEqual(previewSteps({}), []);
    });

    it("reads nested detailedDiff paths", () => {
        assert.equal(valueAt({ ingress: [{ cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }] }, "ingress[0].cidrBlocks[1]"), "0.0.0.0/0");
        assert.equal(valueAt({ tags: { Name: "x" } }, "tags.Name"), "x");
        assert.equal(valueAt({}, "a.b"), undefined);
    });

    it("finds no drift and no violation when AWS matches prod's plan", async () => {
        const steps = previewSteps(previewOf(await planOf("prod", FIXTURE_DIR)));
        const report = await driftReport("prod", steps, await pack());
        assert.deepEqual(report.drifted, []);
        assert.deepEqual(report.verdicts, []);
        assert.match(formatDriftReport(report), /No drift: AWS matches what the stack declares\.\n#### The policy pack on the live values: no violations/);
        assert.ok(liveResources(steps).length > 100, "the whole live stack is judged");
    });

    it("names each drifted resource and property with the live and declared values", async () => {
        const drifted = driftedResources(previewSteps(driftedPreview(await planOf("prod", FIXTURE_DIR))));
        assert.deepEqual(drifted.map((d) => `${d.name} ${d.op}`).sort(), ["api-cpu-high create", "api-logs update", "sg-alb-to-api update"]);
        const rule = drifted.find((d) => d.name === "sg-alb-to-api")!;
        assert.deepEqual(
            rule.properties.map((p) => [p.path, p.live === undefined ? "(none)" : p.live, typeof p.program]),
            [
                ["cidrIpv4", "0.0.0.0/0", "undefined"],
                ["referencedSecurityGroupId", "(none)", "string"],
            ],
        );
        assert.deepEqual(rule.physicalNames.slice(0, 2), [
            "sgr-0a1b2c3d4e5f60718",
            "arn:aws:ec2:eu-west-1:123456789012:security-group-rule/sgr-0a1b2c3d4e5f60718",
        ]);
        assert.match(rule.physicalNames[2], /^sg-/, "a rule's events are also filed under its group");
        assert.deepEqual(drifted.find((d) => d.name === "api-logs")!.properties, [{ path: "retentionInDays", kind: "update", live: 7, program: 365 }]);
    });

    it("gives the pack's verdict on the live values and who changed each resource, from CloudTrail", async () => {
        // The generic answer first: aws-sdk-client-mock lets a later, more specific input match win.
        trail.on(LookupEventsCommand).resolves({ Events: [] });
        trail
            .on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "sgr-0a1b2c3d4e5f60718" }] })
            .resolves({
                Events: [cloudTrailEvent("e-1", "ModifySecurityGroupRules", "2026-12-01T10:02:03Z", "arn:aws:iam::123456789012:user/alice", "203.0.113.7")],
            });
        const window = { start: new Date("2026-11-30T00:00:00Z"), end: new Date("2026-12-02T00:00:00Z") };
        const report = await driftReport("prod", previewSteps(driftedPreview(await planOf("prod", FIXTURE_DIR))), await pack(), {
            client: (region: string) => new CloudTrailClient({ region }),
            region: "eu-west-1",
            window,
            options: { sleep: async () => undefined },
        });
        const verdicts = report.verdicts.map((v) => `${v.policyName} ${v.urn.split("::").pop()}`).sort();
        assert.ok(verdicts.includes("world-ingress-only-on-load-balancer sg-alb-to-api"), verdicts.join(", "));
        assert.ok(verdicts.includes("logs-required api-logs"), verdicts.join(", "));
        const calls = trail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input.LookupAttributes![0].AttributeValue);
        assert.ok(calls.includes("sgr-0a1b2c3d4e5f60718") && calls.includes("/ecs/ecs-platform-prod/api"), calls.join(", "));
        const text = formatDriftReport(report);
        assert.match(
            text,
            /#### SecurityGroupIngressRule `sg-alb-to-api` \(pulumi up would update it\)\n- `cidrIpv4` \(delete\): live `"0\.0\.0\.0\/0"`, declared \(none\)/,
        );
        assert.match(text, /- 2026-12-01T10:02:03Z ModifySecurityGroupRules by arn:aws:iam::123456789012:user\/alice from 203\.0\.113\.7/);
        assert.match(text, /#### MetricAlarm `api-cpu-high` \(pulumi up would create it\)\n\nWho changed it: no physical name to look up in CloudTrail\./);
        assert.match(text, /#### The policy pack on the live values: \d+ violation\(s\)\n- mandatory `[a-z-]+`/);
    });

    it("npm run drift exits 1 on drift, 0 without, 2 on bad input, and asks CloudTrail in the stack's region from --since", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
        const write = (name: string, value: unknown) => {
            fs.writeFileSync(path.join(dir, name), typeof value === "string" ? value : JSON.stringify(value));
            return path.join(dir, name);
        };
        const plan = await planOf("prod", FIXTURE_DIR);
        const regions: string[] = [];
        trail.on(LookupEventsCommand).resolves({ Events: [] });
        const deps = {
            pack: packClient,
            cloudTrail: (region: string) => (regions.push(region), new CloudTrailClient({ region })),
            now: new Date("2026-12-02T06:00:00Z"),
        };
        const drifted = capture();
        assert.equal(
            await driftCommand(["prod", "--preview", write("drifted.json", driftedPreview(plan)), "--since", "2026-12-01T00:00:00Z"], drifted.io, deps),
            1,
        );
        assert.match(drifted.out.join("\n"), /### Drift of prod/);
        assert.deepEqual(regions, ["eu-west-1"]);
        const start = trail.commandCalls(LookupEventsCommand)[0].args[0].input.StartTime as Date;
        assert.equal(start.toISOString(), "2026-12-01T00:00:00.000Z");
        const clean = capture();
        assert.equal(await driftCommand(["prod", "--preview", write("clean.json", previewOf(plan)), "--no-cloudtrail"], clean.io, deps), 0);
        assert.match(clean.out.join("\n"), /No drift/);
        const bad = capture();
        assert.equal(await driftCommand(["prod", "--preview", write("bad.json", "{ not json")], bad.io, deps), 2);
        assert.match(bad.err.join("\n"), /Stack "prod": .*bad\.json/);
        assert.match(String(parseDriftArgs(["prod", "--preview", "x", "--since", "yesterday"])), /--since: "yesterday" is not an ISO 8601 time/);
        fs.rmSync(dir, { recursive: true });
    });

    it("judges the whole live stack only: a preview without its unchanged resources (no --show-sames) is refused", async () => {
        const preview = driftedPreview(await planOf("prod", FIXTURE_DIR));
        const changedOnly = { steps: preview.steps.filter((s) => s.op !== "same") };
        await assert.rejects(driftReport("prod", previewSteps(changedOnly), await pack()), /run pulumi preview with --show-sames/);
    });

    it("takes the refreshed state over a refresh step's checkpoint, once per resource", async () => {
        const preview = driftedPreview(await planOf("prod", FIXTURE_DIR));
        const logs = preview.steps.find((s) => s.urn.endsWith("::api-logs"))!;
        const checkpoint = JSON.parse(JSON.stringify(logs));
        Object.assign(checkpoint, { op: "refresh" });
        checkpoint.oldState.outputs.retentionInDays = 365;
        preview.steps.unshift(checkpoint);
        const live = liveResources(previewSteps(preview)).filter((r) => r.name === "api-logs");
        assert.deepEqual(
            live.map((r) => r.properties.retentionInDays),
            [7],
        );
        assert.equal(driftedResources(previewSteps(preview)).filter((d) => d.name === "api-logs").length, 1);
    });

    it("says a failed preview cannot tell drift from none, and never prints a sensitive or long value", async () => {
        const report = await driftReport(
            "prod",
            previewSteps(previewOf(await planOf("prod", FIXTURE_DIR))),
            await pack(),
            undefined,
            previewErrors({
                diagnostics: [
                    { severity: "error", message: "AccessDenied: ec2:DescribeVpcs", urn: "urn:pulumi:prod::p::aws:ec2/vpc:Vpc::network-vpc" },
                    { severity: "warning", message: "w" },
                ],
            }),
        );
        assert.deepEqual(report.errors, ["network-vpc: AccessDenied: ec2:DescribeVpcs"]);
        assert.match(formatDriftReport(report), /The preview failed, so drift cannot be told from no drift:\n- network-vpc: AccessDenied/);
        assert.doesNotMatch(formatDriftReport(report), /No drift/);
        assert.match(shown("containerDefinitions", '[{"environment":[{"name":"DB","value":"hunter2"}]}]'), /^\(\d+ characters, sha256 [0-9a-f]{12}\)$/);
        assert.match(shown("environment.API_KEY", "x"), /^\(3 characters, sha256/);
        assert.equal(shown("retentionInDays", 7), "`7`");
        assert.equal(shown("cidrIpv4", undefined), "(none)");
    });

    it("asks CloudTrail in us-east-1 about IAM resources, whose events are recorded there", async () => {
        const preview = driftedPreview(await planOf("prod", FIXTURE_DIR));
        const role = preview.steps.find((s) => s.urn.includes("aws:iam/role:Role::api-task"))!;
        role.op = "update";
        role.oldState.id = "api-task-role";
        role.detailedDiff = { description: { kind: "update" } };
        trail.on(LookupEventsCommand).resolves({ Events: [] });
        const regions: string[] = [];
        await driftReport("prod", previewSteps(preview), await pack(), {
            client: (region: string) => (regions.push(region), new CloudTrailClient({ region })),
            region: "eu-west-1",
            window: { start: new Date("2026-12-01T00:00:00Z"), end: new Date("2026-12-02T00:00:00Z") },
        });
        assert.deepEqual(regions, ["eu-west-1", "us-east-1"]);
    });
});
