/**
 * A service's image comes from one place: `image`, or `build` from a context on disk. The build's platform is the
 * service's architecture, and its context and Dockerfile exist where Pulumi runs the program (the project directory).
 */
import * as fs from "fs";
import * as path from "path";
import { Problems } from "./problems";
import { BUILD_PLATFORM, ServiceConfig } from "./schema";

export function buildProblems(svc: ServiceConfig, at: string, projectDir = process.cwd()): Problems {
    const build = svc.build;
    if (svc.image === undefined && build === undefined) return [`${at}: needs image (a registry reference) or build (a Docker build context)`];
    if (svc.image !== undefined && build !== undefined) return [`${at}.build: the service also has image; give one of them`];
    if (build === undefined) return [];
    const problems: Problems = [];
    if (build.platform !== undefined && build.platform !== BUILD_PLATFORM[svc.architecture]) {
        problems.push(
            `${at}.build.platform: ${build.platform} does not match architecture ${svc.architecture} (${BUILD_PLATFORM[svc.architecture]}); remove platform or change one of them`,
        );
    }
    if (svc.schedulingStrategy === "daemon" && svc.capacity === "managedInstances") {
        problems.push(`${at}.build: a managed daemon runs a registry image; build it elsewhere and set image`);
    }
    const context = path.resolve(projectDir, build.context);
    if (!fs.existsSync(context) || !fs.statSync(context).isDirectory()) {
        problems.push(`${at}.build.context: "${build.context}" is not a directory (relative to the project directory, ${projectDir})`);
    } else if (!fs.existsSync(path.join(context, build.dockerfile))) {
        problems.push(`${at}.build.dockerfile: "${build.dockerfile}" does not exist in the context "${build.context}"`);
    }
    return problems;
}
