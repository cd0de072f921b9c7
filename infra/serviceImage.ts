/**
 * A service image built from source: the stack's ECR repository for it (immutable tags, scan on push, a lifecycle
 * policy) and the build and push by @pulumi/awsx's `awsx.ecr.Image` on `pulumi up`.
 *
 * The image is named before deploy: its tag is a hash of the build's inputs (every file of the context, the
 * Dockerfile, target and platform), and its repository URL is made of known parts (account, region, repository
 * name), so the task definition's container definition is known in a preview and in the offline plan, where the
 * policy pack and the diff judge it. The task definition depends on the image resource, so a service never rolls out
 * before its image is pushed (it would fail with CannotPullContainerError).
 *
 * awsx.ecr.Image is a remote component: offline (under mocks) it is recorded as one resource with its inputs, without
 * the docker-build image inside it; in a real preview and `pulumi up` its child shows too. That child builds on
 * preview by default (docker-build's `buildOnPreview`, which awsx does not expose): a transform turns it off, so a
 * pull-request preview needs no Docker and builds nothing; `pulumi up` builds and pushes.
 */
import * as aws from "@pulumi/aws";
// The ecr module only: the package's index loads every awsx module (about 0.3 s of every plan).
import * as awsxEcr from "@pulumi/awsx/ecr";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { BUILD_PLATFORM, BuildConfig, CpuArchitecture } from "./config/schema";
import { StatefulOptions } from "./stateful";
import { AwsScope } from "./trust";

/** The token of the docker-build image awsx.ecr.Image creates inside itself. */
export const DOCKER_BUILD_IMAGE_TYPE = "docker-build:index:Image";

/** Images kept per repository: the newest ones, so a rollback to a recent release can still pull. */
const IMAGES_KEPT = 30;

export interface ServiceImageArgs {
    /** The service's `build` section. */
    readonly build: BuildConfig;
    /** The service's CPU architecture: the platform the image is built for. */
    readonly architecture: CpuArchitecture;
    /** The repository's name, `<namePrefix>/<service>` in lower case. */
    readonly repositoryName: string;
    /** Account and region of the repository: its URL is built from them. */
    readonly scope: AwsScope;
    /** Protection of the repository (its images are the service's releases). */
    readonly stateful: StatefulOptions;
}

/** The repository, its lifecycle policy and the awsx image, and the image's URI as the task definition names it. */
export class ServiceImage extends pulumi.ComponentResource {
    readonly repository: aws.ecr.Repository;
    readonly image: awsxEcr.Image;
    /** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>`, known at preview. */
    readonly imageUri: pulumi.Output<string>;
    /** The tag: `src-` and the first 16 hex digits of the build inputs' hash. */
    readonly tag: string;

    constructor(name: string, args: ServiceImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecsplatform:service:ServiceImage", name, {}, opts);
        const platform = args.build.platform ?? BUILD_PLATFORM[args.architecture];
        this.tag = sourceTag(args.build, platform);
        this.repository = new aws.ecr.Repository(
            `${name}-repository`,
            {
                name: args.repositoryName,
                // A tag names one image for ever: the task definition's tag always means the image that was reviewed.
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "AES256" }],
                // Unprotected (dev) stacks can be destroyed with their images; protected ones keep the repository.
                forceDelete: !args.stateful.protect,
            },
            { parent: this, ...args.stateful },
        );
        new aws.ecr.LifecyclePolicy(`${name}-lifecycle`, { repository: this.repository.name, policy: JSON.stringify(lifecyclePolicy()) }, { parent: this });
        // ECR's registry host: amazonaws.com, or amazonaws.com.cn in the China partition (Amazon ECR endpoints, read 2026-12-02).
        const domain = pulumi.output(args.scope.partition).apply((partition) => (partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"));
        const repositoryUrl = pulumi.interpolate`${args.scope.accountId}.dkr.ecr.${args.scope.region}.${domain}/${args.repositoryName}`;
        this.image = new awsxEcr.Image(
            `${name}-image`,
            {
                repositoryUrl,
                context: args.build.context,
                dockerfile: path.join(args.build.context, args.build.dockerfile),
                platform,
                target: args.build.target,
                imageTag: this.tag,
            },
            // After the repository exists; no build on preview (see the module's comment).
            { parent: this, dependsOn: [this.repository], transforms: [noBuildOnPreview] },
        );
        this.imageUri = pulumi.interpolate`${repositoryUrl}:${this.tag}`;
        this.registerOutputs({ imageUri: this.imageUri });
    }
}

/** Turns docker-build's build-on-preview off for the image awsx.ecr.Image creates; leaves every other resource alone. */
export function noBuildOnPreview(args: pulumi.ResourceTransformArgs): pulumi.ResourceTransformResult | undefined {
    if (args.type !== DOCKER_BUILD_IMAGE_TYPE) return undefined;
    return { props: { ...args.props, buildOnPreview: false }, opts: args.opts };
}

/**
 * Untagged images (layers of superseded pushes) go after a day; beyond the newest IMAGES_KEPT, the oldest go. ECR
 * evaluates rules by priority, and a rule with tagStatus "any" must have the highest priority number (Amazon ECR User
 * Guide, "Lifecycle policy properties", read 2026-12-02).
 */
export function lifecyclePolicy(): { rules: Record<string, unknown>[] } {
    return {
        rules: [
            {
                rulePriority: 1,
                description: "Expire untagged images after a day",
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the newest ${IMAGES_KEPT} images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: IMAGES_KEPT },
                action: { type: "expire" },
            },
        ],
    };
}

/**
 * The image's tag from what the build may read: every file of the context (path and content, in path order; .git,
 * node_modules and what .dockerignore excludes included, since Docker may send them), the Dockerfile's path, the
 * target and the platform. A change to any of them is a new tag, and so a new task definition revision: a rebuild
 * never pushes a new image under a tag the immutable repository already holds, which ECR would refuse.
 */
export function sourceTag(build: BuildConfig, platform: string): string {
    const hash = createHash("sha256");
    hash.update(JSON.stringify({ dockerfile: build.dockerfile, target: build.target ?? null, platform }));
    for (const file of filesOf(build.context)) {
        hash.update(`\0${file}\0`);
        hash.update(fs.readFileSync(path.join(build.context, file)));
    }
    return `src-${hash.digest("hex").slice(0, 16)}`;
}

/** The files under `dir`, as sorted paths relative to it with "/" separators. */
function filesOf(dir: string, prefix = ""): string[] {
    return fs
        .readdirSync(path.join(dir, prefix), { withFileTypes: true })
        .flatMap((entry) => {
            const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
            return entry.isDirectory() ? filesOf(dir, relative) : entry.isFile() ? [relative] : [];
        })
        .sort();
}
