/** Starts the policy pack in its own process, as the Pulumi CLI does, and returns the address of its analyzer. */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

export interface PolicyHost {
    address: string;
    close(): void;
}

export const DEFAULT_PACK_DIR = path.resolve(__dirname, "..", "policies");

export function startPolicyHost(packDir = DEFAULT_PACK_DIR): Promise<PolicyHost> {
    const child: ChildProcess = spawn(
        process.execPath,
        ["-r", path.join(__dirname, "..", "cli", "register.js"), path.join(__dirname, "policyHostMain.ts"), packDir],
        { cwd: path.resolve(__dirname, ".."), stdio: ["ignore", "pipe", "pipe"] },
    );
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const port = /^(\d+)\s*$/m.exec(stdout);
            if (port) resolve({ address: `127.0.0.1:${port[1]}`, close: () => child.kill() });
        });
        child.on("exit", (code) => reject(new Error(`the policy pack in ${packDir} exited (${code}) before serving:\n${stderr.trim()}`)));
        child.on("error", reject);
    });
}
