/**
 * SOV-007: telemetry and logs leave the cluster only for endpoints the target
 * lists. Looks at endpoint environment variables, Knative's observability
 * ConfigMaps, OpenTelemetry Collector configs (wherever they sit: a ConfigMap,
 * an OpenTelemetryCollector, chart values) and endpoint settings in chart values.
 */
import { globMatch } from './policy.ts';
import { isObject, type Json, type Stack } from './stack.ts';
import type { Context, Violation } from './violation.ts';
import { subjectOf, whereIn } from './violation.ts';
import { envIn, walk } from './walk.ts';

/** host[:port] of an endpoint; gRPC endpoints are often written without a scheme. */
function hostOf(endpoint: string): { hostname: string; port: string } | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`);
    return url.hostname ? { hostname: url.hostname, port: url.port } : undefined;
  } catch {
    return undefined;
  }
}

/** Why the endpoint may not be used, or undefined when it may. */
export function endpointProblem(endpoint: string, ctx: Context): string | undefined {
  const host = hostOf(endpoint);
  if (!host || endpoint.includes('${'))
    return `endpoint ${endpoint} cannot be read, so where data goes is unknown`;
  if (ctx.policy.telemetry.internalHosts.some((glob) => globMatch(glob, host.hostname))) return undefined;
  const listed = [...ctx.target.telemetryEndpoints, ...ctx.declared.telemetryEndpoints].map(hostOf);
  if (listed.some((l) => l && l.hostname === host.hostname && (!l.port || l.port === host.port)))
    return undefined;
  return `endpoint ${endpoint} is outside the cluster and not listed for target ${ctx.targetName ?? '(unknown)'}`;
}

const FIX =
  'send to the in-cluster OpenTelemetry Collector, and list any endpoint outside it under the target (telemetryEndpoints)';

/** Where a walked path is an address the software listens on, not a destination. */
const LISTENING = /(^|\.)(receivers|extensions)(\.|$)/;
const TELEMETRY_PATH = /otlp|otel|telemetry|tracing|trace|metrics|logs|exporter/i;

export function checkTelemetry(stack: Stack, ctx: Context): Violation[] {
  const rules = ctx.policy.telemetry;
  const endpointVars = rules.endpointEnvVars.map((pattern) => new RegExp(pattern));
  const violations: Violation[] = [];
  for (const object of stack.objects) {
    const report = (path: string, problem: string) =>
      violations.push({
        rule: 'SOV-007',
        subject: subjectOf(object),
        where: whereIn(object, path),
        problem,
        fix: FIX,
      });
    const checkEndpoint = (path: string, value: Json) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const problem = endpointProblem(value.trim(), ctx);
      if (problem) report(path, problem);
    };
    for (const env of envIn(object.body)) {
      if (rules.vendorEnvVars.includes(env.name)) {
        report(env.path, `${env.name} switches on a vendor's agent or service`);
      } else if (endpointVars.some((pattern) => pattern.test(env.name))) {
        if (env.value === undefined)
          report(env.path, `${env.name} comes from a reference the check cannot see`);
        else checkEndpoint(env.path, env.value);
      }
    }
    for (const { path, key, value } of walk(object.body)) {
      // Knative reads these from its ConfigMaps, or from the operator's `spec.config.<configmap>`.
      const configured = object.kind === 'ConfigMap' || path.startsWith('spec.config.');
      if (configured && rules.configMapKeys.includes(key)) checkEndpoint(path, value);
      if (key === 'exporters' && isObject(value) && !LISTENING.test(path)) {
        for (const [name, config] of Object.entries(value)) {
          const type = name.split('/')[0]!;
          if (!rules.exporters.includes(type)) {
            report(
              `${path}.${name}`,
              `exporter ${name} sends to its vendor, not to an endpoint the check can see`,
            );
            continue;
          }
          for (const inner of walk(config, `${path}.${name}`)) {
            if (/endpoint$/i.test(inner.key)) checkEndpoint(inner.path, inner.value);
          }
        }
      }
      const generic =
        object.kind === 'HelmValues' &&
        /endpoint$/i.test(key) &&
        TELEMETRY_PATH.test(path) &&
        !LISTENING.test(path) &&
        !/(^|\.)exporters\./.test(path);
      if (generic) checkEndpoint(path, value);
    }
  }
  return violations;
}
