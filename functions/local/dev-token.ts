/** `npm run dev:token -- <persona>`: prints a development bearer token for a persona (local platform only). */
import { openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { generateSandboxData } from '../sandbox/data/generate.ts';
import { PERSONA_KEYS, personas } from '../sandbox/data/personas.ts';
import { DEV_KEY_FILE } from './local-keys.ts';

const key = process.argv[2];
const persona = personas(generateSandboxData()).find((p) => p.key === key);
if (!persona) {
  console.error(`usage: npm run dev:token -- <persona>   (one of: ${PERSONA_KEYS.join(', ')})`);
  process.exit(2);
}
console.log(await (await openDevIssuer(DEV_KEY_FILE)).sign(persona));
