import { type KlePlan, loadKlePlan, planRefuses } from './kle-plan.ts';
import { loadRelevantCasesPolicy, type RelevantCasesPolicy } from './relevant-cases-policy.ts';

/**
 * Each municipality's relevant-case choices (POL-004.7): the default file
 * (policies/relevant-cases.yaml) for all, a municipality's own file where its
 * target entry names one, and its KLE plan where one is mounted. The plan
 * guards the choices: a municipality whose choices name a number its plan does
 * not hold (or holds as discontinued) gets none of its choice tuples written.
 */
export interface MunicipalChoices {
  readonly relevantCases: RelevantCasesPolicy;
  /** A municipality's own choices, by code. */
  readonly own: ReadonlyMap<string, RelevantCasesPolicy>;
  /** Its KLE plan by code, or why it could not be read. */
  readonly plans: ReadonlyMap<string, KlePlan | { readonly unreadable: string }>;
}

/** A municipality whose choices were not written, and why: for the sync's answer. */
export interface WithheldChoices {
  readonly municipality: string;
  /** The numbers its plan refused (empty when the plan itself could not be read). */
  readonly kle: readonly string[];
  readonly reason: string;
}

/** `860=path,810=path` (RELEVANT_CASES_BY_MUNICIPALITY, KLE_PLAN_BY_MUNICIPALITY) as code → path. */
export function pathsByMunicipality(value: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const entry of value.split(',').filter((e) => e !== '')) {
    const at = entry.indexOf('=');
    paths.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return paths;
}

/** The municipalities' own choices, read once at start: a file that does not parse stops the process, naming it. */
export async function loadOwnChoices(byMunicipality: string): Promise<Map<string, RelevantCasesPolicy>> {
  const entries = await Promise.all(
    [...pathsByMunicipality(byMunicipality)].map(
      async ([code, path]) => [code, await loadRelevantCasesPolicy(path)] as const,
    ),
  );
  return new Map(entries);
}

/**
 * The plans, read at each sync (a ConfigMap's file changes without a restart). A plan that
 * cannot be read withholds that municipality's choices; it never stops the sync of the others.
 */
export async function loadPlans(byMunicipality: string): Promise<MunicipalChoices['plans']> {
  const entries = await Promise.all(
    [...pathsByMunicipality(byMunicipality)].map(
      async ([code, path]): Promise<[string, KlePlan | { readonly unreadable: string }]> => {
        try {
          return [code, await loadKlePlan(path)];
        } catch (error) {
          return [code, { unreadable: (error as Error).message }];
        }
      },
    ),
  );
  return new Map(entries);
}

/** The choices that apply to `code` on `day` (`YYYY-MM-DD`), or why none are written. */
export function choicesOf(
  choices: MunicipalChoices,
  code: string,
  day: string,
): { readonly policy: RelevantCasesPolicy } | { readonly withheld: WithheldChoices } {
  const policy = choices.own.get(code) ?? choices.relevantCases;
  const plan = choices.plans.get(code);
  if (plan === undefined) return { policy };
  if ('unreadable' in plan)
    return {
      withheld: { municipality: code, kle: [], reason: `its KLE plan cannot be used: ${plan.unreadable}` },
    };
  const numbers = [...new Set([...policy.kleSubjects, ...policy.appointmentSubjects])];
  const refused = numbers.flatMap((kle) => {
    const why = planRefuses(plan, kle, day);
    return why === undefined ? [] : [{ kle, why }];
  });
  if (refused.length === 0) return { policy };
  return {
    withheld: {
      municipality: code,
      kle: refused.map((r) => r.kle),
      reason: `${refused.map((r) => `${r.kle} ${r.why}`).join('; ')}: none of its relevant-case choices are written`,
    },
  };
}
