import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkpointJson,
  loadCheckpointKey,
  rawPublicKey,
  readCheckpoint,
  signCheckpoint,
  signedText,
} from './checkpoint.ts';
import { createFileCheckpointStore } from './checkpoint-store.ts';

// RFC 8032 test 1: a known Ed25519 seed and its public key.
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const key = loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: SEED });
const head = { seq: 42, headHash: 'b'.repeat(64), time: new Date('2026-11-25T10:05:00.000Z') };

describe('checkpoint signing', () => {
  it('derives the public key and its id from the seed, hex or base64 alike', () => {
    expect(Buffer.from(rawPublicKey(key), 'base64').toString('hex')).toBe(PUBLIC);
    expect(
      loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: Buffer.from(SEED, 'hex').toString('base64') }).keyId,
    ).toBe(key.keyId);
    expect(loadCheckpointKey({ AUDIT_CHECKPOINT_PUBLIC_KEY: PUBLIC }).keyId).toBe(key.keyId);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('signs one line per field, and the stored JSON reads back verified', () => {
    expect(signedText(head)).toBe(
      `hoi-audit-checkpoint/1\n42\n${'b'.repeat(64)}\n2026-11-25T10:05:00.000Z\n`,
    );
    const signed = signCheckpoint(head, key);
    const verifier = loadCheckpointKey({ AUDIT_CHECKPOINT_PUBLIC_KEY: rawPublicKey(key) });
    expect(readCheckpoint(checkpointJson(signed), verifier)).toEqual({ ok: true, checkpoint: signed });
  });

  it('refuses what it cannot trust, saying why', () => {
    const json = JSON.parse(checkpointJson(signCheckpoint(head, key)));
    const read = (value: unknown) => readCheckpoint(JSON.stringify(value), key);
    expect(readCheckpoint('{', key)).toEqual({ ok: false, reason: 'not JSON' });
    expect(read({ ...json, seq: -1 })).toEqual({
      ok: false,
      reason: 'not a hoi-audit-checkpoint/1 checkpoint',
    });
    expect(read({ ...json, seq: 43 })).toEqual({ ok: false, reason: 'signature does not verify' });
    expect(read({ ...json, time: '2026-11-25T10:05:00Z' })).toEqual({
      ok: false,
      reason: 'time is not in canonical form',
    });
  });

  it('names the variable of a bad or missing key, never its value', () => {
    expect(() => loadCheckpointKey({})).toThrow(
      'AUDIT_CHECKPOINT_KEY or AUDIT_CHECKPOINT_PUBLIC_KEY is required',
    );
    expect(() => loadCheckpointKey({ AUDIT_CHECKPOINT_KEY: 'abcd' })).toThrow(
      /^AUDIT_CHECKPOINT_KEY must hold exactly 32 bytes \(base64 or hex\)$/,
    );
    expect(() => signCheckpoint(head, loadCheckpointKey({ AUDIT_CHECKPOINT_PUBLIC_KEY: PUBLIC }))).toThrow(
      'AUDIT_CHECKPOINT_KEY is required to sign checkpoints',
    );
  });
});

describe('the file checkpoint store', () => {
  it('is append-only: one file per seq, never overwritten, the highest seq is the latest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hoi-checkpoint-store-'));
    try {
      const store = createFileCheckpointStore(join(dir, 'checkpoints'));
      expect(await store.latest()).toBeUndefined();
      await store.append(signCheckpoint(head, key));
      await store.append(signCheckpoint({ ...head, seq: 9 }, key));
      await expect(
        store.append(signCheckpoint({ ...head, headHash: 'c'.repeat(64) }, key)),
      ).rejects.toMatchObject({
        code: 'EEXIST',
      });
      expect(await readdir(join(dir, 'checkpoints'))).toEqual([
        'checkpoint-0000000000000009.json',
        'checkpoint-0000000000000042.json',
      ]);
      const latest = await store.latest();
      expect(latest?.name).toBe('checkpoint-0000000000000042.json');
      expect(readCheckpoint(latest!.text, key)).toMatchObject({
        ok: true,
        checkpoint: { headHash: 'b'.repeat(64) },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
