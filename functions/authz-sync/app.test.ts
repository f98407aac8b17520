import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthzError } from '../openfga-embedded/vocabulary/errors.ts';
import type { AuthorizationModel, TupleKey } from '../openfga-embedded/vocabulary/types.ts';
import { readModelFile } from '../runtime/authz/model-file.ts';
import { loadTuplePolicy, type TuplePolicy } from '../runtime/authz/tuple-policy.ts';
import { AppError } from '../runtime/http/app-error.ts';
import { createAuthzSyncApp } from './app.ts';
import type { AuthzSyncDeps, SyncedStore } from './deps.ts';

// biome-ignore lint/suspicious/noExplicitAny: test reads answers loosely
type Json = Record<string, any>;

const TOKEN = 'test-sync-token-0123456789abcdef0123456789';
/** The model the platform runs (openfga/model/model.fga). */
let MODEL: AuthorizationModel;
const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });

const ORGANISATION = [
  t('sensitivity:851-FORTROLIGE_PERSONOPLYSNINGER', 'cleared', 'user:syn-851-0001'),
  t('org_unit:851-familie', 'member', 'user:syn-851-0001'),
  t('org_unit:851-kommune', 'member_in_subtree', 'user:syn-851-0001'),
  t('case_scope:851-familie/34', 'handler', 'user:syn-851-0001'),
  t('case_scope:851-familie/34', 'reader', 'user:syn-851-0002'),
];

/** An in-memory OpenFGA store: tuples by key, models by id. */
function fakeStore(options: { failWrites?: boolean } = {}) {
  const tuples = new Map<string, TupleKey>();
  const models: { id: string; model: AuthorizationModel }[] = [];
  const key = (tuple: TupleKey) => `${tuple.object}#${tuple.relation}@${tuple.user}`;
  const calls = { writes: 0, deletes: 0 };
  const store: SyncedStore = {
    readTuples: async () => [...tuples.values()],
    latestModel: async () => models.at(-1),
    writeModel: async (model) => {
      const id = `01HMODEL${String(models.length).padStart(18, '0')}`;
      models.push({ id, model });
      return id;
    },
    writeTuples: async (_modelId, written) => {
      if (options.failWrites && written.length > 0)
        throw new AuthzError('unavailable', 'OpenFGA did not answer');
      calls.writes += written.length;
      for (const tuple of written) {
        if (tuples.has(key(tuple))) throw new Error('duplicate write');
        tuples.set(key(tuple), tuple);
      }
    },
    deleteTuples: async (_modelId, deleted) => {
      calls.deletes += deleted.length;
      for (const tuple of deleted) if (!tuples.delete(key(tuple))) throw new Error('missing delete');
    },
  };
  return { store, tuples, models, calls };
}

/** A store already holding `tuples`, as an earlier sync left it. */
function seed(store: ReturnType<typeof fakeStore>, tuples: readonly TupleKey[]): void {
  for (const tuple of tuples) store.tuples.set(`${tuple.object}#${tuple.relation}@${tuple.user}`, tuple);
}

let policy: TuplePolicy;
beforeAll(async () => {
  policy = await loadTuplePolicy(resolve(import.meta.dirname, '../../policies/tuple-storage.yaml'));
  MODEL = await readModelFile(resolve(import.meta.dirname, '../../openfga/model/model.fga'));
});

