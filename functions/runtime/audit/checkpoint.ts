import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { ConfigError } from '../config/parse-env.ts';

/**
 * A signed statement "the audit chain held `seq` records ending in `headHash`
 * at `time`", kept outside the database (transparency logs call it a signed
 * tree head). Whoever controls the database can rewrite the chain and its
 * head, but cannot sign: a later verification compares the chain with the
 * latest checkpoint and sees records deleted or changed up to it.
 */
export interface Checkpoint {
  readonly seq: number;
  readonly headHash: string;
  readonly time: Date;
}

export interface SignedCheckpoint extends Checkpoint {
  /** The signing key's id: the first 16 hex digits of SHA-256 over its raw public key. */
  readonly keyId: string;
  /** Ed25519 over `signedText`, base64. */
  readonly signature: string;
}

export const CHECKPOINT_FORMAT = 'hoi-audit-checkpoint/1';

/** What is signed: one line per field, so no JSON canonicalisation stands between the bytes and the meaning. */
export function signedText(checkpoint: Checkpoint): string {
  return `${CHECKPOINT_FORMAT}\n${checkpoint.seq}\n${checkpoint.headHash}\n${checkpoint.time.toISOString()}\n`;
}

export interface CheckpointKey {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** Absent where only verification is possible. */
  readonly privateKey?: KeyObject;
}

// DER prefixes of an Ed25519 key in PKCS#8 (private) and SPKI (public) form, before its 32 raw bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The checkpoint key: `AUDIT_CHECKPOINT_KEY` (the 32-byte Ed25519 seed, base64
 * or hex; signs and verifies) or `AUDIT_CHECKPOINT_PUBLIC_KEY` (the 32-byte raw
 * public key; verifies only, so the verifier needs no secret).
 */
export function loadCheckpointKey(env: Readonly<Record<string, string | undefined>>): CheckpointKey {
  const seed = env.AUDIT_CHECKPOINT_KEY;
  if (seed) {
    const privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, raw32(seed, 'AUDIT_CHECKPOINT_KEY')]),
      format: 'der',
      type: 'pkcs8',
    });
    return { ...publicPart(createPublicKey(privateKey)), privateKey };
  }
  const pub = env.AUDIT_CHECKPOINT_PUBLIC_KEY;
  if (!pub) throw new ConfigError('AUDIT_CHECKPOINT_KEY', 'or AUDIT_CHECKPOINT_PUBLIC_KEY is required');
  return publicPart(
    createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, raw32(pub, 'AUDIT_CHECKPOINT_PUBLIC_KEY')]),
      format: 'der',
      type: 'spki',
    }),
  );
}

/** The raw 32-byte public key, base64: what a verifier is given. */
export function rawPublicKey(key: CheckpointKey): string {
  return key.publicKey
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_PREFIX.length)
    .toString('base64');
}

function publicPart(publicKey: KeyObject): CheckpointKey {
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16), publicKey };
}

function raw32(value: string, variable: string): Buffer {
  const bytes = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (bytes.byteLength !== 32) throw new ConfigError(variable, 'must hold exactly 32 bytes (base64 or hex)');
  return bytes;
}

export function signCheckpoint(checkpoint: Checkpoint, key: CheckpointKey): SignedCheckpoint {
  if (!key.privateKey) throw new ConfigError('AUDIT_CHECKPOINT_KEY', 'is required to sign checkpoints');
  const signature = sign(null, Buffer.from(signedText(checkpoint)), key.privateKey).toString('base64');
  return { ...checkpoint, keyId: key.keyId, signature };
}

/** The stored form: one JSON object. */
export function checkpointJson(checkpoint: SignedCheckpoint): string {
  const { seq, headHash, time, keyId, signature } = checkpoint;
  return `${JSON.stringify({ format: CHECKPOINT_FORMAT, seq, headHash, time: time.toISOString(), keyId, signature })}\n`;
}

/**
 * Reads a stored checkpoint and checks its signature: the checkpoint, or why it
 * cannot be trusted (unreadable, another key, a signature that does not verify).
 */
export function readCheckpoint(
  text: string,
  key: CheckpointKey,
): { ok: true; checkpoint: SignedCheckpoint } | { ok: false; reason: string } {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const { format, seq, headHash, time, keyId, signature } = parsed ?? {};
  if (
    format !== CHECKPOINT_FORMAT ||
    !Number.isSafeInteger(seq) ||
    (seq as number) < 0 ||
    typeof headHash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(headHash) ||
    typeof time !== 'string' ||
    Number.isNaN(Date.parse(time)) ||
    typeof keyId !== 'string' ||
    typeof signature !== 'string'
  )
    return { ok: false, reason: `not a ${CHECKPOINT_FORMAT} checkpoint` };
  if (keyId !== key.keyId) return { ok: false, reason: `signed by key ${keyId}, not by ${key.keyId}` };
  const checkpoint = { seq: seq as number, headHash, time: new Date(time), keyId, signature };
  if (checkpoint.time.toISOString() !== time) return { ok: false, reason: 'time is not in canonical form' };
  const valid = verify(
    null,
    Buffer.from(signedText(checkpoint)),
    key.publicKey,
    Buffer.from(signature, 'base64'),
  );
  return valid ? { ok: true, checkpoint } : { ok: false, reason: 'signature does not verify' };
}
