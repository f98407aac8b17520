import type { CompiledCondition, ConditionDefinition } from '../conditions/contract.ts';
import { AuthzError } from '../vocabulary/errors.ts';
import type { AuthorizationModel } from '../vocabulary/types.ts';
import type { Interner } from './interner.ts';
import { NAME_SPACE, plainLabel, usersetLabel, wildcardLabel } from './labels.ts';
import { computeReachability, indexReverseEdges } from './reachability.ts';
import { planReverseUsersets } from './reverse-plan.ts';
import { compileRewrite, DIRECT, forEachNode, type RewritePlan } from './rewrite-plan.ts';

/** One entry of a relation's type restrictions, e.g. `[user, user:*, group#member with cond]`. */
export interface Restriction {
  readonly type: number;
  readonly typeName: string;
  /** Relation name id for `group#member`, -1 otherwise. */
  readonly relation: number;
  readonly wildcard: boolean;
  readonly condition: string | undefined;
}

/** A parent relation reached through `computed from tupleset` (for ListObjects). */
export interface TupleToUsersetEdge {
  readonly parentRelation: number;
  readonly target: RelationInfo;
}

/** Bits of `RelationInfo.userBits`. */
export const REACHES = 1;
export const DIRECTLY = 2;
export const WILDCARD = 4;

export class RelationInfo {
  rewrite!: RewritePlan;
  readonly restrictions: Restriction[] = [];
  /** Labels a request user may have for a direct tuple read (OpenFGA's IsDirectlyRelated). */
  readonly directLabels = new Set<number>();
  /** Types whose wildcard `type:*` may be assigned. */
  readonly wildcardTypes = new Set<number>();
  /** Userset labels (`group#member`) whose tuples the direct rewrite follows. */
  readonly usersetLabels = new Set<number>();
  /** For each user label a tuple may have, the conditions it may carry ('' for none). */
  readonly conditionsByLabel = new Map<number, Set<string>>();
  /** Used as the tupleset of a tuple-to-userset on its own type. */
  isTupleset = false;
  /** User labels from which some path leads to this relation (OpenFGA's PathExists). */
  readonly reach = new Set<number>();
  /** Relations on the same type that include this one as a computed userset. */
  readonly computedParents: RelationInfo[] = [];
  /** Read on a parent by some tuple-to-userset (`<this relation> from tupleset`). */
  parentOfTupleToUserset = false;
  /** Set when membership is best found walking back from the user; the relations that walk may pass. */
  reverseFeeds: ReadonlySet<RelationInfo> | undefined;
  /** With reverseFeeds: `objectRelationKey(type, relation)` of every tuple that walk may read. */
  reverseTupleKeys: ReadonlySet<number> | undefined;
  /** The user label `userBits` last answered for, and its answer: a check asks about one label throughout. */
  private bitsLabel = -1;
  private bits = 0;

  /**
   * For a request user's label (its type and wildcard label follow from it):
   * REACHES when `reach` has it or the wildcard label, DIRECTLY when
   * `directLabels` has it, WILDCARD when `wildcardTypes` has its type.
   */
  userBits(userLabel: number, wildcardLabel: number, userType: number): number {
    if (this.bitsLabel !== userLabel) {
      this.bits =
        (this.reach.has(userLabel) || this.reach.has(wildcardLabel) ? REACHES : 0) |
        (this.directLabels.has(userLabel) ? DIRECTLY : 0) |
        (this.wildcardTypes.has(userType) ? WILDCARD : 0);
      this.bitsLabel = userLabel;
    }
    return this.bits;
  }

  constructor(
    readonly id: number,
    readonly name: string,
    readonly owner: TypeInfo,
  ) {}
}

export class TypeInfo {
  readonly relations = new Map<string, RelationInfo>();
  /** `type:*`, the object of this type's wildcard: built once, not per request. */
  readonly wildcard: string;
  /** Relations by relation name id, for lookups on the hot path. */
  readonly relationById: (RelationInfo | undefined)[] = [];
  /** Tuple-to-userset rewrites of this type, by tupleset relation id. */
  readonly tupleToUsersetByTupleset = new Map<number, TupleToUsersetEdge[]>();

  constructor(
    readonly id: number,
    readonly name: string,
  ) {
    this.wildcard = `${name}:*`;
  }
}

export type ConditionCompiler = (defs: Record<string, ConditionDefinition>) => Map<string, CompiledCondition>;

/** An authorization model compiled for evaluation. Immutable once built (but for RelationInfo's memo). */
export class Typesystem {
  readonly typeById: (TypeInfo | undefined)[] = [];
  readonly types = new Map<string, TypeInfo>();
  readonly conditionParameters = new Map<string, ReadonlySet<string>>();

  private constructor(
    readonly names: Interner,
    readonly schemaVersion: string,
    readonly conditions: ReadonlyMap<string, CompiledCondition>,
  ) {}

  relation(type: number, relation: number): RelationInfo | undefined {
    return this.typeById[type]?.relationById[relation];
  }

  relationByName(type: string, relation: string): RelationInfo | undefined {
    return this.types.get(type)?.relations.get(relation);
  }

  allRelations(): RelationInfo[] {
    return [...this.types.values()].flatMap((type) => [...type.relations.values()]);
  }

