import type { RelationReference, Userset } from '@openfga/sdk';

/** The two model lookups the solver needs (implemented by `ModelIndex`). */
export interface ModelLookup {
  rewrite(type: string, relation: string): Userset | undefined;
  directTypes(type: string, relation: string): readonly RelationReference[];
}

export type Grant = ReadonlySet<string> | 'anyone';

/**
 * Which roles can satisfy a relation on their own: a union takes any branch's
 * roles, an intersection only roles every role-bearing branch accepts, an
 * exclusion its base. A relation any user can hold given the right facts
 * (a clearance, a wildcard) is `anyone` and constrains nothing in an intersection.
 */
export class GrantSolver {
  private readonly memo = new Map<string, Grant>();
  private readonly active = new Set<string>();

  constructor(
    private readonly index: ModelLookup,
    private readonly roles: ReadonlySet<string>,
  ) {}

  grant(type: string, relation: string): Grant {
    const key = `${type}#${relation}`;
    const known = this.memo.get(key);
    if (known) return known;
    // A recursive step (`x from parent`) adds no role the first pass did not find.
    if (this.active.has(key)) return new Set();
    this.active.add(key);
    const rewrite = this.index.rewrite(type, relation);
    const result = rewrite ? this.of(type, relation, rewrite) : new Set<string>();
    this.active.delete(key);
    this.memo.set(key, result);
    return result;
  }

  private of(type: string, relation: string, node: Userset): Grant {
    if (node.this) {
      return union(
        this.index.directTypes(type, relation).map((ref): Grant => {
          if (ref.relation) return this.grant(ref.type, ref.relation);
          if (ref.wildcard) return 'anyone';
          if (ref.type !== 'user' && ref.type !== 'citizen') return new Set();
          return this.roles.has(`${type}#${relation}`) ? new Set([`${type}#${relation}`]) : 'anyone';
        }),
      );
    }
    if (node.computedUserset?.relation) return this.grant(type, node.computedUserset.relation);
    const ttu = node.tupleToUserset;
    if (ttu?.tupleset.relation && ttu.computedUserset.relation) {
      const target = ttu.computedUserset.relation;
      return union(
        this.index.directTypes(type, ttu.tupleset.relation).map((ref) => this.grant(ref.type, target)),
      );
    }
    if (node.union) return union(node.union.child.map((child) => this.of(type, relation, child)));
    if (node.intersection)
      return intersect(node.intersection.child.map((child) => this.of(type, relation, child)));
    if (node.difference) return this.of(type, relation, node.difference.base);
    return new Set();
  }
}

function union(grants: readonly Grant[]): Grant {
  if (grants.includes('anyone')) return 'anyone';
  return new Set(grants.flatMap((grant) => [...(grant as ReadonlySet<string>)]));
}

function intersect(grants: readonly Grant[]): Grant {
  const constraining = grants.filter((grant): grant is ReadonlySet<string> => grant !== 'anyone');
  if (constraining.length === 0) return 'anyone';
  return new Set([...constraining[0]!].filter((role) => constraining.every((grant) => grant.has(role))));
}
