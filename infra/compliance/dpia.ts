/**
 * Inputs to a data protection impact assessment (GDPR art. 35): the high-risk
 * factors present in the deployment, found from the records, and the measures
 * (policy rules) that answer each.
 */
import { DATA_CATEGORIES } from '../../functions/kit/processing.ts';
import { ComplianceError, type ComplianceFacts, type FunctionRecord } from './facts.ts';

interface Factor {
  readonly id: string;
  readonly title: string;
  /** The functions in which it is present. */
  readonly present: (fn: FunctionRecord) => boolean;
  /** Rule ids of policies/ that answer it, each checked to exist. */
  readonly measures: readonly string[];
}

const controllersOf = (fn: FunctionRecord) => new Set(fn.upstreams.map((u) => u.network));

export const FACTORS: readonly Factor[] = [
  {
    id: 'children',
    title: 'Data about children, a vulnerable group (GDPR recital 38, 75)',
    present: (fn) => fn.subjects.some((s) => s.key === 'child'),
    measures: ['POL-001.1', 'POL-004.6', 'POL-005.3', 'POL-007.1', 'POL-007.6', 'POL-008.1'],
  },
  {
    id: 'health-data',
    title: 'Health data (GDPR art. 9): psychiatry courses and appointments, blocks, correspondence',
    present: (fn) => fn.categories.some((c) => DATA_CATEGORIES[c].kind === 'health'),
    measures: ['POL-001.5', 'POL-002.1', 'POL-002.4', 'POL-003.12', 'POL-006.14', 'POL-006.15'],
  },
  {
    id: 'social-data',
    title: 'A child’s social conditions: that a child-welfare case exists, and who looked',
    present: (fn) => fn.categories.some((c) => DATA_CATEGORIES[c].kind === 'social'),
    measures: ['POL-004.2', 'POL-003.6', 'POL-007.8', 'POL-009.2'],
  },
  {
    id: 'combination-of-sources',
    title: 'Matching data from several controllers (municipal, national health, regional)',
    present: (fn) => controllersOf(fn).size >= 2,
    measures: ['POL-001.1', 'POL-001.3', 'POL-001.5', 'POL-004.6', 'POL-005.5'],
  },
  {
    id: 'national-identifier',
    title: 'The national identification number (CPR)',
    present: (fn) => fn.categories.includes('cpr-number'),
    measures: ['POL-001.4', 'POL-001.7', 'POL-007.5'],
  },
  {
    id: 'monitoring-of-employees',
    title: 'Systematic logging of employees’ behaviour (the audit log)',
    present: (fn) => fn.categories.includes('access-record'),
    measures: ['POL-007.6', 'POL-007.7', 'POL-009.2', 'POL-009.3'],
  },
];

export interface DpiaInput {
  readonly factor: Factor;
  readonly functions: readonly string[];
}

export function dpiaInputs(facts: ComplianceFacts): DpiaInput[] {
  const unknown = FACTORS.flatMap((f) => f.measures).filter((id) => !facts.policyTexts.rules.has(id));
  if (unknown.length > 0)
    throw new ComplianceError(unknown.map((id) => `infra/compliance/dpia.ts: measure ${id} is in no policy`));
  return FACTORS.map((factor) => ({
    factor,
    functions: facts.functions.filter((fn) => fn.processes && factor.present(fn)).map((fn) => fn.name),
  })).filter((input) => input.functions.length > 0);
}

export function dpiaMarkdown(facts: ComplianceFacts): string {
  const inputs = dpiaInputs(facts);
  const sections = inputs.map(
    ({ factor, functions }) => `## ${factor.title}

Present in: ${functions.map((f) => `\`${f}\``).join(', ')}.

Answered by:

${factor.measures.map((id) => `- ${id} (${facts.policyTexts.policies.get(id.slice(0, 7))?.title ?? ''})`).join('\n')}
`,
  );
  return `# DPIA inputs — ${facts.target.name}

The high-risk factors (GDPR art. 35, Datatilsynet's list of processing that requires a
DPIA) present in this deployment, found from the records of processing, and the policy
rules that answer each; each rule is proved by the tests \`policies/README.md\` names.
${inputs.length} factors present: ${inputs.map((i) => i.factor.id).join(', ')}.

${sections.join('\n')}`;
}
