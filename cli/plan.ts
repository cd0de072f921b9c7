/** Entry of `npm run plan`; see offline/planCommand.ts. */
import { planCommand } from "../offline/planCommand";

planCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
