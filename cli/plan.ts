/** Entry of `npm run plan`; see plan/command.ts. */
import { planCommand } from "../plan/command";

planCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
