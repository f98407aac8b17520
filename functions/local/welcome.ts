import { relative } from 'node:path';
import type { FunctionManifest } from '../kit/define-function.ts';
import { personas } from '../sandbox/data/personas.ts';
import type { SandboxData } from '../sandbox/data/schema.ts';
import { DEV_EHR, launchScenarios } from './dev-ehr.ts';

/**
 * What a new user needs after `npm start`: URLs, personas and commands to paste;
 * `auditDir`: where the local audit log is kept, when it is the default one.
 */
export interface Welcome {
  readonly data: SandboxData;
  readonly functions: readonly FunctionManifest[];
  readonly failures: readonly { readonly name: string; readonly failure?: string }[];
  readonly auditDir?: string;
}

/** One thing to try: who asks, what, with which body fields besides the demo child's CPR. */
interface Example {
  readonly title: string;
  readonly persona: string;
  readonly fn: string;
  readonly path: string;
  readonly body:
    | Readonly<Record<string, unknown>>
    | ((data: SandboxData) => Readonly<Record<string, unknown>>);
  /** Whether the body carries the persona's demo child. @default true */
  readonly aboutChild?: boolean;
  /** Fields the shell fills in when the command runs, from another command's output (`$(…)`). */
  readonly fromShell?: (base: string) => Readonly<Record<string, string>>;
}

/** The caseworker's demo child's GP clinic: where the correspondence example writes to. */
const caseworkersClinic = (data: SandboxData) => {
  const caseworker = personas(data).find((p) => p.key === 'caseworker')!;
  return data.children.find((c) => c.cpr === caseworker.demoChildCpr)?.gpClinicSor ?? 'unknown';
};

export const EXAMPLES: readonly Example[] = [
  {
    title: 'The GP asks whether its listed child has a relevant active municipal case, and whom to call',
    persona: 'gp',
    fn: 'case-lookup',
    path: '/v1/relevant-cases/search',
    body: { purpose: 'treatment' },
  },
  {
    title: 'Which school or daycare the GP’s listed child attends, and whom to call there',
    persona: 'gp',
    fn: 'school-lookup',
    path: '/v1/school-or-daycare/search',
    body: { purpose: 'treatment' },
  },
  {
    title: 'The BUP appointments of the child on the caseworker’s case',
    persona: 'caseworker',
    fn: 'appointments',
    path: '/v1/appointments/search',
    body: { purpose: 'case_handling' },
  },
  {
    title:
      'Its guardian (custody holder, MitID) sees who looked — organisation, role, purpose, decision — newest first (run the GP’s case-lookup line first)',
    persona: 'guardian',
    fn: 'access-log',
    path: '/v1/access-log/search',
    body: { purpose: 'guardian_insight' },
  },
  {
    title:
      'Aalborg’s auditor also sees request id, function, reason code and employee; here only case-lookup, 10 a page',
    persona: 'auditor',
    fn: 'access-log',
    path: '/v1/access-log/search',
    body: { purpose: 'routine_inspection', filter: { function: 'case-lookup' }, limit: 10 },
  },
  {
    title:
      'The caseworker writes to the demo child’s GP clinic (MedCom; the sandbox acknowledges as the VANS peer)',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/messages',
    body: (data) => ({
      purpose: 'care_coordination',
      receiver: { sor: caseworkersClinic(data) },
      category: 'psychiatry-social-disability',
      topic: 'Samarbejde om barnet',
      text: 'Kan vi aftale et møde om barnet?',
      contactPhone: '99311111',
    }),
  },
  {
    title:
      'The caseworker’s unit inbox (each message shown only where can_read_correspondence on its child allows)',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/inbox/list',
    body: { purpose: 'care_coordination' },
    aboutChild: false,
  },
  {
    title:
      'Where the newest message in that inbox stands (queued → sent → acknowledged / failed / dead-letter)',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/messages/status',
    body: { purpose: 'care_coordination' },
    fromShell: (base) => ({
      id: `$(curl -s -X POST ${base}/correspondence/v1/inbox/list -H 'content-type: application/json' -H "authorization: Bearer $(npm run -s dev:token -- caseworker)" -d '{"purpose":"care_coordination","limit":1}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).messages[0].id')`,
    }),
  },
  {
    title: 'The child’s correspondence thread',
    persona: 'caseworker',
    fn: 'correspondence',
    path: '/v1/threads/search',
    body: { purpose: 'care_coordination' },
  },
];

