import type { EmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { AuthorizationModel, TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { objectTypeOf } from './fact-reach.ts';
import { CHANGES_PAGE, type ChangePage, type TupleChange } from './openfga-adapter.ts';

/** Where a copy reads the store's changes from: the OpenFGA adapter's ReadChanges. */
export type ChangeSource = (type: string, token: string | undefined) => Promise<ChangePage>;

/** The copy would hold more tuples than it may: it is dropped and the server decides (memory). */
export class ReplicaTooLarge extends Error {
  constructor(maxTuples: number) {
    super(`the store's copy would hold more than ${maxTuples} tuples`);
    this.name = 'ReplicaTooLarge';
  }
}

/**
 * The tuples of some `type#relation`s of an OpenFGA store, in an embedded
 * evaluator over the model the server evaluates, kept by replaying the store's
 * changes (ReadChanges) per object type in the order the store made them. A
 * tuple the model does not allow is kept out, as the server ignores it when it
 * reads (a tuple written under an older model); the same delete later finds
 * nothing, as on the server.
 */
export class ReplicaCopy {
  readonly types: readonly string[];
  private readonly tokens = new Map<string, string | undefined>();

  private constructor(
    readonly authorizer: EmbeddedAuthorizer,
    private readonly relations: ReadonlySet<string>,
    private readonly source: ChangeSource,
    private readonly maxTuples: number,
  ) {
    this.types = [...new Set([...relations].map((r) => r.slice(0, r.indexOf('#'))))].sort();
  }

  /** An empty copy of `relations` (`type#relation`) under `model`; `catchUp` fills it. */
  static async create(options: {
    readonly model: AuthorizationModel;
    readonly relations: ReadonlySet<string>;
    readonly source: ChangeSource;
    readonly maxTuples: number;
  }): Promise<ReplicaCopy> {
    const { createEmbeddedAuthorizer } = await import('../../openfga-embedded/index.ts');
    const authorizer = createEmbeddedAuthorizer({ model: options.model, tuples: [] });
    return new ReplicaCopy(authorizer, options.relations, options.source, options.maxTuples);
  }

  get size(): number {
    return this.authorizer.size;
  }

  /**
   * Applies every change the store has made to each type since the last call,
   * page by page until a page comes back short. Throws when the source fails
   * (the copy stays as far as it got; the next call goes on from there) and
   * ReplicaTooLarge when the copy outgrows its limit.
   */
  async catchUp(): Promise<void> {
    await Promise.all(this.types.map((type) => this.catchUpType(type)));
  }

  private async catchUpType(type: string): Promise<void> {
    for (;;) {
      const page = await this.source(type, this.tokens.get(type));
      await this.apply(page.changes);
      this.tokens.set(type, page.token);
      if (this.size > this.maxTuples) throw new ReplicaTooLarge(this.maxTuples);
      if (page.changes.length < CHANGES_PAGE) return;
    }
  }

  private async apply(changes: readonly TupleChange[]): Promise<void> {
    let writes: TupleKey[] = [];
    for (const change of changes) {
      if (!this.relations.has(`${objectTypeOf(change.tuple.object)}#${change.tuple.relation}`)) continue;
      if (change.operation === 'write') {
        writes.push(change.tuple);
        continue;
      }
      await this.write(writes);
      writes = [];
      await this.authorizer.deleteTuples([change.tuple]);
    }
    await this.write(writes);
  }

  /** Writes all at once; where one is refused, each on its own, keeping out the ones the model refuses. */
  private async write(tuples: readonly TupleKey[]): Promise<void> {
    if (tuples.length === 0) return;
    try {
      await this.authorizer.write(tuples);
      return;
    } catch (error) {
      if (!(error instanceof AuthzError && error.code === 'invalid_tuple')) throw error;
    }
    for (const tuple of tuples) {
      try {
        await this.authorizer.write([tuple]);
      } catch (error) {
        if (!(error instanceof AuthzError && error.code === 'invalid_tuple')) throw error;
        // A stored copy of it from before must go too: the store's latest write is this one.
        await this.authorizer.deleteTuples([tuple]);
      }
    }
  }
}
