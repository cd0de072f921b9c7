/**
 * Writes awsdata/generated/timeZones.json: the IANA time zone names (zones and their links, exact case) from the
 * tz database's compiled source, by default Debian's /usr/share/zoneinfo/tzdata.zi, and its version. Application
 * Auto Scaling takes IANA names (PutScheduledAction, Timezone: "the canonical names of the IANA time zones supported
 * by Joda-Time", read 2026-12-02); Node's Intl is no substitute (it accepts any case and lacks UTC and Etc/GMT+9).
 *
 * Run: node -r ts-node/register/transpile-only awsdata/generate/timeZones.ts [TZDATA_ZI]
 */
import * as fs from "fs";
import * as path from "path";

function main(file: string): void {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const version = /^# version (\S+)/.exec(lines[0])?.[1];
    if (!version) throw new Error(`${file}: no "# version" line`);
    const zones = lines.filter((l) => l.startsWith("Z ")).map((l) => l.split(/\s+/)[1]);
    const links = lines.filter((l) => l.startsWith("L ")).map((l) => l.split(/\s+/)[2]);
    const out = {
        source: { file, tzdataVersion: version, generatedAt: new Date().toISOString().slice(0, 10) },
        zones: [...new Set(zones)].sort(),
        links: [...new Set(links)].sort(),
    };
    const target = path.join(__dirname, "..", "generated", "timeZones.json");
    fs.writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
    console.log(`${target}: ${out.zones.length} zones, ${out.links.length} links (tzdata ${version})`);
}

main(process.argv[2] ?? "/usr/share/zoneinfo/tzdata.zi");
