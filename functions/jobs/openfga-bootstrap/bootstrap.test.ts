import { describe, expect, it } from 'vitest';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { AuthorizationModel } from '../../openfga-embedded/vocabulary/types.ts';
import { createLogger } from '../../runtime/log/logger.ts';
import { BootstrapError, bootstrapStore, type StoreAdmin, type StoreIds } from './bootstrap.ts';

const MODEL: AuthorizationModel = { schema_version: '1.1', type_definitions: [{ type: 'user' }] };
/** What OpenFGA answers for MODEL: the same model with its default fields filled in. */
const MODEL_AS_STORED = {
  schema_version: '1.1',
  type_definitions: [{ type: 'user', relations: {} }],
  conditions: {},
};

/** An in-memory OpenFGA: stores by id with their models, ids in creation order. */
function fakeOpenFga(options: { readyAfter?: number; failCreate?: boolean } = {}) {
  const stores = new Map<string, { name: string; models: { id: string; model: AuthorizationModel }[] }>();
  const calls: string[] = [];
  let checks = 0;
  let next = 0;
  const id = (prefix: string) => `01${prefix}${String(next++).padStart(22 - prefix.length + 2, '0')}`;
  const admin: StoreAdmin = {
    ready: async () => ++checks > (options.readyAfter ?? 0),
    findStores: async (name) => [...stores].filter(([, s]) => s.name === name).map(([storeId]) => storeId),
    createStore: async (name) => {
      calls.push(`createStore ${name}`);
      if (options.failCreate) throw new AuthzError('unavailable', 'OpenFGA did not answer');
      const storeId = id('STORE');
      stores.set(storeId, { name, models: [] });
      return storeId;
    },
    latestModel: async (storeId) => stores.get(storeId)!.models.at(-1),
    writeModel: async (storeId, model) => {
      calls.push(`writeModel ${storeId}`);
      const modelId = id('MODEL');
      stores
        .get(storeId)!
        .models.push({ id: modelId, model: model === MODEL ? (MODEL_AS_STORED as never) : model });
      return modelId;
    },
  };
  return { admin, stores, calls };
}

function fakePublisher() {
  let current: StoreIds | undefined;
  const published: StoreIds[] = [];
  return {
    published,
    publisher: {
      publish: async (ids: StoreIds) => {
        if (current?.storeId === ids.storeId && current.modelId === ids.modelId) return 'unchanged' as const;
        current = ids;
        published.push(ids);
        return 'updated' as const;
      },
    },
  };
}

function run(fga: ReturnType<typeof fakeOpenFga>, pub = fakePublisher(), model = MODEL, waitMs = 10_000) {
  const lines: Record<string, unknown>[] = [];
  const slept: number[] = [];
  let now = 0;
  const result = bootstrapStore({
    admin: fga.admin,
    publisher: pub.publisher,
    storeName: 'hoi-platform',
    model,
    logger: createLogger({ write: (line) => lines.push(JSON.parse(line)) }),
    waitMs,
    pollMs: 2000,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    clock: () => now,
  });
  return { result, lines, slept, pub };
}

describe('bootstrapStore', () => {
  it('on a new server: creates the store, writes the model, publishes both ids', async () => {
    const fga = fakeOpenFga();
    const { result, pub } = run(fga);
    const done = await result;
    expect(done).toEqual({
      storeId: [...fga.stores.keys()][0],
      modelId: fga.stores.get(done.storeId)!.models[0]!.id,
      storeCreated: true,
      modelWritten: true,
      published: 'updated',
    });
    expect(pub.published).toEqual([{ storeId: done.storeId, modelId: done.modelId }]);
  });

  it('run again unchanged: finds the store, keeps the model it finds equal, writes and publishes nothing', async () => {
    const fga = fakeOpenFga();
    const pub = fakePublisher();
    const first = await run(fga, pub).result;
    const second = await run(fga, pub).result;
    expect(second).toEqual({ ...first, storeCreated: false, modelWritten: false, published: 'unchanged' });
    expect(fga.calls).toEqual(['createStore hoi-platform', `writeModel ${first.storeId}`]);
  });

  it('a changed model is written as a new version of the same store and its id published', async () => {
    const fga = fakeOpenFga();
    const pub = fakePublisher();
    const first = await run(fga, pub).result;
    const changed = { ...MODEL, type_definitions: [{ type: 'user' }, { type: 'org_unit' }] };
    const second = await run(fga, pub, changed).result;
    expect(second).toMatchObject({
      storeId: first.storeId,
      storeCreated: false,
      modelWritten: true,
      published: 'updated',
    });
    expect(second.modelId).not.toBe(first.modelId);
    expect(pub.published.at(-1)).toEqual({ storeId: first.storeId, modelId: second.modelId });
  });

  it('of two stores with the name, uses the oldest and says so', async () => {
    const fga = fakeOpenFga();
    const oldest = await fga.admin.createStore('hoi-platform');
    await fga.admin.createStore('hoi-platform');
    const { result, lines } = run(fga);
    expect((await result).storeId).toBe(oldest);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: '2 stores are named hoi-platform: using the oldest',
    });
  });

  it('waits for OpenFGA to be ready, polling', async () => {
    const { result, slept } = run(fakeOpenFga({ readyAfter: 2 }));
    expect((await result).storeCreated).toBe(true);
    expect(slept).toEqual([2000, 2000]);
  });

  it('gives up when OpenFGA is not ready in time, having written nothing', async () => {
    const fga = fakeOpenFga({ readyAfter: 100 });
    const { result, pub } = run(fga, fakePublisher(), MODEL, 5000);
    await expect(result).rejects.toThrow(new BootstrapError('OpenFGA was not ready within 5 s'));
    expect(fga.calls).toEqual([]);
    expect(pub.published).toEqual([]);
  });

  it('publishes nothing when OpenFGA fails', async () => {
    const fga = fakeOpenFga({ failCreate: true });
    const { result, pub } = run(fga);
    await expect(result).rejects.toMatchObject({ name: 'AuthzError', code: 'unavailable' });
    expect(pub.published).toEqual([]);
  });
});
