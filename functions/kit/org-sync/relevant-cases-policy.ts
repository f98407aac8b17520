import * as z from 'zod/mini';
import { kleSubject, type SensitivityLevel, sensitivityLevel } from '../../contracts/wire.ts';
import { readPolicyDocument } from '../../runtime/config/policy-document.ts';

/** policies/relevant-cases.yaml as parsed YAML (POL-004 towards health, POL-003 towards the municipality). */
export const relevantCasesDocument = z.object({
  version: z.literal(1),
  kle_subjects: z.array(z.object({ number: kleSubject, about: z.string() })),
  sensitivity_levels: z.array(sensitivityLevel),
  appointments_to_municipality: z.object({
    kle_subjects: z.array(z.object({ number: kleSubject, about: z.string() })),
  }),
});

export interface RelevantCasesPolicy {
  /** Exact KLE subjects whose active cases health may learn exist. */
  readonly kleSubjects: readonly string[];
  /** Sensitivity levels health may learn exist, listed level by level. */
  readonly sensitivityLevels: readonly SensitivityLevel[];
  /** Exact KLE subjects whose active cases justify showing psychiatry appointments to their handlers (POL-003.15). */
  readonly appointmentSubjects: readonly string[];
}

/** Validates the parsed policy document. */
export function parseRelevantCasesPolicy(document: unknown): RelevantCasesPolicy {
  const parsed = relevantCasesDocument.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `relevant-cases policy is invalid at ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
    );
  }
  return {
    kleSubjects: parsed.data.kle_subjects.map((s) => s.number),
    sensitivityLevels: parsed.data.sensitivity_levels,
    appointmentSubjects: parsed.data.appointments_to_municipality.kle_subjects.map((s) => s.number),
  };
}

/** Reads policies/relevant-cases.yaml (or a municipality's copy of it). */
export async function loadRelevantCasesPolicy(path: string): Promise<RelevantCasesPolicy> {
  let document: unknown;
  try {
    document = await readPolicyDocument(path);
  } catch (error) {
    throw new Error(`${path}: cannot read the relevant-cases policy`, { cause: error });
  }
  return parseRelevantCasesPolicy(document);
}
