/**
 * `npm run -s dev:child -- <persona> [<demo>]`: prints the synthetic CPR
 * number of the persona's demo child, or of the sandbox child that shows
 * `<demo>` (one of RULE_DEMOS), so the commands `npm start` prints fetch it
 * instead of carrying it in the platform's output.
 */
import { generateSandboxData } from '../sandbox/data/generate.ts';
import { demoChildCpr } from './demo-child.ts';

const answer = demoChildCpr(generateSandboxData(), process.argv[2], process.argv[3]);
if (!answer.ok) {
  console.error(answer.usage);
  process.exit(2);
}
console.log(answer.cpr);
