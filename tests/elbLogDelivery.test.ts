/**
 * The hand-typed table of Elastic Load Balancing log-delivery accounts (infra/elbLogDelivery.ts) against the AWS
 * CDK's region facts (@aws-cdk/region-info, a dev dependency only): a change on either side fails here.
 */
import { strict as assert } from "assert";
import { RegionInfo } from "@aws-cdk/region-info";
import { elbLogDeliveryAccounts, elbLogDeliveryPrincipal } from "../infra/elbLogDelivery";

describe("ELB log-delivery accounts", () => {
    const ours = elbLogDeliveryAccounts();

    it("match @aws-cdk/region-info's elbv2Account for every region in the table", () => {
        const differ = Object.entries(ours).filter(([region, account]) => RegionInfo.get(region).elbv2Account !== account);
        assert.deepStrictEqual(differ, []);
    });

    it("cover every commercial, China and GovCloud region region-info gives an account (ISO partitions are left out)", () => {
        const missing = RegionInfo.regions
            .filter((r) => r.elbv2Account && ["aws", "aws-cn", "aws-us-gov"].includes(r.partition ?? ""))
            .map((r) => r.name)
            .filter((name) => !(name in ours));
        assert.deepStrictEqual(missing, []);
    });

    it("name the account in the region's partition, and the service principal alone in regions without one", () => {
        assert.deepStrictEqual(elbLogDeliveryPrincipal("eu-west-1"), {
            AWS: "arn:aws:iam::156460612806:root",
            Service: "logdelivery.elasticloadbalancing.amazonaws.com",
        });
        assert.deepStrictEqual(elbLogDeliveryPrincipal("cn-north-1"), { AWS: "arn:aws-cn:iam::638102146993:root" });
        assert.deepStrictEqual(elbLogDeliveryPrincipal("us-gov-west-1"), { AWS: "arn:aws-us-gov:iam::048591011584:root" });
        assert.deepStrictEqual(elbLogDeliveryPrincipal("eu-south-2"), { Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
    });
});
