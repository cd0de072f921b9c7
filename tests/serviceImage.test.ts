/** Images built from source: the ECR repository, the awsx build, the tag known before deploy, and the wiring to the task. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPolicyConfig } from "../check/policyConfig";
import { checkPlan, parsePlan } from "../check/policyCheck";
import { lifecyclePolicy, noBuildOnPreview, sourceTag } from "../infra/serviceImage";
import { policyConfigFile } from "../plan/command";
import { Plan } from "../plan/planFormat";
import { packClient } from "./helpers/policyPack";
import { configProblems, fixturePlanEdited, named, ofType, parsed, ProjectConfig, T } from "./helpers/plans";

const CONTEXT = path.join(__dirname, "..", "apps", "docs");

/** The prod fixture's `admin` (index 2) built from the docs app's context instead of its image. */
const built = (c: ProjectConfig) => {
    delete c.services[2].image;
    c.services[2].build = { context: CONTEXT };
    c.services[2].architecture = "ARM64";
    c.services[2].imageArchitectures = ["ARM64"];
};

let cached: Promise<Plan> | undefined;
const builtPlan = () => (cached ??= fixturePlanEdited("prod", built));
const AWSX_IMAGE = "awsx:ecr:Image";
const REPOSITORY = "aws:ecr/repository:Repository";

describe("a service built from source", () => {
    it("gets an ECR repository with immutable tags and scan on push, protected in production, and a lifecycle policy", async () => {
        const plan = await builtPlan();
        const repository = named(plan, REPOSITORY, "admin-build-repository");
        assert.strictEqual(repository.inputs.name, "ecs-platform-prod/admin");
        assert.strictEqual(repository.inputs.imageTagMutability, "IMMUTABLE");
        assert.deepStrictEqual(repository.inputs.imageScanningConfiguration, { scanOnPush: true });
        assert.strictEqual(repository.inputs.forceDelete, false, "prod keeps its images");
        assert.strictEqual(repository.options?.protect, true);
        const lifecycle = named(plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "admin-build-lifecycle");
        assert.deepStrictEqual(lifecycle.propertyDependencies.repository, [repository.urn]);
        assert.deepStrictEqual(JSON.parse(String(lifecycle.inputs.policy)), lifecyclePolicy());
    });

    it("is built and pushed by awsx.ecr.Image with a tag computed from its sources, for the service's architecture", async () => {
        const plan = await builtPlan();
        const image = named(plan, AWSX_IMAGE, "admin-build-image");
        const tag = sourceTag({ context: CONTEXT, dockerfile: "Dockerfile" }, "linux/arm64");
        assert.deepStrictEqual(image.inputs, {
            repositoryUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecs-platform-prod/admin",
            context: CONTEXT,
            dockerfile: path.join(CONTEXT, "Dockerfile"),
            platform: "linux/arm64",
            imageTag: tag,
        });
        assert.ok(image.dependencies.includes(named(plan, REPOSITORY, "admin-build-repository").urn), "after its repository");
        // One transform, for the docker-build image awsx creates inside it (noBuildOnPreview, tested below).
        assert.strictEqual(image.options.transforms, 1);
    });

    it("is named in the task definition before it exists, and the task definition waits for the push", async () => {
        const plan = await builtPlan();
        const task = named(plan, T.taskDefinition, "admin-task");
        const [container] = parsed<{ image: string }[]>(task, "containerDefinitions");
        const tag = sourceTag({ context: CONTEXT, dockerfile: "Dockerfile" }, "linux/arm64");
        assert.strictEqual(container.image, `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecs-platform-prod/admin:${tag}`);
        assert.ok(task.dependencies.includes(named(plan, AWSX_IMAGE, "admin-build-image").urn), "CannotPullContainerError otherwise");
        const pull = (parsed(named(plan, T.rolePolicy, "admin-execution"), "policy").Statement as { Sid: string; Resource: unknown }[]).find(
            (s) => s.Sid === "PullImage",
        );
        assert.deepStrictEqual(pull?.Resource, "arn:aws:ecr:eu-west-1:123456789012:repository/ecs-platform-prod/admin");
    });

    it("passes prod's policy pack, whose ECR rule judges the repository", async () => {
        const plan = await builtPlan();
        const pack = await packClient();
        const config = readPolicyConfig(policyConfigFile("prod"));
        const clean = await checkPlan(pack, parsePlan(JSON.parse(JSON.stringify(plan)), "prod"), config);
        assert.deepStrictEqual(
            clean.diagnostics.filter((d) => d.urn.includes("admin-build")).map((d) => d.policyName),
            [],
        );
        const mutable = JSON.parse(JSON.stringify(plan)) as Plan;
        mutable.resources.find((r) => r.type === REPOSITORY)!.inputs.imageTagMutability = "MUTABLE";
        const result = await checkPlan(pack, parsePlan(mutable, "prod"), config);
        assert.deepStrictEqual(
            result.diagnostics.filter((d) => d.urn.includes("admin-build")).map((d) => d.policyName),
            ["ecr-repository-hardening"],
        );
    });

    it("leaves services with an image alone: no repository, no build", async () => {
        const plan = await fixturePlanEdited("prod", () => undefined);
        assert.deepStrictEqual([ofType(plan, REPOSITORY).length, ofType(plan, AWSX_IMAGE).length], [0, 0]);
    });
});

