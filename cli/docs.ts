/** `npm run docs`: regenerates the README's reference tables from the code (release/readmeTables.ts). */
import * as fs from "fs";
import { README, regenerate } from "../release/readmeTables";

const before = fs.readFileSync(README, "utf8");
const after = regenerate(before);
fs.writeFileSync(README, after);
console.log(after === before ? "README.md is up to date." : "README.md: generated tables rewritten.");
