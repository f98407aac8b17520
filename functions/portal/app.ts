import { hkdfSync } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { decodeJwt } from 'jose';
import * as z from 'zod/mini';
import type { Kit } from '../kit/kit.ts';
import { loadTrustDomains } from '../runtime/auth/config.ts';
import type { Principal } from '../runtime/auth/principal.ts';
import { parseEnv } from '../runtime/config/parse-env.ts';
import { parseKey } from '../runtime/config/secret-key.ts';
import { AppError } from '../runtime/http/app-error.ts';
import { createFunctionApp } from '../runtime/http/create-function-app.ts';
import { createLaunchTokenVerifier } from '../runtime/web/launch-token.ts';
import { pageSecurity, readForm } from '../runtime/web/page-security.ts';
import { randomToken, sameToken, sealedCookie } from '../runtime/web/sealed-cookie.ts';
import { createSmartClient, type PendingLaunch } from '../runtime/web/smart-launch.ts';
import type { Override } from './calls.ts';
import { type PlatformCalls, platformCalls } from './calls.ts';
import { PORTAL_CSS, PORTAL_LOGO } from './style.ts';
import {
  CaseworkerPage,
  ClinicianPage,
  GuardianPage,
  LandingPage,
  OverrideConfirmPage,
  OverridePage,
  type PageContext,
  ProblemPage,
  type Viewer,
} from './views.tsx';
import type { OverrideReason } from './wording.ts';

const urlList = z.pipe(
  z.string(),
  z.transform((list) =>
    list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
);
const settingsSchema = z.object({
  /** The portal's address as browsers reach it (its `/callback` is the registered redirect URI). */
  PORTAL_PUBLIC_URL: z.url({ protocol: /^https?$/ }),
  /** Where the other functions answer, `{function}` for the name: `http://{function}.hoi.svc.cluster.local`. */
  PORTAL_FUNCTION_URL_TEMPLATE: z
    .string()
    .check(z.regex(/^https?:\/\/\S*\{function\}\S*$/, 'must be an http(s) URL with {function}')),
  /** The record systems (SMART FHIR bases, `iss`) that may launch the portal, comma-separated. */
  PORTAL_LAUNCH_ISSUERS: z._default(urlList, []),
  PORTAL_CLIENT_ID: z._default(z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,100}$/)), 'hoi-portal'),
  /** A session lasts at most this long, and never past the token it holds. */
  PORTAL_SESSION_MAX_SEC: z._default(z.coerce.number().check(z.int(), z.gte(60), z.lte(28_800)), 1800),
  PORTAL_CALL_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(30_000)), 5000),
});

/** Its own settings and secret, parsed as at start: for a check of a deployment's environment. */
export const checkSettings = (env: Readonly<Record<string, string | undefined>>) => {
  parseKey(env, 'PORTAL_SESSION_KEY');
  return parseEnv(settingsSchema, env);
};

/** What the session cookie holds (sealed): the person's token, the child in context, and its CSRF token. */
interface Session {
  readonly token: string;
  readonly cpr: string;
  readonly viewer: Viewer;
}

const VIEWS: Readonly<Record<string, Viewer['view']>> = {
  health: 'clinician',
  municipal: 'caseworker',
  citizen: 'guardian',
};
/** The override reasons each view offers: the functions decide whether one is accepted. */
const OVERRIDE_REASONS: Readonly<Record<Viewer['view'], readonly OverrideReason[]>> = {
  clinician: ['citizen_consent', 'vital_interest'],
  caseworker: ['citizen_consent'],
  guardian: [],
};

/**
 * The portal: server-rendered pages (Hono JSX), no client script, its own
 * stylesheet and mark, a strict CSP, a sealed session cookie (Secure,
 * HttpOnly, SameSite=Lax, bounded lifetime), a CSRF token on every form.
 * Launched by a SMART EHR launch (`GET /launch?iss&launch` → the issuer's
 * authorization → `/callback`) or a signed launch token (`POST /launch`); the
 * child's CPR number arrives in a token response or a POST body and stays in
 * the sealed session, never in a URL. Every answer shown is another function's,
 * asked with the person's own token.
 */