describe("delivering an application change", () => {
    it("shows in the release diff as a new image tag in the task definition, with nothing else replaced", async () => {
        const { diffSnapshots } = require("../release/planDiff") as typeof import("../release/planDiff");
        const { snapshotOf } = require("../release/snapshot") as typeof import("../release/snapshot");
        const app = fs.mkdtempSync(path.join(os.tmpdir(), "app-"));
        fs.cpSync(CONTEXT, app, { recursive: true });
        const from = (c: ProjectConfig) => {
            built(c);
            c.services[2].build = { context: app };
        };
        let before, after;
        try {
            before = snapshotOf(await fixturePlanEdited("prod", from));
            fs.writeFileSync(path.join(app, "site", "index.html"), "<h1>new release</h1>\n");
            after = snapshotOf(await fixturePlanEdited("prod", from));
        } finally {
            fs.rmSync(app, { recursive: true });
        }
        const diff = diffSnapshots(before, after);
        const byName = (name: string) => diff.changes.find((c) => c.name === name);
        assert.deepStrictEqual(
            byName("admin-task")?.changes.map((c) => c.path),
            ["containerDefinitions[name=admin].image"],
        );
        assert.deepStrictEqual(
            byName("admin-build-image")?.changes.map((c) => c.path),
            ["imageTag"],
        );
        assert.deepStrictEqual(
            diff.changes.filter((c) => c.op === "replace" && c.type !== "aws:ecs/taskDefinition:TaskDefinition").map((c) => c.name),
            [],
            "only the task definition gets a new revision",
        );
    });
});

describe("the image's tag", () => {
    const scratch = () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
        fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\n");
        fs.mkdirSync(path.join(dir, "src"));
        fs.writeFileSync(path.join(dir, "src", "app.txt"), "one");
        return dir;
    };

    it("changes with any file (.git and node_modules too: Docker may send them), the Dockerfile, the target or the platform", () => {
        const dir = scratch();
        const build = { context: dir, dockerfile: "Dockerfile" };
        const first = sourceTag(build, "linux/amd64");
        assert.match(first, /^src-[0-9a-f]{16}$/);
        assert.strictEqual(sourceTag(build, "linux/amd64"), first, "deterministic");
        fs.mkdirSync(path.join(dir, "node_modules"));
        fs.writeFileSync(path.join(dir, "node_modules", "x.js"), "1");
        assert.notStrictEqual(sourceTag(build, "linux/amd64"), first, "an image built from it may differ: so must its tag");
        fs.rmSync(path.join(dir, "node_modules"), { recursive: true });
        assert.strictEqual(sourceTag(build, "linux/amd64"), first);
        assert.notStrictEqual(sourceTag(build, "linux/arm64"), first);
        assert.notStrictEqual(sourceTag({ ...build, target: "runtime" }, "linux/amd64"), first);
        fs.writeFileSync(path.join(dir, "src", "app.txt"), "two");
        assert.notStrictEqual(sourceTag(build, "linux/amd64"), first);
        // A file renamed, same content: another tag.
        fs.writeFileSync(path.join(dir, "src", "app.txt"), "one");
        assert.strictEqual(sourceTag(build, "linux/amd64"), first);
        fs.renameSync(path.join(dir, "src", "app.txt"), path.join(dir, "src", "main.txt"));
        assert.notStrictEqual(sourceTag(build, "linux/amd64"), first);
        fs.rmSync(dir, { recursive: true });
    });
});

describe("building on preview", () => {
    it("is turned off for the docker-build image inside awsx.ecr.Image, and nothing else is touched", () => {
        const opts = { parent: undefined };
        const changed = noBuildOnPreview({ custom: true, type: "docker-build:index:Image", name: "x", props: { push: true }, opts });
        assert.deepStrictEqual(changed, { props: { push: true, buildOnPreview: false }, opts });
        assert.strictEqual(noBuildOnPreview({ custom: true, type: "aws:ecr/repository:Repository", name: "x", props: {}, opts }), undefined);
    });
});

describe("build config", () => {
    const problems = (edit: (svc: Record<string, any>) => void) =>
        configProblems((c) => {
            built(c);
            edit(c.services[2]);
        });

    it("is accepted for a context that exists", () => {
        assert.deepStrictEqual(
            problems(() => undefined),
            [],
        );
    });

    it("refuses both image and build, and neither", () => {
        assert.deepStrictEqual(
            problems((svc) => (svc.image = "nginx:1")),
            ["services[2].build: the service also has image; give one of them"],
        );
        assert.deepStrictEqual(
            problems((svc) => delete svc.build),
            ["services[2]: needs image (a registry reference) or build (a Docker build context)"],
        );
    });

    it("refuses a platform other than the service's architecture, a missing context and a missing Dockerfile", () => {
        assert.deepStrictEqual(
            problems((svc) => (svc.build.platform = "linux/amd64")),
            ["services[2].build.platform: linux/amd64 does not match architecture ARM64 (linux/arm64); remove platform or change one of them"],
        );
        assert.match(problems((svc) => (svc.build.context = "apps/nowhere"))[0], /^services\[2\]\.build\.context: "apps\/nowhere" is not a directory/);
        assert.deepStrictEqual(
            problems((svc) => (svc.build.dockerfile = "Containerfile")),
            [`services[2].build.dockerfile: "Containerfile" does not exist in the context "${CONTEXT}"`],
        );
    });
});
