/** What every command shares: its exit codes and where it writes. */

/** 0 ok (advisory findings at most); 1 mandatory policy violations or lint errors; 2 bad input; 3 internal error. */
export const EXIT = { ok: 0, policyViolation: 1, invalidConfig: 2, internal: 3 } as const;

export interface Io {
    out(text: string): void;
    err(text: string): void;
}
