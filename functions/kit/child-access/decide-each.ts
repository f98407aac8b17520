import type { Context } from 'hono';
import type { Principal } from '../../runtime/auth/principal.ts';
import type { Cpr } from '../../runtime/cpr/cpr.ts';
import type { Kit } from '../kit.ts';
import { decide } from './decide.ts';
import { type ChildFactName, pullFacts } from './pull-facts.ts';
import { recordAccess } from './record-access.ts';

export interface EachChildSpec {
  /** The audit record's action, e.g. `correspondence.inbox`. */
  readonly action: string;
  /** The `can_*` on each child that must allow. */
  readonly gate: string;
  readonly facts: readonly ChildFactName[];
  readonly purpose: string;
  readonly allowReason: string;
}

/**
 * For a list that spans children (a unit's inbox): each child decided as the
 * pipeline decides one — its facts pulled for this request, the gate checked,
 * the decision recorded before anything is answered (POL-007.5) — one child
 * after the other. Answers the pseudonyms of the children the gate allowed;
 * any upstream, authorizer or audit failure fails the whole list.
 */
export async function decideEach(
  kit: Kit,
  c: Context,
  children: ReadonlyMap<string, Cpr>,
  spec: EachChildSpec,
): Promise<Set<string>> {
  if (!spec.gate.startsWith('can_'))
    throw new RangeError(`the gate must be a can_* relation, not ${spec.gate}`);
  const principal: Principal = c.get('principal');
  const declared: ReadonlySet<string> = new Set(kit.manifest.permissionsChecked);
  const allowed = new Set<string>();
  for (const [child, cpr] of children) {
    const pulled = await pullFacts(kit.upstreams, spec.facts, cpr, child);
    const decision = await decide(kit.authorizer, {
      user: principal.user,
      facts: pulled.facts,
      gate: spec.gate,
      items: [],
      now: kit.clock(),
      declared,
    });
    await recordAccess(c, kit.audit, {
      functionName: kit.manifest.name,
      action: spec.action,
      child,
      purpose: spec.purpose,
      outcome: decision.allowed ? { allowed: true, reason: spec.allowReason, overrideUsed: false } : decision,
      answered: decision.allowed,
      // The cases sent as facts: closed ones decide nothing (child-fact-tuples.ts).
      caseIds: pulled.cases.filter((k) => k.active).map((k) => k.id),
    });
    if (decision.allowed) allowed.add(child);
  }
  return allowed;
}
