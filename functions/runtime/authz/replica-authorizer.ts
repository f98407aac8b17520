import { type BatchObservableCallback, metrics } from '@opentelemetry/api';
import type { CheckRequest } from '../../openfga-embedded/vocabulary/types.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import type { ReplicaConfig } from './config.ts';
import { type FactReach, factReach, objectTypeOf } from './fact-reach.ts';
import type { OpenFgaAuthorizer } from './openfga-adapter.ts';
import type { Authorizer } from './port.ts';
import { ReplicaCopy, ReplicaTooLarge } from './replica-copy.ts';

const meter = metrics.getMeter('hoi-platform');
const checks = meter.createCounter('hoi.authz.checks', {
  description: 'Checks by who decided them: the in-process copy of the store (replica) or the OpenFGA server',
});
const age = meter.createObservableGauge('hoi.authz.replica.age', {
  description: 'How long ago the copy of the store last caught up with the server',
  unit: 's',
});
const size = meter.createObservableGauge('hoi.authz.replica.tuples', {
  description: 'Tuples in the copy of the store',
});
const BY_REPLICA = { 'hoi.authz.decided_by': 'replica' } as const;
const BY_SERVER = { 'hoi.authz.decided_by': 'server' } as const;

/** How the copy stands: deciding (`fresh`), not yet or no longer (`starting`, `stale`), or given up (`dropped`). */
export type ReplicaState = 'starting' | 'fresh' | 'stale' | 'dropped';

export interface ReplicaStatus {
  readonly state: ReplicaState;
  /** Tuples in the copy. */
  readonly tuples: number;
  /** How long ago the last completed catch-up began, ms (undefined before the first). */
  readonly ageMs: number | undefined;
  /** Checks decided by the copy and by the server, since start. */
  readonly decided: { readonly replica: number; readonly server: number };
}

export interface ReplicaAuthorizer extends Authorizer {
  status(): ReplicaStatus;
  /** Settles once the copy has caught up the first time, or has been dropped. */
  firstCatchUp(): Promise<void>;
}

export interface ReplicaOptions {
  readonly config: ReplicaConfig;
  /** The `type#relation`s the function checks (its manifest's `permissionsChecked`); none: every one. */
  readonly permissions: readonly string[];
  /** The `type#relation`s the store may hold (POL-001.2): the copy holds no other. */
  readonly stored: ReadonlySet<string>;
  /** Before the copy begins loading, ms, so that a cold start's first requests have the CPU. */
  readonly startDelayMs?: number;
  readonly logger?: Logger;
  /** Milliseconds on a monotonic clock. */
  readonly now?: () => number;
}

/**
 * The OpenFGA server as the authorizer, with a copy of the organisation tuples
 * its checks read, kept in the function by the store's changes (POL-002.6). A
 * check is decided by the copy only while the copy's last completed catch-up
 * began at most `maxStalenessMs` ago and the copy holds every stored relation
 * the check can read (fact-reach.ts); else the server decides it, as it
 * decides everything while the copy loads or when it has been dropped. A batch
 * goes one way whole. The copy is evaluated by the embedded evaluator, under
 * the model the server evaluates (the configured id, read from the server).
 * The contextual tuples, context and answers are the server's: the
 * differential and conformance suites hold the two to the same semantics.
 */
