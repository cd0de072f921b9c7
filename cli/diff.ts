/** Entry of `npm run diff`; see release/diffCommand.ts. */
import { diffCommand } from "../release/diffCommand";

diffCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
