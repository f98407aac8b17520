/**
 * `npm run -s dev:child -- <persona>`: prints the synthetic CPR number of the
 * persona's demo child, so the commands `npm start` prints fetch it instead of
 * carrying it in the platform's output.
 */
import { generateSandboxData } from '../sandbox/data/generate.ts';
import { PERSONA_KEYS, personas } from '../sandbox/data/personas.ts';

const key = process.argv[2];
const persona = personas(generateSandboxData()).find((p) => p.key === key);
if (!persona) {
  console.error(`usage: npm run -s dev:child -- <persona>   (one of: ${PERSONA_KEYS.join(', ')})`);
  process.exit(2);
}
console.log(persona.demoChildCpr);
