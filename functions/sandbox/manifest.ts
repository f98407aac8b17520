import { defineFunction } from '../kit/define-function.ts';

/**
 * `sandbox` as data for infrastructure: the synthetic upstreams (FK, CPR, SOR,
 * NSP, STIL) on their production contracts. Deployed only to a target that asks
 * for it (`sandbox: true`, the local cluster), never beside real upstreams, and
 * reached only from inside the cluster.
 */
export const manifest = defineFunction({
  name: 'sandbox',
  description: 'Synthetic upstreams with the same HTTP contracts the adapters call',
  sandbox: true,
  exposure: 'cluster-local',
  scaling: { minScale: 0, maxScale: 1, containerConcurrency: 50, timeoutSeconds: 30 },
  resources: { cpu: '100m', memory: '256Mi' },
  processing: {
    none: 'synthetic upstreams: generated people and organisations only, deployed only to a target without real upstreams',
  },
  /** The generated data's seed (`SANDBOX_DATA_FILE` names a file the image does not carry). */
  settings: ['SANDBOX_SEED'],
});
