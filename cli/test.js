/**
 * `npm test`: the type-check (tsc --noEmit) and the test suite (mocha, transpile-only) at the same time, one per core;
 * fails when either fails. The type-check's output is printed after the tests' own.
 */
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const ROOT = path.join(__dirname, "..");
/** Each tool's own script run with this Node: no shell, no .cmd shims. */
const script = (...parts) => path.join(ROOT, "node_modules", ...parts);

const typecheck = new Promise((resolve) => {
    const child = spawn(process.execPath, [script("typescript", "bin", "tsc"), "--noEmit", "-p", "tsconfig.json"], { cwd: ROOT });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
});
const tests = new Promise((resolve) => {
    const child = spawn(process.execPath, [script("mocha", "bin", "mocha.js"), ...process.argv.slice(2)], { cwd: ROOT, stdio: "inherit" });
    child.on("close", (code) => resolve(code));
});

Promise.all([typecheck, tests]).then(([checked, testCode]) => {
    if (checked.code !== 0) console.error(`\nType-check failed (tsc --noEmit -p tsconfig.json):\n${checked.output}`);
    else console.log("Type-check passed (tsc --noEmit -p tsconfig.json).");
    process.exitCode = checked.code !== 0 ? checked.code : testCode;
});
