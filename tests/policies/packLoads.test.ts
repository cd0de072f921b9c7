import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { AnalyzerClient } from "../../check/analyzerClient";

const ROOT = path.join(__dirname, "..", "..");
const PACK = path.join(ROOT, "policies");

describe("the pack under the Pulumi CLI's own launcher", () => {
    it("loads with type-checking as `pulumi preview --policy-pack policies` runs it, and serves 27 rules", async function () {
        this.timeout(120000);
        // What the CLI's nodejs policy analyzer runs: run-policy-pack ENGINE_ADDRESS PACK_DIR, in the pack directory.
        const launcher = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
        const child = spawn(process.execPath, [launcher, "127.0.0.1:0", PACK], { cwd: PACK, stdio: ["ignore", "pipe", "pipe"] });
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
            assert.equal(info.name, "ecs-platform");
            assert.equal(info.version, require(path.join(PACK, "package.json")).version);
            assert.equal(info.policies.length, 27);
            assert.ok(info.policies.every((p) => p.enforcementLevel === "mandatory"));
        } finally {
            child.kill();
        }
    });
});
