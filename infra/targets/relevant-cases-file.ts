/**
 * A relevant-case choices file as infra reads it: `policies/relevant-cases.yaml`
 * (the default) or a municipality's own under `policies/municipalities/`, in
 * the same schema (POL-004.7). The target checks at load that a named file
 * exists and parses; the compliance package states where it differs from the
 * default. The functions parse the same files at start
 * (functions/kit/org-sync/relevant-cases-policy.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '../..');
export const DEFAULT_RELEVANT_CASES = 'policies/relevant-cases.yaml';

const subjects = z.array(z.object({ number: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/), about: z.string() }));
const document = z.object({
  version: z.literal(1),
  kle_subjects: subjects,
  sensitivity_levels: z.array(
    z.enum([
      'IKKE_FORTROLIGE_DATA',
      'FORTROLIGE_PERSONOPLYSNINGER',
      'FOELSOMME_PERSONOPLYSNINGER',
      'VIP_SAGER',
    ]),
  ),
  appointments_to_municipality: z.object({ kle_subjects: subjects }),
});

export interface RelevantCasesChoices {
  /** Towards health (POL-004.2). */
  readonly kleSubjects: readonly string[];
  readonly sensitivityLevels: readonly string[];
  /** Towards the municipality (POL-003.15). */
  readonly appointmentSubjects: readonly string[];
}

/** Reads `path` (relative to `root`, the repository); throws a one-line reason when it is missing or does not parse. */
export function readRelevantCasesFile(path: string, root = ROOT): RelevantCasesChoices {
  let text: string;
  try {
    text = readFileSync(resolve(root, path), 'utf8');
  } catch {
    throw new Error(`names ${path}, which does not exist`);
  }
  const parsed = document.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `names ${path}, which is invalid at ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  return {
    kleSubjects: parsed.data.kle_subjects.map((s) => s.number),
    sensitivityLevels: parsed.data.sensitivity_levels,
    appointmentSubjects: parsed.data.appointments_to_municipality.kle_subjects.map((s) => s.number),
  };
}

/** What a municipality's choices add to the default and leave out of it, per direction; empty: the same. */
export function choicesDiffer(own: RelevantCasesChoices, base: RelevantCasesChoices): string[] {
  const lines: string[] = [];
  const compare = (label: string, mine: readonly string[], theirs: readonly string[]) => {
    const added = mine.filter((x) => !theirs.includes(x));
    const left = theirs.filter((x) => !mine.includes(x));
    if (added.length > 0) lines.push(`${label}: adds ${added.join(', ')}`);
    if (left.length > 0) lines.push(`${label}: leaves out ${left.join(', ')}`);
  };
  compare('KLE subjects shown to health (POL-004.2)', own.kleSubjects, base.kleSubjects);
  compare('sensitivity levels shown to health (POL-004.2)', own.sensitivityLevels, base.sensitivityLevels);
  compare(
    'KLE subjects that show psychiatry appointments (POL-003.15)',
    own.appointmentSubjects,
    base.appointmentSubjects,
  );
  return lines;
}
