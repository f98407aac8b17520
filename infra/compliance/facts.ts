/**
 * The facts of one target's compliance package, gathered from what the platform
 * declares: the function manifests (what each processes, its upstreams and kit
 * parts), functions/kit/processing.ts (categories, upstream facts, recipients,
 * legal bases), policies/ (purposes, rule ids, retention) and the target. Every
 * fact the package needs and does not find is collected, and `complianceFacts`
 * throws them all at once, each naming where it is missing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UPSTREAM_DATA, type UpstreamName } from '../../functions/kit/define-function.ts';
import {
  type Agreement,
  DATA_CATEGORIES,
  DATA_SUBJECTS,
  type DataCategory,
  type DataSubject,
  LEGAL_BASES,
  type LegalBasis,
  RECIPIENTS,
  type Recipient,
  type UpstreamFacts,
} from '../../functions/kit/processing.ts';
import type { FunctionManifest } from '../constructs/function-manifest.ts';
import type { RetentionPolicy, StoreRetention } from '../constructs/retention-policy.ts';
import { EU_EEA, type Target } from '../targets/schema.ts';
import type { PolicyText, PolicyTexts } from './policy-texts.ts';

export class ComplianceError extends Error {
  override readonly name = 'ComplianceError';
  readonly missing: readonly string[];
  constructor(missing: readonly string[]) {
    super(
      `the compliance package lacks ${missing.length} fact(s):\n${missing.map((m) => `  - ${m}`).join('\n')}`,
    );
    this.missing = missing;
  }
}

/** What a kit part brings to a function's processing. */
const PART_CATEGORIES: Record<string, readonly DataCategory[]> = {
  tokens: ['employee-identity'],
  'citizen-tokens': ['cpr-number', 'child-pseudonym'],
  pseudonyms: ['child-pseudonym'],
  audit: ['access-record', 'employee-identity', 'child-pseudonym'],
  authorizer: [],
};
/** The stores a kit part writes (ids of policies/retention.yaml). */
const PART_STORES: Record<string, readonly string[]> = { audit: ['audit-log'] };
/** Stores every deployed function has: its log lines, its telemetry, and the backups of what it stores. */
const ALWAYS_STORES = ['function-logs', 'telemetry'];

export interface UpstreamUse extends UpstreamFacts {
  readonly name: UpstreamName;
}

export interface FunctionRecord {
  readonly name: string;
  readonly description: string;
  readonly exposure: 'external' | 'cluster-local';
  /** Why it processes personal data, or why it processes none. */
  readonly processes: boolean;
  readonly noneReason?: string;
  readonly purposes: readonly PolicyText[];
  readonly legalBases: readonly { readonly key: LegalBasis; readonly text: string }[];
  readonly subjects: readonly { readonly key: DataSubject; readonly text: string }[];
  readonly categories: readonly DataCategory[];
  readonly upstreams: readonly UpstreamUse[];
  readonly recipients: readonly {
    readonly key: Recipient;
    readonly label: string;
    readonly agreement: Agreement;
  }[];
  readonly stores: readonly StoreRetention[];
  readonly permissions: readonly string[];
  readonly uses: readonly string[];
}

export interface Place {
  readonly what: string;
  readonly country: string;
}

export interface ComplianceFacts {
  readonly target: Target;
  readonly functions: readonly FunctionRecord[];
  readonly stores: readonly StoreRetention[];
  readonly places: readonly Place[];
  readonly policyTexts: PolicyTexts;
}

