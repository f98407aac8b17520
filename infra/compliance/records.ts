/**
 * The record of processing activities (GDPR art. 30) of a target, one section
 * per deployed function, and the retention table of every store: Markdown that
 * reads on its own.
 */
import { DATA_CATEGORIES, type DataCategory } from '../../functions/kit/processing.ts';
import type { StoreRetention } from '../constructs/retention-policy.ts';
import {
  choicesDiffer,
  DEFAULT_RELEVANT_CASES,
  readRelevantCasesFile,
} from '../targets/relevant-cases-file.ts';
import type { ComplianceFacts, FunctionRecord } from './facts.ts';
import { retentionDaysOf } from './facts.ts';

const list = (items: readonly string[]) => items.map((i) => `- ${i}`).join('\n');
const category = (c: DataCategory) => {
  const { label, kind } = DATA_CATEGORIES[c];
  const marks: Record<string, string> = {
    health: ' — **health data (GDPR art. 9)**',
    social: ' — social conditions of a child (confidential)',
    identifier: ' — identifier',
    ordinary: '',
    none: '',
  };
  return `${label}${marks[kind]}`;
};

/** The measures a function's declaration shows, each with the rules that state it. */
export function measuresOf(fn: FunctionRecord): string[] {
  const childData = fn.categories.some((c) => ['social', 'health'].includes(DATA_CATEGORIES[c].kind));
  const measures: string[] = [];
  if (fn.uses.includes('authorizer'))
    measures.push(
      `Authorization: every answer is decided by OpenFGA relations only, denied by default and when the authorizer cannot answer (POL-002.1, POL-002.4); checked: ${fn.permissions.map((p) => `\`${p}\``).join(', ') || 'none'}`,
    );
  if (fn.uses.includes('tokens'))
    measures.push(
      'Identity: only what the issuing trust domain vouches for in a signed token (each municipality’s IdP for its own employees, the health IdP for health staff)',
    );
  if (fn.uses.includes('citizen-tokens'))
    measures.push(
      'Citizens: the CPR number of a verified MitID token, pseudonymised and kept nowhere (POL-007.9)',
    );
  if (fn.uses.includes('audit'))
    measures.push(
      'Audit: every decision is recorded before anything is answered, hash-chained, anchored by signed checkpoints outside the database (POL-007.5, POL-009.3)',
    );
  if (childData)
    measures.push(
      'Pull, don’t store: child facts are fetched per request and forgotten after the answer, never cached or written to the authorization store (POL-001.1, POL-001.5)',
    );
  if (fn.uses.includes('pseudonyms'))
    measures.push(
      'Pseudonyms: the child is named by a keyed pseudonym, never by CPR number, in tuples and records; no identifier in URLs, logs, traces or errors (POL-001.4, POL-001.7)',
    );
  if (fn.upstreams.some((u) => u.name === 'min-spaerring'))
    measures.push(
      'Citizen blocks: Min Spærring is honoured, an override is declared per request and logged (POL-008.1, POL-008.4)',
    );
  measures.push(
    fn.exposure === 'external'
      ? 'Encryption in transit: TLS at the cluster’s gateway with each municipality’s own certificate; upstreams over HTTPS'
      : 'Reached only inside the cluster (no DomainMapping); default-deny network policies (SOV-006)',
  );
  return measures;
}

function storeRetention(store: StoreRetention, facts: ComplianceFacts): string {
  const r = store.retention;
  if ('days' in r) return `${r.days} days from ${r.from}`;
  if ('target' in r)
    return `${retentionDaysOf(facts.target.database.retention)} days (\`database.retention: ${facts.target.database.retention}\`)`;
  return `while ${r.while}`;
}

