/** Entry of `npm run docs`: regenerates the README's reference tables from the code (release/readmeTables.ts). */
import { docsCommand } from "../release/readmeTables";

process.exitCode = docsCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) });
