import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { authzFilesShape } from '../../runtime/authz/files-config.ts';
import { parseEnv } from '../../runtime/config/parse-env.ts';
import { unit } from '../../testing/sample-organisation.ts';
import { parseKlePlan } from './kle-plan.ts';
import { mapOrganisation, type OrganisationSnapshot, withheldChoices } from './map-organisation.ts';
import { choicesOf, loadOwnChoices, loadPlans, pathsByMunicipality } from './municipal-choices.ts';
import { loadRelevantCasesPolicy } from './relevant-cases-policy.ts';

const root = resolve(import.meta.dirname, '../../..');
const HJOERRING = 'policies/municipalities/860-relevant-cases.yaml';
const SYNTHETIC_PLAN = resolve(root, 'functions/testing/kle-emneplan.xml');
const relevantCases = await loadRelevantCasesPolicy(resolve(root, 'policies/relevant-cases.yaml'));
const own = await loadOwnChoices(`860=${resolve(root, HJOERRING)}`);
const plans = await loadPlans(`851=${SYNTHETIC_PLAN},860=${SYNTHETIC_PLAN}`);
const DAY = '2026-11-25';

/** Two municipalities with one unit each: only the choices can tell them apart. */
const snapshot = (extra: Partial<OrganisationSnapshot> = {}): OrganisationSnapshot => ({
  municipalities: ['851', '860'].map((code) => ({
    code,
    units: [unit(`${code}-kommune`, null, { municipality: code })],
    employees: [],
    auditors: [],
  })),
  clinics: [],
  psychiatryUnits: [],
  relevantCases,
  day: DAY,
  ...extra,
});
/** A municipality's choice tuples with its code taken out, to compare two municipalities. */
const choicesOfCode = (tuples: readonly TupleKey[], code: string) =>
  tuples
    .filter((t) => t.user === 'user:*' && t.object.includes(`:${code}-`))
    .map((t) => `${t.object.replace(`:${code}-`, ':')}#${t.relation}`);

