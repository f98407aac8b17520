import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Where local runs keep their development secrets (git-ignored). */
export const LOCAL_DIR = resolve(process.cwd(), '.cache/local');
export const DEV_KEY_FILE = resolve(LOCAL_DIR, 'dev-idp-key.json');
const PSEUDONYM_KEY_FILE = resolve(LOCAL_DIR, 'pseudonym-key');

/** A development pseudonym key, made once and kept so audit records stay comparable between runs. */
export async function localPseudonymKey(): Promise<string> {
  try {
    return (await readFile(PSEUDONYM_KEY_FILE, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('hex');
  await mkdir(dirname(PSEUDONYM_KEY_FILE), { recursive: true });
  await writeFile(PSEUDONYM_KEY_FILE, key, { mode: 0o600 });
  return key;
}
