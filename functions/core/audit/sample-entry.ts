/** Synthetic audit entries with plausible values, for tests and the throughput measurement. */
import { randomInt } from 'node:crypto';
import type { AuditEntry } from './record.ts';

/** Letters only: a random digit run could look like a CPR number and be refused. */
export function childPseudonym(): string {
  const letters = Array.from({ length: 22 }, () => String.fromCharCode(97 + randomInt(26)));
  return `psn-${letters.join('')}`;
}

export function sampleEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actor: {
      id: 'gp-anne-holm',
      name: 'Anne Holm',
      role: 'gp',
      organisationId: 'sor:953741000016009',
      organisationName: 'Lægerne Torvet',
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
    ...overrides,
  };
}
