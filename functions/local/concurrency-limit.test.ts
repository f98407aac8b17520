import { describe, expect, it } from 'vitest';
import { limitConcurrency } from './concurrency-limit.ts';

/** A target whose answers the test releases one by one, recording how many were inside at once. */
function heldTarget() {
  const held: (() => void)[] = [];
  const order: string[] = [];
  let inside = 0;
  let most = 0;
  return {
    held,
    order,
    most: () => most,
    fetch: async (request: Request) => {
      inside++;
      most = Math.max(most, inside);
      order.push(new URL(request.url).pathname);
      await new Promise<void>((resolve) => held.push(resolve));
      inside--;
      return new Response('ok');
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('limitConcurrency (the local platform as Knative’s containerConcurrency)', () => {
  it('lets at most `limit` requests in, the others in arrival order as places free up, and answers all', async () => {
    const target = heldTarget();
    const limited = limitConcurrency(target, 2);
    const answers = ['/a', '/b', '/c', '/d', '/e'].map((p) =>
      Promise.resolve(limited.fetch(new Request(`http://local${p}`))),
    );
    await settle();
    expect(target.order).toEqual(['/a', '/b']);
    while (target.order.length < 5 || target.held.length > 0) {
      target.held.shift()?.();
      await settle();
    }
    expect(await Promise.all(answers.map(async (a) => (await a).status))).toEqual([200, 200, 200, 200, 200]);
    expect(target.order).toEqual(['/a', '/b', '/c', '/d', '/e']);
    expect(target.most()).toBe(2);
  });

  it('frees the place of a request that failed', async () => {
    let calls = 0;
    const limited = limitConcurrency(
      {
        fetch: async () => {
          calls++;
          if (calls === 1) throw new Error('boom');
          return new Response('ok');
        },
      },
      1,
    );
    await expect(Promise.resolve(limited.fetch(new Request('http://local/x')))).rejects.toThrow('boom');
    expect((await limited.fetch(new Request('http://local/y'))).status).toBe(200);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => limitConcurrency({ fetch: () => new Response('') }, 0)).toThrow(RangeError);
  });
});
