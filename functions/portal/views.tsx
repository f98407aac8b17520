import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type {
  AccessLog,
  Appointment,
  Appointments,
  Outcome,
  RelevantCases,
  SchoolOrDaycare,
  Thread,
} from './calls.ts';
import { type Explanation, explain, OVERRIDE_REASON_TEXT, type OverrideReason } from './wording.ts';

/** Who is signed in, as the page shows it (the token's claims, verified), and the session's CSRF token. */
export interface Viewer {
  /** `Line Jensen, Myndighed Øst`; a citizen is never named (`forælder, med MitID`). */
  readonly signedInAs: string;
  readonly view: 'clinician' | 'caseworker' | 'guardian';
  readonly csrf: string;
}

/** The portal's path on its host (`/portal` locally): every link and form is absolute under it. */
export interface PageContext {
  readonly base: string;
  readonly viewer?: Viewer;
}

const dateFormat = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' });
const timeFormat = new Intl.DateTimeFormat('da-DK', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Copenhagen',
});
const date = (iso: string) => dateFormat.format(new Date(iso));
const dateTime = (iso: string) => timeFormat.format(new Date(iso));

export function Layout(props: { ctx: PageContext; title: string; children?: Child }) {
  const { base, viewer } = props.ctx;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="da">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · HOI`}</title>
          <link rel="stylesheet" href={`${base}/assets/portal.css`} />
          <link rel="icon" href={`${base}/assets/logo.svg`} type="image/svg+xml" />
        </head>
        <body>
          <a class="skip" href="#indhold">
            Gå til indhold
          </a>
          <header class="site">
            <a class="brand" href={`${base}/`}>
              <img src={`${base}/assets/logo.svg`} alt="" />
              HOI · Helhedsorienteret indsats for børn og unge
            </a>
            {viewer && (
              <>
                <p class="who">
                  Logget ind som <strong>{viewer.signedInAs}</strong>
                </p>
                <form method="post" action={`${base}/logout`}>
                  <input type="hidden" name="csrf" value={viewer.csrf} />
                  <button type="submit">Log ud</button>
                </form>
              </>
            )}
          </header>
          <main id="indhold" tabindex={-1}>
            <h1>{props.title}</h1>
            {props.children}
          </main>
          <footer class="site">
            <p>
              Alle opslag logges: hvem, hvornår og hvorfor. Forældremyndighedsindehavere kan se loggen over
              deres barn. Data hentes ved hvert opslag og gemmes ikke i portalen.
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}

export function Notice(props: { explanation: Explanation; heading?: 'h2' | 'h3'; children?: Child }) {
  const { kind, title, text } = props.explanation;
  const Heading = props.heading ?? 'h2';
  return (
    <div class={`notice ${kind}`} role={kind === 'unavailable' ? 'status' : 'alert'}>
      <Heading>{title}</Heading>
      <p>{text}</p>
      {props.children}
    </div>
  );
}

export function LandingPage(props: { ctx: PageContext }) {
  return (
    <Layout ctx={props.ctx} title="Åbn portalen fra dit system">
      <p>
        Portalen viser, hvad du som sundhedsperson, sagsbehandler eller forælder må se om et barn: om der er
        en relevant kommunal sag og hvem du skal kontakte, barnets skole eller dagtilbud, aftaler i børne- og
        ungdomspsykiatrien, og hvem der har set barnets oplysninger.
      </p>
      <p>
        Du åbner den med knappen i dit journalsystem (praksissystem eller EPJ), dit fagsystem eller
        borgerportalen. Barnet følger med fra dit system; dets CPR-nummer står aldrig i en adresse.
      </p>
    </Layout>
  );
}

export function ProblemPage(props: { ctx: PageContext; code: string }) {
  const explanation = explain(props.code);
  return (
    <Layout ctx={props.ctx} title={explanation.title}>
      <Notice explanation={{ ...explanation, title: 'Hvad nu?' }} />
      <p>
        <a href={`${props.ctx.base}/`}>Til forsiden</a>
      </p>
    </Layout>
  );
}

function Refusal(props: { ctx: PageContext; outcome: { code: string }; canOverride: boolean }) {
  return (
    <Notice explanation={explain(props.outcome.code)} heading="h3">
      {props.outcome.code === 'blocked_by_citizen' && props.canOverride && (
        <p>
          <a class="button" href={`${props.ctx.base}/override`}>
            Lav et værdispring
          </a>
        </p>
      )}
    </Notice>
  );
}

function OverrideLogged(props: { used: boolean }) {
  return props.used ? (
    <Notice
      explanation={{
        kind: 'logged',
        title: 'Værdispring er logget',
        text: 'Du har set oplysningerne trods borgerens spærring. Opslaget er logget som værdispring med årsagen, og forældrene kan se det i adgangsloggen.',
      }}
    />
  ) : null;
}

export function ClinicianPage(props: {
  ctx: PageContext;
  cases: Outcome<RelevantCases>;
  school: Outcome<SchoolOrDaycare>;
}) {
  const { cases, school } = props;
  const used = (cases.ok && cases.data.overrideUsed) || (school.ok && school.data.overrideUsed);
  const blocked = [cases, school].some((o) => !o.ok && o.code === 'blocked_by_citizen');
  return (
    <Layout ctx={props.ctx} title="Barnet fra din journal">
      <OverrideLogged used={used} />
      <section class="card" aria-labelledby="sag">
        <h2 id="sag">Er der gang i noget i kommunen?</h2>
        {cases.ok ? (
          cases.data.hasRelevantCase ? (
            cases.data.cases.map((k) => (
              <dl class="facts">
                <dt>Kommune</dt>
                <dd>{k.municipality.name}</dd>
                <dt>Kontakt</dt>
                <dd>{k.responsibleUnit.name}</dd>
                <dt>Telefon</dt>
                <dd>
                  <a href={`tel:${k.responsibleUnit.phone.replace(/\s/g, '')}`}>{k.responsibleUnit.phone}</a>
                </dd>
                {k.responsibleUnit.secureEmail && (
                  <>
                    <dt>Sikker mail</dt>
                    <dd>{k.responsibleUnit.secureEmail}</dd>
                  </>
                )}
                <dt>Sagen har status siden</dt>
                <dd>{date(k.since)}</dd>
              </dl>
            ))
          ) : (
            <p>Barnet har ingen relevant aktiv kommunal sag, som du må se.</p>
          )
        ) : (
          <Refusal ctx={props.ctx} outcome={cases} canOverride={false} />
        )}
      </section>
      <section class="card" aria-labelledby="skole">
        <h2 id="skole">Skole eller dagtilbud</h2>
        {school.ok ? (
          school.data.institution ? (
            <dl class="facts">
              <dt>{school.data.institution.type === 'school' ? 'Skole' : 'Dagtilbud'}</dt>
              <dd>{school.data.institution.name}</dd>
              <dt>Adresse</dt>
              <dd>
                {school.data.institution.address.street}, {school.data.institution.address.postalCode}{' '}
                {school.data.institution.address.city}
              </dd>
              <dt>Telefon</dt>
              <dd>{school.data.institution.phone}</dd>
              <dt>Kontaktperson</dt>
              <dd>
                {school.data.institution.mainContact.name}, {school.data.institution.mainContact.title},{' '}
                {school.data.institution.mainContact.phone}
              </dd>
            </dl>
          ) : (
            <p>Barnet er ikke indskrevet på en skole eller i et dagtilbud.</p>
          )
        ) : (
          <Refusal ctx={props.ctx} outcome={school} canOverride={false} />
        )}
      </section>
      {blocked && <OverrideOffer ctx={props.ctx} />}
    </Layout>
  );
}

function OverrideOffer(props: { ctx: PageContext }) {
  return (
    <section class="card" aria-labelledby="vaerdispring">
      <h2 id="vaerdispring">Værdispring</h2>
      <p>
        Er der samtykke i situationen, eller er det nødvendigt for barnets vitale interesse, kan du se
        oplysningerne trods spærringen. Du angiver årsagen og bekræfter; opslaget logges som værdispring.
      </p>
      <p>
        <a class="button" href={`${props.ctx.base}/override`}>
          Lav et værdispring
        </a>
      </p>
    </section>
  );
}

function AppointmentRows(props: { caption: string; rows: readonly Appointment[]; empty: string }) {
  if (props.rows.length === 0) return <p>{props.empty}</p>;
  return (
    <table>
      <caption class="muted">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Tid</th>
          <th scope="col">Aftale</th>
          <th scope="col">Sted og telefon</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((a) => (
          <tr>
            <td>{dateTime(a.start)}</td>
            <td>{a.kindTitle}</td>
            <td>
              {a.unit.name}, {a.unit.phone}
            </td>
            <td>{STATUS_TEXT[a.status] ?? a.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const STATUS_TEXT: Readonly<Record<string, string>> = {
  active: 'Booket',
  completed: 'Gennemført',
  cancelled: 'Aflyst',
  aborted: 'Afbrudt',
};

export function CaseworkerPage(props: {
  ctx: PageContext;
  appointments: Outcome<Appointments>;
  thread: Outcome<Thread>;
}) {
  const { appointments, thread } = props;
  return (
    <Layout ctx={props.ctx} title="Barnets aftaler i børne- og ungdomspsykiatrien">
      <OverrideLogged used={appointments.ok && appointments.data.overrideUsed} />
      <section class="card" aria-labelledby="aftaler">
        <h2 id="aftaler">Aftaler</h2>
        {appointments.ok ? (
          <>
            <p class="muted">
              Aftaler fra {date(appointments.data.window.from)} til {date(appointments.data.window.to)}.
            </p>
            <AppointmentRows
              caption="Kommende aftaler"
              rows={appointments.data.upcoming}
              empty="Ingen kommende aftaler."
            />
            <AppointmentRows
              caption="Seneste aftaler"
              rows={appointments.data.recent}
              empty="Ingen aftaler den seneste tid."
            />
          </>
        ) : (
          <Refusal ctx={props.ctx} outcome={appointments} canOverride={true} />
        )}
      </section>
      <section class="card" aria-labelledby="korrespondance">
        <h2 id="korrespondance">Korrespondance om barnet</h2>
        {thread.ok ? (
          thread.data.messages.length === 0 ? (
            <p>Der er ingen korrespondance om barnet, som din enhed er part i.</p>
          ) : (
            <ol class="log">
              {thread.data.messages.map((m) => (
                <li>
                  <p class="when">
                    {dateTime(m.createdAt)} · {m.topic ?? 'Korrespondance'}
                  </p>
                  <p class="muted">
                    Fra {m.sender.name ?? 'ukendt afsender'} til {m.receiver.name ?? 'ukendt modtager'}
                  </p>
                  {m.payloads
                    .filter((p) => p.kind === 'text' && p.text)
                    .map((p) => (
                      <p>{p.text}</p>
                    ))}
                </li>
              ))}
            </ol>
          )
        ) : (
          <Refusal ctx={props.ctx} outcome={thread} canOverride={false} />
        )}
      </section>
    </Layout>
  );
}

export function GuardianPage(props: { ctx: PageContext; log: Outcome<AccessLog> }) {
  const { log } = props;
  return (
    <Layout ctx={props.ctx} title="Hvem har set dit barns oplysninger?">
      {log.ok ? (
        log.data.entries.length === 0 ? (
          <p>Ingen har set dit barns oplysninger gennem platformen.</p>
        ) : (
          <>
            <p>Nyeste først. Du ser organisationen og rollen, aldrig medarbejderens navn.</p>
            <ol class="log" aria-label="Adgange til dit barns oplysninger">
              {log.data.entries.map((e) => (
                <li>
                  <p class="when">
                    <time datetime={e.time}>{dateTime(e.time)}</time>
                  </p>
                  <p>
                    <strong>{e.organisation.name}</strong>
                    {e.organisation.municipality ? `, ${e.organisation.municipality}` : ''} · {e.role.text}
                  </p>
                  <p>
                    {e.data.text} · {e.purpose.text}
                  </p>
                  <p>
                    {e.decision.code === 'refused' ? (
                      <span class="tag refused">{e.decision.text}</span>
                    ) : (
                      e.decision.text
                    )}{' '}
                    {e.override && <span class="tag override">Værdispring</span>}
                  </p>
                </li>
              ))}
            </ol>
          </>
        )
      ) : (
        <Refusal ctx={props.ctx} outcome={log} canOverride={false} />
      )}
    </Layout>
  );
}

export function OverridePage(props: {
  ctx: PageContext;
  reasons: readonly OverrideReason[];
  error?: string;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title="Værdispring: se oplysningerne trods spærringen">
      <p>
        Borgeren har spærret for adgangen. Et værdispring er et bevidst valg, som loven kun tillader i
        bestemte situationer. Det bliver logget med dit navn, din organisation og årsagen, og barnets forældre
        kan se det.
      </p>
      {props.error && (
        <Notice explanation={{ kind: 'invalid', title: 'Udfyld formularen', text: props.error }} />
      )}
      <form method="post" action={`${ctx.base}/override/confirm`}>
        <input type="hidden" name="csrf" value={ctx.viewer?.csrf ?? ''} />
        <fieldset>
          <legend>Årsag (vælg én)</legend>
          {props.reasons.map((reason) => (
            <div class="choice">
              <input type="radio" id={`reason-${reason}`} name="reason" value={reason} required />
              <label for={`reason-${reason}`}>{OVERRIDE_REASON_TEXT[reason]}</label>
            </div>
          ))}
        </fieldset>
        <label for="note">Uddybning (påkrævet)</label>
        <p class="muted" id="note-hint">
          Skriv kort (mindst 10 tegn), hvorfor det er nødvendigt. Skriv ikke CPR-numre eller navne. Årsagen og
          uddybningen gemmes i adgangsloggen, hvor revisor kan læse dem.
        </p>
        <textarea id="note" name="note" required maxlength={500} aria-describedby="note-hint"></textarea>
        <div class="actions">
          <button class="primary" type="submit">
            Fortsæt
          </button>
          <a href={`${ctx.base}/`}>Fortryd</a>
        </div>
      </form>
    </Layout>
  );
}

export function OverrideConfirmPage(props: { ctx: PageContext; reason: OverrideReason; note: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title="Bekræft værdispringet">
      <Notice
        explanation={{
          kind: 'blocked',
          title: 'Værdispringet bliver logget',
          text: 'Når du bekræfter, ser du oplysningerne trods spærringen. Opslaget logges som værdispring med dit navn, din organisation og årsagen, og barnets forældre kan se det i adgangsloggen.',
        }}
      />
      <dl class="facts">
        <dt>Årsag</dt>
        <dd>{OVERRIDE_REASON_TEXT[props.reason]}</dd>
        <dt>Uddybning</dt>
        <dd>{props.note}</dd>
      </dl>
      <form method="post" action={`${ctx.base}/override`}>
        <input type="hidden" name="csrf" value={ctx.viewer?.csrf ?? ''} />
        <input type="hidden" name="reason" value={props.reason} />
        <input type="hidden" name="note" value={props.note} />
        <input type="hidden" name="confirmed" value="yes" />
        <div class="actions">
          <button class="primary" type="submit">
            Bekræft værdispring
          </button>
          <a href={`${ctx.base}/`}>Fortryd</a>
        </div>
      </form>
    </Layout>
  );
}
