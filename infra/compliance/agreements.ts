/**
 * The agreements a deployment needs: for each upstream the integration
 * component pulls from and each recipient of its answers, the data processing
 * or service agreement that connection implies, and the processor agreements
 * of whoever runs, hosts, backs up or receives telemetry of the platform.
 */
import { type Agreement, type AgreementKind, DATA_CATEGORIES } from '../../functions/kit/processing.ts';
import type { ComplianceFacts } from './facts.ts';

export interface AgreementRow extends Agreement {
  /** The two sides, as the package names them. */
  readonly between: string;
  /** The functions whose connection needs it (empty for the platform's own). */
  readonly functions: readonly string[];
  readonly data: string;
}

const KIND: Record<AgreementKind, string> = {
  'data-processing': 'data processing agreement (GDPR art. 28)',
  service: 'service / connection agreement',
  'data-sharing': 'data sharing agreement between controllers',
  licence: 'licence',
};

/** The integration component: the platform's functions, as the pilot's agreements name it. */
const COMPONENT = 'the integration component (HOI Platform)';

export function agreementsOf(facts: ComplianceFacts): AgreementRow[] {
  const { target } = facts;
  const rows: AgreementRow[] = [];
  const operator = target.hosting.operator;
  for (const m of target.municipalities) {
    // A municipality running its own platform needs no processor agreement with itself.
    if (operator.includes(m.name)) continue;
    rows.push({
      kind: 'data-processing',
      with: operator,
      covers: `running the platform for ${m.name}: its employees' lookups and its children's data`,
      between: `${m.name} (controller) ↔ ${operator} (processor)`,
      functions: [],
      data: 'everything in the records of processing',
    });
  }
  if (target.hosting.provider)
    rows.push({
      kind: 'data-processing',
      with: target.hosting.provider,
      covers: `hosting the cluster, its volumes and databases in ${target.hosting.country}`,
      between: `${operator} ↔ ${target.hosting.provider} (sub-processor)`,
      functions: [],
      data: 'everything the databases and volumes hold',
    });
  rows.push({
    kind: 'data-processing',
    with: `the backup storage at ${target.backup.endpointUrl}`,
    covers: `keeping the databases' backups in ${target.backup.country ?? target.hosting.country} for ${target.database.retention} at most`,
    between: `${operator} ↔ the backup storage's operator (sub-processor, unless the operator's own)`,
    functions: [],
    data: 'the audit log, correspondence and the organisation, encrypted in transit',
  });
  for (const exporter of target.telemetry)
    rows.push({
      kind: 'data-processing',
      with: exporter.operator ?? operator,
      covers: `receiving traces and metrics at ${exporter.endpoint}: no personal data, kept at most 30 days (POL-009.7)`,
      between: `${operator} ↔ ${exporter.operator ?? operator}`,
      functions: [],
      data: 'operational data only',
    });
  const upstreams = new Map<string, { row: AgreementRow; functions: Set<string>; data: Set<string> }>();
  for (const fn of facts.functions)
    for (const u of fn.upstreams) {
      const key = u.system;
      const entry = upstreams.get(key) ?? {
        row: { ...u.agreement, between: `${COMPONENT} ↔ ${u.system}`, functions: [], data: '' },
        functions: new Set<string>(),
        data: new Set<string>(),
      };
      entry.functions.add(fn.name);
      for (const c of u.categories) entry.data.add(DATA_CATEGORIES[c].label);
      upstreams.set(key, entry);
    }
  for (const { row, functions, data } of [...upstreams.values()].sort((a, b) =>
    a.row.between.localeCompare(b.row.between),
  ))
    rows.push({ ...row, functions: [...functions].sort(), data: [...data].sort().join('; ') });
  const recipients = new Map<string, { row: AgreementRow; functions: Set<string> }>();
  for (const fn of facts.functions)
    for (const r of fn.recipients) {
      const entry = recipients.get(r.key) ?? {
        row: { ...r.agreement, between: `${r.agreement.with} ↔ ${COMPONENT}`, functions: [], data: r.label },
        functions: new Set<string>(),
      };
      entry.functions.add(fn.name);
      recipients.set(r.key, entry);
    }
  for (const [, { row, functions }] of [...recipients.entries()].sort(([a], [b]) => a.localeCompare(b)))
    rows.push({ ...row, functions: [...functions].sort() });
  return rows;
}

export function agreementsMarkdown(facts: ComplianceFacts): string {
  const rows = agreementsOf(facts).map(
    (a) =>
      `| ${a.between} | ${KIND[a.kind]} | ${a.covers} | ${a.functions.map((f) => `\`${f}\``).join(', ') || '—'} | ${a.data} |`,
  );
  return `# Agreements a deployment needs — ${facts.target.name}

One row per connection the deployment makes: the platform's operator and whoever hosts,
backs up or receives telemetry from it; each upstream the integration component pulls
from; each system that receives its answers. Generated from the manifests' upstreams and
recipients (\`functions/kit/processing.ts\`) and the target.

| between | agreement | covers | functions | data |
|---|---|---|---|---|
${rows.join('\n')}
`;
}
