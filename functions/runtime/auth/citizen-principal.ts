import type { JWTPayload } from 'jose';
import { parseCpr, pseudonym } from '../cpr/cpr.ts';
import { unauthorized } from '../http/app-error.ts';
import type { Principal } from './principal.ts';

/**
 * The claim NemLog-in (MitID) puts a citizen's CPR number in: the OIOSAML 3
 * attribute name, which NemLog-in's OpenID Connect tokens use as the claim name.
 */
export const NEMLOGIN_CPR_CLAIM = 'https://data.gov.dk/model/core/eid/cprNumber';

/** What makes a trust domain a citizen domain: how its tokens become a citizen principal. */
export interface CitizenTokens {
  /** The platform's pseudonym key (≥ 32 bytes), the one that names children and custody holders. */
  readonly pseudonymKey: Uint8Array;
  /** The claim holding the CPR number. @default NEMLOGIN_CPR_CLAIM */
  readonly cprClaim?: string;
}

/**
 * A citizen is who the IdP vouches for: the CPR number of the verified token,
 * pseudonymised with the platform key into `citizen:p-<32 hex>` — the id CPR's
 * custody holders get (contracts/cpr-register.ts), so the model can match them.
 * Nothing else the token says counts: role, organisation and name claims are
 * ignored (a citizen token claiming `hoi_role: auditor` is still a citizen), the
 * IdP's `sub` is not the identity, and the CPR number itself is kept nowhere.
 */
export function citizenPrincipal(
  payload: JWTPayload,
  domain: { readonly name: string; readonly issuer: string },
  citizens: CitizenTokens,
): Principal {
  const claimed = payload[citizens.cprClaim ?? NEMLOGIN_CPR_CLAIM];
  const parsed = typeof claimed === 'string' ? parseCpr(claimed) : undefined;
  if (!parsed?.ok) throw unauthorized('invalid_token', 'The citizen token carries no valid CPR number');
  const id = pseudonym(parsed.cpr, citizens.pseudonymKey);
  const client = typeof payload.azp === 'string' ? payload.azp : undefined;
  return {
    user: `citizen:${id}`,
    subject: id,
    name: CITIZEN,
    role: CITIZEN,
    organisation: { id: CITIZEN, name: CITIZEN },
    domain: domain.name,
    issuer: domain.issuer,
    ...(client ? { client } : {}),
  };
}

/** A citizen's role, organisation and name as the audit record holds them: no name is kept. */
export const CITIZEN = 'citizen';
