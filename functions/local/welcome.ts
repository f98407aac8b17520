import { relative } from 'node:path';
import type { FunctionManifest } from '../kit/define-function.ts';
import { openDevIssuer } from '../runtime/auth/dev-issuer.ts';
import { personas } from '../sandbox/data/personas.ts';
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
  const token = await (await openDevIssuer(DEV_KEY_FILE)).sign(gp);
  const body = JSON.stringify({ cpr: gp.demoChildCpr, purpose: 'treatment' });
  const correspondence = await correspondenceExamples(base, welcome);
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
    ...correspondence,
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
 * correspondence as the caseworker persona: send a CareCommunication about
 * the demo child to its GP clinic (by SOR code), then read the unit's inbox
 * and the child's thread. The sandbox plays the VANS peer and the case system.
 */
async function correspondenceExamples(base: string, welcome: Welcome): Promise<string[]> {
  if (!welcome.functions.some((f) => f.name === 'correspondence')) return [];
  if (welcome.failures.some((f) => f.name === 'correspondence')) return [];
  const caseworker = personas(welcome.data).find((p) => p.key === 'caseworker')!;
  const clinic = welcome.data.children.find((c) => c.cpr === caseworker.demoChildCpr)?.gpClinicSor;
  if (!clinic) return [];
  const token = await (await openDevIssuer(DEV_KEY_FILE)).sign(caseworker);
  const url = `${base}/correspondence`;
  const headers = `-H 'content-type: application/json' -H 'authorization: Bearer ${token}'`;
  const message = JSON.stringify({
    cpr: caseworker.demoChildCpr,
    purpose: 'care_coordination',
    receiver: { sor: clinic },
    category: 'psychiatry-social-disability',
    topic: 'Samarbejde om barnet',
    text: 'Kan vi aftale et møde om barnet?',
    contactPhone: '99311111',
  });
  const thread = JSON.stringify({ cpr: caseworker.demoChildCpr, purpose: 'care_coordination' });
  return [
    'Correspondence (the caseworker writes to the demo child’s GP clinic; the sandbox acknowledges as the VANS peer):',
    '',
    `curl -s -X POST ${url}/v1/messages ${headers} -d '${message}'`,
    `curl -s -X POST ${url}/v1/inbox/list ${headers} -d '{}'`,
    `curl -s -X POST ${url}/v1/threads/search ${headers} -d '${thread}'`,
    '',
  ];
}
