/** Where the IAM policy document check's rules come from, each with the date it was read. */

/** Sources, with the date they were read. */
export const SOURCES = {
    grammar: 'IAM User Guide, "IAM JSON policy element reference" and "Grammar of the IAM JSON policy language", read 2026-12-02',
    quotas: 'IAM User Guide, "IAM and AWS STS quotas", IAM and STS character limits (white space not counted), read 2026-12-02',
    operators: 'IAM User Guide, "IAM JSON policy elements: Condition operators" (names case-sensitive; IAM: "Invalid Condition type"), read 2026-12-02',
    sid: 'IAM User Guide, "IAM JSON policy elements: Sid" (A-Z, a-z, 0-9, unique within an IAM policy), read 2026-12-02',
    characters: 'IAM User Guide, "IAM and AWS STS quotas", IAM name requirements (tab, LF, CR, U+0020-U+00FF only), read 2026-12-02',
    arn: 'IAM User Guide, "IAM JSON policy elements: Resource" and "IAM identifiers" (ARN format); IAM error "Partition … is not valid for resource" (e.g. github.com/eksctl-io/eksctl/issues/4329), read 2026-12-02',
    partitions:
        "AWS SDK partition data (awsdata/generated/regions.json: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc), read 2026-12-02",
    trustActions: 'IAM User Guide, "IAM JSON policy elements: Principal" and "Role terms and concepts" (a trust policy governs sts: actions), read 2026-12-02',
};
