/**
 * The KLE numbers the sandbox uses: only those DOMAIN.md names (KL's plan is not
 * shipped). The Danish phrases are our own case-title wording, not KL's titles.
 */
export const KLE_CASE_PHRASES: Readonly<Record<string, string>> = {
  '34.00.00': 'Hjælp og støtte til barnet',
  '34.10.10': 'Undersøgelse af barnets forhold',
  '34.10.30': 'Modtaget underretning',
  '34.15.05': 'Tidlig forebyggende indsats',
  '34.25.00': 'Anbringelse uden for hjemmet',
  '27.25.12': 'SSP-samarbejde',
  '17.03.04': 'PPR-vurdering',
  '17.03.08': 'Specialpædagogisk bistand',
  '17.20.03': 'Bekymrende skolefravær',
  '28.06.12': 'Støtte i dagtilbud',
  '29.12.12': 'Sundhedsydelse til barn med særlige behov',
};

export const KLE_SUBJECTS = Object.keys(KLE_CASE_PHRASES);

/** How often each subject occurs among generated cases: child welfare (34) dominates. */
export const KLE_CASE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['34.10.10', 20],
  ['34.10.30', 14],
  ['34.15.05', 14],
  ['34.00.00', 8],
  ['34.25.00', 6],
  ['17.03.04', 10],
  ['17.20.03', 7],
  ['17.03.08', 5],
  ['28.06.12', 5],
  ['29.12.12', 5],
  ['27.25.12', 4],
];

/**
 * Titles of the main groups and groups above those subjects, for the sandbox's
 * KLE plan endpoint. Our own short wording, not KL's plan.
 */
export const KLE_GROUP_TITLES: Readonly<Record<string, string>> = {
  '17': 'Folkeskolen',
  '17.03': 'Specialundervisning og PPR',
  '17.20': 'Elevers skolegang',
  '27': 'Social service',
  '27.25': 'Kriminalpræventiv indsats',
  '28': 'Dagtilbud',
  '28.06': 'Støtte i dagtilbud',
  '29': 'Sundhed',
  '29.12': 'Børne- og ungesundhed',
  '34': 'Børn og unge (barnets lov)',
  '34.00': 'Børn og unge i almindelighed',
  '34.10': 'Undersøgelse og underretning',
  '34.15': 'Forebyggende indsats',
  '34.25': 'Anbringelse',
};
