/**
 * Child-process entry that serves the policy pack, as the Pulumi CLI's `run-policy-pack` does: it calls that script's
 * own `run` (which changes to the pack directory, installs the error handlers and loads the pack; the pack's
 * PolicyPack prints its gRPC port). The one difference: TypeScript is transpiled by cli/register.js (cached, no type
 * check), registered by the parent's `-r`, because `npm run typecheck` already type-checks the pack.
 * Usage: node -r ./cli/register.js check/policyHostMain.ts PACK_DIR
 */
import * as path from "path";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { run } = require("@pulumi/pulumi/cmd/run-policy-pack/run");

const packDir = path.resolve(process.argv[2] ?? "policies");
run({
    argv: { _: [packDir], pwd: packDir },
    programStarted: () => undefined,
    reportLoggedError: () => undefined,
    typeScript: false,
});
