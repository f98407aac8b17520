import { relative } from 'node:path';
import type { FunctionManifest } from '../kit/define-function.ts';
import { personas } from '../sandbox/data/personas.ts';
import type { SandboxData } from '../sandbox/data/schema.ts';
import { DEV_EHR, launchScenarios } from './dev-ehr.ts';
import { EXAMPLES, type Example } from './examples.ts';

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
  const whose = [example.childOf ?? example.persona, ...(example.demo ? [example.demo] : [])].join(' ');
  const child = example.aboutChild === false ? [] : [`\\"cpr\\":\\"$(npm run -s dev:child -- ${whose})\\"`];
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

/** What the banner says an example answers: `200`, `403 blocked_by_citizen`, `200 text/csv`. */
export function answerOf(example: Example): string {
  const { status, code, type } = example.answers;
  return [status, code ?? type].filter((part) => part !== undefined).join(' ');
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
      `# ${e.title} (${e.persona}${e.demo ? `, demo child ${e.demo}` : ''}) → ${answerOf(e)}`,
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