function enforcement(store: StoreRetention): string {
  const by = store.enforced_by;
  if ('job' in by) return `the \`${by.job}\` CronJob (\`${by.setting}\`)`;
  if ('schedule' in by) {
    const [fn, name] = by.schedule.split('/');
    return `the \`${fn}\` schedule \`${name}\`${by.setting ? ` (\`${by.setting}\`)` : ''}`;
  }
  if ('operator' in by) return by.operator;
  if ('receiver' in by) return `${by.receiver}, bound by its agreement`;
  if ('follows' in by) return `what removes it from \`${by.follows}\`, followed: ${by.how}`;
  return `**not enforced**: ${by.none}`;
}

function functionSection(fn: FunctionRecord, facts: ComplianceFacts): string {
  if (!fn.processes)
    return `## ${fn.name}\n\n${fn.description}\n\nProcesses no personal data: ${fn.noneReason}.\n`;
  const upstreams = fn.upstreams.map(
    (u) =>
      `${u.system} (\`${u.name}\`; controller: ${u.controller}) — ${u.categories.map((c) => DATA_CATEGORIES[c].label).join('; ')}`,
  );
  const personal = fn.categories.filter((c) => DATA_CATEGORIES[c].kind !== 'none');
  const other = fn.categories.filter((c) => DATA_CATEGORIES[c].kind === 'none');
  return `## ${fn.name}

${fn.description}

**Purpose** (as the policies state it):

${fn.purposes.map((p) => `> **${p.id} ${p.title}.** ${p.purpose}`).join('\n>\n')}

**Legal basis:**

${list(fn.legalBases.map((b) => b.text))}

**Categories of data subjects:**

${list(fn.subjects.map((s) => s.text))}

**Categories of personal data:**

${list(personal.map(category))}
${other.length > 0 ? `\nOther data (not personal): ${other.map((c) => DATA_CATEGORIES[c].label).join('; ')}.\n` : ''}
**Sources (pulled per request, passed through, not stored):**

${list(upstreams.length > 0 ? upstreams : ['none'])}

**Recipients:**

${list(fn.recipients.map((r) => r.label))}

**Where processed:** ${placeLine(facts)}

**Retention:**

${list(fn.stores.map((s) => `${s.name}: ${storeRetention(s, facts)} (${s.rule})`))}

**Technical and organisational measures:**

${list(measuresOf(fn))}
`;
}

export function placeLine(facts: ComplianceFacts): string {
  const countries = [...new Set(facts.places.map((p) => p.country))].sort().join(', ');
  return `in ${facts.target.hosting.country}, run by ${facts.target.hosting.operator}${facts.target.hosting.provider ? ` on ${facts.target.hosting.provider}` : ''}. Every place the deployment keeps or sends data is in ${countries} (EU/EEA): nothing leaves the EU/EEA, egress is denied except to the upstreams the target lists (SOV-006) and telemetry goes only to listed exporters (SOV-007).`;
}

export function recordsMarkdown(facts: ComplianceFacts): string {
  const { target } = facts;
  const controllers = target.municipalities.map((m) => `${m.name} (${m.code})`).join(', ');
  return `# Records of processing activities — ${target.name}

GDPR art. 30, one record per function the target deploys. Controllers: ${controllers},
each for its own employees' lookups and its own children's data; ${target.hosting.operator} runs
the platform${target.municipalities.length > 1 ? ' as their processor' : ''}.
Generated by \`npm run compliance\` from the function manifests, \`functions/kit/processing.ts\`,
\`policies/\` and \`infra/targets/${target.name}.ts\`; do not edit by hand.

${choicesSection(facts)}
${facts.functions.map((fn) => functionSection(fn, facts)).join('\n')}`;
}

/** Which cases each municipality shares, and where its own choices differ from the default (POL-004.7). */
function choicesSection(facts: ComplianceFacts): string {
  const base = readRelevantCasesFile(DEFAULT_RELEVANT_CASES);
  const lines = facts.target.municipalities.map((m) => {
    const plan = m.klePlan
      ? ` Checked against its own KLE plan (ConfigMap \`${m.klePlan.configMap}\`): a number it does not hold withholds all its choices.`
      : '';
    if (m.relevantCases === undefined) return `- ${m.name} (${m.code}): the default.${plan}`;
    const differences = choicesDiffer(readRelevantCasesFile(m.relevantCases), base);
    const how = differences.length > 0 ? differences.join('; ') : 'the same as the default';
    return `- ${m.name} (${m.code}): its own, \`${m.relevantCases}\` — ${how}.${plan}`;
  });
  return `## Relevant-case choices by municipality (POL-004.7)

Which active cases health may learn exist (POL-004.2) and which show psychiatry
appointments to their handlers (POL-003.15): \`${DEFAULT_RELEVANT_CASES}\` unless a
municipality's entry names its own file; each decides only its own cases.

${lines.join('\n')}
`;
}

export function retentionMarkdown(facts: ComplianceFacts): string {
  const rows = facts.stores.map(
    (s) =>
      `| ${s.name} | ${s.where} | ${s.holds.map((h) => DATA_CATEGORIES[h as DataCategory]?.label ?? h).join('; ')} | ${storeRetention(s, facts)} | ${enforcement(s)} | ${s.rule} |`,
  );
  const open = facts.stores.filter(
    (s) =>
      'none' in s.enforced_by && s.holds.some((h) => DATA_CATEGORIES[h as DataCategory]?.kind !== 'none'),
  );
  const backups = retentionDaysOf(facts.target.database.retention);
  return `# Retention — ${facts.target.name}

Every store of the deployment, how long it keeps what it holds and what removes it
(POL-009, \`policies/retention.yaml\`). A record removed from a database lives on in
the backups for up to ${backups} more days.

| store | where | holds | kept | enforced by | rule |
|---|---|---|---|---|---|
${rows.join('\n')}

## Why these periods

${facts.stores.map((s) => `- **${s.name}.** ${s.reason}`).join('\n')}

## Open items

${open.length > 0 ? list(open.map((s) => `${s.name}: ${'none' in s.enforced_by ? s.enforced_by.none : ''}`)) : 'None: every store of personal data has an enforced retention.'}
`;
}
