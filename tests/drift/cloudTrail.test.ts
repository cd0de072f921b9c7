import { strict as assert } from "assert";
import { CloudTrailClient, Event, LookupEventsCommand, LookupEventsCommandInput, ThrottlingException } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { eventsFor, formatEvents, TrailEvent, whoChanged } from "../../drift/cloudTrail";

const ACCOUNT = "123456789012";
const SG_URN = "urn:pulumi:prod::ecs-platform::ecsplatform:network:Network$aws:ec2/securityGroup:SecurityGroup::sg-alb";
const SG_ID = "sg-0abc1234def567890";
const SG_ARN = `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/${SG_ID}`;
const LB_URN = "urn:pulumi:prod::ecs-platform::ecsplatform:loadBalancer:LoadBalancer$aws:lb/loadBalancer:LoadBalancer::alb";
const LB_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/prod-alb/50dc6c495c0c9188`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const DEPLOYER = `arn:aws:sts::${ACCOUNT}:assumed-role/ecs-platform-deployer/GitHubActions`;
const WINDOW = { start: new Date("2026-11-30T00:00:00Z"), end: new Date("2026-12-02T00:00:00Z") };

interface Recorded {
    id: string;
    name: string;
    time: string;
    caller?: string;
    userName?: string;
    ip?: string;
    readOnly?: boolean;
    source?: string;
    resource?: string;
}

/** A LookupEvents entry shaped like a recorded one: top-level fields plus the CloudTrailEvent record as a JSON string. */
function entry(e: Recorded): Event {
    const caller = e.caller ?? ALICE;
    const assumed = caller.includes(":assumed-role/");
    const userIdentity = assumed
        ? {
              type: "AssumedRole",
              principalId: "AROAEXAMPLEID:GitHubActions",
              arn: caller,
              accountId: ACCOUNT,
              accessKeyId: "ASIAEXAMPLEKEY",
              sessionContext: {
                  sessionIssuer: {
                      type: "Role",
                      principalId: "AROAEXAMPLEID",
                      arn: `arn:aws:iam::${ACCOUNT}:role/ecs-platform-deployer`,
                      userName: "deployer",
                  },
                  attributes: { creationDate: "2026-12-01T09:58:40Z", mfaAuthenticated: "false" },
              },
          }
        : { type: "IAMUser", principalId: "AIDAEXAMPLEID", arn: caller, accountId: ACCOUNT, accessKeyId: "AKIAEXAMPLEKEY", userName: "alice" };
    const source = e.source ?? "ec2.amazonaws.com";
    const record = {
        eventVersion: "1.10",
        userIdentity,
        eventTime: e.time.replace(/\.\d+Z$/, "Z"),
        eventSource: source,
        eventName: e.name,
        awsRegion: "eu-west-1",
        sourceIPAddress: e.ip ?? "203.0.113.7",
        userAgent: "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6",
        requestParameters: { groupId: SG_ID },
        responseElements: { _return: true },
        requestID: `req-${e.id}`,
        eventID: e.id,
        readOnly: e.readOnly ?? false,
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: ACCOUNT,
        eventCategory: "Management",
    };
    return {
        EventId: e.id,
        EventName: e.name,
        ReadOnly: String(e.readOnly ?? false),
        AccessKeyId: userIdentity.accessKeyId,
        EventTime: new Date(e.time),
        EventSource: source,
        Username: e.userName ?? (assumed ? "GitHubActions" : "alice"),
        Resources: [{ ResourceType: "AWS::EC2::SecurityGroup", ResourceName: e.resource ?? SG_ID }],
        CloudTrailEvent: JSON.stringify(record),
    };
}

const ctMock = mockClient(CloudTrailClient);
const client = new CloudTrailClient({ region: "eu-west-1" });

function inputs(): LookupEventsCommandInput[] {
    return ctMock.commandCalls(LookupEventsCommand).map((call) => call.args[0].input);
}

/** A sleep that records each delay and resolves at once. */
function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
    const delays: number[] = [];
    return { delays, sleep: async (ms) => void delays.push(ms) };
}

function throttled(): ThrottlingException {
    return new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400, requestId: "b1c2" } });
}

function accessDenied(): Error {
    const err = new Error(`User: ${ALICE} is not authorized to perform this action because no identity-based policy allows it`);
    return Object.assign(err, { name: "AccessDeniedException", $fault: "client", $metadata: { httpStatusCode: 400 } });
}

describe("CloudTrail: who changed a drifted resource", () => {
    beforeEach(() => ctMock.reset());

    it("reads one page into write events with the caller's ARN and source IP from the CloudTrail record", async () => {
        ctMock
            .on(LookupEventsCommand)
            .resolves({
                Events: [
                    entry({ id: "e-2", name: "AuthorizeSecurityGroupIngress", time: "2026-12-01T11:15:00Z", caller: DEPLOYER, ip: "198.51.100.20" }),
                    entry({ id: "e-1", name: "ModifySecurityGroupRules", time: "2026-12-01T10:02:03Z" }),
                ],
            });
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW);
        assert.deepEqual(result, {
            truncated: false,
            events: [
                {
                    eventName: "AuthorizeSecurityGroupIngress",
                    eventSource: "ec2.amazonaws.com",
                    time: "2026-12-01T11:15:00Z",
                    identity: DEPLOYER,
                    sourceIp: "198.51.100.20",
                    eventId: "e-2",
                    readOnly: false,
                },
                {
                    eventName: "ModifySecurityGroupRules",
                    eventSource: "ec2.amazonaws.com",
                    time: "2026-12-01T10:02:03Z",
                    identity: ALICE,
                    sourceIp: "203.0.113.7",
                    eventId: "e-1",
                    readOnly: false,
                },
            ],
        });
        assert.deepEqual(inputs(), [
            { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: SG_ID }], StartTime: WINDOW.start, EndTime: WINDOW.end, MaxResults: 50 },
        ]);
    });

    it("follows NextToken across three pages with the same lookup attribute and window", async () => {
        ctMock
            .on(LookupEventsCommand)
            .resolvesOnce({ Events: [entry({ id: "e-3", name: "ModifySecurityGroupRules", time: "2026-12-01T12:00:00Z" })], NextToken: "page-2-token" })
            .resolvesOnce({ Events: [entry({ id: "e-2", name: "RevokeSecurityGroupIngress", time: "2026-12-01T11:00:00Z" })], NextToken: "page-3-token" })
            .resolvesOnce({ Events: [entry({ id: "e-1", name: "AuthorizeSecurityGroupIngress", time: "2026-12-01T10:00:00Z" })] });
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW);
        assert.deepEqual(
            result.events.map((e) => e.eventId),
            ["e-3", "e-2", "e-1"],
        );
        assert.equal(result.truncated, false);
        const calls = inputs();
        assert.equal(calls.length, 3);
        assert.deepEqual(
            calls.map((c) => c.NextToken),
            [undefined, "page-2-token", "page-3-token"],
        );
        for (const call of calls) {
            assert.deepEqual(call.LookupAttributes, [{ AttributeKey: "ResourceName", AttributeValue: SG_ID }]);
            assert.deepEqual([call.StartTime, call.EndTime, call.MaxResults], [WINDOW.start, WINDOW.end, 50]);
        }
    });

    it("looks up each name separately and keeps an event found under both names once", async () => {
        const shared = entry({ id: "e-shared", name: "ModifySecurityGroupRules", time: "2026-12-01T10:02:03Z" });
        ctMock.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
            const name = input.LookupAttributes?.[0].AttributeValue;
            if (name === SG_ID) return { Events: [shared, entry({ id: "e-id-only", name: "CreateTags", time: "2026-12-01T09:00:00Z" })] };
            return { Events: [entry({ id: "e-arn-only", name: "DeleteTags", time: "2026-12-01T11:00:00Z", resource: SG_ARN }), shared] };
        });
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID, SG_ARN, SG_ID] }, WINDOW);
        assert.deepEqual(
            result.events.map((e) => e.eventId),
            ["e-arn-only", "e-shared", "e-id-only"],
        );
        assert.deepEqual(
            inputs().map((c) => c.LookupAttributes?.[0].AttributeValue),
            [SG_ID, SG_ARN],
            "a repeated name is looked up once",
        );
    });

    it("drops read-only events, whether the record or the top-level ReadOnly field says so", async () => {
        const describeOnlyTopLevel = { ...entry({ id: "e-ro-top", name: "DescribeSecurityGroupRules", time: "2026-12-01T10:05:00Z" }), ReadOnly: "true" };
        ctMock
            .on(LookupEventsCommand)
            .resolves({
                Events: [
                    entry({ id: "e-ro-json", name: "DescribeSecurityGroups", time: "2026-12-01T10:06:00Z", readOnly: true }),
                    describeOnlyTopLevel,
                    entry({ id: "e-write", name: "RevokeSecurityGroupEgress", time: "2026-12-01T10:04:00Z" }),
                ],
            });
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW);
        assert.deepEqual(
            result.events.map((e) => e.eventName),
            ["RevokeSecurityGroupEgress"],
        );
    });

    it("orders events from all names newest first, to the millisecond", async () => {
        ctMock
            .on(LookupEventsCommand)
            .callsFake((input: LookupEventsCommandInput) =>
                input.LookupAttributes?.[0].AttributeValue === SG_ID
                    ? {
                          Events: [
                              entry({ id: "a", name: "CreateTags", time: "2026-12-01T12:00:00Z" }),
                              entry({ id: "b", name: "X", time: "2026-11-30T08:00:00Z" }),
                          ],
                      }
                    : {
                          Events: [
                              entry({ id: "c", name: "Y", time: "2026-12-01T12:00:00.500Z" }),
                              entry({ id: "d", name: "Z", time: "2026-12-01T09:30:00Z" }),
                          ],
                      },
            );
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID, SG_ARN] }, WINDOW);
        assert.deepEqual(
            result.events.map((e) => [e.eventId, e.time]),
            [
                ["c", "2026-12-01T12:00:00.500Z"],
                ["a", "2026-12-01T12:00:00Z"],
                ["d", "2026-12-01T09:30:00Z"],
                ["b", "2026-11-30T08:00:00Z"],
            ],
        );
    });

    it("retries a throttled request with growing, jittered delays and then succeeds", async () => {
        ctMock
            .on(LookupEventsCommand)
            .rejectsOnce(throttled())
            .rejectsOnce(throttled())
            .resolves({ Events: [entry({ id: "e-1", name: "ModifySecurityGroupRules", time: "2026-12-01T10:02:03Z" })] });
        const { delays, sleep } = recordingSleep();
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW, { sleep, random: () => 0.5 });
        assert.equal(ctMock.commandCalls(LookupEventsCommand).length, 3);
        assert.deepEqual(delays, [250, 500], "half of the 500 ms and 1000 ms ceilings");
        assert.deepEqual(
            result.events.map((e) => e.eventId),
            ["e-1"],
        );
    });

    it("treats an HTTP 429 as throttling and keeps each jittered delay below its doubling ceiling", async () => {
        const tooMany = Object.assign(new Error("Too Many Requests"), { name: "TooManyRequests", $metadata: { httpStatusCode: 429 } });
        ctMock.on(LookupEventsCommand).rejectsOnce(tooMany).rejectsOnce(tooMany).rejectsOnce(tooMany).resolves({ Events: [] });
        const { delays, sleep } = recordingSleep();
        await eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW, { sleep, baseDelayMs: 100, random: () => 0.9999 });
        assert.deepEqual(delays, [99, 199, 399]);
    });

    it("gives up after maxAttempts throttled tries with an error naming the resource", async () => {
        ctMock.on(LookupEventsCommand).rejects(throttled());
        const { delays, sleep } = recordingSleep();
        await assert.rejects(eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW, { sleep, maxAttempts: 3 }), (err: Error) => {
            assert.match(err.message, /^cloudtrail:LookupEvents for sg-0abc1234def567890 \(urn:pulumi:prod::.*::sg-alb\) was throttled 3 times in a row/);
            return true;
        });
        assert.equal(ctMock.commandCalls(LookupEventsCommand).length, 3);
        assert.equal(delays.length, 2, "no wait after the last try");
    });

    it("stops after maxPages and marks the result truncated", async () => {
        let n = 0;
        ctMock.on(LookupEventsCommand).callsFake(() => {
            n++;
            return { Events: [entry({ id: `e-${n}`, name: "ModifySecurityGroupRules", time: `2026-12-01T10:0${9 - n}:00Z` })], NextToken: `token-${n}` };
        });
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW, { maxPages: 2 });
        assert.equal(ctMock.commandCalls(LookupEventsCommand).length, 2);
        assert.equal(result.truncated, true);
        assert.deepEqual(
            result.events.map((e) => e.eventId),
            ["e-1", "e-2"],
        );
    });

    it("passes AccessDenied on at once, naming cloudtrail:LookupEvents and the resource", async () => {
        ctMock.on(LookupEventsCommand).rejects(accessDenied());
        const { delays, sleep } = recordingSleep();
        await assert.rejects(eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW, { sleep }), (err: Error) => {
            assert.ok(err.message.startsWith(`cloudtrail:LookupEvents for ${SG_ID} (${SG_URN}) failed: AccessDeniedException: User: ${ALICE}`), err.message);
            assert.equal((err.cause as Error).name, "AccessDeniedException");
            return true;
        });
        assert.equal(ctMock.commandCalls(LookupEventsCommand).length, 1, "not retried");
        assert.deepEqual(delays, []);
    });

    it("falls back to the top-level fields when the CloudTrail record is not valid JSON", async () => {
        const broken = {
            ...entry({ id: "e-1", name: "ModifySecurityGroupRules", time: "2026-12-01T10:02:03Z" }),
            CloudTrailEvent: '{"eventVersion":"1.10","userId',
        };
        ctMock.on(LookupEventsCommand).resolves({ Events: [broken] });
        const result = await eventsFor(client, { urn: SG_URN, names: [SG_ID] }, WINDOW);
        assert.deepEqual(result.events, [
            {
                eventName: "ModifySecurityGroupRules",
                eventSource: "ec2.amazonaws.com",
                time: "2026-12-01T10:02:03Z",
                identity: "alice",
                eventId: "e-1",
                readOnly: false,
            },
        ]);
    });

    it("refuses a target without names and a window that ends before it starts, without calling CloudTrail", async () => {
        await assert.rejects(eventsFor(client, { urn: SG_URN, names: [] }, WINDOW), /sg-alb: no physical name or ARN to look up/);
        await assert.rejects(eventsFor(client, { urn: SG_URN, names: [SG_ID] }, { start: WINDOW.end, end: WINDOW.start }), /starts .* after it ends/);
        assert.equal(ctMock.commandCalls(LookupEventsCommand).length, 0);
    });

    it("whoChanged records one target's error, still returns the other's events, and never overlaps requests", async () => {
        let inFlight = 0;
        let maxInFlight = 0;
        ctMock.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput) => {
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            await new Promise((resolve) => setImmediate(resolve));
            inFlight--;
            if (input.LookupAttributes?.[0].AttributeValue === SG_ID) throw accessDenied();
            return {
                Events: [
                    entry({ id: "e-lb", name: "ModifyLoadBalancerAttributes", time: "2026-12-01T10:02:03Z", source: "elasticloadbalancing.amazonaws.com" }),
                ],
            };
        });
        const results = await whoChanged(
            client,
            [
                { urn: SG_URN, names: [SG_ID] },
                { urn: LB_URN, names: [LB_ARN] },
            ],
            WINDOW,
        );
        assert.deepEqual([...results.keys()], [SG_URN, LB_URN]);
        const sg = results.get(SG_URN)!;
        assert.deepEqual([sg.events, sg.truncated], [[], false]);
        assert.match(sg.error ?? "", /^cloudtrail:LookupEvents for sg-0abc1234def567890 .* failed: AccessDeniedException/);
        const lb = results.get(LB_URN)!;
        assert.equal(lb.error, undefined);
        assert.deepEqual(
            lb.events.map((e) => [e.eventName, e.eventSource]),
            [["ModifyLoadBalancerAttributes", "elasticloadbalancing.amazonaws.com"]],
        );
        assert.equal(maxInFlight, 1, "targets are looked up one after the other");
    });
});

describe("CloudTrail: formatEvents", () => {
    const event = (over: Partial<TrailEvent>): TrailEvent => ({
        eventName: "ModifySecurityGroupRules",
        time: "2026-12-01T10:02:03Z",
        identity: ALICE,
        eventId: "e-1",
        sourceIp: "203.0.113.7",
        ...over,
    });

    it("lists each event with its time, name, caller and source IP", () => {
        const events = [
            event({ eventName: "AuthorizeSecurityGroupIngress", time: "2026-12-01T11:15:00Z", identity: DEPLOYER, sourceIp: undefined }),
            event({}),
        ];
        assert.deepEqual(formatEvents(SG_URN, { events, truncated: false }), [
            `- 2026-12-01T11:15:00Z AuthorizeSecurityGroupIngress by ${DEPLOYER}`,
            "- 2026-12-01T10:02:03Z ModifySecurityGroupRules by arn:aws:iam::123456789012:user/alice from 203.0.113.7",
        ]);
    });

    it("says when no write event was found, and that lookups reach back 90 days", () => {
        assert.deepEqual(formatEvents(SG_URN, { events: [], truncated: false }), [
            `- No write events found for ${SG_URN} in this window. CloudTrail lookups reach back only 90 days of management events, ` +
                "so an older change, or a data event, does not show here.",
        ]);
    });

    it("adds a line when the list was cut short, and shows a failed lookup as a failure, not as no events", () => {
        assert.deepEqual(formatEvents(SG_URN, { events: [event({})], truncated: true }), [
            "- 2026-12-01T10:02:03Z ModifySecurityGroupRules by arn:aws:iam::123456789012:user/alice from 203.0.113.7",
            `- More events for ${SG_URN} than were read: this list has the newest ones; older events in the window are missing.`,
        ]);
        assert.deepEqual(formatEvents(SG_URN, { events: [], truncated: false, error: "cloudtrail:LookupEvents for sg-1 failed: AccessDeniedException: no" }), [
            `- CloudTrail lookup for ${SG_URN} failed: cloudtrail:LookupEvents for sg-1 failed: AccessDeniedException: no`,
        ]);
    });
});
