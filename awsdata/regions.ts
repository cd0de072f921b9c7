/**
 * The AWS regions that exist, by partition, read from awsdata/generated/regions.json, which
 * awsdata/generate/regions.ts writes from the installed AWS SDK's partition data.
 */
import * as fs from "fs";
import * as path from "path";

/** Where the region list came from: the SDK package, its version and file. */
export interface RegionSource {
    package: string;
    version: string;
    file: string;
    partitionsVersion: string;
    installedAsDependencyOf: string;
}

interface GeneratedFile {
    source: RegionSource;
    partitions: Record<string, { regionRegex: string; regions: string[] }>;
}

const GENERATED = path.join(__dirname, "generated", "regions.json");
let cache: { file: GeneratedFile; known: Set<string> } | undefined;

function data(): { file: GeneratedFile; known: Set<string> } {
    if (!cache) {
        const file = JSON.parse(fs.readFileSync(GENERATED, "utf8")) as GeneratedFile;
        cache = { file, known: new Set(Object.values(file.partitions).flatMap((p) => p.regions)) };
    }
    return cache;
}

/** Whether `name` is an existing AWS region in any partition (eu-west-1, cn-north-1, us-gov-west-1, ...). */
export function isKnownRegion(name: string): boolean {
    return data().known.has(name);
}

/** Every known region name, all partitions, sorted. */
export function knownRegions(): string[] {
    return [...data().known].sort();
}

/**
 * The partition of a known region (`aws`, `aws-cn`, `aws-us-gov`, …), which ARNs of that region start with
 * (`arn:aws-cn:…`); undefined for a name no partition lists.
 */
export function partitionOf(region: string): string | undefined {
    return Object.entries(data().file.partitions).find(([, p]) => p.regions.includes(region))?.[0];
}

/** The SDK package and version the region list was generated from. */
export function regionSource(): RegionSource {
    return { ...data().file.source };
}
