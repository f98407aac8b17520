/**
 * At most `limit` requests inside a function at once, the rest waiting their
 * turn in arrival order: what Knative's queue-proxy does for a container with
 * `containerConcurrency` (the manifest's `scaling`). The local platform runs
 * every function and the sandbox in one event loop; without it, a burst
 * starts every request's upstream calls at once and their deadlines run out
 * while the loop works through all of them (100 concurrent lookups: 504s). A
 * request waiting here has started nothing, so no deadline runs yet.
 */
export interface Fetcher {
  fetch(request: Request): Response | Promise<Response>;
}

export function limitConcurrency(target: Fetcher, limit: number): Fetcher {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError('the concurrency limit is a positive integer');
  let inside = 0;
  const waiting: (() => void)[] = [];
  const leave = () => {
    const next = waiting.shift();
    if (next) next();
    else inside--;
  };
  return {
    async fetch(request) {
      if (inside < limit) inside++;
      // The leaver hands its place straight to the next in line (`inside` unchanged).
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await target.fetch(request);
      } finally {
        leave();
      }
    },
  };
}
