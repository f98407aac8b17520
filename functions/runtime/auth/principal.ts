/** The authenticated person behind a request, as the audit log and the authorizer need them. */
export interface Principal {
  /**
   * OpenFGA user, scoped by the trust domain that vouches for the subject:
   * `user:health/<subject>` for the health side, `user:<municipality code>/<subject>`
   * for a municipality's employees (see `scopedUser`). A subject one identity
   * provider issues can never name a user of another.
   */
  readonly user: string;
  readonly subject: string;
  readonly name: string;
  /** The role the IdP asserts (caseworker, gp, psychiatrist, …): for the audit record, never for decisions. */
  readonly role: string;
  /** The organisation the token names (`org_id`, `org_name`): for the record, never for decisions. */
  readonly organisation: { readonly id: string; readonly name: string };
  /** Which trust domain issued the token: `municipal` or `health`. */
  readonly domain: string;
  /** The issuer (`iss`) whose signature was verified. */
  readonly issuer: string;
  /** For municipal staff: the municipality whose identity provider vouches for them. */
  readonly municipality?: string;
  /** The calling system (`azp` or `client_id`), for the audit record. */
  readonly client?: string;
}

/**
 * The OpenFGA user of `subject` as vouched for by one trust domain. The
 * organisation sync writes users the same way, so a relation stored for a GP
 * (`user:health/…`) is never reached by a municipal token with the same subject.
 */
export function scopedUser(
  scope: { domain: string; municipality?: string | undefined },
  subject: string,
): string {
  if (scope.domain === 'municipal') {
    if (!scope.municipality || !/^\d{3}$/.test(scope.municipality)) {
      throw new RangeError('a municipal user needs the three-digit code of its municipality');
    }
    return `user:${scope.municipality}/${subject}`;
  }
  if (!/^[a-z]+$/.test(scope.domain)) throw new RangeError('a trust domain is a lower-case word');
  return `user:${scope.domain}/${subject}`;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}
