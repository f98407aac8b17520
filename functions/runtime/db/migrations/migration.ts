/**
 * One step of the schema. Versions only grow; an applied migration is never
 * edited (its checksum is recorded and checked at start), a change is a new one.
 */
export interface Migration {
  readonly version: number;
  /** kebab-case, as in the file name `NNNN-<name>.ts`. */
  readonly name: string;
  /** Statements run in one transaction with every other pending migration. */
  readonly sql: string;
}
