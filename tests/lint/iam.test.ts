/**
 * The IAM policy document check on hand-built plans: every rule with a violating and a passing document, on each
 * resource form (RolePolicy, a Role's trust policy, a Role's inline policy, an S3 bucket policy), unknown documents,
 * and the documents the platform itself writes.
 */
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import * as assert from "assert";
import { executionPolicy, secretsPolicy, taskPolicy } from "../../infra/serviceRoles";
import {
    actionProblem,
    arnProblems,
    arnShapeProblem,
    conditionKeyProblem,
    documentProblems,
    grammarProblems,
    iamPolicyDocuments,
    isConditionOperator,
    PolicyKind,
    policySize,
    SIZE_LIMITS,
} from "../../lint/checks/iam";
import { Finding, LintLevel } from "../../lint/finding";
import { PlanIndex } from "../../lint/planIndex";
import { Plan, PlanResource, UNKNOWN } from "../../plan/planFormat";

type Doc = any;

const T = { ...RESOURCE_TYPES, policy: RESOURCE_TYPES.iamPolicy };

function resource(type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): PlanResource {
    return { urn: `urn:pulumi:test::p::${type}::${name}`, type, name, custom: true, inputs, dependencies: [], propertyDependencies, options: {} };
}

function planOf(...resources: PlanResource[]): PlanIndex {
    const plan: Plan = { version: 1, project: "p", stack: "test", unknown: UNKNOWN, resources, outputs: {} };
    return new PlanIndex(plan);
}

const run = async (...resources: PlanResource[]) => iamPolicyDocuments.run(planOf(...resources));
const clone = (doc: Doc): Doc => JSON.parse(JSON.stringify(doc));
const show = (fs: Finding[]) => fs.map((f) => `${f.level} ${f.message}`).join("\n");

// ---------------------------------------------------------------------------------------------------------------------
// The documents the platform writes. Trust: the one infra/trust.ts writes for ECS tasks.

