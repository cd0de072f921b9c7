/** A service's CloudWatch log group, which its containers and its Service Connect proxy write to. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StatefulOptions } from "./stateful";

export interface ServiceLogsArgs {
    /** Prefix of names AWS shows, e.g. "ecs-platform-prod". */
    readonly namePrefix: string;
    /** The service's name in config. */
    readonly serviceName: string;
    /** Days CloudWatch Logs keeps events. */
    readonly retentionDays: number;
    /** Protection of the group: it holds the service's history. */
    readonly stateful: StatefulOptions;
}

/** The log group and its name, which is known before the group exists (container definitions name it). */
export interface ServiceLogs {
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly logGroupName: string;
}

/** The log group `/ecs/<namePrefix>/<service>`, a child of `parent`. */
export function createServiceLogs(name: string, args: ServiceLogsArgs, parent: pulumi.Resource): ServiceLogs {
    const logGroupName = `/ecs/${args.namePrefix}/${args.serviceName}`;
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: logGroupName, retentionInDays: args.retentionDays }, { parent, ...args.stateful });
    return { logGroup, logGroupName };
}