export function replicaAuthorizer(server: OpenFgaAuthorizer, options: ReplicaOptions): ReplicaAuthorizer {
  const { config, stored } = options;
  const now = options.now ?? (() => performance.now());
  const log = options.logger ?? createLogger();
  let copy: ReplicaCopy | undefined;
  let reach: FactReach | undefined;
  let kept: ReadonlySet<string> = new Set();
  let caughtUpAt: number | undefined;
  let state: ReplicaState = 'starting';
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const decided = { replica: 0, server: 0 };
  let settleFirst: () => void = () => {};
  const first = new Promise<void>((resolve) => {
    settleFirst = resolve;
  });

  const setState = (next: ReplicaState, code: string, msg: string) => {
    if (next === state) return;
    state = next;
    const line = { code, durationMs: caughtUpAt === undefined ? undefined : Math.round(now() - caughtUpAt) };
    if (next === 'fresh') log.info(msg, line);
    else log.warn(msg, line);
  };

  const schedule = (delayMs: number, step: () => Promise<void>) => {
    if (closed) return;
    timer = setTimeout(() => void step(), delayMs);
    timer.unref();
  };

  async function start(): Promise<void> {
    try {
      const model = await server.model();
      reach = factReach(model);
      kept = relationsToKeep(reach, options.permissions, stored);
      copy = await ReplicaCopy.create({
        model,
        relations: kept,
        source: (type, token) => server.changes(type, token),
        maxTuples: config.maxTuples,
      });
    } catch {
      // The model cannot be had yet: the server decides meanwhile, and the start is tried again.
      schedule(config.pollMs, start);
      return;
    }
    await round();
  }

  async function round(): Promise<void> {
    const began = now();
    try {
      await copy!.catchUp();
      caughtUpAt = began;
      settleFirst();
      // A first load longer than the staleness bound is fresh only after the next, short round.
      if (fresh())
        setState(
          'fresh',
          'authz_replica_fresh',
          `the authorization copy has caught up (${copy!.size} tuples)`,
        );
    } catch (error) {
      if (error instanceof ReplicaTooLarge) {
        drop();
        return;
      }
      if (!fresh() && state !== 'starting')
        setState(
          'stale',
          'authz_replica_stale',
          'the authorization copy cannot catch up: the server decides',
        );
    }
    schedule(config.pollMs, round);
  }

  function drop(): void {
    setState('dropped', 'authz_replica_dropped', `the authorization copy exceeds ${config.maxTuples} tuples`);
    void copy?.authorizer.close();
    copy = undefined;
    settleFirst();
  }

  const fresh = () => caughtUpAt !== undefined && now() - caughtUpAt <= config.maxStalenessMs;

  // Per `type#relation` asked: does the copy hold every stored relation it can read?
  const covered = new Map<string, boolean>();
  const covers = (request: CheckRequest) => {
    const key = `${objectTypeOf(request.object)}#${request.relation}`;
    let answer = covered.get(key);
    if (answer === undefined) {
      const reads = reach!.reads(objectTypeOf(request.object), request.relation);
      answer = [...reads].every((relation) => !stored.has(relation) || kept.has(relation));
      covered.set(key, answer);
    }
    return answer;
  };
  const count = (replica: boolean, n: number) => {
    if (replica) decided.replica += n;
    else decided.server += n;
    checks.add(n, replica ? BY_REPLICA : BY_SERVER);
  };
  const observe: BatchObservableCallback = (result) => {
    if (caughtUpAt !== undefined) result.observe(age, (now() - caughtUpAt) / 1000);
    result.observe(size, copy?.size ?? 0);
  };
  meter.addBatchObservableCallback(observe, [age, size]);
  const local = (requests: readonly CheckRequest[]) => {
    if (copy === undefined || !fresh()) {
      if (state === 'fresh') setState('stale', 'authz_replica_stale', 'the authorization copy is stale');
      return undefined;
    }
    return requests.every(covers) ? copy.authorizer : undefined;
  };

  schedule(options.startDelayMs ?? 500, start);

  return {
    check(request) {
      const replica = local([request]);
      count(replica !== undefined, 1);
      return (replica ?? server).check(request);
    },
    batchCheck(requests) {
      const replica = local(requests);
      count(replica !== undefined, requests.length);
      return (replica ?? server).batchCheck(requests);
    },
    listObjects: (request) => server.listObjects(request),
    explain: (request) => server.explain(request),
    ready: () => server.ready(),
    async close() {
      closed = true;
      clearTimeout(timer);
      meter.removeBatchObservableCallback(observe, [age, size]);
      await copy?.authorizer.close();
      await server.close();
    },
    status: () => ({
      // A copy no check has asked since it aged past the bound is stale all the same.
      state: state === 'fresh' && !fresh() ? 'stale' : state,
      tuples: copy?.size ?? 0,
      ageMs: caughtUpAt === undefined ? undefined : now() - caughtUpAt,
      decided: { ...decided },
    }),
    firstCatchUp: () => first,
  };
}

/** What the copy holds: the stored relations the function's permissions can read (every stored one without permissions). */
export function relationsToKeep(
  reach: FactReach,
  permissions: readonly string[],
  stored: ReadonlySet<string>,
): ReadonlySet<string> {
  if (permissions.length === 0) return stored;
  const kept = new Set<string>();
  for (const permission of permissions) {
    const [type, relation] = permission.split('#') as [string, string];
    for (const read of reach.reads(type, relation)) if (stored.has(read)) kept.add(read);
  }
  return kept;
}
