/** Entry of `npm run check`; see check/command.ts. */
import { checkCommand } from "../check/command";

checkCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
