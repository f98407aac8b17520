import type { Target } from '../targets/schema.ts';
import type { FunctionManifest } from './function-manifest.ts';

/** The key of a municipality's KLE plan ConfigMap: the file name KL delivers. */
export const KLE_PLAN_KEY = 'kle-emneplan.xml';

/** The variable that tells a function where each municipality's plan is mounted. */
export const KLE_PLAN_SETTING = 'KLE_PLAN_BY_MUNICIPALITY';

type Municipality = Target['municipalities'][number];

/** Where a municipality's plan is mounted, read-only, in the pods that read it. */
export const klePlanDir = (code: string) => `/etc/hoi/kle-plan/${code}`;

/** `860=/etc/hoi/kle-plan/860/kle-emneplan.xml,…` for the municipalities that name a plan. */
export function klePlanPaths(target: Target): string {
  return target.municipalities
    .filter((m) => m.klePlan !== undefined)
    .map((m) => `${m.code}=${klePlanDir(m.code)}/${KLE_PLAN_KEY}`)
    .join(',');
}

/**
 * The ConfigMap volumes and read-only mounts of the municipalities' plans, for a function
 * whose manifest reads KLE_PLAN_BY_MUNICIPALITY (authz-sync). Optional: a ConfigMap not yet
 * created leaves the file missing, and the sync withholds only that municipality's choices.
 */
export function klePlanVolumes(manifest: FunctionManifest, target: Target) {
  const planned = manifest.env.includes(KLE_PLAN_SETTING)
    ? target.municipalities.filter((m): m is Municipality & { klePlan: { configMap: string } } =>
        Boolean(m.klePlan),
      )
    : [];
  return {
    volumes: planned.map((m) => ({
      name: `kle-plan-${m.code}`,
      configMap: {
        name: m.klePlan.configMap,
        items: [{ key: KLE_PLAN_KEY, path: KLE_PLAN_KEY }],
        optional: true,
      },
    })),
    mounts: planned.map((m) => ({
      name: `kle-plan-${m.code}`,
      mountPath: klePlanDir(m.code),
      readOnly: true,
    })),
  };
}
