import { createHash, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { DevIdentity, DevIssuer } from '../runtime/auth/dev-issuer.ts';
import { personas } from '../sandbox/data/personas.ts';
import type { SandboxData } from '../sandbox/data/schema.ts';

/**
 * The local platform's stand-in for the systems that open the portal: a record
 * system (LPS, EPJ, SAPA, the citizen's portal) with a SMART App Launch
 * authorization server, mounted at `/dev-ehr/`. Opening `/dev-ehr/launch/<who>`
 * is pressing the record's button: it makes an opaque launch id for the person
 * and child and opens the portal's `/launch?iss=…&launch=…`; the portal then
 * runs the authorization code flow with PKCE against this server, whose token
 * response carries the child's CPR number (`patient_cpr`) beside the dev
 * issuer's access token. `/dev-ehr/post/<who>` is the simpler path: a page whose
 * button posts a signed single-use launch token with the access token.
 * Local use only: it signs with the development key.
 */
export const DEV_EHR = 'dev-ehr';
/** The client id the portal registers with the dev record system. */
export const PORTAL_CLIENT_ID = 'hoi-portal';

export interface DevEhrOptions {
  /** Where it is served, as browsers and the portal reach it: `<base>/dev-ehr`. */
  readonly ehrUrl: string;
  /** The portal's public URL: its `/launch` and its registered `/callback`. */
  readonly portalUrl: string;
  readonly clientId: string;
  readonly issuer: DevIssuer;
  readonly data: SandboxData;
  readonly clock?: () => Date;
}

export interface LaunchScenario {
  readonly key: string;
  readonly title: string;
  readonly identity: DevIdentity;
  readonly childCpr: string;
}

/** The personas who use the portal, and a GP whose listed child has blocked access (Min Spærring). */
export function launchScenarios(data: SandboxData, now = new Date()): LaunchScenario[] {
  const all = personas(data, now);
  const persona = (key: string) => all.find((x) => x.key === key)!;
  const pick = (key: string, title: string, child = persona(key).demoChildCpr): LaunchScenario => ({
    key,
    title,
    identity: persona(key),
    childCpr: child,
  });
  const scenarios = [
    pick('gp', 'Praktiserende læge, Lægerne Torvet (LPS)'),
    pick('psychiatrist', 'Psykiater, BUP Ambulatorium for unge (EPJ)'),
    // The gp persona's child, opened at a clinic where it is not listed: a refusal.
    pick('gp-other-clinic', 'Praktiserende læge uden relation til barnet (LPS)', persona('gp').demoChildCpr),
    pick('caseworker', 'Sagsbehandler, Myndighed Øst, Aalborg (fagsystem)'),
    pick('guardian', 'Forælder med forældremyndighed (MitID)'),
  ];
  const blocked = data.children.find(
    (c) =>
      c.gpClinicSor !== null &&
      c.blocks.some((b) => b.kind === 'place' && b.place.type === 'gp_clinic') &&
      c.cases.some((k) => k.progressState !== 'Afsluttet' && k.sensitivity !== 'VIP_SAGER'),
  );
  const clinic = blocked && data.clinics.find((c) => c.sor === blocked.gpClinicSor);
  if (blocked && clinic?.staff[0]) {
    scenarios.push({
      key: 'gp-blocked',
      title: `Praktiserende læge, ${clinic.name}: barnet har spærret for klinikken`,
      identity: {
        subject: clinic.staff[0].subject,
        name: clinic.staff[0].name,
        role: 'gp',
        organisation: { id: clinic.sor, name: clinic.name },
        domain: 'health',
      },
      childCpr: blocked.cpr,
    });
  }
  return scenarios;
}

interface Pending {
  readonly scenario: LaunchScenario;
  readonly until: number;
}
interface Grant extends Pending {
  readonly redirectUri: string;
  readonly challenge: string;
}

export function devEhrApp(options: DevEhrOptions): Hono {
  const clock = options.clock ?? (() => new Date());
  const scenarios = launchScenarios(options.data, clock());
  const byKey = new Map(scenarios.map((s) => [s.key, s]));
  const launches = new Map<string, Pending>();
  const codes = new Map<string, Grant>();
  const redirectUri = `${options.portalUrl}/callback`;
  const fresh = () => randomBytes(24).toString('base64url');
  const take = <T extends { until: number }>(store: Map<string, T>, id: string | undefined) => {
    const found = id === undefined ? undefined : store.get(id);
    if (id !== undefined) store.delete(id);
    return found && found.until > clock().getTime() ? found : undefined;
  };

  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header(
      'content-security-policy',
      `default-src 'none'; form-action 'self' ${new URL(options.portalUrl).origin}`,
    );
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
  });

  app.get('/', (c) =>
    c.html(html`<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Udviklings-journalsystem · HOI</title></head>
<body><main><h1>Udviklings-journalsystem (kun lokalt)</h1>
<p>Hver knap åbner HOI-portalen med personen og barnet, som en knap i et journalsystem gør.</p>
<ul>${scenarios.map(
      (s) =>
        html`<li>${s.title}: <a href="launch/${s.key}">SMART-launch</a> · <a href="post/${s.key}">signeret launch-token</a></li>`,
    )}</ul></main></body></html>`),
  );

  app.get('/.well-known/smart-configuration', (c) =>
    c.json({
      authorization_endpoint: `${options.ehrUrl}/authorize`,
      token_endpoint: `${options.ehrUrl}/token`,
      grant_types_supported: ['authorization_code'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['launch', 'openid', 'fhirUser', 'patient/Patient.r'],
      capabilities: ['launch-ehr', 'client-public', 'context-ehr-patient', 'permission-v2'],
    }),
  );

  app.get('/launch/:key', (c) => {
    const scenario = byKey.get(c.req.param('key'));
    if (!scenario) return c.text('unknown launch', 404);
    const id = fresh();
    launches.set(id, { scenario, until: clock().getTime() + 600_000 });
    const target = new URL(`${options.portalUrl}/launch`);
    target.searchParams.set('iss', options.ehrUrl);
    target.searchParams.set('launch', id);
    return c.redirect(target.href, 302);
  });

  app.get('/post/:key', async (c) => {
    const scenario = byKey.get(c.req.param('key'));
    if (!scenario) return c.text('unknown launch', 404);
    const launchToken = await options.issuer.signLaunch(scenario.identity, {
      audience: `${options.portalUrl}/launch`,
      patientCpr: scenario.childCpr,
    });
    const accessToken = await options.issuer.sign(scenario.identity, 3600);
    return c.html(launchForm(options.portalUrl, scenario.title, launchToken, accessToken));
  });

  app.get('/authorize', (c) => {
    const q = (name: string) => c.req.query(name);
    // Only the portal's registered redirect is ever redirected to; anything else ends here.
    if (q('client_id') !== options.clientId || q('redirect_uri') !== redirectUri)
      return c.text('unknown client or redirect_uri', 400);
    const back = (params: Record<string, string>) => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...params, state: q('state') ?? '' })) url.searchParams.set(k, v);
      return c.redirect(url.href, 302);
    };
    if (q('response_type') !== 'code' || q('code_challenge_method') !== 'S256' || !q('code_challenge'))
      return back({ error: 'invalid_request' });
    if (q('aud') !== options.ehrUrl) return back({ error: 'invalid_request' });
    const launch = take(launches, q('launch'));
    if (!launch) return back({ error: 'access_denied' });
    const code = fresh();
    codes.set(code, {
      scenario: launch.scenario,
      until: clock().getTime() + 60_000,
      redirectUri,
      challenge: q('code_challenge')!,
    });
    return back({ code });
  });

  app.post('/token', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const grant = field('grant_type') === 'authorization_code' ? take(codes, field('code')) : undefined;
    const verifier = field('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      !grant ||
      field('client_id') !== options.clientId ||
      field('redirect_uri') !== grant.redirectUri ||
      challenge !== grant.challenge
    )
      return c.json({ error: 'invalid_grant' }, 400);
    return tokenAnswer(c, await options.issuer.sign(grant.scenario.identity, 3600), grant.scenario);
  });

  return app;
}

function tokenAnswer(c: Context, accessToken: string, scenario: LaunchScenario) {
  return c.json({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 3600,
    scope: 'launch openid fhirUser patient/Patient.r',
    patient: createHash('sha256').update(scenario.childCpr).digest('hex').slice(0, 16),
    patient_cpr: scenario.childCpr,
  });
}

function launchForm(portalUrl: string, title: string, launchToken: string, accessToken: string) {
  return html`<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Åbn HOI-portalen · udviklings-journalsystem</title></head>
<body><main><h1>${title}</h1>
<p>Knappen sender et signeret launch-token (gyldigt i 2 minutter, kan bruges én gang) og dit login til portalen.</p>
<form method="post" action="${portalUrl}/launch">
<input type="hidden" name="launch_token" value="${launchToken}">
<input type="hidden" name="access_token" value="${accessToken}">
<button type="submit">Åbn HOI-portalen</button>
</form></main></body></html>`;
}
