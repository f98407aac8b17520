import { sign, verify } from 'node:crypto';
import { ConfigError } from '../config/parse-env.ts';
import type { CheckpointKey } from './checkpoint.ts';

/**
 * A signed statement "the records up to `seq`, the last with hash `hash`, were
 * purged by retention: they were older than `purgedBefore`" (POL-009.3). It is
 * written to the checkpoint store before anything is deleted, with the same key
 * as the checkpoints but another first line, so a checkpoint can never be
 * passed off as a cut (or the reverse). The chain is verified from the cut on.
 */
export interface PurgeCut {
  readonly seq: number;
  /** The hash of record `seq`: the next record links to it. */
  readonly hash: string;
  /** Every record purged was older than this instant; every record from it on is kept. */
  readonly purgedBefore: Date;
  /** When it was signed. */
  readonly time: Date;
}

export interface SignedPurgeCut extends PurgeCut {
  readonly keyId: string;
  readonly signature: string;
}

export const CUT_FORMAT = 'hoi-audit-cut/1';

export function cutText(cut: PurgeCut): string {
  return `${CUT_FORMAT}\n${cut.seq}\n${cut.hash}\n${cut.purgedBefore.toISOString()}\n${cut.time.toISOString()}\n`;
}

export function signCut(cut: PurgeCut, key: CheckpointKey): SignedPurgeCut {
  if (!key.privateKey) throw new ConfigError('AUDIT_CHECKPOINT_KEY', 'is required to sign a purge cut');
  const signature = sign(null, Buffer.from(cutText(cut)), key.privateKey).toString('base64');
  return { ...cut, keyId: key.keyId, signature };
}

export function cutJson(cut: SignedPurgeCut): string {
  const { seq, hash, purgedBefore, time, keyId, signature } = cut;
  return `${JSON.stringify({
    format: CUT_FORMAT,
    seq,
    hash,
    purgedBefore: purgedBefore.toISOString(),
    time: time.toISOString(),
    keyId,
    signature,
  })}\n`;
}

/** Reads a stored cut and checks its signature, as readCheckpoint does for checkpoints. */
export function readCut(
  text: string,
  key: CheckpointKey,
): { ok: true; cut: SignedPurgeCut } | { ok: false; reason: string } {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const { format, seq, hash, purgedBefore, time, keyId, signature } = parsed ?? {};
  const before = instant(purgedBefore);
  const signed = instant(time);
  if (
    format !== CUT_FORMAT ||
    !Number.isSafeInteger(seq) ||
    (seq as number) < 1 ||
    typeof hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(hash) ||
    before === undefined ||
    signed === undefined ||
    typeof keyId !== 'string' ||
    typeof signature !== 'string'
  )
    return { ok: false, reason: `not a ${CUT_FORMAT} purge cut` };
  if (keyId !== key.keyId) return { ok: false, reason: `signed by key ${keyId}, not by ${key.keyId}` };
  const cut = { seq: seq as number, hash, purgedBefore: before, time: signed, keyId, signature };
  const valid = verify(null, Buffer.from(cutText(cut)), key.publicKey, Buffer.from(signature, 'base64'));
  return valid ? { ok: true, cut } : { ok: false, reason: 'signature does not verify' };
}

/** An ISO instant in canonical form (as toISOString writes it), or undefined. */
function instant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isFinite(date.getTime()) && date.toISOString() === value ? date : undefined;
}
