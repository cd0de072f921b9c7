// ESLint (typescript-eslint's recommended rules) over the project's TypeScript; Prettier owns the layout
// (eslint-config-prettier turns off the rules that would fight it). `npm run lint:code` runs both; .ci/run too.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", "**/node_modules/", "out/", "reports/", ".stryker-tmp/", "snapshots/", "awsdata/generated/", "policies/data/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    prettier,
    {
        languageOptions: { ecmaVersion: 2022, sourceType: "module" },
        rules: {
            // Unused names are errors, except a leading underscore (an argument a signature requires).
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
        },
    },
    {
        // Policy resources' and plans' properties are untyped JSON (@pulumi/policy types them Record<string, any>);
        // the rules and the tests that build them narrow at the point of use.
        files: ["policies/**/*.ts", "tests/**/*.ts", "release/configReference.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        // Tests load modules lazily with require(...) as typeof import(...), so a failing import fails one test.
        files: ["tests/**/*.ts"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        // CommonJS scripts (the commands' loader, the test runner, the CDK peer): require and Node globals.
        files: ["**/*.js"],
        languageOptions: {
            sourceType: "commonjs",
            globals: {
                require: "readonly",
                module: "writable",
                process: "readonly",
                __dirname: "readonly",
                console: "readonly",
                Buffer: "readonly",
                globalThis: "readonly",
            },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
