/** IANA time zone names, from awsdata/generated/timeZones.json (tz database; awsdata/generate/timeZones.ts). */
import * as fs from "fs";
import * as path from "path";

interface TimeZoneFile {
    source: { file: string; tzdataVersion: string; generatedAt: string };
    zones: string[];
    links: string[];
}

let names: Set<string> | undefined;
let data: TimeZoneFile | undefined;

function load(): TimeZoneFile {
    data ??= JSON.parse(fs.readFileSync(path.join(__dirname, "generated", "timeZones.json"), "utf8")) as TimeZoneFile;
    return data;
}

/** True for an IANA zone or link name, exact case ("Europe/Dublin", "UTC", "Etc/GMT+9"; not "europe/dublin"). */
export function isTimeZone(name: string): boolean {
    names ??= new Set([...load().zones, ...load().links]);
    return names.has(name);
}

/** The tz database version the list comes from. */
export function timeZoneSource(): TimeZoneFile["source"] {
    return load().source;
}
