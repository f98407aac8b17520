import type { EmployeeRole, KleTask } from '../../contracts/fk-organisation.ts';

/** The five pilot municipalities (DOMAIN.md). */
export const PILOT_MUNICIPALITIES = [
  { code: '851', name: 'Aalborg' },
  { code: '810', name: 'Brønderslev' },
  { code: '849', name: 'Jammerbugt' },
  { code: '840', name: 'Rebild' },
  { code: '787', name: 'Thisted' },
] as const;

/** One FK Organisation unit to generate, before ids and staff names are drawn. */
export interface UnitSpec {
  readonly slug: string;
  readonly name: string;
  readonly kleTasks?: readonly KleTask[];
  readonly passesKleDown?: boolean;
  /** How many employees hold each role here. */
  readonly staff?: Partial<Record<EmployeeRole, number>>;
  /** KLE subjects whose cases this unit is made responsible for (it performs them). */
  readonly handles?: readonly string[];
  /** Its staff are the municipality's auditors. */
  readonly audits?: boolean;
  readonly children?: readonly UnitSpec[];
}

const DISTRICTS: Readonly<Record<string, string>> = {
  oest: 'Øst',
  vest: 'Vest',
  nord: 'Nord',
  syd: 'Syd',
  midtby: 'Midtby',
};

const task = (kle: string, role: KleTask['role']): KleTask => ({ kle, role });

/**
 * A realistic children-and-family organisation: Børn og Familie with
 * Familieafdelingen (authority teams by district), PPR, Sundhedsplejen, SSP and
 * Dagtilbud, plus Skoleafdelingen, Intern Revision and Borgerservice. KLE tags
 * give exactly one Ansvarlig unit per subject; departments pass KLE down.
 */
