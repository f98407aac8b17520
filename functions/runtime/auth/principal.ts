/** The authenticated employee behind a request, as the audit log and the authorizer need them. */
export interface Principal {
  /** OpenFGA user, `user:<subject>`. */
  readonly user: string;
  readonly subject: string;
  readonly name: string;
  /** The role the IdP asserts (caseworker, gp, psychiatrist, …): for the audit record, never for decisions. */
  readonly role: string;
  readonly organisation: { readonly id: string; readonly name: string };
  /** Which trust domain issued the token: `municipal` or `health`. */
  readonly domain: string;
  /** The calling system (`azp` or `client_id`), for the audit record. */
  readonly client?: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}
