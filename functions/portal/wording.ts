/**
 * The problem codes the platform's functions answer (kit/child-access/problems.ts
 * and each function's own), and the portal's, in plain Danish for the person
 * in front of the screen: what happened and what they can do. No code reaches
 * the page without words; an unknown one reads as a general fault.
 */
export type StateKind = 'blocked' | 'refused' | 'unavailable' | 'invalid' | 'signed-out' | 'logged';

export interface Explanation {
  readonly kind: StateKind;
  readonly title: string;
  readonly text: string;
}

const TRY_AGAIN = 'Prøv igen om lidt. Bliver det ved, så kontakt jeres it-support.';
const RELAUNCH = 'Åbn portalen igen fra dit system.';

const WORDS: Readonly<Record<string, Explanation>> = {
  blocked_by_citizen: {
    kind: 'blocked',
    title: 'Borgeren har spærret for adgangen',
    text: 'Barnets forældre (eller barnet selv) har i Min Spærring spærret for, at du ser disse oplysninger. Hvor loven tillader det, kan du lave et værdispring: du angiver en årsag, bekræfter, og adgangen bliver logget, så borgeren kan se den.',
  },
  no_relation_to_child: {
    kind: 'refused',
    title: 'Du har ikke adgang til dette barn',
    text: 'Platformen kan ikke se en behandlingsrelation eller sag, der giver dig adgang: barnet er ikke tilknyttet din praksis, dit forløb eller din enhed. Er det en fejl, så kontakt den, der har barnet i behandling eller sagen.',
  },
  forbidden: {
    kind: 'refused',
    title: 'Du har ikke adgang',
    text: 'Din rolle giver ikke adgang til disse oplysninger.',
  },
  invalid_cpr: {
    kind: 'invalid',
    title: 'CPR-nummeret er ikke gyldigt',
    text: 'Det CPR-nummer, dit system sendte, har ikke formen DDMMÅÅ-NNNN. Kontrollér barnet i dit system og åbn portalen igen.',
  },
  invalid_cpr_date: {
    kind: 'invalid',
    title: 'CPR-nummeret er ikke gyldigt',
    text: 'Datoen i det CPR-nummer, dit system sendte, findes ikke. Kontrollér barnet i dit system og åbn portalen igen.',
  },
  child_not_found: {
    kind: 'invalid',
    title: 'Barnet blev ikke fundet',
    text: 'CPR-registeret kender ikke barnet. Kontrollér CPR-nummeret i dit system.',
  },
  missing_token: { kind: 'signed-out', title: 'Du er ikke logget ind', text: RELAUNCH },
  invalid_token: { kind: 'signed-out', title: 'Dit login kunne ikke godkendes', text: RELAUNCH },
  token_expired: { kind: 'signed-out', title: 'Dit login er udløbet', text: RELAUNCH },
  untrusted_issuer: {
    kind: 'signed-out',
    title: 'Dit login kommer fra et system, platformen ikke kender',
    text: 'Kun de identitetsudbydere, platformen har en aftale med, kan logge ind. Kontakt jeres it-support.',
  },
  incomplete_token: {
    kind: 'signed-out',
    title: 'Dit login mangler oplysninger',
    text: 'Dit login siger ikke, hvem du er og hvor du arbejder, og uden det kan adgangen ikke logges. Kontakt jeres it-support.',
  },
  session_expired: {
    kind: 'signed-out',
    title: 'Du er ikke logget ind',
    text: 'Din session er udløbet eller du er logget ud. Åbn portalen igen fra dit journalsystem eller fagsystem.',
  },
  signed_out: {
    kind: 'logged',
    title: 'Du er logget ud',
    text: 'Din session er slettet i denne browser. Åbn portalen igen fra dit system for at se et barn.',
  },
  csrf_mismatch: {
    kind: 'invalid',
    title: 'Formularen er for gammel',
    text: 'Formularen hører ikke til din nuværende session. Gå tilbage til oversigten og prøv igen.',
  },
  launch_expired: {
    kind: 'refused',
    title: 'Linket fra dit system er udløbet',
    text: 'Et link fra journalen kan kun bruges i få minutter. Åbn portalen igen fra dit system.',
  },
  launch_replayed: {
    kind: 'refused',
    title: 'Linket fra dit system er allerede brugt',
    text: 'Et link fra journalen kan kun bruges én gang, så ingen andre kan genbruge det. Åbn portalen igen fra dit system.',
  },
  launch_invalid: {
    kind: 'refused',
    title: 'Linket fra dit system kunne ikke godkendes',
    text: 'Portalen kunne ikke bekræfte, at linket kommer fra dit system. Intet er vist. Åbn portalen igen fra dit system; sker det igen, så kontakt jeres it-support.',
  },
  launch_untrusted_issuer: {
    kind: 'refused',
    title: 'Systemet, der åbnede portalen, er ikke godkendt',
    text: 'Portalen kan kun åbnes fra de journal- og fagsystemer, platformen har en aftale med.',
  },
  launch_mismatch: {
    kind: 'refused',
    title: 'Linket og dit login hører ikke sammen',
    text: 'Linket fra dit system er udstedt til en anden bruger end den, der er logget ind. Intet er vist. Åbn portalen igen fra dit system.',
  },
  launch_state_mismatch: {
    kind: 'refused',
    title: 'Login-svaret hører ikke til dette besøg',
    text: 'Svaret fra dit system kom uden det login, portalen startede. Åbn portalen igen fra dit system.',
  },
  launch_refused: {
    kind: 'refused',
    title: 'Dit system afviste at åbne portalen',
    text: 'Dit journalsystem gav ikke portalen adgang. Åbn portalen igen fra dit system.',
  },
  launch_without_child: {
    kind: 'invalid',
    title: 'Der er intet barn i konteksten',
    text: 'Dit system åbnede portalen uden et barn. Vælg barnet i dit system og åbn portalen igen.',
  },
  launch_issuer_unavailable: {
    kind: 'unavailable',
    title: 'Dit system svarer ikke',
    text: `Portalen kunne ikke nå dit journalsystems login. ${TRY_AGAIN}`,
  },
  idp_unavailable: {
    kind: 'unavailable',
    title: 'Login-tjenesten svarer ikke',
    text: `Platformen kunne ikke kontrollere dit login. ${TRY_AGAIN}`,
  },
  authorizer_unavailable: {
    kind: 'unavailable',
    title: 'Adgangskontrollen svarer ikke',
    text: `Uden en afgørelse om adgang viser platformen intet. ${TRY_AGAIN}`,
  },
  audit_unavailable: {
    kind: 'unavailable',
    title: 'Loggen svarer ikke',
    text: `Platformen viser intet, som den ikke kan logge. ${TRY_AGAIN}`,
  },
  upstream_unavailable: {
    kind: 'unavailable',
    title: 'En kilde svarer ikke',
    text: `Et af de registre, oplysningerne kommer fra, er ikke tilgængeligt lige nu. ${TRY_AGAIN}`,
  },
  upstream_timeout: {
    kind: 'unavailable',
    title: 'En kilde svarede ikke i tide',
    text: `Et af de registre, oplysningerne kommer fra, var for længe om at svare. ${TRY_AGAIN}`,
  },
  function_unavailable: {
    kind: 'unavailable',
    title: 'Tjenesten er ikke tilgængelig',
    text: `Den del af platformen, der har oplysningerne, svarer ikke lige nu. ${TRY_AGAIN}`,
  },
};

const GENERAL_FAULT: Explanation = {
  kind: 'unavailable',
  title: 'Der skete en fejl',
  text: `Oplysningerne kunne ikke hentes. ${TRY_AGAIN}`,
};

/** The words for a problem code; anything unknown (upstream_error, internal_error, …) is a general fault. */
export function explain(code: string): Explanation {
  return WORDS[code] ?? GENERAL_FAULT;
}

/** Every code with words of its own, for the test that proves each function's codes are covered. */
export const EXPLAINED_CODES = Object.keys(WORDS);

/** The override reasons (værdispring) in Danish: the fixed list the model's `override_reason_accepted` takes. */
export const OVERRIDE_REASON_TEXT = {
  citizen_consent: 'Borgeren (forældremyndighedsindehaveren) har givet samtykke i situationen',
  vital_interest: 'Det er nødvendigt for at varetage barnets vitale interesse',
} as const;
export type OverrideReason = keyof typeof OVERRIDE_REASON_TEXT;
