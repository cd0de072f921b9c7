/** Entry of `npm run lint`; see lint/command.ts. */
import { lintCommand } from "../lint/command";

lintCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
