import type { AuthorizationModel, TupleKey } from '../../openfga-embedded/vocabulary/types.ts';

/** The parts of a model's JSON (OpenFGA's WriteAuthorizationModel body) that say which tuples a relation reads. */
interface Userset {
  readonly this?: object;
  readonly computedUserset?: { readonly relation?: string };
  readonly tupleToUserset?: {
    readonly tupleset?: { readonly relation?: string };
    readonly computedUserset?: { readonly relation?: string };
  };
  readonly union?: { readonly child?: readonly Userset[] };
  readonly intersection?: { readonly child?: readonly Userset[] };
  readonly difference?: { readonly base?: Userset; readonly subtract?: Userset };
}

interface TypeDefinition {
  readonly type: string;
  readonly relations?: Readonly<Record<string, Userset>>;
  readonly metadata?: {
    readonly relations?: Readonly<
      Record<
        string,
        { readonly directly_related_user_types?: readonly { type: string; relation?: string }[] }
      >
    >;
  } | null;
}

/**
 * Which tuples can decide a relation, by the model alone: `reads('child',
 * 'can_lookup_cases')` is every `type#relation` whose tuples a Check of it may
 * read, walking its rewrite (direct tuples, computed relations, tuple-to-userset
 * hops and the usersets a direct relation allows) to the end. A tuple outside
 * that set is never read, so it cannot change the answer: a caller may leave it
 * out of the request.
 */
export interface FactReach {
  reads(objectType: string, relation: string): ReadonlySet<string>;
  /**
   * Of `tuples`, those a Check of `relation` on an object of `objectType` can read, in their
   * order: `tuples` itself when it can read them all.
   */
  readable(objectType: string, relation: string, tuples: readonly TupleKey[]): readonly TupleKey[];
}

export function factReach(model: AuthorizationModel): FactReach {
  const types = new Map<string, TypeDefinition>();
  for (const definition of model.type_definitions as readonly TypeDefinition[]) {
    types.set(definition.type, definition);
  }
  const memo = new Map<string, ReadonlySet<string>>();

  function reads(objectType: string, relation: string): ReadonlySet<string> {
    const key = `${objectType}#${relation}`;
    let found = memo.get(key);
    if (found === undefined) {
      const read = new Set<string>();
      visit(objectType, relation, new Set(), read);
      found = read;
      memo.set(key, found);
    }
    return found;
  }

  function visit(type: string, relation: string, seen: Set<string>, read: Set<string>): void {
    const key = `${type}#${relation}`;
    if (seen.has(key)) return;
    seen.add(key);
    const definition = types.get(type);
    const rewrite = definition?.relations?.[relation];
    if (!definition || !rewrite) return;
    walk(definition, relation, rewrite, seen, read);
  }

  function walk(
    definition: TypeDefinition,
    relation: string,
    rewrite: Userset,
    seen: Set<string>,
    read: Set<string>,
  ): void {
    const type = definition.type;
    if (rewrite.this) {
      read.add(`${type}#${relation}`);
      // A userset a direct relation allows (`group#member`) is checked in turn.
      for (const allowed of directTypes(definition, relation)) {
        if (allowed.relation) visit(allowed.type, allowed.relation, seen, read);
      }
    }
    if (rewrite.computedUserset?.relation) visit(type, rewrite.computedUserset.relation, seen, read);
    const ttu = rewrite.tupleToUserset;
    if (ttu?.tupleset?.relation && ttu.computedUserset?.relation) {
      read.add(`${type}#${ttu.tupleset.relation}`);
      for (const parent of directTypes(definition, ttu.tupleset.relation)) {
        visit(parent.type, ttu.computedUserset.relation, seen, read);
      }
    }
    for (const child of rewrite.union?.child ?? []) walk(definition, relation, child, seen, read);
    for (const child of rewrite.intersection?.child ?? []) walk(definition, relation, child, seen, read);
    if (rewrite.difference?.base) walk(definition, relation, rewrite.difference.base, seen, read);
    if (rewrite.difference?.subtract) walk(definition, relation, rewrite.difference.subtract, seen, read);
  }

  function directTypes(definition: TypeDefinition, relation: string) {
    return definition.metadata?.relations?.[relation]?.directly_related_user_types ?? [];
  }

  return {
    reads,
    readable(objectType, relation, tuples) {
      const read = reads(objectType, relation);
      const isRead = (tuple: TupleKey) => read.has(`${objectTypeOf(tuple.object)}#${tuple.relation}`);
      // The list itself when the check reads all of it: checks sent one list keep sharing it.
      return tuples.every(isRead) ? tuples : tuples.filter(isRead);
    },
  };
}

/** `child` of `child:p-…`. */
export function objectTypeOf(object: string): string {
  const colon = object.indexOf(':');
  return colon === -1 ? object : object.slice(0, colon);
}
