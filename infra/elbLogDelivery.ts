/**
 * Who writes ALB access logs into the bucket. Regions opened before August 2022 deliver as a regional Elastic Load
 * Balancing account; newer regions as the service principal logdelivery.elasticloadbalancing.amazonaws.com.
 * Source: Elastic Load Balancing User Guide, "Enable access logs for your Application Load Balancer", step 2
 * "Attach a policy to your S3 bucket" (read 2026-11-23). A region missing here gets the service principal only.
 * The China and GovCloud accounts are not on that page (each partition documents its own); they are as the AWS CDK's
 * region facts (@aws-cdk/region-info 2.269.0, `elbv2Account`) have them, not verified against the partitions' own
 * guides. tests/elbLogDelivery.test.ts compares the whole table with region-info, so a change on either side shows.
 */
import { partitionOf } from "../awsdata/regions";

const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580",
    "ap-south-1": "718504428378",
    "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
    "us-gov-west-1": "048591011584",
    "us-gov-east-1": "190560391635",
};

export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** The regions whose load balancers deliver logs as an Elastic Load Balancing account, with that account. */
export function elbLogDeliveryAccounts(): Readonly<Record<string, string>> {
    return ELB_ACCOUNT_BY_REGION;
}

/**
 * The principal block of the bucket-policy statement that lets the ALB write its logs in this region; the account's
 * ARN is in the region's partition (`arn:aws-cn:iam::…` in China).
 */
export function elbLogDeliveryPrincipal(region: string): { Service?: string; AWS?: string } {
    const account = ELB_ACCOUNT_BY_REGION[region];
    const partition = partitionOf(region) ?? "aws";
    if (!account) return { Service: ELB_LOG_DELIVERY_SERVICE };
    // Outside the commercial partition only the account: the service principal is documented for commercial regions
    // (the page above), and an unknown principal makes S3 refuse the whole bucket policy. Verifiable only on AWS.
    if (partition !== "aws") return { AWS: `arn:${partition}:iam::${account}:root` };
    return { AWS: `arn:aws:iam::${account}:root`, Service: ELB_LOG_DELIVERY_SERVICE };
}
