import { spawn } from 'node:child_process';
import type { KubernetesObject } from '../constructs/knative-service.ts';

/** How `.ci/operator-check` names an object: `apiVersion Kind namespace/name`. */
export const objectName = (o: KubernetesObject) =>
  `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export interface OperatorRefusal {
  readonly object: string;
  readonly message: string;
}

/**
 * Runs the operators' own admission checks in process (`.ci/operator-check`: Knative's
 * SetDefaults + Validate, CloudNativePG's image rule) on the objects of one target, whose
 * KnativeServing sets the Serving configuration they are checked under.
 */
export function operatorCheck(
  binary: string,
  objects: readonly KubernetesObject[],
): Promise<OperatorRefusal[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${binary} exited ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out) as OperatorRefusal[]);
    });
    child.stdin.end(JSON.stringify(objects));
  });
}
