import { createHash } from 'node:crypto';
import type { AuditRecord } from './record.ts';

/** `prev_hash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 of `prevHash` followed by the record's canonical JSON. The seq is part
 * of the hashed content, so moving a record changes its hash, and `prevHash`
 * links it to its predecessor, so deleting or reordering breaks the link.
 */
export function chainHash(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256')
    .update(record.prevHash)
    .update(canonicalJson(hashedContent(record)))
    .digest('hex');
}

/** Named field by field: a property a caller slipped onto the entry is neither stored nor hashed. */
function hashedContent(record: Omit<AuditRecord, 'hash'>) {
  return {
    seq: record.seq,
    id: record.id,
    time: record.time.toISOString(),
    actor: {
      id: record.actor.id,
      name: record.actor.name,
      role: record.actor.role,
      organisationId: record.actor.organisationId,
      organisationName: record.actor.organisationName,
      // Hashed when present: records from before these fields keep the hash they were written with.
      ...(record.actor.trustDomain === undefined ? {} : { trustDomain: record.actor.trustDomain }),
      ...(record.actor.issuer === undefined ? {} : { issuer: record.actor.issuer }),
    },
    childPseudonym: record.childPseudonym,
    functionName: record.functionName,
    action: record.action,
    purpose: record.purpose,
    decision: { outcome: record.decision.outcome, reasonCode: record.decision.reasonCode },
    override: record.override,
    ...(record.overrideReason === undefined ? {} : { overrideReason: record.overrideReason }),
    ...(record.overrideJustification === undefined
      ? {}
      : { overrideJustification: record.overrideJustification }),
    requestId: record.requestId,
    traceId: record.traceId,
    callingSystem: record.callingSystem,
    ...(record.answered === undefined ? {} : { answered: record.answered }),
    ...(record.caseIds === undefined ? {} : { caseIds: [...record.caseIds] }),
  };
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/**
 * JSON with object keys sorted by code unit and no whitespace, so the same
 * record always hashes the same whichever order its fields were built in.
 * The records hold only strings, booleans and safe integers, whose
 * `JSON.stringify` form is already unique.
 */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, Json>)[key]!)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
