import { relative } from 'node:path';
import type { FunctionManifest } from '../kit/define-function.ts';
import { openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { type PersonaKey, personas } from '../sandbox/data/personas.ts';
import type { SandboxData } from '../sandbox/data/schema.ts';
import { DEV_KEY_FILE } from './local-keys.ts';

/**
 * What a new user needs after `npm start`: URLs, personas and one command to paste;
 * `auditDir`: where the local audit log is kept, when it is the default one.
 */
export interface Welcome {
  readonly data: SandboxData;
  readonly functions: readonly FunctionManifest[];
  readonly failures: readonly { readonly name: string; readonly failure?: string }[];
  readonly auditDir?: string;
}

/** The copy-paste examples, one per route a persona can try. */
const EXAMPLES: readonly {
  readonly function: string;
  readonly path: string;
  readonly persona: PersonaKey;
  readonly purpose: string;
  readonly what: string;
}[] = [
  {
    function: 'case-lookup',
    path: '/v1/relevant-cases/search',
    persona: 'gp',
    purpose: 'treatment',
    what: 'Has the GP’s listed child a relevant active case, and whom to call?',
  },
  {
    function: 'school-lookup',
    path: '/v1/school-or-daycare/search',
    persona: 'gp',
    purpose: 'treatment',
    what: 'Which school does the GP’s listed child attend, and whom to call there?',
  },
  {
    function: 'appointments',
    path: '/v1/appointments/search',
    persona: 'caseworker',
    purpose: 'case_handling',
    what: 'The BUP appointments of the child on the caseworker’s case',
  },
];

export async function printWelcome(base: string, welcome: Welcome): Promise<void> {
  const { data, auditDir } = welcome;
  const people = personas(data);
  const issuer = await openDevIssuer(DEV_KEY_FILE);
  const started = new Set(
    welcome.functions
      .filter((f) => !welcome.failures.some((x) => x.name === f.name && x.failure))
      .map((f) => f.name),
  );
  const tries = await Promise.all(
    EXAMPLES.filter((e) => started.has(e.function)).map(async (e) => {
      const persona = people.find((p) => p.key === e.persona)!;
      const token = await issuer.sign(persona);
      const body = JSON.stringify({ cpr: persona.demoChildCpr, purpose: e.purpose });
      return [
        `# ${e.what} (the ${e.persona} persona)`,
        `curl -s -X POST ${base}/${e.function}${e.path} -H 'content-type: application/json' -H 'authorization: Bearer ${token}' -d '${body}'`,
        '',
      ];
    }),
  );
  const lines = [
    '',
    `HOI Platform is running locally (embedded authorizer, PGlite audit log, synthetic sandbox data) at ${base}`,
    '',
    'Functions (each documents itself at /<function>/docs and /<function>/openapi.json):',
    ...welcome.functions
      .filter((f) => !f.sandbox)
      .flatMap((f) => {
        const failure = welcome.failures.find((x) => x.name === f.name)?.failure;
        if (failure) return [`  ${f.name.padEnd(16)} not started here: ${failure}`];
        return f.routes.map(
          (r) =>
            `  ${f.name.padEnd(16)} ${r.method.padEnd(5)} ${base}/${f.name}${r.path}   (${base}/${f.name}/docs)`,
        );
      }),
    `  sandbox          ${base}/sandbox/   (synthetic FK, CPR, SOR, NSP, STIL: ${data.children.length} children, ${data.units.length} units)`,
    '',
    'Personas (npm run dev:token -- <persona> prints a token; npm run dev:personas describes them):',
    ...people.map(
      (p) =>
        `  ${p.key.padEnd(16)} ${p.role.padEnd(17)} ${p.organisation.name}  — demo child ${p.demoChildCpr} (synthetic)`,
    ),
    '',
    'Try it (each persona asks about its demo child):',
    '',
    ...tries.flat(),
    ...(auditDir
      ? [
          `Audit log (kept between runs): ${relative(process.cwd(), auditDir)} — verify it with AUDIT_PGLITE_DIR=${relative(process.cwd(), auditDir)} npm run audit:verify (while the platform is stopped)`,
          '',
        ]
      : []),
    'Ctrl-C stops the platform.',
  ];
  console.log(lines.join('\n'));
}
