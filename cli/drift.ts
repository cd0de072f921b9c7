/** Entry of `npm run drift`; see drift/command.ts. */
import { AnalyzerClient } from "../check/analyzerClient";
import { servePackInProcess } from "../check/inProcessPack";
import { driftCommand } from "../drift/command";
import { exitWhenFlushed } from "./exit";

// The in-process policy pack's server keeps the event loop alive: the process ends when the command is done.
driftCommand(
    process.argv.slice(2),
    { out: (t) => console.log(t), err: (t) => console.error(t) },
    { pack: async () => new AnalyzerClient(await servePackInProcess()) },
).then(exitWhenFlushed);