  /**
   * Compiles `model`, interning names into `names` (shared with the tuple store).
   * Throws AuthzError('validation_error') naming what is wrong.
   */
  static compile(
    model: AuthorizationModel,
    names: Interner,
    compileConditions: ConditionCompiler,
  ): Typesystem {
    if (model.schema_version !== '1.1' && model.schema_version !== '1.2') {
      throw invalid(`unsupported schema version '${String(model.schema_version)}'`);
    }
    const definitions = (model.conditions ?? {}) as Record<string, ConditionDefinition>;
    const ts = new Typesystem(names, model.schema_version, compileConditions(definitions));
    for (const [name, definition] of Object.entries(definitions)) {
      ts.conditionParameters.set(name, new Set(Object.keys(definition.parameters ?? {})));
    }
    const typeDefinitions = model.type_definitions as readonly TypeDefinitionJson[];
    for (const definition of typeDefinitions) ts.declareType(definition);
    for (const definition of typeDefinitions) ts.declareRelations(definition);
    for (const definition of typeDefinitions) ts.defineRelations(definition);
    ts.checkReferences();
    indexReverseEdges(ts);
    computeReachability(ts);
    planReverseUsersets(ts);
    return ts;
  }

  private declareType(definition: TypeDefinitionJson): void {
    if (typeof definition.type !== 'string' || definition.type === '') throw invalid('a type has no name');
    if (this.types.has(definition.type)) throw invalid(`type '${definition.type}' is defined twice`);
    const id = this.names.intern(definition.type);
    if (id >= NAME_SPACE - 2) throw invalid('too many type and relation names');
    const type = new TypeInfo(id, definition.type);
    this.types.set(type.name, type);
    this.typeById[id] = type;
  }

  private declareRelations(definition: TypeDefinitionJson): void {
    const type = this.types.get(definition.type)!;
    for (const name of Object.keys(definition.relations ?? {})) {
      const id = this.names.intern(name);
      if (id >= NAME_SPACE - 2) throw invalid('too many type and relation names');
      const relation = new RelationInfo(id, name, type);
      type.relations.set(name, relation);
      type.relationById[id] = relation;
    }
  }

  private defineRelations(definition: TypeDefinitionJson): void {
    const type = this.types.get(definition.type)!;
    for (const [name, rewrite] of Object.entries(definition.relations ?? {})) {
      const relation = type.relations.get(name)!;
      relation.rewrite = compileRewrite(rewrite, this.names, `${type.name}#${name}`);
      const metadata = definition.metadata?.relations?.[name]?.directly_related_user_types ?? [];
      for (const reference of metadata) this.addRestriction(relation, reference);
    }
  }

  private addRestriction(relation: RelationInfo, reference: RelationReferenceJson): void {
    const where = `${relation.owner.name}#${relation.name}`;
    const target = this.types.get(reference.type);
    if (target === undefined) throw invalid(`${where} allows undefined type '${reference.type}'`);
    const restriction: Restriction = {
      type: target.id,
      typeName: target.name,
      relation: reference.relation ? this.names.intern(reference.relation) : -1,
      wildcard: reference.wildcard !== undefined && reference.wildcard !== null,
      condition: reference.condition || undefined,
    };
    if (restriction.condition !== undefined && !this.conditions.has(restriction.condition)) {
      throw invalid(`${where} uses undefined condition '${restriction.condition}'`);
    }
    relation.restrictions.push(restriction);
    let label: number;
    if (restriction.wildcard) {
      label = wildcardLabel(target.id);
      relation.wildcardTypes.add(target.id);
    } else if (restriction.relation === -1) {
      label = plainLabel(target.id);
      relation.directLabels.add(label);
    } else {
      if (target.relationById[restriction.relation] === undefined) {
        throw invalid(`${where} allows undefined relation '${reference.type}#${reference.relation}'`);
      }
      label = usersetLabel(target.id, restriction.relation);
      relation.directLabels.add(label);
      relation.usersetLabels.add(label);
    }
    const conditions = relation.conditionsByLabel.get(label) ?? new Set<string>();
    conditions.add(restriction.condition ?? '');
    relation.conditionsByLabel.set(label, conditions);
  }

  /** Computed and tupleset relations must exist; tuple-to-userset parents need not all define the relation. */
  private checkReferences(): void {
    for (const type of this.types.values()) {
      for (const relation of type.relations.values()) {
        const where = `${type.name}#${relation.name}`;
        forEachNode(relation.rewrite, (node) => {
          if (node.kind === DIRECT && relation.restrictions.length === 0) {
            throw invalid(`${where} is directly assignable but allows no type`);
          }
          if (node.tupleset !== -1) {
            const tupleset = type.relationById[node.tupleset];
            if (tupleset === undefined)
              throw invalid(`${where} uses undefined tupleset '${this.names.name(node.tupleset)}'`);
            tupleset.isTupleset = true;
          } else if (node.relation !== -1 && type.relationById[node.relation] === undefined) {
            throw invalid(`${where} refers to undefined relation '${this.names.name(node.relation)}'`);
          }
        });
      }
    }
  }
}

interface RelationReferenceJson {
  readonly type: string;
  readonly relation?: string;
  readonly wildcard?: unknown;
  readonly condition?: string;
}

interface TypeDefinitionJson {
  readonly type: string;
  readonly relations?: Readonly<Record<string, unknown>>;
  readonly metadata?: {
    readonly relations?: Readonly<
      Record<string, { readonly directly_related_user_types?: readonly RelationReferenceJson[] }>
    >;
  } | null;
}

function invalid(message: string): AuthzError {
  return new AuthzError('validation_error', `invalid authorization model: ${message}`);
}
