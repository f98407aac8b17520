import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointJson, type SignedCheckpoint } from './checkpoint.ts';
import { cutJson, type SignedPurgeCut } from './purge-cut.ts';

/** A stored checkpoint as written, before its signature is checked. */
export interface StoredCheckpoint {
  /** Where it is, for messages (a file name, an object key). */
  readonly name: string;
  readonly text: string;
}

/**
 * Where checkpoints are kept: outside the audit database, written only by the
 * checkpoint job. Append-only: a checkpoint is never replaced or removed here.
 * Locally a directory (`createFileCheckpointStore`); in production an object
 * store with object lock (WORM) or a second database under other credentials,
 * behind this same port (functions/runtime/audit/README.md).
 */
export interface CheckpointStore {
  /** Adds a checkpoint; fails if one with the same seq exists. */
  append(checkpoint: SignedCheckpoint): Promise<void>;
  /** The checkpoint with the highest seq, or undefined before the first. */
  latest(): Promise<StoredCheckpoint | undefined>;
  /** Adds the signed cut of a purge (POL-009.3); fails if one with the same seq exists. */
  appendCut(cut: SignedPurgeCut): Promise<void>;
  /** The cut with the highest seq, or undefined before the first purge. */
  latestCut(): Promise<StoredCheckpoint | undefined>;
}

const fileName = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(16, '0')}.json`;

/**
 * One file per checkpoint, `checkpoint-<seq, 16 digits>.json`, and per purge
 * cut, `cut-<seq>.json`. Each is written to a temporary file and hard-linked
 * into place, which fails if the name exists: a file appears whole or not at
 * all, and none is ever overwritten.
 */
export function createFileCheckpointStore(dir: string): CheckpointStore {
  const append = async (name: string, text: string) => {
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.writing-${process.pid}-${Date.now()}`);
    await writeFile(temporary, text, { mode: 0o444, flag: 'wx' });
    try {
      await link(temporary, join(dir, name));
    } finally {
      await unlink(temporary);
    }
  };
  const latest = async (prefix: string): Promise<StoredCheckpoint | undefined> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const pattern = new RegExp(`^${prefix}-\\d{16}\\.json$`);
    const newest = names
      .filter((name) => pattern.test(name))
      .sort()
      .at(-1);
    if (newest === undefined) return undefined;
    return { name: newest, text: await readFile(join(dir, newest), 'utf8') };
  };
  return {
    append: (checkpoint) => append(fileName('checkpoint', checkpoint.seq), checkpointJson(checkpoint)),
    latest: () => latest('checkpoint'),
    appendCut: (cut) => append(fileName('cut', cut.seq), cutJson(cut)),
    latestCut: () => latest('cut'),
  };
}
