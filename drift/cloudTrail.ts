/**
 * Who changed it: for resources found drifted, the CloudTrail management events that touched each one in a time window,
 * looked up by the resource's physical names (ids, ARNs) through LookupEvents. Only writes are kept, since a drift comes
 * from a write; the newest event comes first.
 */
import { CloudTrailClient, Event, LookupEventsCommand, LookupEventsCommandOutput, ThrottlingException } from "@aws-sdk/client-cloudtrail";

/** One write to a resource, as CloudTrail recorded it. */
export interface TrailEvent {
    eventName: string;
    /** The service that received the call: `ec2.amazonaws.com`. */
    eventSource?: string;
    /** When the call was made, ISO 8601 in UTC; whole seconds print without milliseconds (`2026-12-01T10:02:03Z`). */
    time: string;
    /** The caller: `userIdentity.arn`, else the event's `Username`, else `userIdentity.invokedBy` (an AWS service), else "unknown". */
    identity: string;
    sourceIp?: string;
    eventId: string;
    readOnly?: boolean;
}

/** A drifted resource and the names CloudTrail may know it by. */
export interface LookupTarget {
    urn: string;
    /** The resource's physical names, ids or ARNs to look up, e.g. `["sg-0abc", "arn:aws:ec2:..."]`. */
    names: string[];
}

/** The events are those at or after `start` and at or before `end`. */
export interface TimeWindow {
    start: Date;
    end: Date;
}

export interface LookupOptions {
    /**
     * Pages of 50 events to read per name; past that the result is marked truncated.
     * @default 10
     */
    maxPages?: number;
    /**
     * Tries per request, the first included, before a throttled lookup gives up.
     * @default 5
     */
    maxAttempts?: number;
    /**
     * Waits between throttled tries; tests pass one that records the delay and resolves at once.
     * @default a setTimeout promise
     */
    sleep?: (ms: number) => Promise<void>;
    /**
     * The backoff's first ceiling; the n-th retry waits a random time below `baseDelayMs * 2^(n-1)`.
     * @default 500
     */
    baseDelayMs?: number;
    /**
     * The jitter's source of numbers in [0, 1).
     * @default Math.random
     */
    random?: () => number;
}

export interface LookupResult {
    events: TrailEvent[];
    /** More events were in the window than `maxPages` pages for at least one name: the oldest are missing. */
    truncated: boolean;
}

/** A target's result in {@link whoChanged}: when its lookup failed, `error` says why and `events` is empty. */
export interface WhoChangedResult extends LookupResult {
    error?: string;
}

// LookupEvents' limits: "The rate of lookup requests is limited to two per second, per account, per Region" and "The
// default number of results returned is 50, with a maximum of 50 possible"; events reach back 90 days. Source: AWS
// CloudTrail API Reference, LookupEvents (read 2026-12-02).
const PAGE_SIZE = 50;
const HISTORY_DAYS = 90;
/** Backoff ceilings stop doubling here, so a large maxAttempts cannot wait for minutes on one request. */
const MAX_BACKOFF_MS = 20_000;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isThrottling(err: unknown): boolean {
    if (err instanceof ThrottlingException) return true;
    const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
    return e?.name === "ThrottlingException" || e?.$metadata?.httpStatusCode === 429;
}

function errorText(err: unknown): string {
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * One LookupEvents request, retried when throttled. The SDK client has its own retry strategy, but aws-sdk-client-mock
 * replaces `send`, so this explicit loop, with exponential backoff and full jitter, is what the tests can exercise.
 */
async function lookupPage(
    client: CloudTrailClient,
    command: LookupEventsCommand,
    what: string,
    options: Required<Omit<LookupOptions, "maxPages">>,
): Promise<LookupEventsCommandOutput> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await client.send(command);
        } catch (err) {
            if (!isThrottling(err)) throw new Error(`cloudtrail:LookupEvents for ${what} failed: ${errorText(err)}`, { cause: err });
            if (attempt >= options.maxAttempts) {
                throw new Error(
                    `cloudtrail:LookupEvents for ${what} was throttled ${attempt} times in a row ` +
                        "(the limit is 2 requests per second per account and Region); try again later",
                    { cause: err },
                );
            }
            const ceiling = Math.min(MAX_BACKOFF_MS, options.baseDelayMs * 2 ** (attempt - 1));
            await options.sleep(Math.floor(options.random() * ceiling));
        }
    }
}