describe('relevant-case choices per municipality', () => {
  it('reads RELEVANT_CASES_BY_MUNICIPALITY and KLE_PLAN_BY_MUNICIPALITY entries as code → file', () => {
    expect(Object.fromEntries(pathsByMunicipality(`860=${HJOERRING},810=a/b.json`))).toEqual({
      '860': HJOERRING,
      '810': 'a/b.json',
    });
    expect(pathsByMunicipality('').size).toBe(0);
    const files = z.object(authzFilesShape);
    expect(parseEnv(files, {})).toMatchObject({
      RELEVANT_CASES_BY_MUNICIPALITY: '',
      KLE_PLAN_BY_MUNICIPALITY: '',
    });
    expect(() => parseEnv(files, { RELEVANT_CASES_BY_MUNICIPALITY: `860:${HJOERRING}` })).toThrow(
      'RELEVANT_CASES_BY_MUNICIPALITY must be entries like 860=policies/municipalities/860-relevant-cases.yaml',
    );
    expect(() => parseEnv(files, { KLE_PLAN_BY_MUNICIPALITY: '86=/etc/x.xml' })).toThrow(
      'KLE_PLAN_BY_MUNICIPALITY must be entries like 860=/etc/hoi/kle-plan/860/kle-emneplan.xml',
    );
  });

  it('POL-004.7: Hjørring’s own file leaves 27.25.12 (SSP) out towards health and is otherwise the default', () => {
    const hjoerring = own.get('860')!;
    expect(relevantCases.kleSubjects.filter((n) => !hjoerring.kleSubjects.includes(n))).toEqual(['27.25.12']);
    expect(hjoerring.kleSubjects.filter((n) => !relevantCases.kleSubjects.includes(n))).toEqual([]);
    expect(hjoerring.sensitivityLevels).toEqual(relevantCases.sensitivityLevels);
    expect(hjoerring.appointmentSubjects).toEqual(relevantCases.appointmentSubjects);
  });

  it('POL-004.7: a file that does not parse stops the start, naming the file', async () => {
    await expect(loadOwnChoices(`860=${SYNTHETIC_PLAN}`)).rejects.toThrow(
      `${SYNTHETIC_PLAN}: cannot read the relevant-cases policy`,
    );
  });

  it('POL-004.7/POL-003.18: 860’s tuples differ from 851’s exactly by its own choices', () => {
    const tuples = mapOrganisation(snapshot({ ownRelevantCases: own, klePlans: plans }));
    const aalborg = choicesOfCode(tuples, '851');
    const hjoerring = choicesOfCode(tuples, '860');
    expect(aalborg.filter((t) => !hjoerring.includes(t))).toEqual(['kle:27.25.12#relevant_to_health']);
    expect(hjoerring.filter((t) => !aalborg.includes(t))).toEqual([]);
    expect(aalborg).toHaveLength(
      relevantCases.kleSubjects.length +
        relevantCases.sensitivityLevels.length +
        relevantCases.appointmentSubjects.length,
    );
    expect(tuples).toContainEqual({
      object: 'kle:851-27.25.12',
      relation: 'relevant_to_health',
      user: 'user:*',
    });
    expect(tuples).not.toContainEqual({
      object: 'kle:860-27.25.12',
      relation: 'relevant_to_health',
      user: 'user:*',
    });
    expect(withheldChoices(snapshot({ ownRelevantCases: own, klePlans: plans }))).toEqual([]);
  });

  it('POL-004.7/POL-003.18: a choice naming a number missing from its plan withholds all its choices, and names municipality and number', () => {
    const withoutSsp = parseKlePlan(
      `<KLE-Emneplan><Emne><EmneNr>34.10.10</EmneNr><EmneTitel>an assessment</EmneTitel></Emne></KLE-Emneplan>`,
      'kle-plan-851',
    );
    const guarded = snapshot({ klePlans: new Map([['851', withoutSsp]]) });
    const tuples = mapOrganisation(guarded);
    expect(choicesOfCode(tuples, '851')).toEqual([]);
    expect(choicesOfCode(tuples, '860')).toHaveLength(
      relevantCases.kleSubjects.length +
        relevantCases.sensitivityLevels.length +
        relevantCases.appointmentSubjects.length,
    );
    // The rest of 851's organisation is still written.
    expect(tuples).toContainEqual({
      object: 'municipality:851',
      relation: 'health_data_level',
      user: 'sensitivity:851-FOELSOMME_PERSONOPLYSNINGER',
    });
    const [withheld] = withheldChoices(guarded);
    expect(withheld!.municipality).toBe('851');
    expect(withheld!.kle).toEqual(
      [...new Set([...relevantCases.kleSubjects, ...relevantCases.appointmentSubjects])].filter(
        (n) => n !== '34.10.10',
      ),
    );
    expect(withheld!.reason).toMatch(
      /^34\.00\.00 is not in its KLE plan; .*27\.25\.12 is not in its KLE plan; .*: none of its relevant-case choices are written$/,
    );
  });

  it('POL-004.7: a number its plan lists as discontinued by the sync’s day is not applied', () => {
    const plan = parseKlePlan(
      `<KLE-Emneplan>${relevantCases.kleSubjects
        .map(
          (n) =>
            `<Emne><EmneNr>${n}</EmneNr><EmneTitel>t</EmneTitel>${
              n === '34.10.30'
                ? '<EmneAdministrativInfo><Historisk><UdgaaetDato>2026-01-01</UdgaaetDato></Historisk></EmneAdministrativInfo>'
                : ''
            }</Emne>`,
        )
        .join('')}</KLE-Emneplan>`,
      'kle-plan-860',
    );
    const choices = { relevantCases, own, plans: new Map([['860', plan]]) };
    expect(choicesOf(choices, '860', '2025-12-31')).toEqual({ policy: own.get('860') });
    expect(choicesOf(choices, '860', DAY)).toEqual({
      withheld: {
        municipality: '860',
        kle: ['34.10.30'],
        reason:
          '34.10.30 was discontinued in its KLE plan on 2026-01-01: none of its relevant-case choices are written',
      },
    });
  });

  it('POL-004.7: a plan that cannot be read withholds only that municipality’s choices; without a plan, as before', async () => {
    const missing = await loadPlans('860=/nonexistent/kle-emneplan.xml');
    const guarded = snapshot({ klePlans: missing });
    expect(withheldChoices(guarded)).toEqual([
      {
        municipality: '860',
        kle: [],
        reason: 'its KLE plan cannot be used: /nonexistent/kle-emneplan.xml: cannot read the KLE plan',
      },
    ]);
    expect(choicesOfCode(mapOrganisation(guarded), '860')).toEqual([]);
    expect(choicesOfCode(mapOrganisation(snapshot()), '860')).toEqual(
      choicesOfCode(mapOrganisation(snapshot()), '851'),
    );
  });
});
