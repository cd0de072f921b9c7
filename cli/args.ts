/**
 * How every command reads its command line: Node's `util.parseArgs` (strict) against a spec of the command's options,
 * a spec that also writes its usage line and its `--help`. Every command answers `-h`/`--help` with its usage and one
 * line per option (exit 0, whatever else is on the line), and refuses an unknown option, a missing value or a bad value
 * with every problem at once, each naming its option, then its usage line (exit 2, EXIT.invalidConfig).
 */
import { parseArgs } from "util";
import { closest } from "../infra/config/suggestions";
import { EXIT, Io } from "./io";

/** One option of a command: what parseArgs reads, and its line in `--help`. */
export interface OptionSpec {
    readonly type: "string" | "boolean";
    /** A string option's value as the usage line and `--help` name it: FILE, DIR. @default "VALUE" */
    readonly value?: string;
    /** What a string option's missing value is, for `--json needs a file name`. @default "a value" */
    readonly needs?: string;
    /** The command does not run without it; the usage line shows it without brackets. @default false */
    readonly required?: boolean;
    /** A string option's value when it is not given; `--help` shows it. */
    readonly default?: string;
    /** Why a string option's value is wrong (`"0" is not a positive integer`), or undefined when it is right. */
    readonly check?: (value: string) => string | undefined;
    /** Its line in `--help`: what it does. */
    readonly help: string;
}

export type Options = Readonly<Record<string, OptionSpec>>;

/** The one positional argument a command may take. */
export interface PositionalSpec {
    /** Its name in the usage line and `--help`: STACK. */
    readonly name: string;
    /** What one is called in messages: "stack" gives `which stack?` and `one stack at a time (got dev and prod)`. */
    readonly noun: string;
    readonly required: boolean;
    /** Its line in `--help`. */
    readonly help: string;
}

export interface CommandSpec<O extends Options = Options> {
    /** How the command is run, up to its arguments: `npm run plan --`. */
    readonly run: string;
    readonly positional?: PositionalSpec;
    /** In the order of the usage line and `--help`; `-h`/`--help` is added to every command. */
    readonly options: O;
    /** What the command does: the paragraph `--help` prints under the usage line. */
    readonly about: string;
    /** Its exit codes: `--help`'s last line. */
    readonly exit: string;
}

/** The values of a command line: booleans false when absent, strings undefined unless they have a default. */
export type Values<O extends Options> = {
    [K in keyof O]: O[K]["type"] extends "boolean" ? boolean : O[K] extends { default: string } ? string : string | undefined;
};

/** A command line read against a spec. */
export interface CommandLine<O extends Options> {
    /** `-h` or `--help` was given: print `helpText` and exit 0, whatever else is wrong. */
    readonly help: boolean;
    /** What was given; with problems, only the options that were given well. */
    readonly values: Values<O>;
    /** The positional argument, when the command takes one and it was given. */
    readonly positional?: string;
    /** Every problem found, each naming its option; empty when the command may run. */
    readonly problems: string[];
}

/** A spec with its option types kept literal, so that `readCommandLine`'s values are typed. */
export function defineCommand<O extends Options>(spec: CommandSpec<O>): CommandSpec<O> {
    return spec;
}

const HELP: OptionSpec = { type: "boolean", help: "print this help and exit" };

/**
 * Reads `argv` against `spec` with util.parseArgs in strict mode. Strict parsing stops at the first problem, so the
 * tokens of a lenient pass are checked first, to name every problem at once; the strict pass then gives the values.
 */
export function readCommandLine<O extends Options>(spec: CommandSpec<O>, argv: readonly string[]): CommandLine<O> {
    const options = parseArgsOptions(spec);
    const tokens = tokenize(spec, argv);
    const help = tokens.some((t) => t.kind === "option" && t.name === "help");
    const positionals = tokens.flatMap((t) => (t.kind === "positional" ? [t.value] : []));
    const problems = [...tokens.flatMap((t) => (t.kind === "option" ? optionProblems(spec, t) : [])), ...positionalProblems(spec, positionals)];
    for (const [name, option] of Object.entries(spec.options)) {
        if (option.required && !tokens.some((t) => t.kind === "option" && t.name === name)) problems.push(`--${name} is required`);
    }
    let values: Record<string, unknown> = leniently(spec, tokens);
    if (problems.length === 0) {
        try {
            values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: spec.positional !== undefined }).values;
        } catch (err) {
            problems.push((err as Error).message); // not reached: the checks above refuse whatever strict parsing does
        }
    }
    const typed = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, o.type === "boolean" ? values[name] === true : values[name]]));
    return { help, values: typed as Values<O>, ...(positionals[0] !== undefined ? { positional: positionals[0] } : {}), problems };
}

/** The spec as parseArgs' options, with -h/--help. */
function parseArgsOptions(spec: CommandSpec): Record<string, { type: "string" | "boolean"; short?: string; default?: string }> {
    const entries = Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, ...(o.default !== undefined ? { default: o.default } : {}) }]);
    return { ...Object.fromEntries(entries), help: { type: "boolean", short: "h" } };
}

interface OptionToken {
    kind: "option";
    name: string;
    rawName: string;
    value?: string;
    inlineValue?: boolean;
}
type Token = OptionToken | { kind: "positional"; value: string } | { kind: "option-terminator" };

