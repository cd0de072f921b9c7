/**
 * How the project's commands (npm run plan, check, diff, lint, bench) load their TypeScript: `node -r ./cli/register.js`.
 *
 * 1. TypeScript sources are transpiled once and kept in node_modules/.cache/ecs-platform-ts, keyed by a hash of the
 *    source, the TypeScript version and the compiler options, so an edit is always picked up and an unchanged file
 *    costs a file read. TypeScript itself is loaded only when a file is not in the cache. Types are not checked here
 *    (`npm run typecheck` does that), as with ts-node's transpile-only mode, which this replaces for the commands.
 * 2. Two modules of @pulumi/pulumi that only serve function serialization (runtime/closure/codePaths.js, which loads
 *    npm's own client, and runtime/closure/parseFunction.js, which loads TypeScript) are replaced by stubs that throw
 *    if called: this program never serializes a function. The real `pulumi preview` runs the unmodified SDK.
 *
 * 3. V8's code cache (the v8-compile-cache package) keeps the compiled form of every module loaded, @pulumi/aws's
 *    included, so later runs skip most of the parsing and compiling (Node 20 has no built-in module compile cache).
 *
 * Tests keep ts-node (mocha's require); the Pulumi CLI keeps its own launcher.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const ROOT = path.join(__dirname, "..");
process.env.V8_COMPILE_CACHE_CACHE_DIR ??= path.join(ROOT, "node_modules", ".cache", "v8-compile-cache");
require("v8-compile-cache");
const CACHE = path.join(ROOT, "node_modules", ".cache", "ecs-platform-ts");
/** The compiler options that matter for emitted JavaScript; tsconfig.json's own are for type-checking. */
const OPTIONS = { target: "ES2022", module: "commonjs", esModuleInterop: true, resolveJsonModule: true, sourceMap: false, inlineSourceMap: false };

let typescript;
let optionsKey;
function compiler() {
    typescript ??= require("typescript");
    return typescript;
}
function cacheKey(source) {
    // The version of the installed TypeScript without loading it: read from its package.json.
    optionsKey ??= JSON.stringify([require(path.join(ROOT, "node_modules", "typescript", "package.json")).version, OPTIONS]);
    return crypto.createHash("sha256").update(optionsKey).update("\0").update(source).digest("hex");
}

function transpile(source, filename) {
    const file = path.join(CACHE, `${cacheKey(source)}.js`);
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        const ts = compiler();
        const { options } = ts.convertCompilerOptionsFromJson(OPTIONS, ROOT);
        const output = ts.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
        try {
            fs.mkdirSync(CACHE, { recursive: true });
            const temporary = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(temporary, output);
            fs.renameSync(temporary, file); // atomic: two processes may write the same entry
        } catch {
            // A read-only tree still runs, only slower.
        }
        return output;
    }
}

require.extensions[".ts"] = function (module, filename) {
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};

/** The closure modules replaced by stubs, by the path of the real module. */
const STUBBED = ["codePaths.js", "parseFunction.js"];
function stub(filename) {
    const names = [...fs.readFileSync(filename, "utf8").matchAll(/^exports\.(\w+) = /gm)].map((m) => m[1]);
    const exports = { __esModule: true };
    for (const name of names) {
        exports[name] = () => {
            throw new Error(`${name} (function serialization) is not available in the offline commands; run the program with the Pulumi CLI`);
        };
    }
    return exports;
}
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
    const resolved = resolve.call(this, request, parent, ...rest);
    if (STUBBED.includes(path.basename(resolved)) && resolved.includes(`${path.sep}runtime${path.sep}closure${path.sep}`) && !require.cache[resolved]) {
        const module = new Module(resolved, parent);
        module.filename = resolved;
        module.loaded = true;
        module.exports = stub(resolved);
        require.cache[resolved] = module;
    }
    return resolved;
};
