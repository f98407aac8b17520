import * as z from 'zod/mini';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { readPolicyDocument } from '../config/policy-document.ts';

/**
 * POL-001 as code: which relations may be stored in OpenFGA (organisation)
 * and which may only travel as contextual tuples (facts about a child), read
 * from `policies/tuple-storage.yaml` so security reviews one file.
 */
export interface TuplePolicy {
  /** Refuses a write of anything but organisation facts (POL-001.2). */
  assertStorable(tuples: readonly TupleKey[]): void;
  /** Refuses contextual tuples outside the child-fact relations (POL-001.3). */
  assertContextual(tuples: readonly TupleKey[]): void;
  /** The `type#relation`s that may be stored (POL-001.2). */
  readonly stored: ReadonlySet<string>;
}

const relationsByType = z.record(z.string(), z.array(z.string()));
const schema = z.object({
  version: z.literal(1),
  stored: relationsByType,
  contextual: relationsByType,
  identifiers: z.record(z.string(), z.string()),
});

export async function loadTuplePolicy(path: string): Promise<TuplePolicy> {
  let raw: unknown;
  try {
    raw = await readPolicyDocument(path);
  } catch (error) {
    throw new Error(`${path}: cannot read the tuple storage policy`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: not a valid tuple storage policy`, { cause: parsed.error });
  return tuplePolicy(parsed.data);
}

export function tuplePolicy(rules: z.infer<typeof schema>): TuplePolicy {
  const stored = toSet(rules.stored);
  const contextual = toSet(rules.contextual);
  const identifiers = new Map(
    Object.entries(rules.identifiers).map(([type, pattern]) => [type, new RegExp(pattern)]),
  );

  const checkIdentifiers = (tuple: TupleKey) => {
    for (const ref of [tuple.object, tuple.user.split('#')[0]!]) {
      const [type, id] = splitRef(ref);
      const pattern = identifiers.get(type);
      // Never echo the id: a rejected id may be a CPR number.
      if (pattern && id !== '*' && !pattern.test(id)) {
        throw new AuthzError(
          'invalid_tuple',
          `a ${type} must be identified by its keyed pseudonym (POL-001.4)`,
        );
      }
    }
  };
  const check = (allowed: Set<string>, rule: string) => (tuples: readonly TupleKey[]) => {
    for (const tuple of tuples) {
      const [type] = splitRef(tuple.object);
      if (!allowed.has(`${type}#${tuple.relation}`)) {
        throw new AuthzError('invalid_tuple', `${type}#${tuple.relation} is not allowed here (${rule})`);
      }
      checkIdentifiers(tuple);
    }
  };
  return {
    assertStorable: check(stored, 'POL-001.2'),
    assertContextual: check(contextual, 'POL-001.3'),
    stored,
  };
}

function toSet(byType: Record<string, string[]>): Set<string> {
  return new Set(Object.entries(byType).flatMap(([type, relations]) => relations.map((r) => `${type}#${r}`)));
}

function splitRef(ref: string): [string, string] {
  const colon = ref.indexOf(':');
  return colon < 0 ? [ref, ''] : [ref.slice(0, colon), ref.slice(colon + 1)];
}
