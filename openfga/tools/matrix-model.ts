import type { AuthorizationModel, RelationReference, TypeDefinition, Userset } from '@openfga/sdk';
import { GrantSolver } from './matrix-grants.ts';

/**
 * What the model says about each `can_*` permission, read from the model JSON
 * (`transformer.transformDSLToJSONObject`): which roles can ever be granted it,
 * which facts and CEL conditions it reads, and its rule with every derived
 * relation it depends on.
 */

/** A role: a directly assigned relation that names a job, e.g. `case_scope#handler`. */
export interface Role {
  readonly relation: `${string}#${string}`;
  readonly label: string;
  /**
   * Counts only for a person holding no other role: every employee is a unit
   * member (`org_unit#member`), but the row "employee without a role" is about
   * those who are nothing more.
   */
  readonly alone?: boolean;
}

export interface Storage {
  readonly stored: ReadonlySet<string>;
  readonly contextual: ReadonlySet<string>;
}

export interface PermissionInfo {
  /** `child#can_view_appointments` */
  readonly key: string;
  readonly type: string;
  readonly relation: string;
  /** Roles a user holding only that role can be granted; `anyone` when no role is needed. */
  readonly grantedTo: readonly string[] | 'anyone';
  /** Directly assigned relations the decision may read, by where they live. */
  readonly contextualFacts: readonly string[];
  readonly storedFacts: readonly string[];
  /** Child facts read only under `but not`: their presence denies (blocks, address protection). */
  readonly denyingFacts: readonly string[];
  readonly conditions: readonly string[];
  /** The companion that is true only without an override, when there is one. */
  readonly withoutOverride?: string;
  /** The permission's own rewrite in DSL syntax. */
  readonly rule: string;
  /** `type#relation` of every derived (not only directly assigned) relation the rule uses. */
  readonly uses: readonly string[];
}

export class ModelIndex {
  private readonly types = new Map<string, TypeDefinition>();

  constructor(readonly model: AuthorizationModel) {
    for (const type of model.type_definitions) this.types.set(type.type, type);
  }

  rewrite(type: string, relation: string): Userset | undefined {
    return this.types.get(type)?.relations?.[relation];
  }

  directTypes(type: string, relation: string): readonly RelationReference[] {
    return this.types.get(type)?.metadata?.relations?.[relation]?.directly_related_user_types ?? [];
  }

  /** `type#relation` of every relation users or objects can be written to. */
  assignable(): string[] {
    return [...this.types.values()].flatMap((type) =>
      Object.keys(type.relations ?? {})
        .filter((relation) => this.directTypes(type.type, relation).length > 0)
        .map((relation) => `${type.type}#${relation}`),
    );
  }

  permissions(): { type: string; relation: string }[] {
    return [...this.types.values()].flatMap((type) =>
      Object.keys(type.relations ?? {})
        .filter((relation) => relation.startsWith('can_') && !relation.endsWith('_without_override'))
        .map((relation) => ({ type: type.type, relation })),
    );
  }
}

export function describePermission(
  index: ModelIndex,
  type: string,
  relation: string,
  roles: readonly Role[],
  storage: Storage,
): PermissionInfo {
  const facts = new Set<string>();
  const allowingFacts = new Set<string>();
  const conditions = new Set<string>();
  const uses: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, r: string, subtracted: boolean) => {
    const key = `${t}#${r}`;
    const rewrite = index.rewrite(t, r);
    if (seen.has(`${key}/${subtracted}`)) return;
    seen.add(`${key}/${subtracted}`);
    if (!rewrite) return;
    if (!isDirectOnly(rewrite) && !uses.includes(key)) uses.push(key);
    walk(rewrite, subtracted);
    function walk(node: Userset, sub: boolean): void {
      if (node.this) {
        facts.add(key);
        if (!sub) allowingFacts.add(key);
        for (const ref of index.directTypes(t, r)) {
          if (ref.condition) conditions.add(ref.condition);
          if (ref.relation) visit(ref.type, ref.relation, sub);
        }
      }
      if (node.computedUserset?.relation) visit(t, node.computedUserset.relation, sub);
      const ttu = node.tupleToUserset;
      if (ttu?.tupleset.relation && ttu.computedUserset.relation) {
        visit(t, ttu.tupleset.relation, sub);
        for (const ref of index.directTypes(t, ttu.tupleset.relation))
          visit(ref.type, ttu.computedUserset.relation, sub);
      }
      for (const child of [...(node.union?.child ?? []), ...(node.intersection?.child ?? [])])
        walk(child, sub);
      if (node.difference) {
        walk(node.difference.base, sub);
        // What a subtracted relation subtracts allows again (`blocked but not block_override`).
        walk(node.difference.subtract, !sub);
      }
    }
  };
  visit(type, relation, false);
  const grant = new GrantSolver(index, new Set(roles.map((role) => role.relation))).grant(type, relation);
  const companion = `${relation}_without_override`;
  const sorted = (predicate: (fact: string) => boolean) => [...facts].filter(predicate).sort();
  return {
    key: `${type}#${relation}`,
    type,
    relation,
    grantedTo:
      grant === 'anyone' ? 'anyone' : roles.map((role) => role.relation).filter((role) => grant.has(role)),
    contextualFacts: sorted((fact) => storage.contextual.has(fact)),
    storedFacts: sorted((fact) => storage.stored.has(fact)),
    denyingFacts: sorted((fact) => storage.contextual.has(fact) && !allowingFacts.has(fact)),
    conditions: [...conditions].sort(),
    ...(index.rewrite(type, companion) ? { withoutOverride: companion } : {}),
    rule: renderRewrite(index, type, relation),
    uses: uses.filter((key) => key !== `${type}#${relation}`),
  };
}

function isDirectOnly(node: Userset): boolean {
  return node.this !== undefined && !node.union && !node.intersection && !node.difference;
}

/** A relation's rewrite in DSL syntax: `[user, org_unit#member] or x from parent`. */
export function renderRewrite(index: ModelIndex, type: string, relation: string): string {
  const direct = `[${index
    .directTypes(type, relation)
    .map((ref) => {
      const name = ref.wildcard ? `${ref.type}:*` : ref.relation ? `${ref.type}#${ref.relation}` : ref.type;
      return ref.condition ? `${name} with ${ref.condition}` : name;
    })
    .join(', ')}]`;
  const render = (node: Userset, nested: boolean): string => {
    const group = (children: readonly Userset[], operator: string) => {
      const text = children.map((child) => render(child, true)).join(` ${operator} `);
      return nested ? `(${text})` : text;
    };
    if (node.this) return direct;
    if (node.computedUserset) return node.computedUserset.relation ?? '?';
    if (node.tupleToUserset) {
      return `${node.tupleToUserset.computedUserset.relation} from ${node.tupleToUserset.tupleset.relation}`;
    }
    if (node.union) return group(node.union.child, 'or');
    if (node.intersection) return group(node.intersection.child, 'and');
    if (node.difference) {
      const text = `${render(node.difference.base, true)} but not ${render(node.difference.subtract, true)}`;
      return nested ? `(${text})` : text;
    }
    return '?';
  };
  const rewrite = index.rewrite(type, relation);
  return rewrite ? render(rewrite, false) : '?';
}