const ACCOUNT = "123456789012";
const ECS_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` } },
        },
    ],
};
const EXECUTION = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "WriteLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/x:*`,
        },
        { Sid: "EcrToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
        {
            Sid: "PullImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/api`,
        },
        {
            Sid: "ReadServiceSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue"],
            Resource: [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:api/db-AbCdEf`],
        },
        {
            Sid: "DecryptServiceSecrets",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        },
    ],
};

// ---------------------------------------------------------------------------------------------------------------------
// The four resource forms, each with a valid document of two statements (rules break Statement[1]).

interface Form {
    name: string;
    kind: PolicyKind;
    /** The input path findings name. */
    input: string;
    /** Whether IAM's own rules (alphanumeric unique Sid, character set, size quotas) apply. */
    iam: boolean;
    base: Doc;
    /** A misspelt action of the document's service, and what the check suggests. */
    typo: [string, string];
    build(raw: unknown): PlanResource[];
}

const IDENTITY_BASE = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "EcrToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "PullImage", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:Get*"], Resource: [`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/api`] },
    ],
};
const TRUST_BASE = {
    Version: "2012-10-17",
    Statement: [
        ECS_TRUST.Statement[0],
        {
            Sid: "Deployer",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: { StringEquals: { "sts:ExternalId": "deploy" } },
        },
    ],
};
const BUCKET_BASE = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "Deny insecure transport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "ElbLogs",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: ["s3:PutObject"],
            Resource: [`arn:aws:s3:::logs/AWSLogs/${ACCOUNT}/*`],
        },
    ],
};

const text = (raw: unknown) => (typeof raw === "string" ? raw : JSON.stringify(raw));
const FORMS: Form[] = [
    {
        name: "RolePolicy",
        kind: "identity",
        input: "policy",
        iam: true,
        base: IDENTITY_BASE,
        typo: ["ecr:GetDownloadUrlForLayers", "ecr:GetDownloadUrlForLayer"],
        build: (raw) => [resource(T.rolePolicy, "exec", { role: "exec-role", policy: text(raw) })],
    },
    {
        name: "Role assumeRolePolicy",
        kind: "trust",
        input: "assumeRolePolicy",
        iam: true,
        base: TRUST_BASE,
        typo: ["sts:AssumeRol", "sts:AssumeRole"],
        build: (raw) => [resource(T.iamRole, "task", { assumeRolePolicy: text(raw) })],
    },
    {
        name: "Role inlinePolicies",
        kind: "identity",
        input: "inlinePolicies[0].policy",
        iam: true,
        base: IDENTITY_BASE,
        typo: ["ecr:BatchGetImages", "ecr:BatchGetImage"],
        build: (raw) => [resource(T.iamRole, "task", { assumeRolePolicy: JSON.stringify(ECS_TRUST), inlinePolicies: [{ name: "pull", policy: text(raw) }] })],
    },
    {
        name: "BucketPolicy",
        kind: "resource",
        input: "policy",
        iam: false,
        base: BUCKET_BASE,
        typo: ["s3:PutObjekt", "s3:PutObject"],
        build: (raw) => [resource(T.bucketPolicy, "logs", { bucket: "logs", policy: text(raw) })],
    },
];

// ---------------------------------------------------------------------------------------------------------------------
// The rules: how to break a valid document, and the finding that must follow.

interface Rule {
    name: string;
    /** Forms the rule applies to (default: all). */
    applies?: (form: Form) => boolean;
    /** Breaks a copy of the form's valid document (or returns raw text). */
    violate(doc: Doc, form: Form): unknown;
    /** A document that must pass, when the rule has a notable passing form beyond the base document. */
    pass?(doc: Doc, form: Form): unknown;
    level: LintLevel;
    /** JSON path in the document ("" for the whole document). */
    path: string | ((form: Form) => string);
    /** Text the message must hold. */
    says: string | ((form: Form) => string);
}

const s1 = (doc: Doc) => doc.Statement[1];
const isIdentity = (f: Form) => f.kind === "identity";
const principalForms = (f: Form) => f.kind !== "identity";
const resourceForms = (f: Form) => f.kind !== "trust";
const manyArns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/service-number-${i}`);
const manyAccounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

const RULES: Rule[] = [
    { name: "document is JSON", violate: () => '{"Version": "2012-10-17",', level: "error", path: "", says: "is not JSON" },
    { name: "document is an object", violate: () => JSON.stringify(JSON.stringify(IDENTITY_BASE)), level: "error", path: "", says: "JSON encoded twice" },
    {
        name: "Version is 2012-10-17 or 2008-10-17",
        violate: (d) => ({ ...d, Version: "2012-10-18" }),
        pass: (d) => ({ ...d, Version: "2008-10-17" }),
        level: "error",
        path: "Version",
        says: "Version must be",
    },
    {
        name: "top-level fields",
        violate: (d) => ({ ...d, Statements: d.Statement }),
        pass: (d) => ({ Id: "policy1", ...d }),
        level: "error",
        path: "Statements",
        says: 'unknown field "Statements"',
    },
    { name: "Statement present", violate: (d) => ({ Version: d.Version }), level: "error", path: "Statement", says: "no Statement" },
    {
        name: "Statement non-empty",
        violate: (d) => ({ ...d, Statement: [] }),
        pass: (d) => ({ ...d, Statement: d.Statement[0] }),
        level: "error",
        path: "Statement",
        says: "empty array",
    },
    {
        name: "statement fields",
        violate: (d) => ((s1(d).Conditions = {}), d),
        level: "error",
        path: "Statement[1].Conditions",
        says: 'unknown field "Conditions"',
    },
    { name: "Effect Allow|Deny", violate: (d) => ((s1(d).Effect = "allow"), d), level: "error", path: "Statement[1].Effect", says: '"Allow" or "Deny"' },
    {
        name: "Action xor NotAction (both)",
        violate: (d) => ((s1(d).NotAction = "s3:GetObject"), d),
        level: "error",
        path: "Statement[1]",
        says: "both Action and NotAction",
    },
    {
        name: "Action xor NotAction (neither)",
        violate: (d) => (delete s1(d).Action, d),
        pass: (d) => ((s1(d).NotAction = s1(d).Action), delete s1(d).Action, d),
        level: "error",
        path: "Statement[1]",
        says: "neither Action nor NotAction",
    },
    {
        name: "action has a service prefix",
        violate: (d) => ((s1(d).Action = ["GetObject"]), d),
        level: "error",
        path: "Statement[1].Action[0]",
        says: "must be prefaced by a vendor",
    },
    {
        name: "no Principal in identity policies",
        applies: isIdentity,
        violate: (d) => ((s1(d).Principal = "*"), d),
        level: "error",
        path: "Statement[1].Principal",
        says: "Has prohibited field Principal",
    },
    {
        name: "Principal required",
        applies: principalForms,
        violate: (d) => (delete s1(d).Principal, d),
        level: "error",
        path: "Statement[1]",
        says: "neither Principal nor NotPrincipal",
    },
    {
        name: "Principal shape",
        applies: principalForms,
        violate: (d) => ((s1(d).Principal = { Services: "ecs.amazonaws.com" }), d),
        level: "error",
        path: "Statement[1].Principal.Services",
        says: "unknown field",
    },
    {
        name: "AWS principal is an account or ARN",
        applies: principalForms,
        violate: (d) => ((s1(d).Principal = { AWS: "my-account" }), d),
        level: "error",
        path: "Statement[1].Principal.AWS",
        says: "Invalid principal in policy",
    },
    {
        name: "no Resource in trust policies",
        applies: (f) => f.kind === "trust",
        violate: (d) => ((s1(d).Resource = "*"), d),
        level: "error",
        path: "Statement[1].Resource",
        says: "Has prohibited field Resource",
    },
    {
        name: "Resource required in identity policies",
        applies: isIdentity,
        violate: (d) => (delete s1(d).Resource, d),
        level: "error",
        path: "Statement[1]",
        says: "neither Resource nor NotResource",
    },
    {
        name: "Resource xor NotResource",
        applies: resourceForms,
        violate: (d) => ((s1(d).NotResource = "arn:aws:s3:::other"), d),
        pass: (d) => ((s1(d).NotResource = s1(d).Resource), delete s1(d).Resource, d),
        level: "error",
        path: "Statement[1]",
        says: "both Resource and NotResource",
    },
    {
        name: "Sid alphanumeric (IAM) / free text (S3)",
        applies: (f) => f.iam,
        violate: (d) => ((s1(d).Sid = "pull-image"), d),
        pass: (d) => ((s1(d).Sid = "PullImage2"), d),
        level: "error",
        path: "Statement[1].Sid",
        says: "must be alphanumeric",
    },
    {
        name: "Sid unique",
        applies: (f) => f.iam,
        violate: (d) => ((d.Statement[0].Sid = "Same"), (s1(d).Sid = "Same"), d),
        level: "error",
        path: "Statement[1].Sid",
        says: "must be unique",
    },
    {
        name: "condition operators known",
        violate: (d) => ((s1(d).Condition = { StringEqualz: { "aws:SourceAccount": ACCOUNT } }), d),
        pass: (d) => (
            (s1(d).Condition = {
                "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["team*"] },
                NumericLessThanEquals: { "aws:MultiFactorAuthAge": 3600 },
                Null: { "aws:TokenIssueTime": "false" },
            }),
            d
        ),
        level: "error",
        path: "Statement[1].Condition.StringEqualz",
        says: "Invalid Condition type",
    },
    {
        name: "operators case-sensitive",
        violate: (d) => ((s1(d).Condition = { stringEquals: { "aws:SourceAccount": ACCOUNT } }), d),
        level: "error",
        path: "Statement[1].Condition.stringEquals",
        says: "case-sensitive",
    },
    {
        name: "no IfExists on Null",
        violate: (d) => ((s1(d).Condition = { NullIfExists: { "aws:TokenIssueTime": "false" } }), d),
        level: "error",
        path: "Statement[1].Condition.NullIfExists",
        says: "unknown condition operator",
    },
    {
        name: "actions exist",
        violate: (d, f) => ((s1(d).Action = [f.typo[0]]), d),
        level: "warning",
        path: "Statement[1].Action[0]",
        says: (f) => `the action ${f.typo[0]} does not exist (did you mean ${f.typo[1]}`,
    },
    {
        name: "service prefixes exist",
        violate: (d) => ((s1(d).Action = ["secretmanager:GetSecretValue"]), d),
        level: "warning",
        path: "Statement[1].Action[0]",
        says: 'service prefix "secretmanager" of secretmanager:GetSecretValue does not exist (did you mean secretsmanager?)',
    },
    {
        name: "wildcard actions match an action",
        violate: (d, f) => ((s1(d).Action = [`${f.typo[1].split(":")[0]}:Gte*`]), d),
        pass: (d, f) => ((s1(d).Action = [`${f.typo[1].split(":")[0]}:*`, "*"]), d),
        level: "warning",
        path: "Statement[1].Action[0]",
        says: "matches no action of",
    },
    {
        name: "condition keys exist",
        violate: (d) => ((s1(d).Condition = { StringEquals: { "aws:SourceAcount": ACCOUNT } }), d),
        pass: (d) => (
            (s1(d).Condition = {
                StringEquals: {
                    "aws:sourceaccount": ACCOUNT,
                    "aws:PrincipalTag/team": "x",
                    "secretsmanager:ResourceTag/env": "prod",
                    "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
                },
            }),
            d
        ),
        level: "warning",
        path: "Statement[1].Condition.StringEquals.aws:SourceAcount",
        says: "did you mean aws:SourceAccount",
    },
    {
        name: "ARN has six fields",
        applies: resourceForms,
        violate: (d) => ((s1(d).Resource = ["arn:aws:s3"]), d),
        level: "error",
        path: "Statement[1].Resource[0]",
        says: "fewer than the six fields",
    },
    {
        name: "ARN names a resource",
        applies: resourceForms,
        violate: (d) => ((s1(d).Resource = ["arn:aws:s3:::"]), d),
        level: "error",
        path: "Statement[1].Resource[0]",
        says: "names no resource",
    },
    {
        name: "ARN without white space",
        applies: resourceForms,
        violate: (d) => ((s1(d).Resource = ["arn:aws:s3:::logs /*"]), d),
        level: "error",
        path: "Statement[1].Resource[0]",
        says: "white space",
    },
    {
        name: "Resource is an ARN or *",
        applies: resourceForms,
        violate: (d) => ((s1(d).Resource = ["logs-bucket"]), d),
        level: "error",
        path: "Statement[1].Resource[0]",
        says: "must be in ARN format",
    },
    {
        name: "ARN partition exists",
        applies: resourceForms,
        violate: (d) => ((s1(d).Resource = ["arn:${Partition}x:s3:::logs", "arn:aws-gov:s3:::logs"]), d),
        pass: (d) => ((s1(d).Resource = ["arn:aws-us-gov:s3:::logs/*", "arn:aws-cn:s3:::logs", "arn:aws-eusc:s3:::logs"]), d),
        level: "error",
        path: "Statement[1].Resource[1]",
        says: 'Partition "aws-gov" is not valid for resource',
    },
    {
        name: "ARN account is 12 digits",
        applies: resourceForms,
        violate: (d) => ((s1(d).Resource = ["arn:aws:ecr:eu-west-1:12345:repository/api"]), d),
        pass: (d) => (
            (s1(d).Resource = [
                "arn:aws:ecr:eu-west-1:*:repository/api",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:s3:::${aws:PrincipalAccount}-logs/*",
            ]),
            d
        ),
        level: "warning",
        path: "Statement[1].Resource[0]",
        says: "not a 12-digit account ID",
    },
    {
        name: "S3 bucket ARNs have no region or account",
        applies: resourceForms,
        violate: (d) => ((s1(d).Resource = [`arn:aws:s3:eu-west-1:${ACCOUNT}:logs/*`]), d),
        pass: (d) => ((s1(d).Resource = [`arn:aws:s3:eu-west-1:${ACCOUNT}:accesspoint/logs`, "arn:aws:s3:::logs"]), d),
        level: "warning",
        path: "Statement[1].Resource[0]",
        says: "matches no resource",
    },
    {
        name: "characters tab, LF, CR, U+0020-U+00FF (IAM)",
        applies: (f) => f.iam,
        violate: (d) => ((s1(d).Condition = { StringEquals: { "aws:PrincipalTag/team": "caf\u00e9 \u2192 bar" } }), d),
        pass: (d) => ((s1(d).Condition = { StringEquals: { "aws:PrincipalTag/team": "caf\u00e9" } }), d),
        level: "error",
        path: "",
        says: "U+2192",
    },
    {
        name: "size quota (trust 2,048; inline 10,240)",
        applies: (f) => f.iam,
        violate: (d, f) => (
            f.kind === "trust" ? (s1(d).Condition = { StringEquals: { "aws:SourceAccount": manyAccounts(160) } }) : (s1(d).Resource = manyArns(180)),
            d
        ),
        pass: (d, f) => (
            f.kind === "trust" ? (s1(d).Condition = { StringEquals: { "aws:SourceAccount": manyAccounts(100) } }) : (s1(d).Resource = manyArns(120)),
            JSON.stringify(d, null, 8)
        ),
        level: "error",
        path: "",
        says: (f) => `over IAM's ${f.kind === "trust" ? "2,048" : "10,240"}`,
    },
];

const pathOf = (rule: Rule, form: Form) => (typeof rule.path === "string" ? rule.path : rule.path(form));
const saysOf = (rule: Rule, form: Form) => (typeof rule.says === "string" ? rule.says : rule.says(form));

describe("lint: iam-policy-document", () => {
    for (const form of FORMS) {
        describe(form.name, () => {
            it("passes its valid document with zero findings", async () => {
                const findings = await run(...form.build(clone(form.base)));
                assert.deepStrictEqual(findings, [], show(findings));
            });

            for (const rule of RULES.filter((r) => !r.applies || r.applies(form))) {
                it(`${rule.name}: flags the violating document`, async () => {
                    const findings = await run(...form.build(rule.violate(clone(form.base), form)));
                    const where = pathOf(rule, form) ? `${form.input}.${pathOf(rule, form)}: ` : `${form.input}: `;
                    const hit = findings.find((f) => f.message.startsWith(where) && f.message.includes(saysOf(rule, form)));
                    assert.ok(hit, `expected ${rule.level} at ${where}… saying ${saysOf(rule, form)}; got:\n${show(findings)}`);
                    assert.strictEqual(hit.level, rule.level);
                    assert.strictEqual(hit.check, "iam-policy-document");
                    assert.ok(hit.source, "a finding gives its source");
                    assert.match(hit.message, rule.level === "error" ? /refuses the document \(/ : /\(IAM accepts it\)|matches no resource/);
                });
                if (rule.pass) {
                    it(`${rule.name}: passes the allowed variant`, async () => {
                        const findings = await run(...form.build(rule.pass!(clone(form.base), form)));
                        assert.deepStrictEqual(findings, [], show(findings));
                    });
                }
            }
        });
    }

    it("lets S3 bucket policies use Sids with spaces and repeats, which IAM would refuse", async () => {
        const doc = clone(BUCKET_BASE);
        doc.Statement[1].Sid = doc.Statement[0].Sid;
        assert.deepStrictEqual(await run(resource(T.bucketPolicy, "logs", { bucket: "logs", policy: JSON.stringify(doc) })), []);
        assert.ok((await documentProblems(doc, "identity")).some((p) => p.message.includes("alphanumeric")));
    });

    it("says which service refuses: S3 for a bucket policy, IAM for a role", async () => {
        const broken = (d: Doc) => ((d.Statement[0].Effect = "Permit"), JSON.stringify(d));
        const [s3] = await run(resource(T.bucketPolicy, "logs", { policy: broken(clone(BUCKET_BASE)) }));
        const [iam] = await run(resource(T.rolePolicy, "exec", { policy: broken(clone(IDENTITY_BASE)) }));
        assert.match(s3.message, /^policy\.Statement\[0\]\.Effect: S3 refuses the document \(PutBucketPolicy\)/);
        assert.match(iam.message, /^policy\.Statement\[0\]\.Effect: IAM refuses the document \(PutRolePolicy\)/);
    });

    it("judges managed policies, EFS, Secrets Manager and KMS key policies, and skips a key without a policy", async () => {
        const badAction = (d: Doc, action: string) => ((d.Statement[1].Action = [action]), JSON.stringify(d));
        const resourceDoc = (service: string, action: string, arn: string) => ({
            Version: "2012-10-17",
            Statement: [
                { Sid: "A", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: `${service}:*`, Resource: arn },
                { Sid: "B", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: action, Resource: arn },
            ],
        });
        const findings = await run(
            resource(T.policy, "managed", { policy: badAction(clone(IDENTITY_BASE), "ecr:BatchGetImages") }),
            resource(T.efsFileSystemPolicy, "efs", {
                fileSystemId: "fs-1",
                policy: badAction(resourceDoc("elasticfilesystem", "elasticfilesystem:ClientMount", "*"), "elasticfilesystem:ClientMounts"),
            }),
            resource(T.secretPolicy, "secret", {
                secretArn: "x",
                policy: badAction(resourceDoc("secretsmanager", "secretsmanager:GetSecretValue", "*"), "secretsmanager:GetSecretValues"),
            }),
            resource(T.kmsKey, "key", { policy: badAction(resourceDoc("kms", "kms:Decrypt", "*"), "kms:Decrypts") }),
            resource(T.kmsKey, "default-policy-key", { description: "no policy" }),
        );
        assert.deepStrictEqual(
            findings.map((f) => [f.resource, f.level, f.message.split(" does not exist")[0]]),
            [
                [`${T.policy} managed`, "warning", "policy.Statement[1].Action[0]: the action ecr:BatchGetImages"],
                [`${T.efsFileSystemPolicy} efs`, "warning", "policy.Statement[1].Action[0]: the action elasticfilesystem:ClientMounts"],
                [`${T.secretPolicy} secret`, "warning", "policy.Statement[1].Action[0]: the action secretsmanager:GetSecretValues"],
                [`${T.kmsKey} key`, "warning", "policy.Statement[1].Action[0]: the action kms:Decrypts"],
            ],
        );
    });

    it("flags a managed policy over 6,144 characters", async () => {
        const doc = clone(IDENTITY_BASE);
        doc.Statement[1].Resource = manyArns(100);
        const [f] = await run(resource(T.policy, "managed", { policy: JSON.stringify(doc) }));
        assert.strictEqual(f.level, "error");
        assert.match(
            f.message,
            /^policy: IAM refuses the document \(CreatePolicy\): the managed policy is [\d,]+ characters without white space, over IAM's 6,144/,
        );
        assert.match(f.source ?? "", /IAM and AWS STS quotas.*read 2026-12-02/);
    });

    it("adds up a role's inline policies and RolePolicy resources against the 10,240 quota", async () => {
        const doc = clone(IDENTITY_BASE);
        doc.Statement[1].Resource = manyArns(90);
        const policy = JSON.stringify(doc);
        assert.ok(policySize(policy) < SIZE_LIMITS.inline && 2 * policySize(policy) > SIZE_LIMITS.inline);
        const role = resource(T.iamRole, "task", { name: "task-role", assumeRolePolicy: JSON.stringify(ECS_TRUST), inlinePolicies: [{ name: "a", policy }] });
        const byWiring = resource(T.rolePolicy, "b", { role: UNKNOWN, policy }, { role: [role.urn] });
        const byName = resource(T.rolePolicy, "c", { role: "other-role", policy });
        const findings = await run(role, byWiring, byName);
        assert.strictEqual(findings.length, 1, show(findings));
        assert.strictEqual(findings[0].urn, role.urn);
        assert.match(
            findings[0].message,
            /inline policies together are [\d,]+ characters .*inlinePolicies\[0\]\.policy [\d,]+, RolePolicy b [\d,]+\), over IAM's 10,240 per role/,
        );
        assert.deepStrictEqual(await run(role, byName), []);
    });

    describe("unknown documents", () => {
        const unknownDoc = JSON.stringify({ ...IDENTITY_BASE, Statement: [{ Effect: "Allow", Action: "logs:PutLogEvent", Resource: `${UNKNOWN}:*` }] });
        it("skips them and lists them in unknownInputs", async () => {
            const plan = planOf(
                resource(T.rolePolicy, "exec", { role: "r", policy: unknownDoc }),
                resource(T.iamRole, "task", {
                    assumeRolePolicy: UNKNOWN,
                    inlinePolicies: [
                        { name: "known", policy: JSON.stringify(IDENTITY_BASE) },
                        { name: "later", policy: unknownDoc },
                    ],
                }),
                resource(T.iamRole, "other", { assumeRolePolicy: JSON.stringify(ECS_TRUST), inlinePolicies: UNKNOWN }),
                resource(T.bucketPolicy, "logs", { bucket: "logs", policy: UNKNOWN }),
            );
            assert.deepStrictEqual(await iamPolicyDocuments.run(plan), []);
            assert.deepStrictEqual(
                [...plan.unknownInputs].sort(),
                [
                    `${T.bucketPolicy} logs.policy`,
                    `${T.iamRole} other.inlinePolicies`,
                    `${T.iamRole} task.assumeRolePolicy`,
                    `${T.iamRole} task.inlinePolicies[1].policy`,
                    `${T.rolePolicy} exec.policy`,
                ].sort(),
            );
        });
    });

    describe("the documents the platform writes", () => {
        it("passes the ECS execution policy and the ecs-tasks trust policy with zero findings", async () => {
            const role = resource(T.iamRole, "api-execution", { assumeRolePolicy: JSON.stringify(ECS_TRUST) });
            const policy = resource(T.rolePolicy, "api-execution", { role: "api-execution", policy: JSON.stringify(EXECUTION) }, { role: [role.urn] });
            const findings = await run(role, policy);
            assert.deepStrictEqual(findings, [], show(findings));
        });

        it("passes what infra/serviceRoles.ts writes (execution, secrets, task role with ECS Exec and EFS)", async () => {
            const logGroup = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/api`;
            const docs = [
                executionPolicy(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0`, logGroup),
                secretsPolicy([`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:api/db-AbCdEf:password::`], `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`),
                taskPolicy({
                    statements: [{ effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::assets/*"] }],
                    executeCommand: true,
                    execSessions: { kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`, logGroupArn: logGroup },
                    efs: {
                        fileSystemArn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/fs-1`,
                        accessPointArn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:access-point/fsap-1`,
                        readOnly: false,
                    },
                } as Parameters<typeof taskPolicy>[0]),
            ];
            for (const doc of docs) assert.deepStrictEqual(await documentProblems(doc, "identity"), [], JSON.stringify(doc));
        });
    });

    describe("helpers", () => {
        it("grammarProblems: the identity/trust/resource split of Principal and Resource", () => {
            const st = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Principal: "*" };
            const paths = (kind: PolicyKind) => grammarProblems({ Version: "2012-10-17", Statement: st }, kind).map((p) => p.path);
            assert.deepStrictEqual(paths("identity"), ["Statement.Principal"]);
            assert.deepStrictEqual(paths("trust"), ["Statement.Resource"]);
            assert.deepStrictEqual(paths("resource"), []);
        });

        it("isConditionOperator: prefixes, IfExists, case", () => {
            for (const op of [
                "StringEquals",
                "ForAllValues:StringNotLikeIfExists",
                "ArnLike",
                "DateGreaterThanEquals",
                "Null",
                "ForAnyValue:Null",
                "IpAddressIfExists",
            ])
                assert.ok(isConditionOperator(op), op);
            for (const op of ["stringequals", "NullIfExists", "StringLikeIgnoreCase", "ForSomeValues:StringEquals", "IfExists"])
                assert.ok(!isConditionOperator(op), op);
        });

        it("arnProblems: errors IAM refuses, warnings for fields nothing has", () => {
            const levels = (arn: string) => arnProblems(arn).map((p) => p.level);
            assert.deepStrictEqual(levels("*"), []);
            assert.deepStrictEqual(levels("arn:aws:iam::123456789012:user/${aws:username}"), []);
            assert.deepStrictEqual(levels("arn:aws:logs:*:*:log-group:/ecs/*"), []);
            assert.deepStrictEqual(levels("arn:aws:s3:::"), ["error"]);
            assert.deepStrictEqual(levels("arn:aws:s3::bucket"), ["error"]);
            assert.deepStrictEqual(levels("arn:aws:logs:eu-west-9:123456789012:log-group:x"), ["warning"]);
            assert.deepStrictEqual(levels("arn:aws:SecretsManager:eu-west-1:123456789012:secret:x"), ["warning"]);
        });

        it("arnShapeProblem: resource types of the service, from the data", async () => {
            assert.strictEqual(await arnShapeProblem(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/ecs/x`), undefined);
            assert.match((await arnShapeProblem(`arn:aws:logs:eu-west-1:${ACCOUNT}:loggroup:/ecs/x`)) ?? "", /is no logs resource/);
            assert.match((await arnShapeProblem("arn:aws:logs:::log-group:x")) ?? "", /no region and no account/);
            assert.strictEqual(await arnShapeProblem("arn:aws:not-a-service:eu-west-1:123456789012:thing/x"), undefined);
        });

        it("actionProblem / conditionKeyProblem: case-insensitive, and not fooled by prototype names", async () => {
            assert.strictEqual(await actionProblem("ECR:getauthorizationtoken"), undefined);
            assert.match((await actionProblem("ecr:constructor")) ?? "", /does not exist/);
            assert.match((await actionProblem("constructor:GetThing")) ?? "", /service prefix "constructor"/);
            assert.strictEqual(await conditionKeyProblem("AWS:SOURCEARN"), undefined);
            assert.strictEqual(await conditionKeyProblem("elasticfilesystem:AccessPointArn"), undefined);
            assert.strictEqual(await conditionKeyProblem("token.actions.githubusercontent.com:sub"), undefined);
            assert.match((await conditionKeyProblem("constructor:x")) ?? "", /does not exist/);
            assert.match((await conditionKeyProblem("kms:ViaServices")) ?? "", /did you mean kms:ViaService/);
        });

        it("policySize does not count white space", () => {
            assert.strictEqual(policySize(JSON.stringify(EXECUTION, null, 4)), policySize(JSON.stringify(EXECUTION)));
            assert.strictEqual(policySize(' {\n\t"a" : 1 }'), 7);
        });
    });
});
