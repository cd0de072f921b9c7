import { strict as assert } from "assert";
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { AnalyzerClient } from "../../check/analyzerClient";

const ROOT = path.join(__dirname, "..", "..");
const PACK = path.join(ROOT, "policies");
const SHARED = "@ecs-platform/shared";
const run = promisify(execFile);

/** Starts the CLI's nodejs policy launcher (run-policy-pack ENGINE_ADDRESS PACK_DIR, in the pack directory) and asks it what it serves. */
async function serve(packDir: string): Promise<{ name: string; version: string; policies: { name: string; enforcementLevel: string }[] }> {
    const launcher = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
    const child = spawn(process.execPath, [launcher, "127.0.0.1:0", packDir], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    try {
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            child.stdout.on("data", (c) => {
                out += c;
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) resolve(m[1]);
            });
            child.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
        });
        const client = new AnalyzerClient(`127.0.0.1:${port}`);
        const info = await client.info();
        client.close();
        return info;
    } finally {
        child.kill();
    }
}

function assertServesThePack(info: Awaited<ReturnType<typeof serve>>): void {
    assert.equal(info.name, "ecs-platform");
    assert.equal(info.version, require(path.join(PACK, "package.json")).version);
    assert.equal(info.policies.length, 32);
    // Every check defaults to mandatory; the list of applied suppressions is information (advisory).
    const levels = Object.fromEntries(info.policies.map((p) => [p.name, p.enforcementLevel]));
    assert.deepEqual(
        Object.entries(levels).filter(([, level]) => level !== "mandatory"),
        [["suppressions-applied", "advisory"]],
    );
}

/**
 * Packs policies/ as `npm ci --prefix policies && pulumi policy publish` would, unpacks the tarball where neither
 * shared/ nor the project is a parent, and serves it.
 */
async function servePublished(): Promise<Awaited<ReturnType<typeof serve>>> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-pack-"));
    try {
        // A copy of policies/ and shared/ with the pack's dependencies as `npm ci --prefix policies` leaves them:
        // the shared package is a link (its lock entry says so), the rest comes from the registry (here: the
        // project's copies, linked, to stay offline).
        const lock = JSON.parse(fs.readFileSync(path.join(PACK, "package-lock.json"), "utf8"));
        assert.deepStrictEqual(lock.packages[`node_modules/${SHARED}`], { resolved: "../shared", link: true });
        fs.cpSync(path.join(ROOT, "shared"), path.join(work, "shared"), { recursive: true });
        fs.cpSync(PACK, path.join(work, "policies"), { recursive: true, filter: (f) => !f.includes(`${path.sep}node_modules`) });
        fs.mkdirSync(path.join(work, "policies", "node_modules", "@ecs-platform"), { recursive: true });
        fs.symlinkSync(path.join("..", "..", "..", "shared"), path.join(work, "policies", "node_modules", SHARED));
        await run("npm", ["pack", "--pack-destination", work, "--silent"], { cwd: path.join(work, "policies") });
        const tarball = fs.readdirSync(work).find((f) => f.endsWith(".tgz"));
        assert.ok(tarball, "npm pack wrote a tarball");

        // The tarball alone, unpacked where neither shared/ nor the project is a parent.
        const unpacked = path.join(work, "unpacked");
        fs.mkdirSync(unpacked);
        await run("tar", ["xzf", path.join(work, tarball), "-C", unpacked]);
        const published = path.join(unpacked, "package");
        const bundled = path.join(published, "node_modules", SHARED);
        assert.ok(fs.lstatSync(bundled).isDirectory(), "the shared package is in the tarball as files, not a link");
        assert.ok(fs.existsSync(path.join(bundled, "secretNames.ts")));
        for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
            if (entry.startsWith(".") || entry === "@ecs-platform") continue;
            fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(published, "node_modules", entry));
        }
        return await serve(published);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

// Both launchers type-check the pack in processes of their own (~4 s of CPU each) and wait on nothing in this one:
// they start as the suite loads, so the other files' tests run meanwhile. Each is awaited by its own test below; a
// failure is reported there, not as an unhandled rejection.
const local = serve(PACK);
const published = servePublished();
local.catch(() => undefined);
published.catch(() => undefined);

describe("the pack under the Pulumi CLI's own launcher", function () {
    this.timeout(120000);

    it("loads with type-checking as `pulumi preview --policy-pack policies` runs it, and serves 32 rules", async () => {
        assertServesThePack(await local);
    });

    it("loads from the tarball `npm pack` makes of policies/ alone (what `pulumi policy publish` uploads), the shared package bundled", async () => {
        assertServesThePack(await published);
    });
});
