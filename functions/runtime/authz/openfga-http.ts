/**
 * The request options of every OpenFGA client here. OpenFGA's API never
 * redirects, so calls go out on node:http itself (`maxRedirects: 0`), never
 * through follow-redirects' wrapper — which the function bundles leave out
 * (infra/build/build.ts `REPLACED_MODULES`) — and a redirect is an error, not
 * an answer from elsewhere (fail closed).
 */
export function openFgaRequestOptions(timeoutMs: number) {
  return { timeout: timeoutMs, maxRedirects: 0 };
}
