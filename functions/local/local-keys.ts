import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Where local runs keep their development secrets (git-ignored). */
export const LOCAL_DIR = resolve(process.cwd(), '.cache/local');
export const DEV_KEY_FILE = resolve(LOCAL_DIR, 'dev-idp-key.json');
const PSEUDONYM_KEY_FILE = resolve(LOCAL_DIR, 'pseudonym-key');
const SYNC_TOKEN_FILE = resolve(LOCAL_DIR, 'sync-token');
const GATEWAY_TOKEN_FILE = resolve(LOCAL_DIR, 'correspondence-gateway-token');
const OUTBOX_TOKEN_FILE = resolve(LOCAL_DIR, 'correspondence-outbox-token');
const PORTAL_SESSION_KEY_FILE = resolve(LOCAL_DIR, 'portal-session-key');
const CHECKPOINT_KEY_FILE = resolve(LOCAL_DIR, 'audit-checkpoint-key');
/** Where local runs keep the audit log's signed checkpoints (`AUDIT_CHECKPOINT_DIR`): outside the audit log's directory. */
export const LOCAL_CHECKPOINT_DIR = resolve(LOCAL_DIR, 'audit-checkpoints');
/**
 * The local audit log (PGlite on disk): kept between runs like the keys, so the
 * MinLog view and `npm run audit:verify` see every earlier run, and a restart
 * opens it in well under a second instead of running PGlite's initdb again.
 */
export const LOCAL_AUDIT_DIR = resolve(LOCAL_DIR, 'audit-pglite');

/** The local audit log's directory, unless the user chose a store (`DATABASE_URL` and `PGLITE_DIR` exclude each other). */
export function defaultAuditDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return env.DATABASE_URL || env.PGLITE_DIR ? undefined : LOCAL_AUDIT_DIR;
}

/** A development pseudonym key, made once and kept so audit records stay comparable between runs. */
export function localPseudonymKey(): Promise<string> {
  return keptSecret(PSEUDONYM_KEY_FILE);
}

/** The shared secret authz-sync's schedule would send (`SYNC_TOKEN`), made once and kept. */
export function localSyncToken(): Promise<string> {
  return keptSecret(SYNC_TOKEN_FILE);
}

/** correspondence's credentials: the message gateway's (`GATEWAY_TOKEN`) and its schedule's (`OUTBOX_TOKEN`). */
export async function localCorrespondenceTokens(): Promise<{ GATEWAY_TOKEN: string; OUTBOX_TOKEN: string }> {
  return {
    GATEWAY_TOKEN: await keptSecret(GATEWAY_TOKEN_FILE),
    OUTBOX_TOKEN: await keptSecret(OUTBOX_TOKEN_FILE),
  };
}

/** The portal's session key (`PORTAL_SESSION_KEY`), made once and kept so a restart keeps its sessions. */
export function localPortalSessionKey(): Promise<string> {
  return keptSecret(PORTAL_SESSION_KEY_FILE);
}

/** The development checkpoint key (`AUDIT_CHECKPOINT_KEY`: a 32-byte Ed25519 seed, hex), made once and kept. */
export function localCheckpointKey(): Promise<string> {
  return keptSecret(CHECKPOINT_KEY_FILE);
}

async function keptSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('hex');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
