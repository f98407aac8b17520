/** `npm run dev:personas`: the local personas, their organisation and a synthetic demo child each. */
import { generateSandboxData } from '../sandbox/data/generate.ts';
import { personas } from '../sandbox/data/personas.ts';

for (const p of personas(generateSandboxData())) {
  console.log(
    `${p.key}\n  ${p.name} — ${p.role}, ${p.organisation.name} (${p.organisation.id}), ${p.domain} side`,
  );
  console.log(`  demo child (synthetic CPR): ${p.demoChildCpr}\n  ${p.about}\n`);
}
