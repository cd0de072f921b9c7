import * as assert from "assert";
import { answer, defineCommand, helpText, readCommandLine, refusal, usageLine } from "../../cli/args";
import { EXIT } from "../../cli/io";

const positiveInteger = (v: string) => (Number.isInteger(Number(v)) && Number(v) >= 1 ? undefined : `"${v}" is not a positive integer`);

const SPEC = defineCommand({
    run: "npm run demo --",
    positional: { name: "STACK", noun: "stack", required: true, help: "the stack" },
    options: {
        json: { type: "string", value: "FILE", needs: "a file name", help: "write the plan" },
        runs: { type: "string", value: "N", default: "3", check: positiveInteger, help: "runs per stack" },
        debug: { type: "boolean", help: "print stack traces" },
    },
    about: "What the demo does.",
    exit: "Exit: 0 ok; 2 bad argument.",
});

const TAKES_OPTIONS_ONLY = defineCommand({
    run: "npm run only --",
    options: { plan: { type: "string", value: "FILE", needs: "a file name", required: true, help: "the plan" } },
    about: "Options only.",
    exit: "Exit: 0.",
});

describe("the commands' argument reader (cli/args.ts)", () => {
    it("reads values typed by the spec, with booleans false and defaults filled in", () => {
        const line = readCommandLine(SPEC, ["dev", "--json", "out.json", "--debug"]);
        assert.deepStrictEqual(line, { help: false, values: { json: "out.json", runs: "3", debug: true }, positional: "dev", problems: [] });
        assert.deepStrictEqual(readCommandLine(SPEC, ["dev"]).values, { json: undefined, runs: "3", debug: false });
    });

    it("takes --flag=value as well as --flag value, and the last of a repeated option", () => {
        assert.strictEqual(readCommandLine(SPEC, ["dev", "--json=a.json"]).values.json, "a.json");
        assert.strictEqual(readCommandLine(SPEC, ["--json", "a.json", "dev", "--json", "b.json"]).values.json, "b.json");
        assert.strictEqual(readCommandLine(SPEC, ["dev", "--json=-odd.json"]).values.json, "-odd.json", "a value that starts with - after =");
    });

    it("names every problem at once: unknown options with the nearest one, missing and bad values, extra positionals", () => {
        const line = readCommandLine(SPEC, ["--jsn", "x", "--json", "--runs", "0", "a", "--debug=yes", "--constructor"]);
        assert.deepStrictEqual(line.problems, [
            "unknown option --jsn (did you mean --json?)",
            "--json needs a file name",
            '--runs: "0" is not a positive integer',
            "--debug takes no value (got --debug=yes)",
            "unknown option --constructor",
            "one stack at a time (got x and a)",
        ]);
        assert.deepStrictEqual(readCommandLine(SPEC, []).problems, ["which stack?"]);
        assert.deepStrictEqual(readCommandLine(SPEC, ["dev", "--json", ""]).problems, ["--json needs a file name"]);
        assert.deepStrictEqual(readCommandLine(SPEC, ["dev", "-x"]).problems, ["unknown option -x"]);
    });

    it("reads the option after a forgotten value as an option, and says how to give a value that starts with -", () => {
        const forgotten = readCommandLine(SPEC, ["dev", "--json", "--debug"]);
        assert.deepStrictEqual(forgotten.problems, ["--json needs a file name"]);
        assert.strictEqual(forgotten.values.debug, true);
        assert.deepStrictEqual(readCommandLine(SPEC, ["dev", "--json", "-odd.json"]).problems, [
            "--json needs a file name (got -odd.json; for a value that starts with -, write --json=-odd.json)",
        ]);
    });

    it("refuses positionals where the command takes none, and requires required options", () => {
        assert.deepStrictEqual(readCommandLine(TAKES_OPTIONS_ONLY, ["plan.json"]).problems, [
            "unexpected argument plan.json (this command takes options only)",
            "--plan is required",
        ]);
        assert.deepStrictEqual(readCommandLine(TAKES_OPTIONS_ONLY, ["--plan"]).problems, ["--plan needs a file name"]);
    });

    it("answers -h and --help wherever they are, even on a line with problems", () => {
        for (const argv of [["-h"], ["--help"], ["dev", "--bogus", "--help"], ["--json", "-h"]])
            assert.strictEqual(readCommandLine(SPEC, argv).help, true, argv.join(" "));
    });

    it("writes the usage line, and --help with one line per argument and option", () => {
        assert.strictEqual(usageLine(SPEC), "usage: npm run demo -- STACK [--json FILE] [--runs N] [--debug]");
        assert.strictEqual(usageLine(TAKES_OPTIONS_ONLY), "usage: npm run only -- --plan FILE");
        assert.strictEqual(
            helpText(SPEC),
            [
                "usage: npm run demo -- STACK [--json FILE] [--runs N] [--debug]",
                "",
                "What the demo does.",
                "",
                "  STACK        the stack",
                "  --json FILE  write the plan",
                "  --runs N     runs per stack (default 3)",
                "  --debug      print stack traces",
                "  -h, --help   print this help and exit",
                "",
                "Exit: 0 ok; 2 bad argument.",
            ].join("\n"),
        );
    });

    it("prints help to stdout with exit 0, and a refusal to stderr with exit 2", () => {
        const out: string[] = [];
        const err: string[] = [];
        const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
        assert.strictEqual(answer(SPEC, { help: true }, io), EXIT.ok);
        assert.deepStrictEqual(out, [helpText(SPEC)]);
        assert.strictEqual(answer(SPEC, refusal(SPEC, ["which stack?"]), io), EXIT.invalidConfig);
        assert.deepStrictEqual(err, [`which stack?\n${usageLine(SPEC)}`]);
    });
});
