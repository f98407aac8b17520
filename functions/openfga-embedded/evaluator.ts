import { CheckEngine } from './check/check-engine.ts';
import { ExplainRecorder } from './check/explain-recorder.ts';
import { ERROR, type Outcome, TRUE } from './check/outcome.ts';
import { checkTarget, listTarget, usersTarget } from './check/query.ts';
import { listObjects } from './list/list-objects.ts';
import { listUsers } from './list/list-users.ts';
import type { Typesystem } from './model/typesystem.ts';
import type { TupleStore } from './store/tuple-store.ts';
import type { ListUsersRequest } from './vocabulary/list-users-request.ts';
import type { CheckRequest, ExplainResult, ListObjectsRequest } from './vocabulary/types.ts';

/**
 * Check, Explain, ListObjects and ListUsers for one model over one tuple store. Requests
 * are validated as OpenFGA validates them; failures throw AuthzError with
 * OpenFGA's error code.
 */
export class Evaluator {
  private readonly engine: CheckEngine;

  constructor(
    readonly ts: Typesystem,
    readonly store: TupleStore,
  ) {
    this.engine = new CheckEngine(ts, store);
  }

  check(request: CheckRequest): boolean {
    const target = checkTarget(this.ts, this.store, request);
    return this.decide(this.engine.evaluate(target.query, target.object, target.relation));
  }

  explain(request: CheckRequest): ExplainResult {
    const target = checkTarget(this.ts, this.store, request);
    const recorder = new ExplainRecorder();
    this.engine.recorder = recorder;
    try {
      const allowed = this.decide(this.engine.evaluate(target.query, target.object, target.relation));
      return { allowed, path: recorder.result() };
    } finally {
      this.engine.recorder = undefined;
    }
  }

  listObjects(request: ListObjectsRequest): string[] {
    return listObjects(this.engine, this.store, listTarget(this.ts, this.store, request));
  }

  listUsers(request: ListUsersRequest): string[] {
    return listUsers(this.engine, this.store, usersTarget(this.ts, this.store, request));
  }

  private decide(outcome: Outcome): boolean {
    if (outcome === ERROR) throw this.engine.error!;
    return outcome === TRUE;
  }
}
