/** What the pre-deploy lint reports: one finding per problem, on one resource of the plan. */

/** error: `pulumi up` fails or the service comes up broken; warning: it deploys, but probably not as meant. */
export type LintLevel = "error" | "warning";

export interface Finding {
    /** The check's id, kebab-case (e.g. `ecs-container-definition`); the README's table lists them. */
    check: string;
    level: LintLevel;
    /** The resource it is about (its URN), or undefined for a finding about the plan as a whole. */
    urn?: string;
    /** `type name` of that resource, for people (e.g. `aws:ecs/taskDefinition:TaskDefinition api-task`). */
    resource?: string;
    /** What is wrong and what to do, naming the input path (e.g. `containerDefinitions[0].image`). */
    message: string;
    /** Where the rule comes from: an AWS model shape id, or a URL with the date it was read. */
    source?: string;
}