/**
 * parseArgs' lenient tokens, except that a string option followed by another of the command's options (`--json
 * --debug`) is a missing value, not a file called --debug: the tokens go on from that option.
 */
function tokenize(spec: CommandSpec, argv: readonly string[]): Token[] {
    const names = new Set([...Object.keys(spec.options), "help"]);
    const isOption = (arg: string) => arg === "-h" || names.has(/^--([^=]+)/.exec(arg)?.[1] ?? "");
    const tokens: Token[] = [];
    let rest = [...argv];
    for (;;) {
        const found = parseArgs({ args: rest, options: parseArgsOptions(spec), strict: false, allowPositionals: true, tokens: true }).tokens as (Token & {
            index: number;
        })[];
        const cut = found.findIndex((t) => t.kind === "option" && !t.inlineValue && t.value !== undefined && isOption(t.value));
        if (cut < 0) return [...tokens, ...found];
        const { name, rawName, index } = found[cut] as OptionToken & { index: number };
        tokens.push(...found.slice(0, cut), { kind: "option", name, rawName });
        rest = rest.slice(index + 1);
    }
}

/** What is wrong with one option as given: unknown, a boolean given a value, a value missing or refused. */
function optionProblems(spec: CommandSpec, token: OptionToken): string[] {
    const raw = token.rawName;
    if (token.name === "help") return [];
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (!option) {
        const [near] = closest(
            raw,
            Object.keys(spec.options).map((n) => `--${n}`),
        );
        return [`unknown option ${raw}${near ? ` (did you mean ${near}?)` : ""}`];
    }
    if (option.type === "boolean") return token.value === undefined ? [] : [`${raw} takes no value (got ${raw}=${token.value})`];
    const needs = `${raw} needs ${option.needs ?? "a value"}`;
    if (token.value === undefined || token.value === "") return [needs];
    // As parseArgs' strict mode does: a separate value that starts with - is more likely a mistake than a name.
    if (!token.inlineValue && token.value.startsWith("-") && token.value !== "-")
        return [`${needs} (got ${token.value}; for a value that starts with -, write ${raw}=${token.value})`];
    const problem = option.check?.(token.value);
    return problem ? [`${raw}: ${problem}`] : [];
}

function positionalProblems(spec: CommandSpec, positionals: string[]): string[] {
    const p = spec.positional;
    if (!p) return positionals.map((value) => `unexpected argument ${value} (this command takes options only)`);
    if (positionals.length === 0) return p.required ? [`which ${p.noun}?`] : [];
    if (positionals.length > 1) return [`one ${p.noun} at a time (got ${positionals.slice(0, -1).join(", ")} and ${positionals[positionals.length - 1]})`];
    return [];
}

/** The options given well, for a command's own checks when the line has problems. */
function leniently(spec: CommandSpec, tokens: Token[]): Record<string, unknown> {
    const values: Record<string, unknown> = Object.fromEntries(
        Object.entries(spec.options).flatMap(([n, o]) => (o.default !== undefined ? [[n, o.default]] : [])),
    );
    for (const t of tokens) {
        if (t.kind !== "option" || !Object.hasOwn(spec.options, t.name) || optionProblems(spec, t).length > 0) continue;
        values[t.name] = spec.options[t.name].type === "boolean" ? true : t.value;
    }
    return values;
}

/** `usage: npm run plan -- STACK [--json FILE] [--debug]`: required parts bare, optional ones in brackets. */
export function usageLine(spec: CommandSpec): string {
    const p = spec.positional;
    const parts = [
        ...(p ? [p.required ? p.name : `[${p.name}]`] : []),
        ...Object.entries(spec.options).map(([name, o]) => {
            const part = o.type === "string" ? `--${name} ${o.value ?? "VALUE"}` : `--${name}`;
            return o.required ? part : `[${part}]`;
        }),
    ];
    return ["usage:", spec.run, ...parts].join(" ");
}

/** `--help`: the usage line, what the command does, one line per argument and option, the exit codes. */
export function helpText(spec: CommandSpec): string {
    const rows: [string, string][] = [
        ...(spec.positional ? [[spec.positional.name, spec.positional.help] as [string, string]] : []),
        ...Object.entries(spec.options).map(([name, o]): [string, string] => [
            o.type === "string" ? `--${name} ${o.value ?? "VALUE"}` : `--${name}`,
            o.default !== undefined ? `${o.help} (default ${o.default})` : o.help,
        ]),
        ["-h, --help", HELP.help],
    ];
    const width = Math.max(...rows.map(([left]) => left.length));
    return [usageLine(spec), "", spec.about, "", ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`), "", spec.exit].join("\n");
}

/** A refused command line: every problem, one a line, then the usage line. */
export function refusal(spec: CommandSpec, problems: readonly string[]): string {
    return [...problems, usageLine(spec)].join("\n");
}

/** Prints what a command's parser returned instead of arguments: its help (exit 0) or its refusal (exit 2). */
export function answer(spec: CommandSpec, reply: { help: true } | string, io: Io): number {
    if (typeof reply === "string") {
        io.err(reply);
        return EXIT.invalidConfig;
    }
    io.out(helpText(spec));
    return EXIT.ok;
}
