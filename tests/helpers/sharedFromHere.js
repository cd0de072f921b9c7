/**
 * Mutation testing only (stryker.config.json requires it): Stryker copies the project into a sandbox but links
 * node_modules to the original, so `@ecs-platform/shared` (a link to ../../shared) would load the original, unmutated
 * shared/. This resolves the package to the shared/ folder beside this checkout: the sandbox's own copy.
 */
"use strict";
const Module = require("module");
const path = require("path");

const NAME = "@ecs-platform/shared";
const HERE = path.join(__dirname, "..", "..", "shared");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (request === NAME || request.startsWith(`${NAME}/`)) request = path.join(HERE, request.slice(NAME.length));
    return resolve.call(this, request, ...rest);
};
