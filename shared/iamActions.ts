/** IAM actions the rules single out. */

/** Reading a secret's value. */
export const SECRET_READ = "secretsmanager:GetSecretValue";

/**
 * Actions that let a principal give itself (or a role it can use) more permissions than it has. The first four are
 * the issue's; the rest are the IAM paths of Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and
 * Mitigation" (2018-07, read 2026-12-02): a new default policy version, attaching or writing policies on users and
 * groups, joining a group, rewriting a trust policy, creating credentials for another user.
 */
export const ESCALATION_ACTIONS = [
    "iam:PassRole",
    "iam:CreateRole",
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:AddUserToGroup",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:DeleteRolePermissionsBoundary",
] as const;