export interface FactSources {
  readonly target: Target;
  readonly functions: readonly FunctionManifest[];
  readonly retention: RetentionPolicy;
  readonly policyTexts: PolicyTexts;
  /** Where functions/ is, to find the jobs a retention names. @default the repository's */
  readonly root?: string;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** The functions the target deploys: the sandbox only where it asks for one (as the platform stack). */
export function deployedFunctions(
  functions: readonly FunctionManifest[],
  target: Target,
): FunctionManifest[] {
  return functions.filter((fn) => !fn.sandbox || target.sandbox);
}

export function complianceFacts(sources: FactSources): ComplianceFacts {
  const { target, retention, policyTexts } = sources;
  const missing: string[] = [];
  const storeById = new Map(retention.stores.map((s) => [s.id, s]));
  const all = deployedFunctions(sources.functions, target);

  checkRetention(sources, missing);
  const functions = all.map((fn) => functionRecord(fn, sources, storeById, missing));
  const used = new Set(functions.flatMap((f) => f.stores.map((s) => s.id)));
  if (functions.some((f) => f.stores.length > 0)) used.add('backups');
  // The authorization store and the checkpoints exist in every deployment, whoever writes them.
  for (const id of ['authorization-store', 'checkpoint-store']) used.add(id);
  for (const id of used)
    if (!storeById.has(id)) missing.push(`store ${id}: no retention in policies/retention.yaml`);
  const places = placesOf(target);
  for (const place of places)
    if (!(EU_EEA as readonly string[]).includes(place.country))
      missing.push(`targets/${target.name}: ${place.what} is in ${place.country}, outside the EU/EEA`);
  if (missing.length > 0) throw new ComplianceError(missing);
  return {
    target,
    functions,
    stores: retention.stores.filter((s) => used.has(s.id)),
    places,
    policyTexts,
  };
}

function functionRecord(
  fn: FunctionManifest,
  sources: FactSources,
  storeById: ReadonlyMap<string, StoreRetention>,
  missing: string[],
): FunctionRecord {
  const file = `functions/${fn.name}/manifest.ts`;
  const upstreams: UpstreamUse[] = [];
  for (const name of fn.upstreams) {
    const facts = (UPSTREAM_DATA as Readonly<Record<string, UpstreamFacts | undefined>>)[name];
    if (!facts || facts.categories.length === 0) {
      missing.push(
        `${file}: upstream ${name} has no data category (functions/kit/processing.ts UPSTREAM_FACTS)`,
      );
      continue;
    }
    upstreams.push({ name: name as UpstreamName, ...facts });
  }
  const base = {
    name: fn.name,
    description: fn.description,
    exposure: fn.exposure,
    upstreams,
    permissions: fn.permissionsChecked,
    uses: fn.uses,
  };
  const processing = fn.processing;
  if (!processing) {
    missing.push(`${file}: no processing (stated purpose and legal basis)`);
    return { ...base, processes: false, ...empty };
  }
  if ('none' in processing) {
    const carried = [
      ...upstreams.flatMap((u) => u.categories),
      ...fn.uses.flatMap((p) => PART_CATEGORIES[p] ?? []),
    ];
    if (!fn.sandbox && carried.some((c) => DATA_CATEGORIES[c].kind !== 'none'))
      missing.push(`${file}: says it processes no personal data, but its upstreams or kit parts carry some`);
    return { ...base, processes: false, noneReason: processing.none, ...empty };
  }
  const purposes: PolicyText[] = [];
  for (const id of processing.policies) {
    const policy = sources.policyTexts.policies.get(id);
    if (!policy?.purpose)
      missing.push(`${file}: policy ${id} has no stated purpose (policies/${id}-*.md, ## Purpose)`);
    else purposes.push(policy);
  }
  const legalBases = processing.legalBasis.flatMap((key) => {
    const text = (LEGAL_BASES as Record<string, string>)[key];
    if (!text) missing.push(`${file}: unknown legal basis ${key} (functions/kit/processing.ts LEGAL_BASES)`);
    return text ? [{ key: key as LegalBasis, text }] : [];
  });
  const recipients = processing.recipients.flatMap((key) => {
    const recipient = (RECIPIENTS as Record<string, (typeof RECIPIENTS)[Recipient]>)[key];
    if (!recipient)
      missing.push(`${file}: unknown recipient ${key} (functions/kit/processing.ts RECIPIENTS)`);
    return recipient
      ? [{ key: key as Recipient, label: recipient.label, agreement: recipient.agreement }]
      : [];
  });
  for (const category of processing.categories)
    if (!(category in DATA_CATEGORIES)) missing.push(`${file}: unknown data category ${category}`);
  const categories = sortedUnique([
    ...upstreams.flatMap((u) => u.categories),
    ...fn.uses.flatMap((p) => PART_CATEGORIES[p] ?? []),
    ...processing.categories.filter((c): c is DataCategory => c in DATA_CATEGORIES),
  ]);
  const subjects = sortedUnique(
    categories.flatMap((c) => DATA_CATEGORIES[c].subjects as readonly DataSubject[]),
  ).map((key) => ({ key, text: DATA_SUBJECTS[key] }));
  // With AUTHZ_REPLICA=on a function that checks permissions holds a copy of the store's relations (POL-002.6).
  const copies = fn.uses.includes('authorizer') && sources.target.env.AUTHZ_REPLICA === 'on';
  const storeIds = sortedUnique([
    ...fn.uses.flatMap((p) => PART_STORES[p] ?? []),
    ...(copies ? ['authorization-copy'] : []),
    ...processing.stores,
    ...ALWAYS_STORES,
  ]);
  const stores = storeIds.flatMap((id) => {
    const store = storeById.get(id);
    if (!store) missing.push(`${file}: store ${id} has no retention in policies/retention.yaml`);
    return store ? [store] : [];
  });
  return {
    ...base,
    processes: true,
    purposes,
    legalBases,
    subjects,
    categories,
    recipients,
    stores,
  };
}

const empty = {
  purposes: [],
  legalBases: [],
  subjects: [],
  categories: [],
  recipients: [],
  stores: [],
} as const;

/** Retention entries that name a category, job, schedule or target value that does not exist. */
function checkRetention(sources: FactSources, missing: string[]): void {
  const root = sources.root ?? ROOT;
  const { target } = sources;
  for (const store of sources.retention.stores) {
    const where = `policies/retention.yaml: store ${store.id}`;
    for (const category of store.holds)
      if (!(category in DATA_CATEGORIES)) missing.push(`${where}: unknown data category ${category}`);
    if (!sources.policyTexts.rules.has(store.rule))
      missing.push(`${where}: rule ${store.rule} is in no policy`);
    const by = store.enforced_by;
    if ('follows' in by && !sources.retention.stores.some((s) => s.id === by.follows))
      missing.push(`${where}: follows store ${by.follows}, which is not in the file`);
    if ('job' in by && !existsSync(join(root, 'functions/jobs', by.job, 'main.ts')))
      missing.push(`${where}: job ${by.job} does not exist (functions/jobs/${by.job}/main.ts)`);
    if ('schedule' in by) {
      const [fn, schedule] = by.schedule.split('/');
      const manifest = sources.functions.find((f) => f.name === fn);
      if (!manifest?.schedules.some((s) => s.name === schedule))
        missing.push(`${where}: function ${fn} has no schedule ${schedule}`);
    }
    if ('target' in store.retention && retentionDaysOf(target.database.retention) > 90)
      missing.push(
        `targets/${target.name}: database.retention ${target.database.retention} keeps backups longer than 90 days (POL-009.6)`,
      );
  }
}

/** `30d`, `4w`, `6m` (CloudNativePG's form) in days; a month counts 31. */
export function retentionDaysOf(value: string): number {
  const amount = Number(value.slice(0, -1));
  return amount * { d: 1, w: 7, m: 31 }[value.at(-1) as 'd' | 'w' | 'm'];
}

/** Where the target keeps or sends data. */
export function placesOf(target: Target): Place[] {
  const home = target.hosting.country;
  return [
    { what: 'the cluster (functions, databases, OpenFGA, checkpoint volume)', country: home },
    { what: `backups (${target.backup.endpointUrl})`, country: target.backup.country ?? home },
    ...target.egress.map((e) => ({ what: `upstream ${e.name} (${e.host})`, country: e.country ?? home })),
    ...target.telemetry.map((t) => ({
      what: `telemetry exporter ${t.name} (${t.endpoint})`,
      country: t.country ?? home,
    })),
  ];
}

function sortedUnique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
