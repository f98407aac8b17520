import { PERSONA_KEYS, personas } from '../sandbox/data/personas.ts';
import { RULE_DEMO_KEYS, type RuleDemo, ruleDemo } from '../sandbox/data/rule-demos.ts';
import type { SandboxData } from '../sandbox/data/schema.ts';

const USAGE = `usage: npm run -s dev:child -- <persona> [<demo>]   (persona: ${PERSONA_KEYS.join(', ')}; demo: ${RULE_DEMO_KEYS.join(', ')})`;

/** What `npm run dev:child` prints: the persona's demo child, or the child that shows a rule. */
export function demoChildCpr(
  data: SandboxData,
  personaKey: string | undefined,
  demo?: string,
  now: Date = new Date(),
): { readonly ok: true; readonly cpr: string } | { readonly ok: false; readonly usage: string } {
  const persona = personas(data, now).find((p) => p.key === personaKey);
  if (!persona) return { ok: false, usage: USAGE };
  if (demo === undefined) return { ok: true, cpr: persona.demoChildCpr };
  if (!(RULE_DEMO_KEYS as readonly string[]).includes(demo)) return { ok: false, usage: USAGE };
  const child = ruleDemo(data.children, data, demo as RuleDemo, now);
  return child ? { ok: true, cpr: child.cpr } : { ok: false, usage: USAGE };
}
