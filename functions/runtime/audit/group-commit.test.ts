import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A commit that records its batches and can be told to fail the next one. */
function recorder() {
  const batches: number[][] = [];
  let failNext = false;
  return {
    batches,
    failNextBatch: () => {
      failNext = true;
    },
    commit: async (batch: number[]) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failNext) {
        failNext = false;
        throw new Error('store down');
      }
      batches.push(batch);
    },
  };
}

describe('group commit', () => {
  it('sends items submitted in the same turn as one batch, and those arriving during a commit as the next', async () => {
    const store = recorder();
    const group = new GroupCommit(store.commit, 100);
    const first = [1, 2, 3].map((n) => group.submit(n));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const second = [4, 5].map((n) => group.submit(n));
    await Promise.all([...first, ...second]);
    expect(store.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('keeps batches within the maximum size, in submission order', async () => {
    const store = recorder();
    const group = new GroupCommit(store.commit, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    expect(store.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every item of a failed batch with its error, and commits later batches', async () => {
    const store = recorder();
    const group = new GroupCommit(store.commit, 2);
    store.failNextBatch();
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => group.submit(n)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'ok'))).toEqual([
      'store down',
      'store down',
      'ok',
    ]);
    expect(store.batches).toEqual([[3]]);
  });

  it('refuses a batch size below one', () => {
    expect(() => new GroupCommit(async () => {}, 0)).toThrow(RangeError);
  });
});
