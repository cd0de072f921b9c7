import * as assert from "assert";
import { diagramMarkdown, diagramOf } from "../release/diagram";
import { fixturePlanEdited, planEdited, planOf, stackConfig, withoutNat } from "./helpers/plans";

describe("architecture diagram", () => {
    it("draws the prod fixture from its plan: internet, ALB, listeners, routes by path, capacity, NAT per AZ, endpoints, groups", async () => {
        // The frozen fixture with web and admin calling the api and the api traced (a container beside its own), so the exact lines below survive edits of Pulumi.prod.yaml.
        const text = diagramOf(
            await fixturePlanEdited("prod", (c) => {
                c.services[0].connectsTo = ["api"];
                c.services[2].connectsTo = ["api"];
                c.services[1].tracing = "otel";
            }),
        );
        const lines = text.split("\n").map((l) => l.trim());
        assert.strictEqual(lines[0], "flowchart LR");
        for (const expected of [
            "internet --> lb_alb",
            "lb_alb --> lb_https",
            "class lb_http redirect",
            'lb_https -->|"/api/*"| api_service',
            'lb_https -->|"/admin /admin/*"| admin_service',
            'lb_https -->|"/*"| web_service',
            'api_service["api + otel-collector (cluster-ec2)"]',
            'web_service["web (FARGATE, FARGATE_SPOT)"]',
            "web_service --> network_nat_az3",
            "network_nat_az1 --> aws",
            'endpoints["VPC endpoints: ecr.api, ecr.dkr, logs, s3, secretsmanager"]',
            'lb_alb -.->|"sg 8080"| api_service',
        ]) {
            assert.ok(lines.includes(expected), `missing: ${expected}\n${text}`);
        }
        // Service Connect peers: an edge from each caller to the service it names in connectsTo, and none from the
        // group every task wears.
        for (const caller of ["web", "admin"]) assert.ok(lines.includes(`${caller}_service -.->|"sg 8080"| api_service`), `${caller} → api\n${text}`);
        assert.ok(!lines.some((l) => l.startsWith("sg_tasks")), text);
        assert.strictEqual(lines.filter((l) => /^\w+ --> network_nat_az\d$/.test(l)).length, 9, "3 services × 3 NATs");
    });

    it("follows the config: dev's single NAT, and no NAT at all with endpoints only", async () => {
        const dev = diagramOf(await planOf("dev"));
        assert.match(dev, /web_service --> network_nat_az1/);
        assert.doesNotMatch(dev, /network_nat_az2/);
        const natless = diagramOf(await planEdited("dev", withoutNat));
        assert.doesNotMatch(natless, /NAT /);
        // The endpoints withoutNat configures (the ECS ones too when the cluster has instances), sorted, S3 among them.
        const listed = /endpoints\["VPC endpoints: ([^"]+)"\]/.exec(natless)?.[1].split(", ");
        const configured = stackConfig("dev").project;
        withoutNat(configured);
        assert.deepStrictEqual(listed, [...configured.network.endpoints.interface, "s3"].sort());
        assert.match(natless, /api_service --> endpoints/);
    });

    it("writes Markdown that GitHub renders", async () => {
        const md = diagramMarkdown(await planOf("dev"));
        assert.match(md, /^# ecs-platform \/ dev\n\n```mermaid\nflowchart LR\n[\s\S]*\n```\n$/);
    });
});
