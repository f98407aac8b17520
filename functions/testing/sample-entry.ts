/** Synthetic audit entries with plausible values, for tests and the throughput measurement. */
import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../runtime/audit/record.ts';

/** A keyed pseudonym as POL-001.4 shapes it: `p-` and 32 hex digits (random here, not an HMAC). */
export function childPseudonym(): string {
  return `p-${randomBytes(16).toString('hex')}`;
}

export function sampleEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actor: {
      id: 'gp-anne-holm',
      name: 'Anne Holm',
      role: 'gp',
      organisationId: 'sor:953741000016009',
      organisationName: 'Lægerne Torvet',
      trustDomain: 'health',
      issuer: 'https://sts.sundhed.example',
    },
    childPseudonym: childPseudonym(),
    functionName: 'case-overview',
    action: 'read-active-cases',
    purpose: 'Er der gang i noget? Konsultation om trivsel',
    decision: { outcome: 'allow', reasonCode: 'listed_gp' },
    override: false,
    requestId: 'req-01JD0000000000000000000000',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    callingSystem: 'lps:xmo',
    answered: true,
    ...overrides,
  };
}
