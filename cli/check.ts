/** Entry of `npm run check`; see offline/checkCommand.ts. */
import { checkCommand } from "../offline/checkCommand";

checkCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
