/** What every command's tests ask of its command line: output captured in memory, and the shape of --help. */
import { strict as assert } from "assert";
import { CommandSpec, usageLine } from "../../cli/args";
import { Io } from "../../cli/io";

/** An Io that keeps what a command prints. */
export function capture(): { io: Io; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

/**
 * Runs the command with --help and with -h: each exits 0, prints nothing on stderr, starts with the usage line and
 * lists every option of the spec (and --help) on exactly one line. Returns the help's lines for further checks.
 */
export async function assertHelp(spec: CommandSpec, run: (argv: string[], io: Io) => number | Promise<number>): Promise<string[]> {
    let lines: string[] = [];
    for (const flag of ["--help", "-h"]) {
        const c = capture();
        assert.strictEqual(await run([flag], c.io), 0, flag);
        assert.deepStrictEqual(c.err, [], `${flag} writes nothing on stderr`);
        lines = c.out.join("\n").split("\n");
        assert.strictEqual(lines[0], usageLine(spec));
        for (const option of [...Object.keys(spec.options), "help"]) {
            assert.strictEqual(lines.filter((l) => new RegExp(`^  (-h, )?--${option}(?![\\w-])`).test(l)).length, 1, `--${option}`);
        }
    }
    return lines;
}
