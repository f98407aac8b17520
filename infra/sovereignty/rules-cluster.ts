/** SOV-005 (vendor-specific), SOV-006 (open egress), SOV-008 (public load balancer). */
import { globMatch } from './policy.ts';
import { isObject, type Json, type JsonObject, one, type Stack } from './stack.ts';
import type { Context, Violation } from './violation.ts';
import { subjectOf, whereIn } from './violation.ts';
import { mapKeysIn, walk } from './walk.ts';

const matchesAny = (globs: readonly string[], value: string) => globs.some((glob) => globMatch(glob, value));

export function checkVendor(stack: Stack, ctx: Context): Violation[] {
  const rules = ctx.policy.vendorSpecific;
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const { address, provider } of stack.providers) {
    if (rules.terraformProviders.includes(provider) || seen.has(address)) continue;
    seen.add(address);
    violations.push({
      rule: 'SOV-005',
      subject: `Terraform provider ${provider}`,
      where: address,
      problem: `the stack uses the ${provider} provider, which manages one vendor's cloud`,
      fix: `describe it with Kubernetes objects only (allowed providers: ${rules.terraformProviders.join(', ')})`,
    });
  }
  for (const object of stack.objects) {
    const vendor = (where: string, problem: string) =>
      violations.push({
        rule: 'SOV-005',
        subject: subjectOf(object),
        where: whereIn(object, where),
        problem,
        fix: `use the portable Kubernetes equivalent, or declare it for target ${ctx.targetName ?? '(unknown)'} in policies/sovereignty.yaml (allowedVendorKeys/allowedVendorKinds) after review`,
      });
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
    const kindAllowed = ctx.target.allowedVendorKinds.includes(object.kind);
    if (!kindAllowed && group && matchesAny(rules.apiGroups, group)) {
      vendor('apiVersion', `API group ${group} exists only on one vendor's clusters`);
    } else if (!kindAllowed && rules.kinds.includes(object.kind)) {
      vendor('kind', `kind ${object.kind} is specific to one cloud vendor`);
    }
    for (const { path, key } of mapKeysIn(object.body)) {
      if (matchesAny(rules.keys, key) && !matchesAny(ctx.target.allowedVendorKeys, key)) {
        vendor(path, `${path.split('.').at(-1)} key ${key} is read only by one vendor's controllers`);
      }
    }
    if (object.kind === 'StorageClass' || object.kind === 'IngressClass') {
      const body = object.body;
      const controller = [body.provisioner, body.storageProvisioner, one(body.spec)?.controller].find(
        (value): value is string => typeof value === 'string',
      );
      if (controller && matchesAny(rules.controllers, controller)) {
        vendor(
          object.kind === 'StorageClass' ? 'provisioner' : 'spec.controller',
          `${controller} runs only on one vendor's cloud`,
        );
      }
    }
  }
  return violations;
}

