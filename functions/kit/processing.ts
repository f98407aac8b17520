/**
 * What the platform processes, as data: the categories of personal data, what
 * each upstream contract carries and under which agreement, who receives a
 * function's answers, and the legal bases a manifest may name. Function
 * manifests (through define-function.ts) and infra's compliance package read
 * it; it imports nothing. Keys are typed, so a manifest or an upstream that
 * names no category, basis or recipient fails the typecheck; the words are the
 * package's (`npm run compliance`).
 */

/** Whose data it is. */
export const DATA_SUBJECTS = {
  child: 'children the request is about',
  guardian: 'custody holders of a child (forældremyndighedsindehavere)',
  employee: 'municipal employees (caseworkers, PPR psychologists, leaders, auditors)',
  'health-professional': 'GPs and psychiatrists and their staff',
} as const;
export type DataSubject = keyof typeof DATA_SUBJECTS;

/**
 * `kind`: `identifier` (national or keyed identifier), `health` (GDPR art. 9 health data),
 * `social` (social conditions of a child: confidential under the public administration
 * rules, not art. 9), `ordinary` (other personal data), `none` (not personal data).
 */
export type DataKind = 'identifier' | 'health' | 'social' | 'ordinary' | 'none';

export const DATA_CATEGORIES = {
  'cpr-number': {
    label: 'CPR number (sent to the upstream to ask, never stored or logged)',
    kind: 'identifier',
    subjects: ['child', 'guardian'],
  },
  'child-pseudonym': {
    label: 'keyed pseudonym of the child’s CPR number (personal data: the platform holds the key)',
    kind: 'identifier',
    subjects: ['child', 'guardian'],
  },
  'municipal-case': {
    label:
      'that a child-welfare case exists: KLE subject, sensitivity, progress state, owner municipality, responsible unit',
    kind: 'social',
    subjects: ['child'],
  },
  'gp-listing': { label: 'the GP clinic the child is listed with', kind: 'ordinary', subjects: ['child'] },
  'psychiatry-course': {
    label: 'that the child has a course at a child and youth psychiatry unit, and its period',
    kind: 'health',
    subjects: ['child'],
  },
  appointments: {
    label: 'child and youth psychiatry appointments: time, unit, kind, status (no clinical text)',
    kind: 'health',
    subjects: ['child'],
  },
  'citizen-blocks': {
    label: 'Min Spærring blocks of professionals, places and periods, and overrides',
    kind: 'health',
    subjects: ['child', 'health-professional', 'employee'],
  },
  'custody-residence': {
    label: 'custody holders, residence municipality, name and address protection (CPR)',
    kind: 'ordinary',
    subjects: ['child', 'guardian'],
  },
  'school-enrolment': {
    label: 'the school or daycare the child attends and its main contact',
    kind: 'ordinary',
    subjects: ['child'],
  },
  'correspondence-content': {
    label: 'MedCom correspondence about the child: free text and attachments between professionals',
    kind: 'health',
    subjects: ['child', 'guardian', 'employee', 'health-professional'],
  },
  'employee-identity': {
    label: 'who acted: subject id, name, role and organisation, as the trust domain vouched for them',
    kind: 'ordinary',
    subjects: ['employee', 'health-professional'],
  },
  'access-record': {
    label:
      'who looked at which child, when, why, with which decision and override (reveals contact with child welfare or psychiatry)',
    kind: 'social',
    subjects: ['child', 'employee', 'health-professional', 'guardian'],
  },
  organisation: {
    label: 'units, their KLE tasks and contact points, clinics, SOR and EAN codes',
    kind: 'none',
    subjects: [],
  },
  'reference-data': { label: 'the municipality’s KLE plan (numbers and titles)', kind: 'none', subjects: [] },
  operational: {
    label: 'route, status, duration, request id, problem code (no identifier)',
    kind: 'none',
    subjects: [],
  },
  'chain-proof': { label: 'sequence numbers, hashes, times, signatures', kind: 'none', subjects: [] },
} as const satisfies Record<string, { label: string; kind: DataKind; subjects: readonly DataSubject[] }>;
export type DataCategory = keyof typeof DATA_CATEGORIES;

/**
 * The agreement a connection implies: `data-processing` (GDPR art. 28, databehandleraftale),
 * `service` (the terms of a national service or a system's connection: tilslutnings- or
 * serviceaftale, which also carries the data owner's consent), `data-sharing` (between two
 * controllers, each with its own basis), `licence` (reference data under the owner's licence).
 */
export type AgreementKind = 'data-processing' | 'service' | 'data-sharing' | 'licence';

export interface Agreement {
  readonly kind: AgreementKind;
  /** The other party. */
  readonly with: string;
  readonly covers: string;
}

