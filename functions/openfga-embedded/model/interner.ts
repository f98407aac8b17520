/**
 * Maps strings to dense integer ids and back. The evaluator compares and indexes
 * integers on its hot path; strings are only looked at when a request arrives
 * and when an explanation is rendered.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** The id of `name`, assigning the next free id when it is new. */
  intern(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const id = this.names.length;
    this.ids.set(name, id);
    this.names.push(name);
    return id;
  }

  /** The id of `name`, or -1 when it was never interned. */
  find(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  name(id: number): string {
    const name = this.names[id];
    if (name === undefined) throw new RangeError(`no name for id ${id}`);
    return name;
  }

  get size(): number {
    return this.names.length;
  }
}
