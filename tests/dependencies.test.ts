import * as assert from "assert";
import * as path from "path";

describe("dependencies", () => {
    it("resolve @pulumi/pulumi to one copy from the program, @pulumi/aws and @pulumi/policy", () => {
        const root = require.resolve("@pulumi/pulumi");
        for (const pkg of ["@pulumi/aws", "@pulumi/policy"]) {
            const from = path.dirname(require.resolve(`${pkg}/package.json`));
            assert.strictEqual(require.resolve("@pulumi/pulumi", { paths: [from] }), root, `${pkg} sees another copy`);
        }
    });
});
