import type { Interner } from '../model/interner.ts';
import type { ObjectIds } from './tuple-record.ts';

/**
 * Object ids for one request: stored objects keep their ids; objects that only
 * appear in the request (contextual tuples, the user) get negative ids that are
 * forgotten with the request, so the store's interner does not grow per request.
 */
export class RequestObjects implements ObjectIds {
  private local: Map<string, number> | undefined;
  private readonly localNames: string[] = [];

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

  /** The request-local id of `object`, known not to be stored. */
  localId(object: string): number {
    this.local ??= new Map();
    let id = this.local.get(object);
    if (id === undefined) {
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