export interface UpstreamFacts {
  /** The real service behind the contract (functions/contracts/CONTRACTS.md). */
  readonly system: string;
  /** Who answers for its data. */
  readonly controller: string;
  /** The target's `municipalities[].upstreams` key its URL is under. */
  readonly network: 'serviceplatformen' | 'nsp' | 'medcom' | 'municipality' | 'region';
  /** What travels, both ways (the question carries the CPR number). */
  readonly categories: readonly DataCategory[];
  readonly agreement: Agreement;
}

const serviceplatformen = (service: string): Agreement => ({
  kind: 'service',
  with: 'KOMBIT (Serviceplatformen), in the municipality’s name as data owner',
  covers: `connection of the integration component to ${service} and the municipality’s consent to its use`,
});
const nsp = (service: string): Agreement => ({
  kind: 'service',
  with: 'the national health service platform NSP (Sundhedsdatastyrelsen)',
  covers: `the integration component’s NSP connection (DGWS/OIO-IDWS) and its use of ${service}`,
});

/** Every upstream of define-function.ts's UPSTREAM_URL_VARIABLES (checked by a test), with its facts. */
export const UPSTREAM_FACTS = {
  'case-index': {
    system: 'FK Sags- og Dokumentindeks (SF1470)',
    controller: 'the municipality owning the case',
    network: 'serviceplatformen',
    categories: ['cpr-number', 'municipal-case'],
    agreement: serviceplatformen('FK Sags- og Dokumentindeks'),
  },
  'gp-listing': {
    system: 'the insured-person service of sygesikringen (NSP)',
    controller: 'Sundhedsdatastyrelsen',
    network: 'nsp',
    categories: ['cpr-number', 'gp-listing'],
    agreement: nsp('the GP listing'),
  },
  psychiatry: {
    system: 'the region’s child and youth psychiatry record (courses)',
    controller: 'the region (Region Nordjylland in the pilot)',
    network: 'region',
    categories: ['cpr-number', 'psychiatry-course'],
    agreement: {
      kind: 'data-sharing',
      with: 'the region, controller of its psychiatry record',
      covers: 'which child has an active course at which unit, disclosed per request to decide access',
    },
  },
  'min-spaerring': {
    system: 'Min Spærring (NSP consent service)',
    controller: 'Sundhedsdatastyrelsen',
    network: 'nsp',
    categories: ['cpr-number', 'citizen-blocks'],
    agreement: nsp('Min Spærring'),
  },
  'fk-organisation': {
    system: 'FK Organisation (SF1500)',
    controller: 'the municipality',
    network: 'serviceplatformen',
    categories: ['organisation', 'employee-identity'],
    agreement: serviceplatformen('FK Organisation'),
  },
  sor: {
    system: 'SOR, Sundhedsvæsenets Organisationsregister',
    controller: 'Sundhedsdatastyrelsen',
    network: 'nsp',
    categories: ['organisation'],
    agreement: nsp('SOR'),
  },
  'kle-plan': {
    system: 'the municipality’s KLE plan from its KL subscription',
    controller: 'KL (KL Emnesystematik), licensed to the municipality',
    network: 'municipality',
    categories: ['reference-data'],
    agreement: {
      kind: 'licence',
      with: 'KL',
      covers: 'use of KLE under the municipality’s own subscription (KL’s written consent; no copy shipped)',
    },
  },
  cpr: {
    system: 'CPR, Det Centrale Personregister (through Serviceplatformen)',
    controller: 'CPR-kontoret (Indenrigs- og Sundhedsministeriet)',
    network: 'serviceplatformen',
    categories: ['cpr-number', 'custody-residence'],
    agreement: serviceplatformen('CPR'),
  },
  institutions: {
    system: 'STIL Skolegrunddata and Dagtilbudsregisteret',
    controller: 'Styrelsen for It og Læring (STIL) and the municipality',
    network: 'serviceplatformen',
    categories: ['cpr-number', 'school-enrolment'],
    agreement: serviceplatformen('STIL’s school and daycare data'),
  },
  appointments: {
    system: 'Aftaleoversigten (NSP document sharing)',
    controller: 'the region (appointments) and Sundhedsdatastyrelsen (the service)',
    network: 'nsp',
    categories: ['cpr-number', 'appointments'],
    agreement: nsp('Aftaleoversigten'),
  },
  'message-gateway': {
    system: 'the municipality’s MedCom message gateway (MSH) on the VANS network',
    controller: 'the sending and receiving organisations (the VANS operator processes)',
    network: 'medcom',
    categories: ['correspondence-content', 'cpr-number', 'employee-identity', 'organisation'],
    agreement: {
      kind: 'data-processing',
      with: 'the VANS and MSH operator',
      covers: 'carrying MedCom messages between location numbers, per MedCom’s VANS rules',
    },
  },
  'case-filing': {
    system: 'the municipality’s case and document system (journalisering)',
    controller: 'the municipality',
    network: 'municipality',
    categories: ['correspondence-content', 'cpr-number'],
    agreement: {
      kind: 'service',
      with: 'the municipality’s case system (its supplier as the municipality’s processor)',
      covers: 'filing received correspondence on the child’s case',
    },
  },
} as const satisfies Record<string, UpstreamFacts>;

