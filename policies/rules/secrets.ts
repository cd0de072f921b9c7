import { ResourceRule } from "../lib/rule";
/** Secrets rules: secrets reach containers through Secrets Manager only, and access to them is scoped. */
import { containerLabel, containersOf, isTaskDefinition } from "../lib/containers";
import { credentialKind } from "../lib/credentials";
import { SECRET_READ } from "@ecs-platform/shared/iamActions";
import { appliesToAllResources, carriesIdentityPolicy, forEachStatement, grantsAction } from "../lib/iamDocuments";
import { RESOURCE_TYPES } from "@ecs-platform/shared/resourceTypes";
import { isSecretsManagerArn, looksSecretName } from "@ecs-platform/shared/secretNames";
import { Judgement } from "../lib/unknowns";
import { decodeUserData, userDataFindings } from "../lib/userData";

/** Parameter types whose values are stored in plain text. Source: AWS Systems Manager User Guide, "Parameter types". */
const PLAIN_PARAMETER_TYPES = ["String", "StringList"];

function ssmParameterProblems(props: Record<string, any>, name: string): string[] {
    const problems: string[] = [];
    if (!PLAIN_PARAMETER_TYPES.includes(props.type)) return problems;
    const judged = `SSM parameter "${name}" is a plain ${props.type}`;
    const fix = "store it in Secrets Manager and reference its ARN from the task's secrets.";
    // The whole path is read as one name: "/" separates parts as "_" does (/prod/db/password, /prod/api-token/v2).
    if (looksSecretName(name)) problems.push(`${judged} with a secret-looking name; ${fix}`);
    const raw = props.value ?? props.insecureValue;
    if (typeof raw === "string") {
        // A StringList is comma-separated (AWS Systems Manager User Guide, "Parameter types").
        const items = props.type === "StringList" ? raw.split(",") : [raw];
        const kinds = [...new Set(items.map((item) => credentialKind(item.trim(), name.split("/").pop())).filter(Boolean))];
        for (const kind of kinds) problems.push(`${judged} whose value looks like ${kind}; ${fix}`);
    }
    return problems;
}

export const secretsOnlyViaSecretsManager: ResourceRule = {
    name: "secrets-only-via-secrets-manager",
    refuses:
        'environment variables with secret-looking names (parts such as `PASSWORD`, `PASS`, `PWD`, `TOKEN`, `SECRET`, plurals, and tools\' own variables: `PGPASSWORD`, `SENTRY_DSN`, `ECS_ENGINE_AUTH_DATA`…; shared with the config validator) or credential-looking values (AWS access key ids, private keys, JWTs, URLs with a password, GitHub/Slack/Stripe/Google/npm keys, high-entropy tokens; commit ids under `*_SHA`, `*_COMMIT`, `*_REVISION`, `*_DIGEST` pass); `secrets[].valueFrom` that is not a Secrets Manager ARN; plain `String`/`StringList` SSM parameters with a secret-looking name or value (item by item); credentials in EC2 user data (`NAME=literal`, `"password": "…"`, known credential formats)',
    reads: "container definitions (JSON string or array), `aws.ssm.Parameter` `value`/`insecureValue`, `aws.ec2.LaunchTemplate` `userData` (base64, gzip too), `aws.ec2.Instance` `userData`/`userDataBase64`",
    rationale:
        "Plain environment variables, SSM String parameters and user data are readable by anyone who can describe the task definition, parameter or instance, and end up in logs and state files.",
    remediation: "Move the value to Secrets Manager and reference it from `services[].secrets` (the task gets it at start through the execution role).",
    description:
        "Containers get secrets from Secrets Manager: no secret-looking environment variables or credential values, " +
        "every secrets[].valueFrom a Secrets Manager ARN; no plain String or StringList SSM parameter with a " +
        "secret-looking name or value; no credentials in EC2 user data.",
    validateResource: (args, report) => {
        if (args.type === RESOURCE_TYPES.ssmParameter) {
            for (const problem of ssmParameterProblems(args.props, String(args.props.name ?? args.name))) report(problem);
            return;
        }
        if (args.type === RESOURCE_TYPES.launchTemplate || args.type === RESOURCE_TYPES.ec2Instance) {
            const encoded = args.type === RESOURCE_TYPES.launchTemplate ? args.props.userData : args.props.userDataBase64;
            const text = typeof encoded === "string" ? decodeUserData(encoded) : args.props.userData;
            if (typeof text !== "string") return;
            for (const finding of userDataFindings(text)) {
                report(`user data ${finding}; read it at boot from Secrets Manager (or SSM SecureString) instead of writing it into the template.`);
            }
            return;
        }
        if (!isTaskDefinition(args.type)) return;
        containersOf(args.props).forEach((container, i) => {
            const label = containerLabel(container, i);
            for (const entry of container.environment ?? []) {
                const name = String(entry.name ?? "");
                const kind = typeof entry.value === "string" ? credentialKind(entry.value, name) : undefined;
                if (looksSecretName(name)) {
                    report(`${label}: environment variable ${name} looks like a secret; move it to secrets[] with a Secrets Manager ARN.`);
                } else if (kind) {
                    report(
                        `${label}: the value of environment variable ${name} looks like ${kind}; move it to Secrets Manager and reference it from secrets[].`,
                    );
                }
            }
            for (const secret of container.secrets ?? []) {
                const from = String(secret.valueFrom ?? "");
                if (!isSecretsManagerArn(from)) {
                    report(
                        `${label}: secret ${secret.name} comes from "${from}", not a Secrets Manager ARN ` +
                            `(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME); SSM parameters are not allowed for secrets.`,
                    );
                }
            }
        });
    },
};

export const secretAccessScoped: ResourceRule = {
    name: "secret-access-scoped",
    refuses:
        "`secretsmanager:GetSecretValue` (also via `secretsmanager:*`, `Get*`, `*`, NotAction) on every resource: `*`, `arn:aws:*:*:*:*`, `arn:aws:secretsmanager:*:*:secret:*` and any pattern that covers all secrets",
    reads: "`aws.iam.Policy`, `RolePolicy`, `UserPolicy`, `GroupPolicy`, `Role.inlinePolicies` (JSON strings or objects); AWS managed policies by their statements, attached through `RolePolicyAttachment`, `UserPolicyAttachment`, `GroupPolicyAttachment`, `PolicyAttachment`, the three `…PolicyAttachmentsExclusive` and `Role.managedPolicyArns`",
    rationale: "A role that may read every secret turns one compromised task into a leak of every credential in the account.",
    remediation: "Grant `secretsmanager:GetSecretValue` on the ARNs of the secrets the task reads (the platform does so for `services[].secrets`).",
    description: "No IAM statement grants secretsmanager:GetSecretValue (directly or through a wildcard) on every resource.",
    validateResource: (args, report) => {
        if (!carriesIdentityPolicy(args)) return;
        const judgement = new Judgement();
        forEachStatement(args.type, args.props, report, judgement, (statement, label) => {
            if (grantsAction(statement, SECRET_READ) && appliesToAllResources(statement)) {
                report(`${label} grants ${SECRET_READ} on every secret; list the secret ARNs the role needs.`);
            }
        });
        judgement.finish();
    },
};

export const secretsPolicies = [secretsOnlyViaSecretsManager, secretAccessScoped];