export async function createApp(kit: Kit): Promise<Hono> {
  const settings = checkSettings(kit.env);
  const key = new Uint8Array(
    hkdfSync('sha256', parseKey(kit.env, 'PORTAL_SESSION_KEY'), '', 'hoi-portal', 32),
  );
  const publicUrl = settings.PORTAL_PUBLIC_URL.replace(/\/+$/, '');
  const base = new URL(publicUrl).pathname.replace(/\/+$/, '');
  const cookiePath = base || '/';
  const session = sealedCookie<Session>({
    key,
    name: 'hoi_portal',
    path: cookiePath,
    purpose: 'session',
    maxAgeSec: settings.PORTAL_SESSION_MAX_SEC,
  });
  const pending = sealedCookie<PendingLaunch>({
    key,
    name: 'hoi_portal_launch',
    path: cookiePath,
    purpose: 'launch',
    maxAgeSec: 600,
  });
  const smart = createSmartClient({
    clientId: settings.PORTAL_CLIENT_ID,
    redirectUri: `${publicUrl}/callback`,
    issuers: settings.PORTAL_LAUNCH_ISSUERS,
  });
  const verifyLaunch = createLaunchTokenVerifier({
    domains: await loadTrustDomains(kit.env),
    audience: `${publicUrl}/launch`,
    clock: kit.clock,
  });
  const calls = platformCalls({
    urlTemplate: settings.PORTAL_FUNCTION_URL_TEMPLATE,
    timeoutMs: settings.PORTAL_CALL_TIMEOUT_MS,
  });

  const app = createFunctionApp({ name: kit.manifest.name, readiness: kit.readiness });
  const pages = new Hono();
  pages.use(pageSecurity());
  const ctxOf = (viewer?: Viewer): PageContext => (viewer ? { base, viewer } : { base });
  pages.onError((error, c) => {
    const known = error instanceof AppError ? error : new AppError(500, 'internal_error', 'Internal error');
    return c.html(ProblemPage({ ctx: ctxOf(), code: known.code }), known.status);
  });

  pages.get('/assets/portal.css', (c) =>
    c.body(PORTAL_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }),
  );
  pages.get('/assets/logo.svg', (c) => c.body(PORTAL_LOGO, 200, { 'content-type': 'image/svg+xml' }));

  pages.get('/', async (c) => {
    const current = await session.read(c);
    if (!current) return c.html(LandingPage({ ctx: ctxOf() }));
    return c.html(await viewOf(calls, ctxOf(current.viewer), current));
  });

  // SMART EHR launch: the record system opens this with its `iss` and an opaque `launch`.
  pages.get('/launch', async (c) => {
    const iss = c.req.query('iss');
    if (!iss) throw new AppError(400, 'launch_invalid', 'A launch needs iss');
    const { url, pending: kept } = await smart.begin(iss, c.req.query('launch'));
    await pending.write(c, kept);
    return c.redirect(url, 302);
  });

  pages.get('/callback', async (c) => {
    const kept = await pending.read(c);
    pending.clear(c);
    if (!kept) throw new AppError(400, 'launch_state_mismatch', 'No launch is pending');
    if (c.req.query('error'))
      throw new AppError(403, 'launch_refused', 'The record system refused the launch');
    const answer = await smart.complete(kept, { code: c.req.query('code'), state: c.req.query('state') });
    if (!answer.patient_cpr) throw new AppError(400, 'launch_without_child', 'The launch carries no child');
    await establish(c, answer.access_token, answer.patient_cpr);
    return c.redirect(`${base}/`, 303);
  });

  // The signed launch token: a record system that does not speak SMART posts it with the person's token.
  pages.post('/launch', async (c) => {
    const form = await readForm(c);
    if (!form.launch_token || !form.access_token)
      throw new AppError(400, 'launch_invalid', 'A launch needs launch_token and access_token');
    const launch = await verifyLaunch(form.launch_token);
    const principal = await kit.verifyToken(form.access_token);
    if (principal.issuer !== launch.issuer || principal.subject !== launch.subject)
      throw new AppError(401, 'launch_mismatch', 'The launch was issued to someone else');
    await establish(c, form.access_token, launch.patientCpr, principal);
    return c.redirect(`${base}/`, 303);
  });

  pages.get('/override', async (c) => {
    const current = await requireSession(c);
    return c.html(
      OverridePage({ ctx: ctxOf(current.viewer), reasons: OVERRIDE_REASONS[current.viewer.view] }),
    );
  });

  pages.post('/override/confirm', async (c) => {
    const { current, form } = await checkedForm(c);
    const reasons = OVERRIDE_REASONS[current.viewer.view];
    const reason = reasons.find((r) => r === form.reason);
    const note = (form.note ?? '').trim();
    if (!reason || note.length < 10 || note.length > 500) {
      return c.html(
        OverridePage({
          ctx: ctxOf(current.viewer),
          reasons,
          error: 'Vælg en årsag og skriv en kort uddybning (10 til 500 tegn).',
        }),
        400,
      );
    }
    return c.html(OverrideConfirmPage({ ctx: ctxOf(current.viewer), reason, note }));
  });

  pages.post('/override', async (c) => {
    const { current, form } = await checkedForm(c);
    const reason = OVERRIDE_REASONS[current.viewer.view].find((r) => r === form.reason);
    const note = (form.note ?? '').trim();
    if (!reason || form.confirmed !== 'yes' || note.length < 10 || note.length > 500)
      return c.html(
        OverridePage({
          ctx: ctxOf(current.viewer),
          reasons: OVERRIDE_REASONS[current.viewer.view],
          error: 'Vælg en årsag og bekræft.',
        }),
        400,
      );
    return c.html(await viewOf(calls, ctxOf(current.viewer), current, { reason, justification: note }));
  });

  pages.post('/logout', async (c) => {
    await checkedForm(c);
    session.clear(c);
    return c.html(ProblemPage({ ctx: ctxOf(), code: 'signed_out' }));
  });

  app.route('/', pages);
  return app;

  async function establish(c: Context, token: string, cpr: string, verified?: Principal): Promise<void> {
    const principal = verified ?? (await kit.verifyToken(token));
    const view = VIEWS[principal.domain];
    if (!view) throw new AppError(403, 'forbidden', 'No view for this trust domain');
    const { exp } = decodeJwt(token);
    const ttl = Math.floor((exp ?? 0) - kit.clock().getTime() / 1000);
    if (ttl <= 0) throw new AppError(401, 'token_expired', 'The token has expired');
    const signedInAs =
      view === 'guardian' ? 'forælder (MitID)' : `${principal.name}, ${principal.organisation.name}`;
    const viewer: Viewer = { signedInAs, view, csrf: randomToken() };
    await session.write(c, { token, cpr, viewer }, ttl);
  }

  async function requireSession(c: Context): Promise<Session> {
    const current = await session.read(c);
    if (!current) throw new AppError(401, 'session_expired', 'No session');
    return current;
  }

  async function checkedForm(c: Context) {
    const current = await requireSession(c);
    const form = await readForm(c);
    if (!sameToken(current.viewer.csrf, form.csrf))
      throw new AppError(403, 'csrf_mismatch', 'The form does not belong to this session');
    return { current, form };
  }
}

/** The signed-in person's page: each view asks its functions, side by side, with the person's token. */
async function viewOf(calls: PlatformCalls, ctx: PageContext, s: Session, override?: Override) {
  switch (s.viewer.view) {
    case 'clinician': {
      const [cases, school] = await Promise.all([
        calls.relevantCases(s.token, s.cpr, override),
        calls.schoolOrDaycare(s.token, s.cpr, override),
      ]);
      return ClinicianPage({ ctx, cases, school });
    }
    case 'caseworker': {
      const consent = override?.reason === 'citizen_consent' ? override : undefined;
      const [appointments, thread] = await Promise.all([
        calls.appointments(s.token, s.cpr, consent),
        calls.thread(s.token, s.cpr),
      ]);
      return CaseworkerPage({ ctx, appointments, thread });
    }
    case 'guardian':
      return GuardianPage({ ctx, log: await calls.accessLog(s.token, s.cpr) });
  }
}