const list = (value: Json | undefined): Json[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

const emptySelector = (value: Json | undefined): boolean => {
  const selector = one(value);
  return (
    value === undefined || (selector !== undefined && !selector.matchLabels && !selector.matchExpressions)
  );
};

/** A NetworkPolicy selecting every pod of its namespace for egress: what closes egress by default. */
const deniesEgressByDefault = (spec: JsonObject | undefined): boolean =>
  spec !== undefined && emptySelector(spec.podSelector) && list(spec.policyTypes).includes('Egress');

const runsPods = (body: JsonObject): boolean =>
  [...walk(body)].some(
    ({ key, value }) => /^(containers|container)$/.test(key) && list(value).some(isObject),
  );

/**
 * Egress is open when a namespace running the stack's own workloads has no
 * default-deny egress NetworkPolicy, or when a rule names no destination or a
 * destination of every address. Chart-installed workloads are the chart's.
 */
export function checkEgress(stack: Stack, _ctx: Context): Violation[] {
  const violations: Violation[] = [];
  const closed = new Set(
    stack.objects
      .filter((o) => o.kind === 'NetworkPolicy' && deniesEgressByDefault(one(o.body.spec)))
      .map((o) => o.namespace || 'default'),
  );
  const workloads = new Map<string, string[]>();
  for (const object of stack.objects) {
    if (
      object.kind === 'HelmValues' ||
      !object.address.match(/^[a-z0-9_]+\.[^:]+$/) ||
      !runsPods(object.body)
    )
      continue;
    const namespace = object.namespace || 'default';
    workloads.set(namespace, [...(workloads.get(namespace) ?? []), subjectOf(object)]);
  }
  for (const [namespace, names] of workloads) {
    if (closed.has(namespace)) continue;
    violations.push({
      rule: 'SOV-006',
      subject: `Namespace ${namespace}`,
      where: `NetworkPolicies of namespace ${namespace}`,
      problem: `${names.join(', ')} ${names.length > 1 ? 'run' : 'runs'} without a default-deny egress NetworkPolicy, so egress is open`,
      fix: `add a NetworkPolicy in ${namespace} with podSelector {} and policyTypes [Egress], then allow each destination`,
    });
  }
  for (const object of stack.objects) {
    if (object.kind !== 'NetworkPolicy') continue;
    for (const [index, rule] of list(one(object.body.spec)?.egress).entries()) {
      const where = whereIn(object, `spec.egress[${index}]`);
      const peers = isObject(rule) ? list(rule.to) : [];
      if (peers.length === 0) {
        violations.push({
          rule: 'SOV-006',
          subject: subjectOf(object),
          where,
          problem: 'egress rule without `to` allows every destination',
          fix: 'name the destinations: pods/namespaces by selector, or the upstream endpoints the target lists as ipBlocks',
        });
        continue;
      }
      for (const peer of peers) {
        const cidr = isObject(peer) ? one(peer.ipBlock)?.cidr : undefined;
        if (typeof cidr === 'string' && /\/0$/.test(cidr.trim())) {
          violations.push({
            rule: 'SOV-006',
            subject: subjectOf(object),
            where,
            problem: `egress to ipBlock ${cidr} allows every address (\`except\` does not close it)`,
            fix: 'list the upstream endpoints of the target (FK/Serviceplatformen, NSP, MedCom gateway) as narrow ipBlocks',
          });
        }
      }
    }
  }
  return violations;
}

export function checkLoadBalancer(stack: Stack, ctx: Context): Violation[] {
  if (ctx.target.allowPublicLoadBalancer) return [];
  const violations: Violation[] = [];
  const fix = `make it ClusterIP behind the ingress the target provides, or allow it for target ${ctx.targetName ?? '(unknown)'} in policies/sovereignty.yaml (allowPublicLoadBalancer) after review`;
  for (const object of stack.objects) {
    const spec = one(object.body.spec);
    if (object.kind === 'Service' && spec?.type === 'LoadBalancer') {
      violations.push({
        rule: 'SOV-008',
        subject: subjectOf(object),
        where: whereIn(object, 'spec.type'),
        problem: 'Service of type LoadBalancer asks the cloud for a public address',
        fix,
      });
    }
    if (object.kind === 'Service' && list(spec?.externalIPs).length > 0) {
      violations.push({
        rule: 'SOV-008',
        subject: subjectOf(object),
        where: whereIn(object, 'spec.externalIPs'),
        problem: 'Service with externalIPs is reachable from outside the cluster',
        fix,
      });
    }
    // Operators and charts take a service type of their own (KnativeServing's kourier `service-type`).
    if (object.kind !== 'Service') {
      for (const { path, key, value } of walk(object.body)) {
        if (/^(type|serviceType|service-type)$/.test(key) && value === 'LoadBalancer') {
          violations.push({
            rule: 'SOV-008',
            subject: subjectOf(object),
            where: whereIn(object, path),
            problem: `${path} asks for a Service of type LoadBalancer`,
            fix,
          });
        }
      }
    }
    for (const { path, key, value } of mapKeysIn(object.body)) {
      const hit = ctx.policy.publicLoadBalancer.annotations.find(
        (a) => a.key === key && a.value === String(value),
      );
      if (hit) {
        violations.push({
          rule: 'SOV-008',
          subject: subjectOf(object),
          where: whereIn(object, path),
          problem: `${key}: ${hit.value} asks for an internet-facing load balancer`,
          fix,
        });
      }
    }
  }
  return violations;
}
