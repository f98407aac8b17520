import type { Interner } from '../model/interner.ts';
import type { ObjectIds } from './tuple-record.ts';

/**
 * Object ids for one request: stored objects keep their ids; objects that only
 * appear in the request (contextual tuples, the user) get negative ids that are
 * forgotten with the request, so the store's interner does not grow per request.
 */
export class RequestObjects implements ObjectIds {
  private local: Map<string, number> | undefined;
  private localNames: string[] = [];
  /** Whether `local` and `localNames` are another request's (adopt): copied before they grow. */
  private shared = false;

  constructor(private readonly stored: Interner) {}

  id(object: string): number {
    const stored = this.stored.find(object);
    return stored !== -1 ? stored : this.localId(object);
  }

  /** The stored id of `object`, -1 when it is not stored. */
  storedId(object: string): number {
    return this.stored.find(object);
  }

  get storedCount(): number {
    return this.stored.size;
  }

  /** The request-local objects so far, in the order they were given ids (-1, -2, …). */
  get localObjects(): readonly string[] {
    return this.localNames;
  }

  /**
   * Starts an empty request with the local objects another one named, in the same order
   * (`local` maps each name to its id): the ids are the ones naming them again would give.
   * Shared until this request names an object of its own.
   */
  adopt(names: readonly string[], local: ReadonlyMap<string, number>): void {
    if (this.localNames.length !== 0) throw new Error('adopt: this request has named objects already');
    this.localNames = names as string[];
    this.local = local as Map<string, number>;
    this.shared = true;
  }

  /** The name → id map of the local objects so far (for `adopt`); callers must not change it. */
  get localIds(): ReadonlyMap<string, number> {
    this.local ??= new Map();
    return this.local;
  }

  /** The request-local id of `object`, known not to be stored. */
  localId(object: string): number {
    this.local ??= new Map();
    let id = this.local.get(object);
    if (id === undefined) {
      if (this.shared) {
        this.local = new Map(this.local);
        this.localNames = [...this.localNames];
        this.shared = false;
      }
      id = -(this.localNames.length + 1);
      this.local.set(object, id);
      this.localNames.push(object);
    }
    return id;
  }

  /** The id of `object` if it is stored or already seen in this request. */
  lookup(object: string): number | undefined {
    const stored = this.stored.find(object);
    if (stored !== -1) return stored;
    return this.local?.get(object);
  }

  name(id: number): string {
    return id >= 0 ? this.stored.name(id) : this.localNames[-id - 1]!;
  }
}