export function municipalTree(
  municipalityName: string,
  districts: readonly string[],
  scale: number,
): UnitSpec {
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  const byDistrict = (slug: string, name: string, spec: Omit<UnitSpec, 'slug' | 'name'>) =>
    districts.map((d) => ({ slug: `${slug}-${d}`, name: `${name} ${DISTRICTS[d]}`, ...spec }));
  const large = districts.length > 2;

  return {
    slug: 'kommune',
    name: `${municipalityName} Kommune`,
    staff: { leader: 1, member: 2 },
    children: [
      {
        slug: 'boern-og-familie',
        name: 'Børn og Familie',
        kleTasks: [task('34', 'Indsigt'), task('17.03', 'Indsigt'), task('27.25.12', 'Indsigt')],
        passesKleDown: true,
        staff: { leader: 1, member: 2 },
        children: [
          {
            slug: 'familieafdelingen',
            name: 'Familieafdelingen',
            kleTasks: [task('34.00.00', 'Ansvarlig'), task('34.10.10', 'Ansvarlig')],
            passesKleDown: true,
            staff: { leader: 1, member: 1 },
            children: [
              ...byDistrict('myndighed', 'Myndighed', {
                kleTasks: [
                  task('34.15.05', 'Udfoerende'),
                  task('34.25.00', 'Udfoerende'),
                  task('34.10.30', 'Indsigt'),
                ],
                staff: { leader: 1, caseworker: n(4) },
                handles: ['34.00.00', '34.10.10', '34.15.05', '34.25.00'],
              }),
              {
                slug: 'modtagelsen',
                name: 'Modtagelsen',
                kleTasks: [task('34.10.30', 'Ansvarlig')],
                staff: { leader: 1, caseworker: n(3) },
                handles: ['34.10.30', '34.10.10'],
              },
              {
                slug: 'tidlig-indsats',
                name: 'Forebyggelse og Tidlig Indsats',
                kleTasks: [task('34.15.05', 'Ansvarlig')],
                staff: { leader: 1, caseworker: n(3) },
                handles: ['34.15.05'],
              },
              {
                slug: 'anbringelser',
                name: 'Anbringelser',
                kleTasks: [task('34.25.00', 'Ansvarlig')],
                staff: { leader: 1, caseworker: n(2) },
                handles: ['34.25.00'],
              },
              {
                slug: 'boernehandicap',
                name: 'Børnehandicap',
                kleTasks: [task('29.12.12', 'Indsigt')],
                staff: { leader: 1, caseworker: n(3) },
                handles: ['34.00.00', '34.10.10'],
              },
              ...(large
                ? [
                    { slug: 'familiehuset', name: 'Familiehuset', staff: { leader: 1, member: n(3) } },
                    {
                      slug: 'ungeenheden',
                      name: 'Ungeenheden',
                      kleTasks: [task('27.25.12', 'Udfoerende')],
                      staff: { leader: 1, caseworker: n(3) },
                      handles: ['34.10.10', '27.25.12'],
                    },
                  ]
                : []),
            ],
          },
          {
            slug: 'ppr',
            name: 'PPR',
            kleTasks: [task('17.03.04', 'Ansvarlig'), task('17.03.08', 'Udfoerende')],
            passesKleDown: true,
            staff: { leader: 1, ppr_psychologist: 1 },
            children: byDistrict('ppr', 'PPR', {
              staff: { ppr_psychologist: n(3), member: 1 },
              handles: ['17.03.04', '17.03.08'],
            }),
          },
          {
            slug: 'sundhedsplejen',
            name: 'Sundhedsplejen',
            kleTasks: [task('29.12.12', 'Ansvarlig')],
            passesKleDown: true,
            staff: { leader: 1, caseworker: 2 },
            handles: ['29.12.12'],
            children: large
              ? byDistrict('sundhedsplejen', 'Sundhedsplejen', {
                  staff: { caseworker: 2 },
                  handles: ['29.12.12'],
                })
              : [],
          },
          {
            slug: 'ssp',
            name: 'SSP',
            kleTasks: [task('27.25.12', 'Ansvarlig')],
            staff: { leader: 1, caseworker: n(2) },
            handles: ['27.25.12'],
          },
          {
            slug: 'dagtilbud',
            name: 'Dagtilbud',
            kleTasks: [task('28.06.12', 'Ansvarlig')],
            passesKleDown: true,
            staff: { leader: 1, member: 1 },
            children: [
              {
                slug: 'dagtilbud-inklusion',
                name: 'Inklusion og Specialdagtilbud',
                staff: { leader: 1, caseworker: n(2) },
                handles: ['28.06.12'],
              },
              ...byDistrict('dagtilbud', 'Dagtilbudsområde', { staff: { leader: 1, member: 2 } }),
            ],
          },
        ],
      },
      {
        slug: 'skoleafdelingen',
        name: 'Skoleafdelingen',
        kleTasks: [task('17.20.03', 'Ansvarlig'), task('17.03.08', 'Ansvarlig')],
        passesKleDown: true,
        staff: { leader: 1, member: 2 },
        children: [
          {
            slug: 'skolefravaer',
            name: 'Skolefravær og Trivsel',
            staff: { leader: 1, caseworker: n(2) },
            handles: ['17.20.03'],
          },
          {
            slug: 'specialundervisning',
            name: 'Specialundervisning',
            kleTasks: [task('17.03.04', 'Indsigt')],
            staff: { caseworker: n(2) },
            handles: ['17.03.08'],
          },
          ...byDistrict('skoleomraade', 'Skoleområde', { staff: { leader: 1, member: 2 } }),
        ],
      },
      { slug: 'intern-revision', name: 'Intern Revision', staff: { member: large ? 2 : 1 }, audits: true },
      { slug: 'borgerservice', name: 'Borgerservice', staff: { leader: 1, member: n(3) } },
    ],
  };
}

/** Aalborg is the large one: five districts and twice the staff. */
export function treeFor(code: string, name: string): UnitSpec {
  return code === '851'
    ? municipalTree(name, ['oest', 'vest', 'nord', 'syd', 'midtby'], 2)
    : municipalTree(name, ['oest', 'vest'], 1);
}
