import type { KubernetesObject } from '../constructs/knative-service.ts';
import type { KubeApi } from './kube-api.ts';
import { objectName, operatorCheck } from './operator-check.ts';
import type { StackObject, StackObjects } from './stack-objects.ts';

export interface Refusal {
  readonly address: string;
  readonly object: string;
  readonly message: string;
}

export interface StackResult {
  readonly stack: string;
  readonly accepted: number;
  readonly refusals: Refusal[];
  readonly charts: string[];
}

/**
 * What a cluster would say to the objects: each applied server-side (Terraform's field
 * manager, Strict fields) in dry-run — Namespaces for real, first, since everything else
 * lives in one — and then the operators' in-process checks on the whole set. A refusal or
 * any warning counts against the object.
 */
export async function checkObjects(
  api: KubeApi,
  objects: readonly StackObject[],
  operatorBinary: string,
): Promise<Refusal[]> {
  const refusals: Refusal[] = [];
  const refuse = (o: StackObject, message: string) =>
    refusals.push({ address: o.address, object: objectName(o.object), message });
  const namespaces = objects.filter((o) => o.object.kind === 'Namespace');
  for (const o of [...namespaces, ...objects.filter((o) => o.object.kind !== 'Namespace')]) {
    const persist = o.object.kind === 'Namespace';
    try {
      const answer = await api.apply(o.object, { persist });
      if (answer.status >= 300)
        refuse(o, `${answer.status}: ${answer.body.message ?? JSON.stringify(answer.body)}`);
      for (const warning of answer.warnings) refuse(o, `warning: ${warning}`);
      if (persist && answer.status < 300) await defaultServiceAccount(api, o.object.metadata.name);
    } catch (error) {
      refuse(o, error instanceof Error ? error.message : String(error));
    }
  }
  const byName = new Map(objects.map((o) => [objectName(o.object), o]));
  for (const r of await operatorCheck(
    operatorBinary,
    objects.map((o) => o.object),
  )) {
    const o = byName.get(r.object);
    refusals.push({ address: o?.address ?? '?', object: r.object, message: `operator check: ${r.message}` });
  }
  return refusals;
}

/** Each target's stacks together (`<target>-cluster`, `<target>-platform`): one cluster each. */
export async function checkStacks(
  api: KubeApi,
  stacks: ReadonlyMap<string, StackObjects>,
  operatorBinary: string,
): Promise<StackResult[]> {
  const targets = new Map<string, string[]>();
  for (const name of stacks.keys()) {
    const target = name.replace(/-[^-]+$/, '');
    targets.set(target, [...(targets.get(target) ?? []), name]);
  }
  const results: StackResult[] = [];
  for (const names of targets.values()) {
    const objects = names.flatMap((n) => stacks.get(n)!.objects);
    const refusals = await checkObjects(api, objects, operatorBinary);
    for (const name of names) {
      const own = stacks.get(name)!;
      const mine = refusals.filter((r) =>
        own.objects.some((o) => o.address === r.address && objectName(o.object) === r.object),
      );
      const refused = new Set(mine.map((r) => `${r.address} ${r.object}`)).size;
      results.push({
        stack: name,
        accepted: own.objects.length - refused,
        refusals: mine,
        charts: own.charts,
      });
    }
  }
  return results;
}

/** What kube-controller-manager would have made by now: each namespace's `default` ServiceAccount. */
async function defaultServiceAccount(api: KubeApi, namespace: string): Promise<void> {
  const account: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace },
  };
  const answer = await api.send('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, account);
  if (answer.status >= 300 && answer.status !== 409) {
    throw new Error(`creating ${namespace}/default ServiceAccount: ${answer.status} ${answer.body.message}`);
  }
}
