import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointJson, type SignedCheckpoint } from './checkpoint.ts';

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
}

const NAME = /^checkpoint-(\d{16})\.json$/;
const fileName = (seq: number) => `checkpoint-${String(seq).padStart(16, '0')}.json`;

/**
 * One file per checkpoint, `checkpoint-<seq, 16 digits>.json`. Each is written
 * to a temporary file and hard-linked into place, which fails if the name
 * exists: a file appears whole or not at all, and none is ever overwritten.
 */
export function createFileCheckpointStore(dir: string): CheckpointStore {
  return {
    async append(checkpoint) {
      await mkdir(dir, { recursive: true });
      const temporary = join(dir, `.writing-${process.pid}-${Date.now()}`);
      await writeFile(temporary, checkpointJson(checkpoint), { mode: 0o444, flag: 'wx' });
      try {
        await link(temporary, join(dir, fileName(checkpoint.seq)));
      } finally {
        await unlink(temporary);
      }
    },
    async latest() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const newest = names
        .filter((name) => NAME.test(name))
        .sort()
        .at(-1);
      if (newest === undefined) return undefined;
      return { name: newest, text: await readFile(join(dir, newest), 'utf8') };
    },
  };
}
