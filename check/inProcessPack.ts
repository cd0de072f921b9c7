/**
 * The policy pack served in this process, for `npm run plan`: the plan's process already holds the Pulumi SDK, so
 * loading the pack here costs a fraction of a second process (time and memory). The check still goes through the
 * analyzer protocol (a gRPC client on localhost), exactly as with the separate pack process that `npm run check`
 * and the Pulumi CLI use. A PolicyPack starts a server that nothing can stop, and only one per process: the command
 * ends its process when done (cli/exit.ts).
 */
import Module = require("module");
import * as path from "path";
import { AnalyzerClient } from "./analyzerClient";
import type { AnalyzerFactory } from "./command";
import { DEFAULT_PACK_DIR } from "./policyHost";

/** Kept on the global object: a module loaded twice (a test runner's reload) must not serve the pack twice. */
const shared = globalThis as { ecsPlatformPackAddress?: Promise<string> };

/** Loads the pack (policies/index.ts) once per process; resolves to the address its server listens on. */
export function servePackInProcess(packDir = DEFAULT_PACK_DIR): Promise<string> {
    shared.ecsPlatformPackAddress ??= new Promise<string>((resolve, reject) => {
        // PolicyPack prints its port on stdout, as the CLI expects; it is taken here instead of printed.
        const log = console.log;
        console.log = (...args: unknown[]) => {
            if (/^\d+$/.test(String(args[0]))) {
                console.log = log;
                resolve(`127.0.0.1:${args[0]}`);
            } else log(...args);
        };
        // PolicyPack reads package.json from the working directory, as under the CLI.
        const cwd = process.cwd();
        process.chdir(packDir);
        const restore = shareSdk(packDir);
        try {
            require(packDir);
        } catch (err) {
            console.log = log;
            reject(err);
        } finally {
            restore();
            process.chdir(cwd);
        }
    });
    return shared.ecsPlatformPackAddress;
}

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;

/**
 * While the pack loads, its own imports of @pulumi/policy and @pulumi/pulumi resolve to the project's copies, which
 * this process has loaded already, even where policies/node_modules holds its own (installed for the Pulumi CLI):
 * a second copy of the SDK cost 0.2 s a plan. Both package.json files pin the same versions (a test holds them
 * equal), so the pack runs the same code either way. Returns the function that puts resolution back.
 */
function shareSdk(packDir: string): () => void {
    const moduleApi = Module as unknown as { _resolveFilename: Resolve };
    const resolve = moduleApi._resolveFilename;
    const ownSources = packDir + path.sep;
    const packModules = path.join(packDir, "node_modules") + path.sep;
    moduleApi._resolveFilename = function (request, parent, ...rest) {
        const fromPackSource = parent?.filename?.startsWith(ownSources) && !parent.filename.startsWith(packModules);
        if (fromPackSource && /^@pulumi\/(policy|pulumi)(\/|$)/.test(request)) return resolve.call(this, request, module, ...rest);
        return resolve.call(this, request, parent, ...rest);
    };
    return () => {
        moduleApi._resolveFilename = resolve;
    };
}

export const inProcessAnalyzer: AnalyzerFactory = async () => {
    const client = new AnalyzerClient(await servePackInProcess());
    return { client, close: () => client.close() };
};
