/**
 * The policy pack served in this process, for `npm run plan`: the plan's process already holds the Pulumi SDK, so
 * loading the pack here costs a fraction of a second process (time and memory). The check still goes through the
 * analyzer protocol (a gRPC client on localhost), exactly as with the separate pack process that `npm run check`
 * and the Pulumi CLI use. Where policies/node_modules exists (installed for the Pulumi CLI), the pack loads its own
 * SDK copy from there, a second one in the process (about 0.2 s). Redirecting its imports to the project's copy was
 * tried and dropped: rule modules loaded before the pack (by tests) kept the other copy, and UnknownValueError from
 * one copy is not an instance of the other's. A PolicyPack starts a server that nothing can stop, and only one per process: the command
 * ends its process when done (cli/exit.ts).
 */
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
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- a directory chosen at run time
            require(packDir);
        } catch (err) {
            console.log = log;
            reject(err);
        } finally {
            process.chdir(cwd);
        }
    });
    return shared.ecsPlatformPackAddress;
}

export const inProcessAnalyzer: AnalyzerFactory = async () => {
    const client = new AnalyzerClient(await servePackInProcess());
    return { client, close: () => client.close() };
};
