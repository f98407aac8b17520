import { describe, expect, it } from 'vitest';
import { createEmbeddedAuthorizer } from '../../openfga-embedded/index.ts';
import { AuthzError } from '../../openfga-embedded/vocabulary/errors.ts';
import type { CheckRequest, TupleKey } from '../../openfga-embedded/vocabulary/types.ts';
import { CLINIC_MODEL, canSee, staff } from '../../testing/clinic-model.ts';
import type { Logger } from '../log/logger.ts';
import type { ReplicaConfig } from './config.ts';
import { CHANGES_PAGE, type OpenFgaAuthorizer, type TupleChange } from './openfga-adapter.ts';
import { type ReplicaOptions, replicaAuthorizer } from './replica-authorizer.ts';

const model = CLINIC_MODEL;

const STORED = new Set(['clinic#staff', 'unit#member']);
const CONFIG: ReplicaConfig = { pollMs: 20, maxStalenessMs: 200, maxTuples: 10_000 };

/**
 * An OpenFGA server in miniature: its tuples decided by an embedded evaluator,
 * its change log paged by object type as ReadChanges pages it, and a switch
 * that makes its ReadChanges fail.
 */
function fakeServer() {
  const truth = createEmbeddedAuthorizer({ model, tuples: [] });
  const log: TupleChange[] = [];
  const asked = { check: 0, batchCheck: 0, changes: 0, model: 0 };
  const faults = { changes: false, model: 0 };
  const server: OpenFgaAuthorizer = {
    async check(request) {
      asked.check++;
      return truth.check(request);
    },
    async batchCheck(requests) {
      asked.batchCheck++;
      return truth.batchCheck(requests);
    },
    listObjects: (request) => truth.listObjects(request),
    explain: (request) => truth.explain(request),
    ready: async () => true,
    close: async () => {},
    async model() {
      asked.model++;
      if (faults.model > 0) {
        faults.model--;
        throw new AuthzError('unavailable', 'down');
      }
      return model;
    },
    async changes(type, token) {
      asked.changes++;
      if (faults.changes) throw new AuthzError('unavailable', 'down');
      const after = token === undefined ? 0 : Number(token);
      const page: TupleChange[] = [];
      let at = after;
      for (; at < log.length && page.length < CHANGES_PAGE; at++) {
        if (log[at]!.tuple.object.startsWith(`${type}:`)) page.push(log[at]!);
      }
      return { changes: page, token: String(at) };
    },
  };
  return {
    server,
    asked,
    faults,
    async write(...tuples: TupleKey[]) {
      await truth.write(tuples);
      for (const tuple of tuples) log.push({ operation: 'write', tuple });
    },
    async remove(...tuples: TupleKey[]) {
      await truth.deleteTuples(tuples);
      for (const tuple of tuples) log.push({ operation: 'delete', tuple });
    },
    /** A change the server's log holds that its current model would not accept. */
    logOnly(change: TupleChange) {
      log.push(change);
    },
  };
}

const silent: Logger = { info() {}, warn() {}, error() {}, fatal() {}, child: () => silent };

function replicaOver(fake: ReturnType<typeof fakeServer>, options: Partial<ReplicaOptions> = {}) {
  let skewMs = 0;
  const replica = replicaAuthorizer(fake.server, {
    config: CONFIG,
    permissions: [],
    stored: STORED,
    startDelayMs: 0,
    logger: silent,
    now: () => performance.now() + skewMs,
    ...options,
  });
  return { replica, skew: (ms: number) => (skewMs += ms) };
}

