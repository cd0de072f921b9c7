/**
 * Warnings for what names nothing AWS has: actions, condition keys and resource ARNs. IAM accepts them all; a
 * statement naming them simply does nothing for them (and a trust policy grants only sts: actions).
 */
import { arnProblems, arnShapeProblem } from "./arns";
import { doesNothing, DocumentProblem, isObject, join, Json, PolicyKind, statementsOf, stringItems } from "./document";
import { actionProblem, conditionKeyProblem, iamDataSource } from "./reference";
import { SOURCES } from "./sources";

/** The consequence of a name that matches nothing, by element and effect. */
function consequence(key: string, effect: unknown): string {
    if (key === "NotAction") return "so the exception excludes nothing";
    return effect === "Deny" ? "so the deny does nothing" : "so the grant does nothing";
}

/** Warnings for actions, condition keys and resource ARNs that name nothing AWS has (IAM accepts them all). */
export async function referenceProblems(doc: unknown, kind: PolicyKind): Promise<DocumentProblem[]> {
    const source = await iamDataSource();
    const problems: DocumentProblem[] = [];
    for (const { statement, path } of statementsOf(doc)) {
        problems.push(...(await actionWarnings(statement, path, kind, source)));
        problems.push(...(await conditionKeyWarnings(statement.Condition, join(path, "Condition"), source)));
        problems.push(...(await arnWarnings(statement, path, source)));
    }
    return problems;
}

async function actionWarnings(st: Json, path: string, kind: PolicyKind, source: string): Promise<DocumentProblem[]> {
    const problems: DocumentProblem[] = [];
    for (const key of ["Action", "NotAction"]) {
        for (const item of stringItems(st[key], join(path, key))) {
            const why = await actionProblem(item.value);
            if (why) problems.push(doesNothing(item.path, `${why}, ${consequence(key, st.Effect)} (IAM accepts it)`, source));
            else if (kind === "trust" && key === "Action" && item.value !== "*" && !/^sts:/i.test(item.value)) {
                problems.push(
                    doesNothing(
                        item.path,
                        `a trust policy governs only sts: actions (AssumeRole, AssumeRoleWithWebIdentity, TagSession, …), so ${item.value} grants nothing here`,
                        SOURCES.trustActions,
                    ),
                );
            }
        }
    }
    return problems;
}

async function conditionKeyWarnings(condition: unknown, path: string, source: string): Promise<DocumentProblem[]> {
    if (!isObject(condition)) return [];
    const problems: DocumentProblem[] = [];
    for (const [operator, test] of Object.entries(condition)) {
        if (!isObject(test)) continue;
        for (const key of Object.keys(test)) {
            const why = await conditionKeyProblem(key);
            if (why)
                problems.push(
                    doesNothing(
                        join(join(path, operator), key),
                        `${why}; AWS never sets it, so ${operator} tests an absent key and the statement does not work as written (IAM accepts it)`,
                        source,
                    ),
                );
        }
    }
    return problems;
}

async function arnWarnings(st: Json, path: string, source: string): Promise<DocumentProblem[]> {
    const problems: DocumentProblem[] = [];
    for (const key of ["Resource", "NotResource"]) {
        for (const item of stringItems(st[key], join(path, key))) {
            if (arnProblems(item.value).some((p) => p.level === "error")) continue;
            const why = await arnShapeProblem(item.value);
            if (why) problems.push(doesNothing(item.path, `${why}, so "${item.value}" matches no resource and the statement does nothing for it`, source));
        }
    }
    return problems;
}
