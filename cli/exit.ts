/**
 * Ends a command's process with its exit code once stdout and stderr are flushed. Needed where something keeps the
 * event loop alive that the command cannot close (the in-process policy pack's server); process.exit alone can cut
 * output written to a pipe.
 */
export function exitWhenFlushed(code: number): void {
    process.exitCode = code;
    let pending = 2;
    const done = () => {
        if (--pending === 0) process.exit(code);
    };
    process.stdout.write("", done);
    process.stderr.write("", done);
}