/** Who receives a function's answers, and the agreement that connection implies. */
export const RECIPIENTS = {
  'web-app': {
    name: 'Web app (LPS/EPJ button)',
    label: 'GPs and psychiatrists, through the web app opened from the practice system or hospital record',
    agreement: {
      kind: 'service',
      with: 'the web app (knap-integration from LPS and EPJ) and its operator',
      covers:
        'the web app calling the integration component with the professional’s token; a data processing agreement where another party runs it',
    },
  },
  sapa: {
    name: 'SAPA and case systems',
    label: 'caseworkers and PPR psychologists, in SAPA and the municipality’s case systems',
    agreement: {
      kind: 'service',
      with: 'SAPA (KOMBIT) and the municipality’s case systems',
      covers: 'those systems calling the integration component with the employee’s token',
    },
  },
  'citizen-portal': {
    name: 'Citizen portal (MitID)',
    label: 'custody holders, through the citizen’s portal (MitID)',
    agreement: {
      kind: 'service',
      with: 'the citizen portal and its operator',
      covers: 'the portal calling the integration component with the citizen’s MitID token',
    },
  },
  auditor: {
    name: 'Municipal auditor',
    label: 'the municipality’s auditor (its own employee)',
    agreement: {
      kind: 'data-processing',
      with: 'the municipality (controller)',
      covers: 'inspection of the access log, within the platform operator’s data processing agreement',
    },
  },
  'medcom-peers': {
    name: 'MedCom peers (VANS)',
    label: 'GPs, psychiatry and municipalities receiving correspondence over VANS',
    agreement: {
      kind: 'data-processing',
      with: 'the VANS and MSH operator',
      covers: 'delivering the messages; each receiver is a controller of what it receives',
    },
  },
  'authorization-store': {
    name: 'OpenFGA (authorization)',
    label: 'OpenFGA, the platform’s own authorization store',
    agreement: {
      kind: 'data-processing',
      with: 'the platform operator (the municipality’s or region’s processor)',
      covers: 'keeping the organisation tuples inside the deployment',
    },
  },
} as const satisfies Record<string, { name: string; label: string; agreement: Agreement }>;
export type Recipient = keyof typeof RECIPIENTS;

/** The legal bases a manifest may name. */
export const LEGAL_BASES = {
  'gdpr-6-1-e':
    'GDPR art. 6(1)(e): a task carried out in the public interest or in the exercise of official authority',
  'gdpr-6-1-c':
    'GDPR art. 6(1)(c) with art. 32: the controller’s legal obligation to secure the processing, logging access included',
  'gdpr-9-2-h':
    'GDPR art. 9(2)(h) and (3): health and social care by professionals under a duty of confidentiality',
  'gdpr-15': 'GDPR art. 15: the data subject’s right of access, exercised for a child by its custody holder',
  'dbl-11':
    'Databeskyttelsesloven § 11, stk. 1: a public authority may process CPR numbers to identify a person uniquely',
  'barnets-lov':
    'Barnets lov: the municipality’s duty towards children in need of support, and the exchange of information about a child between authorities (formerly serviceloven § 49 b)',
  sundhedsloven:
    'Sundhedsloven chapter 9: confidentiality and the disclosure of health information for a patient’s treatment',
} as const;
export type LegalBasis = keyof typeof LEGAL_BASES;

/** A policy file of policies/ by its id. */
export type PolicyId = `POL-${number}`;

/** What a function processes: the package's record of processing activities for it is built from this. */
export interface Processing {
  /** The policies whose Purpose the function serves; the package quotes them. */
  readonly policies: readonly [PolicyId, ...PolicyId[]];
  readonly legalBasis: readonly [LegalBasis, ...LegalBasis[]];
  /** Who receives its answers. */
  readonly recipients: readonly [Recipient, ...Recipient[]];
  /** Categories it handles beyond its upstreams' and its kit parts'. @default [] */
  readonly categories?: readonly DataCategory[];
  /** Stores of policies/retention.yaml it writes beyond its kit parts' (`audit` writes `audit-log`). @default [] */
  readonly stores?: readonly string[];
}

/** A function that processes no personal data says why. */
export interface NoProcessing {
  readonly none: string;
}
