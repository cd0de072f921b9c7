/**
 * Entry of the Pulumi program: build what the stack's layer holds from its config and export its outputs (the
 * exported function's result; Pulumi awaits it and registers each key as a stack output).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/validate";
import { platformProgram, StackOutputs } from "./program";

/** Bad config stops `pulumi preview/up` before any resource, listing the problems without a stack trace (RunError). */
export = async (): Promise<StackOutputs> => {
    try {
        return await platformProgram();
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
};
