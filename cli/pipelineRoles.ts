/**
 * Entry of `npm run pipeline-roles`: writes the IAM policies of the pipeline's deploy and preview roles, generated
 * from every stack's plan (release/pipelineRoles.ts), to out/pipeline/. Exit 0; 2 for a bad argument; 3 when a
 * resource type has no actions mapped or a pattern matches no IAM action.
 */
import { pipelineRolesCommand } from "../release/pipelineRoles";

pipelineRolesCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