function field(record: Record<string, unknown> | undefined, ...path: string[]): string | undefined {
    let value: unknown = record;
    for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** The CloudTrailEvent JSON document as an object, or undefined when it is missing or malformed. */
function detail(event: Event): Record<string, unknown> | undefined {
    if (!event.CloudTrailEvent) return undefined;
    try {
        const parsed: unknown = JSON.parse(event.CloudTrailEvent);
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

function isoTime(date: Date | undefined, fallback: string | undefined): string {
    if (!date || Number.isNaN(date.getTime())) return fallback ?? "unknown";
    return date.toISOString().replace(/\.000Z$/, "Z");
}

/** A LookupEvents entry as a {@link TrailEvent}, reading the caller and source IP from its CloudTrailEvent JSON. */
function trailEvent(event: Event): TrailEvent {
    const json = detail(event);
    const eventName = event.EventName ?? field(json, "eventName") ?? "unknown";
    const time = isoTime(event.EventTime, field(json, "eventTime"));
    const readOnly = json?.readOnly === true || event.ReadOnly === "true" ? true : json?.readOnly === false || event.ReadOnly === "false" ? false : undefined;
    const out: TrailEvent = {
        eventName,
        time,
        identity: field(json, "userIdentity", "arn") ?? event.Username ?? field(json, "userIdentity", "invokedBy") ?? "unknown",
        eventId: event.EventId ?? field(json, "eventID") ?? `${time} ${eventName}`,
    };
    const eventSource = event.EventSource ?? field(json, "eventSource");
    const sourceIp = field(json, "sourceIPAddress");
    if (eventSource) out.eventSource = eventSource;
    if (sourceIp) out.sourceIp = sourceIp;
    if (readOnly !== undefined) out.readOnly = readOnly;
    return out;
}

function newestFirst(a: TrailEvent, b: TrailEvent): number {
    const [ta, tb] = [Date.parse(a.time), Date.parse(b.time)].map((t) => (Number.isNaN(t) ? -Infinity : t));
    return tb - ta || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/**
 * The write events in `window` that CloudTrail links to any of `target.names`: one LookupEvents chain per name (the
 * API takes one lookup attribute per request), following NextToken for up to `maxPages` pages, merged and
 * de-duplicated by event id, newest first. A throttled request is retried with backoff; any other failure, and
 * throttling past `maxAttempts`, throws an error naming `cloudtrail:LookupEvents` and the resource.
 */
export async function eventsFor(client: CloudTrailClient, target: LookupTarget, window: TimeWindow, options: LookupOptions = {}): Promise<LookupResult> {
    const maxPages = options.maxPages ?? 10;
    const retry = {
        maxAttempts: options.maxAttempts ?? 5,
        sleep: options.sleep ?? sleepFor,
        baseDelayMs: options.baseDelayMs ?? 500,
        random: options.random ?? Math.random,
    };
    const names = [...new Set(target.names.filter((n) => n !== ""))];
    if (names.length === 0) throw new Error(`${target.urn}: no physical name or ARN to look up in CloudTrail`);
    if (window.start.getTime() > window.end.getTime()) {
        throw new Error(`${target.urn}: the window starts (${window.start.toISOString()}) after it ends (${window.end.toISOString()})`);
    }
    const byId = new Map<string, TrailEvent>();
    let truncated = false;
    for (const name of names) {
        let nextToken: string | undefined;
        let pages = 0;
        do {
            const command = new LookupEventsCommand({
                LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: name }],
                StartTime: window.start,
                EndTime: window.end,
                MaxResults: PAGE_SIZE,
                ...(nextToken ? { NextToken: nextToken } : {}),
            });
            const page = await lookupPage(client, command, `${name} (${target.urn})`, retry);
            pages++;
            for (const event of (page.Events ?? []).map(trailEvent)) if (!event.readOnly) byId.set(event.eventId, event);
            nextToken = page.NextToken || undefined;
        } while (nextToken && pages < maxPages);
        if (nextToken) truncated = true;
    }
    return { events: [...byId.values()].sort(newestFirst), truncated };
}

/**
 * Markdown list lines for one resource's events: `- <time> <eventName> by <identity> from <ip>`, or a line saying that
 * none was found (or that the lookup failed), and a line when the list was cut short.
 */
export function formatEvents(urn: string, result: LookupResult & { error?: string }): string[] {
    if (result.error) return [`- CloudTrail lookup for ${urn} failed: ${result.error}`];
    const lines = result.events.map((e) => `- ${e.time} ${e.eventName} by ${e.identity}${e.sourceIp ? ` from ${e.sourceIp}` : ""}`);
    if (lines.length === 0) {
        lines.push(
            `- No write events found for ${urn} in this window. CloudTrail lookups reach back only ${HISTORY_DAYS} days of management ` +
                "events, so an older change, or a data event, does not show here.",
        );
    }
    if (result.truncated) lines.push(`- More events for ${urn} than were read: this list has the newest ones; older events in the window are missing.`);
    return lines;
}

/**
 * {@link eventsFor} for each target, one after the other since lookups share a rate limit of 2 requests per second.
 * A target whose lookup fails gets its `error` and no events; the others still run.
 */
export async function whoChanged(
    client: CloudTrailClient,
    targets: LookupTarget[],
    window: TimeWindow,
    options: LookupOptions = {},
): Promise<Map<string, WhoChangedResult>> {
    const results = new Map<string, WhoChangedResult>();
    for (const target of targets) {
        try {
            results.set(target.urn, await eventsFor(client, target, window, options));
        } catch (err) {
            results.set(target.urn, { events: [], truncated: false, error: err instanceof Error ? err.message : String(err) });
        }
    }
    return results;
}
