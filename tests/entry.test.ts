/**
 * The program's entry (infra/index.ts) as the Pulumi CLI runs it: a function whose result's keys are the stack
 * outputs, and which ends a run with bad config in a RunError (Pulumi prints its message, no stack trace).
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { engineConfig, stackConfig } from "./helpers/plans";
import entry from "../infra/index";

/** Runs the entry under Pulumi's mocks with `config` (project keys as objects); returns what it threw. */
async function failureOf(config: Record<string, unknown>): Promise<unknown> {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.type === "pulumi:pulumi:StackReference" ? { outputs: {} } : args.inputs }),
            call: (args) => args.inputs,
        },
        "ecs-platform",
        "entry-test",
        true,
    );
    pulumi.runtime.setAllConfig(engineConfig(config));
    try {
        await entry();
        return undefined;
    } catch (err) {
        return err;
    }
}

describe("the program's entry (infra/index.ts)", () => {
    // Leave no test's config or mock options behind for later tests in this process.
    after(() => pulumi.runtime.setAllConfig({}));

    it("is the function Pulumi calls and awaits", () => {
        assert.equal(typeof entry, "function");
    });

    it("ends a run with invalid config in a RunError listing every problem", async () => {
        const { project } = stackConfig("prod");
        const err = await failureOf({ ...project, services: [{ ...project.services[0], cpu: 3 }], loadBalancer: { idleTimeoutSeconds: 0 } });
        assert.ok(err instanceof pulumi.RunError, String(err));
        assert.match((err as Error).message, /Invalid stack config \(\d+ problems\):/);
        assert.match((err as Error).message, /services\[0\]\.cpu: /);
        assert.match((err as Error).message, /loadBalancer\.idleTimeoutSeconds: 0 is below the minimum 1/);
    });

    it("in a services stack whose network stack exports nothing, says to deploy the network stack first, as a RunError", async () => {
        const { project } = stackConfig("prod-services");
        const err = await failureOf(project);
        assert.ok(err instanceof pulumi.RunError, String(err));
        assert.match((err as Error).message, /networkStack: the network stack's networkConfig output could not be read; deploy the network stack first/);
    });
});
