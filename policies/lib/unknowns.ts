/**
 * Unknown values at preview. @pulumi/policy hands rules a proxy that throws UnknownValueError when a rule reads a
 * value the preview cannot know (an id, an ARN, a JSON document built from them). Thrown out of a rule, the SDK turns
 * it into an advisory "can't run policy … during preview" line: the rule is not passed silently, and it is judged
 * again at `pulumi up`. `Judgement` lets a rule check everything it can first and report that line once at the end.
 */
import { UnknownValueError } from "@pulumi/policy";

export class Judgement {
    private firstUnknown: UnknownValueError | undefined;

    /** Runs one independent check; an unknown value defers it instead of aborting the others. */
    check(fn: () => void): void {
        try {
            fn();
        } catch (err) {
            if (!(err instanceof UnknownValueError)) throw err;
            this.firstUnknown ??= err;
        }
    }

    /** Re-throws the first unknown value met, so the SDK reports the advisory line. */
    finish(): void {
        if (this.firstUnknown) throw this.firstUnknown;
    }
}

/** True when the property is present, without reading it (reading an unknown value throws). */
export function isSet(props: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(props, key);
}
