/**
 * What the tests expect of every container the platform runs (Pod Security
 * `restricted`), written out as values rather than taken from the constructs'
 * own constant, so a change there fails the tests.
 */
export const HARDENED_CONTAINER_CONTEXT = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;
