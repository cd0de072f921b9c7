/** Entry of `npm run plan`; see plan/command.ts. */
import { planCommand } from "../plan/command";
import { exitWhenFlushed } from "./exit";

// The in-process policy pack's server keeps the event loop alive: the process ends when the command is done.
planCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then(exitWhenFlushed);
