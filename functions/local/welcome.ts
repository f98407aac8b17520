import { relative } from 'node:path';
import type { FunctionManifest } from '../kit/define-function.ts';
import { type DevIssuer, openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { type Persona, personas } from '../sandbox/data/personas.ts';
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

export async function printWelcome(base: string, welcome: Welcome): Promise<void> {
  const { data, auditDir } = welcome;
  const people = personas(data);
  const gp = people.find((p) => p.key === 'gp')!;
  const issuer = await openDevIssuer(DEV_KEY_FILE);
  const token = await issuer.sign(gp);
  const body = JSON.stringify({ cpr: gp.demoChildCpr, purpose: 'treatment' });
  const post = (path: string, bearer: string, json: object) =>
    `curl -s -X POST ${base}${path} -H 'content-type: application/json' -H 'authorization: Bearer ${bearer}' -d '${JSON.stringify(json)}'`;
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
    `Try it (the GP persona asks about its listed child):`,
    '',
    `curl -s -X POST ${base}/case-lookup/v1/relevant-cases/search -H 'content-type: application/json' -H 'authorization: Bearer ${token}' -d '${body}'`,
    '',
    ...(await accessLogExamples(welcome, people, issuer, post)),
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

/**
 * Who looked at the GP persona's child (access-log): its guardian (a citizen,
 * dev MitID) and Aalborg's auditor. Nothing is seeded: the log shows what the
 * case-lookup example above recorded, so it runs first.
 */
async function accessLogExamples(
  welcome: Welcome,
  people: readonly Persona[],
  issuer: DevIssuer,
  post: (path: string, bearer: string, json: object) => string,
): Promise<string[]> {
  const running = welcome.functions.some((f) => f.name === 'access-log');
  if (!running || welcome.failures.some((f) => f.name === 'access-log')) return [];
  const guardian = people.find((p) => p.key === 'guardian')!;
  const auditor = people.find((p) => p.key === 'auditor')!;
  const path = '/access-log/v1/access-log/search';
  return [
    'Who looked at that child (run the case-lookup line first, so there is something to see):',
    '',
    '  its guardian (custody holder, MitID) sees organisation, role, purpose and decision, newest first:',
    post(path, await issuer.sign(guardian), { cpr: guardian.demoChildCpr, purpose: 'guardian_insight' }),
    '',
    '  Aalborg’s auditor also sees request id, function, reason code and employee; here only case-lookup, 10 a page:',
    post(path, await issuer.sign(auditor), {
      cpr: auditor.demoChildCpr,
      purpose: 'routine_inspection',
      filter: { function: 'case-lookup' },
      limit: 10,
    }),
    '',
  ];
}
