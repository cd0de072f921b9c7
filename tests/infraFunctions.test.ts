/**
 * Every function of the program fits on a screen: no function, method, constructor, accessor or arrow function in
 * infra/ runs over 60 lines, counted from the line of its signature to the line of its closing brace (house style,
 * "Files a newcomer can live in").
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");
const MAX_LINES = 60;

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return sources(full);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** A readable name for a function-like node: `Class.method`, `Class.constructor`, the variable or property it is bound to. */
function nameOf(node: ts.FunctionLikeDeclaration, file: ts.SourceFile): string {
    const className = ts.isClassLike(node.parent) ? `${node.parent.name?.text ?? "(class)"}.` : "";
    if (ts.isConstructorDeclaration(node)) return `${className}constructor`;
    if (node.name) return `${className}${node.name.getText(file)}`;
    const bound = node.parent;
    if ((ts.isVariableDeclaration(bound) || ts.isPropertyAssignment(bound) || ts.isPropertyDeclaration(bound)) && bound.name) {
        return bound.name.getText(file);
    }
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    return `(anonymous function at line ${line})`;
}

interface LongFunction {
    file: string;
    name: string;
    lines: number;
}

/** The function-like nodes of one file that run over `max` lines. */
export function longFunctions(fileName: string, text: string, max: number): LongFunction[] {
    const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const found: LongFunction[] = [];
    const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
            const fn = node as ts.FunctionLikeDeclaration;
            const first = file.getLineAndCharacterOfPosition(fn.getStart(file)).line;
            const last = file.getLineAndCharacterOfPosition(fn.getEnd()).line;
            const lines = last - first + 1;
            if (lines > max) found.push({ file: fileName, name: nameOf(fn, file), lines });
        }
        ts.forEachChild(node, visit);
    };
    visit(file);
    return found;
}

describe("functions in infra/", () => {
    it(`are at most ${MAX_LINES} lines long, signature to closing brace`, () => {
        const long = sources(path.join(ROOT, "infra")).flatMap((f) => longFunctions(path.relative(ROOT, f), fs.readFileSync(f, "utf8"), MAX_LINES));
        assert.deepStrictEqual(
            long.map((l) => `${l.file}: ${l.name} is ${l.lines} lines`),
            [],
        );
    });

    it("counts a function from its signature line to its closing brace, arrows and constructors included", () => {
        const body = (n: number) => Array.from({ length: n }, (_, i) => `    const x${i} = ${i};`).join("\n");
        const text = [
            "/** doc */",
            `export function long() {\n${body(59)}\n}`, // 61 lines
            `function short() {\n${body(58)}\n}`, // 60 lines
            `const arrow = () => {\n${body(59)}\n};`,
            `class C {\n    constructor() {\n${body(59)}\n    }\n    method() {\n${body(59)}\n    }\n}`,
        ].join("\n");
        assert.deepStrictEqual(
            longFunctions("x.ts", text, MAX_LINES).map((l) => `${l.name} ${l.lines}`),
            ["long 61", "arrow 61", "C.constructor 61", "C.method 61"],
        );
    });

    it("take every role's trust policy from infra/trust.ts (trustDocument), never a hand-written sts:AssumeRole", () => {
        const fs = require("fs") as typeof import("fs");
        const path = require("path") as typeof import("path");
        const dir = path.join(__dirname, "..", "infra");
        const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "trust.ts");
        const handWritten = files.filter((f) => /sts:AssumeRole"/.test(fs.readFileSync(path.join(dir, f), "utf8")));
        assert.deepStrictEqual(handWritten, []);
    });
});