/**
 * A command that fetches the persona's token and demo child when it runs
 * (`npm run -s dev:token`, `npm run -s dev:child`), so neither a bearer token
 * nor a CPR number is ever part of the platform's output (POL-001.7).
 */
export function tryIt(base: string, example: Example, data?: SandboxData): string {
  const body = typeof example.body === 'function' ? example.body(data!) : example.body;
  const fields = Object.entries(body).map(
    ([key, value]) => `\\"${key}\\":${JSON.stringify(JSON.stringify(value)).slice(1, -1)}`,
  );
  const child =
    example.aboutChild === false ? [] : [`\\"cpr\\":\\"$(npm run -s dev:child -- ${example.persona})\\"`];
  const shell = Object.entries(example.fromShell?.(base) ?? {}).map(
    ([key, command]) => `\\"${key}\\":\\"${command}\\"`,
  );
  return [
    `curl -s -X POST ${base}/${example.fn}${example.path}`,
    `-H 'content-type: application/json'`,
    `-H "authorization: Bearer $(npm run -s dev:token -- ${example.persona})"`,
    `-d "{${[...child, ...shell, ...fields].join(',')}}"`,
  ].join(' ');
}

export function printWelcome(base: string, welcome: Welcome): void {
  const { data, auditDir } = welcome;
  const started = welcome.functions.filter((f) => !welcome.failures.some((x) => x.name === f.name));
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
        // A function of pages (the portal): one address to open, not a list of routes.
        if (f.routes.some((r) => r.method === 'GET' && r.path === '/'))
          return [`  ${f.name.padEnd(16)} pages ${base}/${f.name}/   (open it from the record system below)`];
        return f.routes.map(
          (r) =>
            `  ${f.name.padEnd(16)} ${r.method.padEnd(5)} ${base}/${f.name}${r.path}   (${base}/${f.name}/docs)`,
        );
      }),
    `  sandbox          ${base}/sandbox/   (synthetic FK, CPR, SOR, NSP, STIL: ${data.children.length} children, ${data.units.length} units)`,
    '',
    'Personas (npm run -s dev:token -- <persona> prints a token, npm run -s dev:child -- <persona> its demo child;',
    'npm run dev:personas describes them):',
    ...personas(data).map((p) => `  ${p.key.padEnd(16)} ${p.role.padEnd(17)} ${p.organisation.name}`),
    '',
    'Try it:',
    ...EXAMPLES.filter((e) => started.some((f) => f.name === e.fn)).flatMap((e) => [
      '',
      `# ${e.title} (${e.persona}):`,
      tryIt(base, e, data),
    ]),
    ...(started.some((f) => f.name === 'portal') ? portalLines(base, data) : []),
    '',
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
 * The portal, opened as each person's own system would open it: the dev record
 * system's button (a SMART EHR launch) per persona, and the signed launch token.
 */
export function portalLines(base: string, data: SandboxData): string[] {
  const scenarios = launchScenarios(data);
  return [
    '',
    `Portal (open in a browser; the dev record system ${base}/${DEV_EHR}/ launches it as an LPS, EPJ, SAPA or MitID would):`,
    ...scenarios.map((s) => `  ${s.key.padEnd(16)} ${base}/${DEV_EHR}/launch/${s.key}   (${s.title})`),
    `  signed launch token instead of SMART: ${base}/${DEV_EHR}/post/gp`,
  ];
}
