/** Writing the commands' output files. */
import * as fs from "fs";
import * as path from "path";

/** Writes a file, creating its folder first (`--json out/dev.json` on a fresh clone). */
export function writeCreatingFolder(file: string, text: string): void {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
}
