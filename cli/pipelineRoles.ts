/**
 * Entry of `npm run pipeline-roles`: writes the IAM policies of the pipeline's deploy and preview roles, generated
 * from every stack's plan (release/pipelineRoles.ts), to out/pipeline/. Exit 0, or 3 when a resource type has no
 * actions mapped or a pattern matches no IAM action.
 */
import * as path from "path";
import { writeCreatingFolder } from "../plan/files";
import { deployPolicy, previewPolicy } from "../release/pipelineRoles";
import { PROJECT_DIR, runPlan } from "../plan/runPlan";
import { listStacks } from "../plan/stackFiles";

async function main(): Promise<void> {
    if (process.argv.includes("--help")) {
        console.log("usage: npm run pipeline-roles\n\nWrites out/pipeline/deploy-policy.json and preview-policy.json for the resource types of every stack's plan.");
        return;
    }
    const plans = [];
    for (const stack of listStacks(PROJECT_DIR)) plans.push(await runPlan({ stack }));
    const dir = path.join(PROJECT_DIR, "out", "pipeline");
    writeCreatingFolder(path.join(dir, "deploy-policy.json"), JSON.stringify(await deployPolicy(plans), null, 2) + "\n");
    writeCreatingFolder(path.join(dir, "preview-policy.json"), JSON.stringify(await previewPolicy(plans), null, 2) + "\n");
    console.log(`Written to ${path.relative(process.cwd(), dir)}/deploy-policy.json and preview-policy.json (stacks: ${plans.map((p) => p.stack).join(", ")})`);
}

main().catch((err) => {
    console.error(`pipeline-roles failed: ${(err as Error).message}`);
    process.exitCode = 3;
});
