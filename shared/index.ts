/**
 * The names and patterns the program (infra/) and the policy pack (policies/) both judge by, so that a value config
 * validation refuses is also one the pack flags. Neither depends on the other: both depend on this package (a `file:`
 * dependency; the pack bundles it, see policies/package.json `bundleDependencies`). It imports neither; its one
 * package, ipaddr.js, is a dependency of both.
 */
export * from "./iamActions";
export * from "./iamPatterns";
export * from "./secretNames";
export * from "./resourceTypes";
export * from "./tlsPolicies";
export * from "./cidr";
export * from "./taskEndpoints";
export * from "./networkLayer";
