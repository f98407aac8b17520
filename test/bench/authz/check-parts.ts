/**
 * The parts of a check, for `npm run bench:authz` to ask each on its own and
 * show where a server's time for a permission goes: every relation its
 * rewrite names (a computed relation on the same object; for `R from T`, R on
 * each object the request's own `T` tuples name), down to a given depth, each
 * carrying the request's user, contextual tuples and context unchanged.
 */
import type {
  AuthorizationModel,
  CheckRequest,
} from '../../../functions/openfga-embedded/vocabulary/types.ts';
import { objectTypeOf as typeOf } from '../../../functions/runtime/authz/fact-reach.ts';

export interface CheckPart {
  /** `case#contact_viewer`, `child#blocked`, a level below `child#blocked > …`. */
  readonly label: string;
  readonly request: CheckRequest;
}

type Json = Readonly<Record<string, unknown>>;

/** Every part of `request` to `depth` levels of rewrites, parents before their parts. */
export function checkParts(model: AuthorizationModel, request: CheckRequest, depth = 2): CheckPart[] {
  const out: CheckPart[] = [];
  const visit = (asked: CheckRequest, prefix: string, level: number) => {
    if (level > depth) return;
    for (const part of operands(model, asked)) {
      const label = `${prefix}${typeOf(part.object)}#${part.relation}`;
      // The same relation on the same object twice (an `and` and its `but not`) is asked once.
      if (out.some((o) => o.label === label)) continue;
      out.push({ label, request: part });
      visit(part, `${label} > `, level + 1);
    }
  };
  visit(request, '', 1);
  return out;
}

/** The checks the relation's rewrite is made of, one level down. */
function operands(model: AuthorizationModel, request: CheckRequest): CheckRequest[] {
  const rewrite = relationsOf(model, typeOf(request.object))[request.relation];
  if (rewrite === undefined)
    throw new Error(`the model has no ${typeOf(request.object)}#${request.relation}`);
  const on = (relation: string, object: string): CheckRequest => ({ ...request, relation, object });
  const walk = (node: Json): CheckRequest[] => {
    if ('this' in node) return [];
    const computed = node.computedUserset as Json | undefined;
    if (computed) return [on(String(computed.relation), request.object)];
    const ttu = node.tupleToUserset as Json | undefined;
    if (ttu) {
      const tupleset = String((ttu.tupleset as Json).relation);
      const relation = String((ttu.computedUserset as Json).relation);
      return (request.contextualTuples ?? [])
        .filter((t) => t.object === request.object && t.relation === tupleset)
        .map((t) => on(relation, t.user));
    }
    const set = (node.union ?? node.intersection) as Json | undefined;
    if (set) return (set.child as Json[]).flatMap(walk);
    const difference = node.difference as Json | undefined;
    if (difference) return [...walk(difference.base as Json), ...walk(difference.subtract as Json)];
    throw new Error(`unknown rewrite ${JSON.stringify(Object.keys(node))}`);
  };
  return walk(rewrite);
}

function relationsOf(model: AuthorizationModel, type: string): Readonly<Record<string, Json>> {
  const definition = (model.type_definitions as Json[]).find((t) => t.type === type);
  if (!definition) throw new Error(`the model has no type ${type}`);
  return (definition.relations ?? {}) as Readonly<Record<string, Json>>;
}
