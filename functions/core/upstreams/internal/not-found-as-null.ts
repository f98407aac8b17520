/**
 * The kit's `postJson` has no `allowNotFound` (only `getJson` does), yet the
 * person lookups answer 404 for "no such person / no listing / no institution".
 * This fetch turns exactly that status into a JSON `null` body, which the
 * lookup schemas accept as "not found"; every other status passes unchanged,
 * so timeouts, 5xx and contract violations still become the kit's problems.
 * Remove it when the kit's `postJson` accepts `allowNotFound`.
 */
export function notFoundAsNull(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.status !== 404) return response;
    await response.body?.cancel();
    return new Response('null', { status: 200, headers: { 'content-type': 'application/json' } });
  };
}
