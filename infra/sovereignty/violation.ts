import type { Policy, TargetPolicy } from './policy.ts';
import type { DeclaredTarget, K8sObject } from './stack.ts';

/** The rules of policies/sovereignty.yaml, by id, as the report titles them. */
export const RULES = {
  'SOV-000': 'stack belongs to a known target',
  'SOV-001': 'image from an allowed registry',
  'SOV-002': 'image pinned by digest',
  'SOV-003': 'chart from an allowed repository',
  'SOV-004': 'chart pinned to an exact version',
  'SOV-005': 'nothing specific to one cloud vendor',
  'SOV-006': 'no open egress',
  'SOV-007': 'telemetry only to listed endpoints',
  'SOV-008': 'no public load balancer',
} as const;
export type RuleId = keyof typeof RULES;

export interface Violation {
  readonly rule: RuleId;
  /** What is wrong, e.g. `Deployment hoi/case-lookup`. */
  readonly subject: string;
  /** Where in cdk.tf.json, e.g. `kubernetes_manifest.case-lookup: spec.template.spec.containers[0].image`. */
  readonly where: string;
  readonly problem: string;
  readonly fix: string;
}

/** What one stack is checked against: the policy, its target's exceptions, the target's own addresses. */
export interface Context {
  readonly policy: Policy;
  readonly targetName: string | undefined;
  /** The target's entry in the policy (empty when the target is unknown: the strictest reading). */
  readonly target: TargetPolicy;
  readonly declared: DeclaredTarget;
}

export const subjectOf = (object: K8sObject): string =>
  `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name || '(unnamed)'}`;

export const whereIn = (object: K8sObject, path: string): string =>
  path ? `${object.address}: ${path}` : object.address;