function setup(
  organisation: () => Promise<TupleKey[]>,
  store = fakeStore(),
  extra: Partial<AuthzSyncDeps> = {},
) {
  const app = createAuthzSyncApp({
    store: store.store,
    organisation: async () => ({ tuples: await organisation() }),
    model: MODEL,
    policy,
    syncToken: TOKEN,
    ...extra,
  });
  const sync = (token = TOKEN) =>
    app.request('/v1/sync', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { app, sync, ...store };
}

describe('POST /v1/sync', () => {
  it('first sync writes the model and the whole organisation', async () => {
    const { sync, tuples, models } = setup(async () => ORGANISATION);
    const response = await sync();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ written: 5, deleted: 0, unchanged: 0, model: { id: models[0]!.id } });
    expect(body.model.note).toContain('FGA_MODEL_ID');
    expect([...tuples.values()]).toHaveLength(5);
  });

  it('POL-004.7: names a municipality whose relevant-case choices its KLE plan does not back, and writes the rest', async () => {
    const withheld = [
      {
        municipality: '860',
        kle: ['27.25.12'],
        reason: '27.25.12 is not in its KLE plan: none of its relevant-case choices are written',
      },
    ];
    const { sync, tuples } = setup(async () => ORGANISATION, fakeStore(), {
      organisation: async () => ({ tuples: ORGANISATION, withheld }),
    });
    const response = await sync();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ written: 5, deleted: 0, withheld });
    expect([...tuples.values()]).toEqual(expect.arrayContaining(ORGANISATION));
    expect(tuples.size).toBe(ORGANISATION.length);
  });

  it('second sync is a no-op and writes no new model', async () => {
    const { sync, models, calls } = setup(async () => ORGANISATION);
    await sync();
    const response = await sync();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ written: 0, deleted: 0, unchanged: 5 });
    expect(body.model).toBeUndefined();
    expect(models).toHaveLength(1);
    expect(calls).toEqual({ writes: 5, deletes: 0 });
  });

  it('a model file that differs from the store writes a new model and says FGA_MODEL_ID must follow', async () => {
    const store = fakeStore();
    await setup(async () => ORGANISATION, store).sync();
    const changed = { ...MODEL, type_definitions: [{ type: 'user' }, { type: 'org_unit' }] };
    const response = await setup(async () => ORGANISATION, store, { model: changed }).sync();
    const body = (await response.json()) as Json;
    expect(store.models).toHaveLength(2);
    expect(body.model.id).toBe(store.models[1]!.id);
    expect(body).toMatchObject({ written: 0, deleted: 0, unchanged: 5 });
  });

  it('a changed role (a caseworker made leader: handles no more, reads) writes one tuple and deletes one', async () => {
    let organisation = ORGANISATION;
    const { sync, tuples } = setup(async () => organisation);
    await sync();
    organisation = ORGANISATION.map((tuple) =>
      tuple.relation === 'handler' ? { ...tuple, relation: 'reader' } : tuple,
    );
    const response = await sync();
    expect(await response.json()).toMatchObject({ written: 1, deleted: 1, unchanged: 4 });
    expect(tuples.has('case_scope:851-familie/34#reader@user:syn-851-0001')).toBe(true);
    expect(tuples.has('case_scope:851-familie/34#handler@user:syn-851-0001')).toBe(false);
  });

  it('the mass-delete guard trips on an empty organisation and leaves the store alone', async () => {
    let organisation = ORGANISATION;
    const { sync, tuples } = setup(async () => organisation);
    await sync();
    organisation = [];
    const response = await sync();
    expect(response.status).toBe(409);
    const problem = (await response.json()) as Json;
    expect(problem.code).toBe('sync_guard_tripped');
    expect(problem).toMatchObject({ current: 5, desired: 0, deletes: 5, maxShare: 0.2 });
    expect(tuples.size).toBe(5);
  });

  it('a model that retired relations: their tuples go, whatever their share, and the guard weighs the rest', async () => {
    const store = fakeStore();
    // What a store synced under an earlier model holds: roles and employment as relations of their own.
    const earlier = [
      t('municipality:851', 'employee', 'user:syn-851-0001'),
      t('case_scope:851-familie/34', 'caseworker', 'user:syn-851-0001'),
      t('case_scope:851-familie/34', 'leader', 'user:syn-851-0002'),
      t('case_scope:851-familie/34.10', 'insight', 'user:syn-851-0002'),
    ];
    const live = ORGANISATION.filter((x) => x.object.startsWith('org_unit:'));
    seed(store, [...earlier, ...live]);
    const response = await setup(async () => ORGANISATION, store).sync();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ written: 3, deleted: 4, retired: 4, unchanged: 2 });
    expect(new Set(store.tuples.values())).toEqual(new Set(ORGANISATION));

    // Retired tuples do not hide a mass delete of what the model still reads.
    const again = fakeStore();
    seed(again, [...earlier, ...ORGANISATION]);
    const emptied = await setup(async () => [], again).sync();
    expect(emptied.status).toBe(409);
    expect(await emptied.json()).toMatchObject({
      code: 'sync_guard_tripped',
      current: 9,
      deletes: 9,
      retired: 4,
    });
    expect(again.tuples.size).toBe(9);
  });

  it('POL-001.2: refuses to store a fact about a child and writes nothing', async () => {
    const childFact = t(
      'child:p-0123456789abcdef0123456789abcdef',
      'listed_with',
      'gp_clinic:999120000000001',
    );
    const { sync, tuples, models } = setup(async () => [...ORGANISATION, childFact]);
    const response = await sync();
    expect(response.status).toBe(502);
    const problem = (await response.json()) as Json;
    expect(problem.code).toBe('tuple_policy_refused');
    expect(JSON.stringify(problem)).not.toContain('p-0123456789abcdef');
    expect(tuples.size).toBe(0);
    expect(models).toHaveLength(0);
  });

  it('refuses a caller without the shared secret, before reading anything', async () => {
    let reads = 0;
    const { app, sync } = setup(async () => {
      reads++;
      return ORGANISATION;
    });
    expect((await app.request('/v1/sync', { method: 'POST' })).status).toBe(401);
    const wrong = await sync('not-the-token');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Json).code).toBe('invalid_token');
    expect(reads).toBe(0);
  });

  it('refuses a second sync while one is running', async () => {
    let release: (tuples: TupleKey[]) => void = () => {};
    const { sync } = setup(() => new Promise((resolve) => (release = resolve)));
    const first = sync();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await sync();
    expect(second.status).toBe(409);
    expect(((await second.json()) as Json).code).toBe('sync_in_progress');
    release(ORGANISATION);
    expect((await first).status).toBe(200);
  });

  it('an upstream failure answers its status and writes nothing', async () => {
    const { sync, tuples } = setup(async () => {
      throw new AppError(504, 'upstream_timeout', 'fk-organisation did not answer within 2000 ms');
    });
    const response = await sync();
    expect(response.status).toBe(504);
    expect(((await response.json()) as Json).code).toBe('upstream_timeout');
    expect(tuples.size).toBe(0);
  });

  it('an OpenFGA failure answers 503, never a silent success', async () => {
    const { sync } = setup(async () => ORGANISATION, fakeStore({ failWrites: true }));
    const response = await sync();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      code: 'openfga_unavailable',
      written: 0,
      pendingWrites: 5,
    });
  });
});
