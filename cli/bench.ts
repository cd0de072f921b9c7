/** Entry of `npm run bench`; see release/bench.ts. Writes out/bench.json. */
import { benchCommand } from "../release/bench";

benchCommand(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
});
