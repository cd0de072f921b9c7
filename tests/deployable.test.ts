/**
 * What makes `pulumi up` fail, or leaves services broken, as the review of the dev and prod plans found it: each
 * test fails on the program as it was before the fix. Tests over the real stacks assert properties that hold for any
 * valid config; exact figures come from edited copies.
 */
import * as assert from "assert";
import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { scratchMountOptions } from "../infra/containerDefinition";
import { accessLogBucketPolicy } from "../infra/loadBalancer";
import { stripPrefixTransform, TARGET_GROUP_PORT } from "../infra/serviceRoute";
import { Plan, PlanResource } from "../plan/planFormat";
// Figures pinned here (sizes, counts, names) are the frozen fixture stacks', so editing the example stacks breaks nothing.
import { fixturePlanEdited as planEdited, fixturePlanOf as planOf, named, ofType, parsed, T, urnOf } from "./helpers/plans";

const STACKS = ["dev", "prod"];
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";

function dependsOn(r: PlanResource, urn: string): boolean {
    return r.dependencies.includes(urn);
}

describe("deployable on the first pulumi up", () => {
    it("names no security group sg-… (AWS refuses it): each has a name prefix of its own", async () => {
        for (const stack of STACKS) {
            const plan = await planOf(stack);
            const groups = ofType(plan, T.sg);
            assert.ok(groups.length > 0);
            for (const sg of groups) {
                const prefix = sg.inputs.namePrefix ?? sg.inputs.name;
                assert.strictEqual(typeof prefix, "string", `${stack} ${sg.name} has a name`);
                assert.ok(!(prefix as string).toLowerCase().startsWith("sg-"), `${stack} ${sg.name}: ${prefix}`);
            }
            assert.strictEqual(new Set(groups.map((g) => g.inputs.namePrefix)).size, groups.length, "prefixes are distinct");
        }
    });

    it("mounts scratch paths as tmpfs the container's user can write, sized in the task's memory", async () => {
        const prod = await planOf("prod");
        const [web] = parsed<ContainerDefinition[]>(named(prod, T.taskDefinition, "web-task"), "containerDefinitions");
        assert.deepStrictEqual(web.linuxParameters?.tmpfs, [
            { containerPath: "/tmp", size: 64, mountOptions: ["nosuid", "nodev", "uid=1000", "gid=1000", "mode=0750"] },
        ]);
        assert.ok(!(web.mountPoints ?? []).some((m) => m.containerPath === "/tmp"), "no root-owned task volume on /tmp");
        // An image whose user config does not name (nginx-unprivileged runs as 101): world-writable with the sticky bit.
        const dev = await planOf("dev");
        const [docs] = parsed<ContainerDefinition[]>(named(dev, T.taskDefinition, "docs-task"), "containerDefinitions");
        assert.deepStrictEqual(
            docs.linuxParameters?.tmpfs?.map((t) => [t.containerPath, t.mountOptions]),
            [
                ["/tmp", ["nosuid", "nodev", "mode=1777"]],
                ["/var/cache/nginx", ["nosuid", "nodev", "mode=1777"]],
            ],
        );
        assert.strictEqual(docs.linuxParameters?.initProcessEnabled, true, "ECS Exec keeps its init process");
        assert.deepStrictEqual(scratchMountOptions("101"), ["nosuid", "nodev", "uid=101", "mode=0750"]);
        assert.deepStrictEqual(scratchMountOptions("nginx"), ["nosuid", "nodev", "mode=1777"]);
    });

    it("gives every secret the stack creates a first value, generated once and never overwritten", async () => {
        for (const stack of STACKS) {
            const plan = await planOf(stack);
            for (const secret of ofType(plan, T.secret)) {
                const version = ofType(plan, SECRET_VERSION).find((v) => v.propertyDependencies.secretId?.includes(secret.urn));
                assert.ok(version, `${stack}: ${secret.name} has a version`);
                assert.deepStrictEqual(version!.options.ignoreChanges, ["secretString", "versionStages"]);
                // A custom stage keeps the version alive after put-secret-value, so it is never created again.
                assert.deepStrictEqual(version!.inputs.versionStages, ["AWSCURRENT", "PULUMI_INITIAL"]);
                assert.strictEqual(
                    plan.resources.find((r) => version!.propertyDependencies.secretString?.includes(r.urn))?.type,
                    "random:index/randomPassword:RandomPassword",
                );
                const readers = ofType(plan, T.service).filter((s) => {
                    const task = plan.resources.find((r) => s.propertyDependencies.taskDefinition?.includes(r.urn));
                    return task?.propertyDependencies.containerDefinitions?.includes(secret.urn);
                });
                assert.ok(readers.length > 0, `${stack}: someone reads ${secret.name}`);
                for (const svc of readers) assert.ok(dependsOn(svc, version!.urn), `${svc.name} waits for the value`);
            }
        }
    });

    it("deletes unprotected secrets without a recovery window, and keeps prod's for 30 days", async () => {
        const dev = await planOf("dev");
        for (const s of ofType(dev, T.secret)) assert.strictEqual(s.inputs.recoveryWindowInDays, 0);
        const prod = await planOf("prod");
        for (const s of ofType(prod, T.secret)) {
            assert.strictEqual(s.inputs.recoveryWindowInDays, 30);
            assert.deepStrictEqual(s.options, { protect: true, retainOnDelete: true });
        }
    });

    it("sets forceNewDeployment on every service, so a changed capacity strategy can be applied", async () => {
        for (const stack of STACKS) {
            for (const svc of ofType(await planOf(stack), T.service)) assert.strictEqual(svc.inputs.forceNewDeployment, true, `${stack} ${svc.name}`);
        }
    });

    it("starts services only after their routes, NAT, rules, role policies, secret values and mount targets", async () => {
        const prod = await planOf("prod");
        const admin = named(prod, T.service, "admin-service");
        const mustWaitFor = [
            ...ofType(prod, "aws:efs/mountTarget:MountTarget"),
            ...ofType(prod, T.routeTableAssociation).filter((a) => !a.name.includes("isolated")),
            ...ofType(prod, T.nat),
            ...ofType(prod, T.ingress),
            ...ofType(prod, T.egress),
            named(prod, T.rolePolicy, "admin-execution"),
            named(prod, T.rolePolicy, "admin-secrets"),
        ];
        for (const r of mustWaitFor) assert.ok(dependsOn(admin, r.urn), `admin waits for ${r.type} ${r.name}`);
        const web = named(prod, T.service, "web-service");
        assert.ok(
            dependsOn(web, urnOf(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ecs-infrastructure")),
            "blue/green waits for its role's policy",
        );
    });

    it("keeps target groups on one port, so a new container port does not replace them", async () => {
        const before = await planOf("prod");
        const after = await planEdited("prod", (c) => (c.services[0].containerPort = 9090));
        for (const name of ["web-tg", "web-tg2"]) {
            assert.deepStrictEqual(named(after, T.targetGroup, name).inputs, named(before, T.targetGroup, name).inputs, name);
            assert.strictEqual(named(after, T.targetGroup, name).inputs.port, TARGET_GROUP_PORT);
        }
        const service = named(after, T.service, "web-service").inputs.loadBalancers as { containerPort: number }[];
        assert.strictEqual(service[0].containerPort, 9090, "ECS registers targets on the container port");
    });

    it("replaces a blue/green production rule with its target groups, deleting it first (priorities are unique)", async () => {
        const prod = await planOf("prod");
        const rule = named(prod, T.listenerRule, "web-rule");
        assert.deepStrictEqual(rule.options.replaceWith, [urnOf(prod, T.targetGroup, "web-tg"), urnOf(prod, T.targetGroup, "web-tg2")]);
        assert.strictEqual(rule.options.deleteBeforeReplace, true);
        assert.strictEqual(named(prod, T.listenerRule, "api-rule").options.replaceWith, undefined);
    });

    it("creates the ECS service-linked role when asked, before the cluster, and keeps it on destroy", async () => {
        const dev = await planOf("dev");
        assert.strictEqual(ofType(dev, "aws:iam/serviceLinkedRole:ServiceLinkedRole").length, 0, "off by default");
        const plan = await planEdited("prod", (c) => (c.cluster.createServiceLinkedRole = true));
        const role = named(plan, "aws:iam/serviceLinkedRole:ServiceLinkedRole", "cluster-ecs-service-linked-role");
        assert.strictEqual(role.inputs.awsServiceName, "ecs.amazonaws.com");
        assert.deepStrictEqual(role.options, { retainOnDelete: true });
        assert.ok(dependsOn(named(plan, T.cluster, "cluster-cluster"), role.urn));
        assert.ok(dependsOn(named(plan, T.capacityProvider, "cluster-ec2"), urnOf(plan, T.cluster, "cluster-cluster")));
    });

    it("lets only this account's load balancers write access logs", () => {
        const doc = accessLogBucketPolicy("arn:aws:s3:::logs", "123456789012", "eu-west-1");
        assert.strictEqual(doc.Statement[0].Resource, "arn:aws:s3:::logs/alb/AWSLogs/123456789012/*");
    });

    it("starts delivering flow logs only once the role may write them", async () => {
        const prod = await planOf("prod");
        assert.ok(dependsOn(named(prod, T.flowLog, "network-flow-logs"), urnOf(prod, T.rolePolicy, "network-flow-logs")));
    });

    it("trusts ECS tasks and flow logs only on behalf of the stack's account", async () => {
        const prod = await planOf("prod");
        const roles = ofType(prod, T.role).filter((r) => /ecs-tasks|vpc-flow-logs/.test(String(r.inputs.assumeRolePolicy)));
        assert.ok(roles.length >= 7);
        for (const role of roles) {
            const [statement] = parsed(role, "assumeRolePolicy").Statement;
            assert.deepStrictEqual(statement.Condition.StringEquals, { "aws:SourceAccount": "123456789012" }, role.name);
            assert.match(statement.Condition.ArnLike["aws:SourceArn"], /^arn:aws:(ecs|ec2):eu-west-1:123456789012:/, role.name);
        }
    });

    it("tags EC2 instances and their volumes with the stack's default tags", async () => {
        const prod = await planOf("prod");
        const template = named(prod, T.launchTemplate, "cluster-instances");
        const tags = { project: "ecs-platform", environment: "prod", "managed-by": "pulumi" };
        assert.deepStrictEqual(
            template.inputs.tagSpecifications,
            ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
        );
        const asgTags = named(prod, T.asg, "cluster-instances").inputs.tags as { key: string; propagateAtLaunch: boolean }[];
        for (const key of Object.keys(tags))
            assert.ok(
                asgTags.some((t) => t.key === key && t.propagateAtLaunch),
                key,
            );
    });

    it("uses role policy attachments, never the deprecated managedPolicyArns", async () => {
        for (const stack of STACKS) {
            for (const role of ofType(await planOf(stack), T.role)) assert.strictEqual(role.inputs.managedPolicyArns, undefined, `${stack} ${role.name}`);
        }
    });

    it("logs Service Connect's proxy, and encrypts and logs ECS Exec sessions where Exec is on", async () => {
        const dev = await planOf("dev");
        for (const svc of ofType(dev, T.service)) {
            const log = (svc.inputs.serviceConnectConfiguration as { logConfiguration?: { logDriver: string } }).logConfiguration;
            assert.strictEqual(log?.logDriver, "awslogs", svc.name);
        }
        const cluster = named(dev, T.cluster, "cluster-cluster");
        const exec = (cluster.inputs.configuration as { executeCommandConfiguration: Record<string, unknown> }).executeCommandConfiguration;
        assert.strictEqual(exec.logging, "OVERRIDE");
        assert.deepStrictEqual(cluster.propertyDependencies.configuration, [
            urnOf(dev, "aws:kms/key:Key", "cluster-exec"),
            urnOf(dev, T.logGroup, "cluster-exec"),
        ]);
        const prod = await planOf("prod");
        assert.strictEqual(named(prod, T.cluster, "cluster-cluster").inputs.configuration, undefined, "no Exec in prod, no key");
    });

    it("strips a configured path prefix at the ALB, so dev's docs reach nginx at /", async () => {
        const dev = await planOf("dev");
        assert.deepStrictEqual(named(dev, T.listenerRule, "docs-rule").inputs.transforms, [
            { type: "url-rewrite", urlRewriteConfig: { rewrite: { regex: "^/docs/?(.*)$", replace: "/$1" } } },
        ]);
        const transform = stripPrefixTransform("/docs") as { urlRewriteConfig: { rewrite: { regex: string; replace: string } } };
        const rewrite = transform.urlRewriteConfig.rewrite;
        const apply = (path: string) => path.replace(new RegExp(rewrite.regex), rewrite.replace);
        assert.deepStrictEqual(["/docs", "/docs/", "/docs/a/b.html"].map(apply), ["/", "/", "/a/b.html"]);
    });
});

describe("config that would deploy and fail", () => {
    /** The problems of a config edit, as the plan reports them (exit 2). */
    async function problems(stack: string, edit: (c: Record<string, any>) => void): Promise<string> {
        try {
            await planEdited(stack, edit);
        } catch (err) {
            return (err as Error).message;
        }
        assert.fail("the config was accepted");
    }

    const cases: [string, string, (c: Record<string, any>) => void, RegExp][] = [
        [
            "blue/green with request-count scaling",
            "prod",
            (c) => (c.services[0].autoscaling.requestsPerTarget = 800),
            /services\[0\]\.autoscaling\.requestsPerTarget: ALBRequestCountPerTarget tracks one target group/,
        ],
        [
            "an autoscaling maximum the EC2 capacity cannot place",
            "prod",
            (c) => (c.services[1].autoscaling.maxCount = 20),
            /cluster\.ec2Capacity\.maxSize: 10 m7g\.large instances cannot place 30 tasks \(api: 30 tasks \(maxCount 20 at a deployment's maximumPercent 150\)\); they need at least 15 instances/,
        ],
        [
            "a schedule raising the maximum past the EC2 capacity",
            "prod",
            (c) => (c.services[1].autoscaling.schedules = [{ name: "peak", schedule: "cron(0 8 * * ? *)", minCount: 4, maxCount: 40 }]),
            /cluster\.ec2Capacity\.maxSize: 10 m7g\.large instances cannot place 60 tasks \(api: 60 tasks \(a schedule's maxCount 40 at a deployment's maximumPercent 150\)\); they need at least 30 instances/,
        ],
        [
            "an ARM64 service on x86_64 EC2 capacity",
            "prod",
            (c) => {
                c.cluster.ec2Capacity.instanceType = "m7i.large";
                c.cluster.ec2Capacity.architecture = "x86_64";
            },
            /services\[1\]\.architecture: ARM64 cannot run on the EC2 capacity, whose instances are x86_64/,
        ],
        [
            "an arm instance type declared x86_64",
            "prod",
            (c) => (c.cluster.ec2Capacity.architecture = "x86_64"),
            /cluster\.ec2Capacity\.architecture: "x86_64" does not match m7g\.large, which is arm64/,
        ],
        [
            "an ARM64 service whose image is declared x86_64 only",
            "prod",
            (c) => delete c.services[1].imageArchitectures,
            /services\[1\]\.architecture: ARM64 is not among the image's architectures \(imageArchitectures: X86_64, the default\)|services\[1\]\.architecture: ARM64 is not among the image's architectures/,
        ],
        [
            "an instance type nobody knows",
            "prod",
            (c) => (c.cluster.ec2Capacity.instanceType = "m99.large"),
            /cluster\.ec2Capacity\.instanceType: "m99\.large" is not in the instance-type table/,
        ],
        [
            "an image over 255 characters",
            "dev",
            (c) => (c.services[0].image = `public.ecr.aws/${"a".repeat(250)}:1`),
            /services\[0\]\.image: .* is above the maximum 255/,
        ],
        ["an image with whitespace", "dev", (c) => (c.services[0].image = "nginx :1.27"), /services\[0\]\.image: "nginx :1.27" must not contain whitespace/],
        [
            "a public image without NAT",
            "dev",
            (c) => {
                c.network.natGateways = "none";
                c.network.endpoints = { gateway: ["s3"], interface: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"] };
            },
            /services\[0\]\.image: "public\.ecr\.aws\/nginx\/nginx-unprivileged:1\.27-alpine" is not in a private ECR repository of eu-west-1/,
        ],
        [
            "autoscaling that never scales",
            "dev",
            (c) => (c.services[1].autoscaling = { minCount: 1, maxCount: 3 }),
            /services\[1\]\.autoscaling: has no target metric and no schedule/,
        ],
        [
            "an unknown schedule time zone",
            "dev",
            (c) => (c.services[0].autoscaling.schedules[0].timezone = "Europe/Dubln"),
            /services\[0\]\.autoscaling\.schedules\[0\]\.timezone: "Europe\/Dubln" is not an IANA time zone name/,
        ],
        [
            "a time zone in the wrong case",
            "dev",
            (c) => (c.services[0].autoscaling.schedules[0].timezone = "europe/dublin"),
            /services\[0\]\.autoscaling\.schedules\[0\]\.timezone: "europe\/dublin" is not an IANA time zone name like Europe\/Dublin or UTC \(exact case\)/,
        ],
        [
            "scratch space over half the task's memory",
            "dev",
            (c) => (c.services[0].scratchSizeMiB = 200),
            /services\[0\]\.scratchSizeMiB: 2 scratch paths × 200 MiB = 400 MiB of tmpfs, more than half of the task's 512 MiB/,
        ],
        [
            "a path outside the stripped prefix",
            "dev",
            (c) => c.services[2].paths.push("/manual/*"),
            /services\[2\]\.paths\[2\]: "\/manual\/\*" does not start with stripPathPrefix "\/docs"/,
        ],
    ];
    for (const [what, stack, edit, expected] of cases) {
        it(`refuses ${what}, naming the key`, async () => assert.match(await problems(stack, edit), expected));
    }

    it("refuses a region that does not exist, naming aws:region", async () => {
        const { runPlan } = await import("../plan/runPlan");
        const { engineConfig, stackConfig } = await import("./helpers/plans");
        const config = engineConfig(stackConfig("dev").project, "eu-west-9");
        await assert.rejects(runPlan({ stack: "dev", config }), /aws:region: "eu-west-9" is not an AWS region \(known: af-south-1, /);
    });

    it("accepts the fixed stacks: prod's multi-architecture api image on arm64 capacity", async () => {
        const prod: Plan = await planOf("prod");
        assert.deepStrictEqual(named(prod, T.taskDefinition, "api-task").inputs.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
    });
});
