/**
 * `npm run function -- <name>`: one function as its own process in development,
 * as `node dist/<name>.js` runs it after a build (the kit's `runFunction`), its
 * configuration from the environment.
 */
import { findFunctions } from '../kit/find-functions.ts';
import { runFunction } from '../kit/run-function.ts';

const name = process.argv[2];
const found = await findFunctions();
const chosen = found.find((f) => f.manifest.name === name);
if (!chosen) {
  console.error(`usage: npm run function -- <${found.map((f) => f.manifest.name).join('|')}>`);
  process.exit(2);
}
await runFunction(chosen.manifest, chosen.load);