const until = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('replicaAuthorizer', () => {
  it('POL-002.6: a fresh copy decides a check it holds every stored relation of; the server is not asked', async () => {
    const fake = fakeServer();
    await fake.write(staff('user:gp'));
    const { replica } = replicaOver(fake);
    await replica.firstCatchUp();
    await expect(replica.check(canSee('user:gp'))).resolves.toEqual({ allowed: true });
    await expect(replica.check(canSee('user:other'))).resolves.toEqual({ allowed: false });
    await expect(replica.batchCheck([canSee('user:gp'), canSee('user:other')])).resolves.toEqual([
      { allowed: true },
      { allowed: false },
    ]);
    expect(fake.asked).toMatchObject({ check: 0, batchCheck: 0 });
    expect(replica.status()).toMatchObject({ state: 'fresh', tuples: 1, decided: { replica: 4, server: 0 } });
    await replica.close();
  });

  it('POL-002.6: the server decides until the copy has caught up, and while it cannot read the model', async () => {
    const fake = fakeServer();
    await fake.write(staff('user:gp'));
    fake.faults.model = 2;
    const { replica } = replicaOver(fake);
    await expect(replica.check(canSee('user:gp'))).resolves.toEqual({ allowed: true });
    expect(fake.asked.check).toBe(1);
    expect(replica.status().state).toBe('starting');
    await replica.firstCatchUp();
    expect(fake.asked.model).toBe(3);
    await replica.check(canSee('user:gp'));
    expect(fake.asked.check).toBe(1);
    await replica.close();
  });

  it('POL-002.6: a revocation reaches the copy within a poll', async () => {
    const fake = fakeServer();
    await fake.write(staff('user:gp'), staff('user:nurse'));
    const { replica } = replicaOver(fake);
    await replica.firstCatchUp();
    await fake.remove(staff('user:gp'));
    await until(() => replica.status().tuples === 1);
    await expect(replica.check(canSee('user:gp'))).resolves.toEqual({ allowed: false });
    await expect(replica.check(canSee('user:nurse'))).resolves.toEqual({ allowed: true });
    expect(fake.asked.check).toBe(0);
    await replica.close();
  });

  it('POL-002.6: a copy that cannot catch up past the staleness bound decides nothing: the server does, revocations included', async () => {
    const fake = fakeServer();
    await fake.write(staff('user:gp'));
    const { replica, skew } = replicaOver(fake);
    await replica.firstCatchUp();
    fake.faults.changes = true;
    await fake.remove(staff('user:gp'));
    skew(CONFIG.maxStalenessMs + 1);
    // The copy still holds the tuple; the server, which no longer does, answers.
    await expect(replica.check(canSee('user:gp'))).resolves.toEqual({ allowed: false });
    expect(fake.asked.check).toBe(1);
    expect(replica.status().state).toBe('stale');
    fake.faults.changes = false;
    await until(() => replica.status().state === 'fresh');
    await expect(replica.check(canSee('user:gp'))).resolves.toEqual({ allowed: false });
    expect(fake.asked.check).toBe(1);
    await replica.close();
  });

  it('POL-002.6: a check that can read a stored relation the copy does not hold goes to the server, and a batch goes one way whole', async () => {
    const fake = fakeServer();
    await fake.write(staff('user:gp'), { user: 'user:cw', relation: 'member', object: 'unit:u1' });
    const { replica } = replicaOver(fake, { permissions: ['child#can_see'] });
    await replica.firstCatchUp();
    expect(replica.status().tuples).toBe(1);
    const canCall: CheckRequest = {
      user: 'user:cw',
      relation: 'can_call',
      object: 'child:p-1',
      contextualTuples: [{ user: 'unit:u1', relation: 'unit_of_child', object: 'child:p-1' }],
    };
    await expect(replica.check(canCall)).resolves.toEqual({ allowed: true });
    expect(fake.asked.check).toBe(1);
    await expect(replica.batchCheck([canSee('user:gp'), canCall])).resolves.toEqual([
      { allowed: true },
      { allowed: true },
    ]);
    expect(fake.asked.batchCheck).toBe(1);
    await replica.check(canSee('user:gp'));
    expect(replica.status().decided).toEqual({ replica: 1, server: 3 });
    await replica.close();
  });

  it('POL-002.6: the copy holds only relations the store may hold (POL-001.2), never a child fact the server holds', async () => {
    const fake = fakeServer();
    // The fake server stores a child fact the policy would have refused; the copy leaves it out.
    await fake.write(staff('user:gp'), { user: 'clinic:c1', relation: 'listed_clinic', object: 'child:p-2' });
    const { replica } = replicaOver(fake);
    await replica.firstCatchUp();
    expect(replica.status().tuples).toBe(1);
    await replica.close();
  });

  it('pages through more changes than one ReadChanges page in one catch-up', async () => {
    const fake = fakeServer();
    const many = Array.from({ length: CHANGES_PAGE * 2 + 7 }, (_, i) => staff(`user:u${i}`));
    await fake.write(...many);
    await fake.remove(many[0]!);
    const { replica } = replicaOver(fake);
    await replica.firstCatchUp();
    expect(replica.status().tuples).toBe(many.length - 1);
    await expect(replica.check(canSee('user:u0'))).resolves.toEqual({ allowed: false });
    await expect(replica.check(canSee(`user:u${CHANGES_PAGE * 2 + 6}`))).resolves.toEqual({ allowed: true });
    await replica.close();
  });

  it('keeps out a tuple the model refuses, as the server ignores it when it reads', async () => {
    const fake = fakeServer();
    await fake.write(staff('user:gp'));
    fake.logOnly({
      operation: 'write',
      tuple: { user: 'user:gp', relation: 'staff', object: 'clinic:c2#x' },
    });
    fake.logOnly({ operation: 'write', tuple: { user: 'unit:u1', relation: 'member', object: 'unit:u2' } });
    await fake.write(staff('user:nurse'));
    const { replica } = replicaOver(fake);
    await replica.firstCatchUp();
    expect(replica.status().tuples).toBe(2);
    await expect(replica.check(canSee('user:nurse'))).resolves.toEqual({ allowed: true });
    await replica.close();
  });

  it('POL-002.6: a copy beyond its tuple limit is dropped: the server decides from then on', async () => {
    const fake = fakeServer();
    await fake.write(...Array.from({ length: 30 }, (_, i) => staff(`user:u${i}`)));
    const { replica } = replicaOver(fake, { config: { ...CONFIG, maxTuples: 20 } });
    await replica.firstCatchUp();
    expect(replica.status()).toMatchObject({ state: 'dropped', tuples: 0 });
    await expect(replica.check(canSee('user:u1'))).resolves.toEqual({ allowed: true });
    expect(fake.asked.check).toBe(1);
    const polls = fake.asked.changes;
    await new Promise((resolve) => setTimeout(resolve, CONFIG.pollMs * 3));
    expect(fake.asked.changes).toBe(polls);
    await replica.close();
  });

  it('stops polling when closed', async () => {
    const fake = fakeServer();
    const { replica } = replicaOver(fake);
    await replica.firstCatchUp();
    await replica.close();
    const polls = fake.asked.changes;
    await new Promise((resolve) => setTimeout(resolve, CONFIG.pollMs * 3));
    expect(fake.asked.changes).toBe(polls);
  });
});
