import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
type Step = { run?: string; uses?: string; with?: Record<string, string>; "working-directory"?: string };
type Workflow = { jobs: Record<string, { steps: Step[]; environment?: string; needs?: string; if?: string }> };
const load = (name: string) => yaml.load(fs.readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8")) as Workflow;

describe("workflows", () => {
    it("run the README's commands on every pull request and fail on mandatory policy violations", () => {
        const steps = load("pull-request.yml").jobs.offline.steps.map((s) => s.run ?? s.uses ?? "");
        assert.ok(steps.includes("npm ci") && steps.includes("npm test"));
        const plan = steps.find((s) => s.includes("npm run --silent plan --"))!;
        assert.match(plan, /--diagram/);
        assert.match(plan, /npm run --silent plan -- "\$stack" --previous "out\/base-\$stack\.json"/, "the lint judges replacements against the base branch");
        assert.ok(plan.indexOf("git show") < plan.indexOf("npm run --silent plan"), "the base snapshot is fetched before the plan");
        assert.match(plan, /npm run --silent diff -- "\$stack" --snapshot/);
        assert.match(plan, /exit \$status/);
    });

    it("preview and deploy with the pack and each stack's policy config, prod after dev behind an environment", () => {
        const jobs = load("pulumi.yml").jobs;
        for (const job of Object.values(jobs)) {
            assert.ok(job.steps.some((s) => s.run === "npm ci" && s["working-directory"] === "policies"), "the pack's own npm ci");
            const pulumi = job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
            assert.strictEqual(pulumi.with!.policyPacks, "policies");
            const config = pulumi.with!.policyPackConfigs.replace("${{ matrix.stack }}", "prod");
            assert.ok(fs.existsSync(path.join(ROOT, config)), config);
        }
        assert.strictEqual(jobs["deploy-prod"].needs, "deploy-dev");
        assert.strictEqual(jobs["deploy-prod"].environment, "production");
        assert.match(jobs.preview.if!, /pull_request/);
    });
});
