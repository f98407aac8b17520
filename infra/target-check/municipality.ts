/**
 * What follows from one municipality's entry in a target, and what the
 * municipality must still provide itself, in the order infra/DEPLOY.md gives:
 * what `npm run target:check` prints and the municipality test checks.
 */
import { UPSTREAM_DATA } from '../../functions/kit/define-function.ts';
import { envValues } from '../constructs/function-env.ts';
import type { FunctionManifest } from '../constructs/function-manifest.ts';
import { functionHost, tlsSecretName } from '../constructs/ingress.ts';
import { KLE_PLAN_KEY, KLE_PLAN_SETTING } from '../constructs/kle-plans.ts';
import { secretCatalogue } from '../constructs/secrets.ts';
import { DEFAULT_RELEVANT_CASES } from '../targets/relevant-cases-file.ts';
import type { Target } from '../targets/schema.ts';

type Municipality = Target['municipalities'][number];

export interface MunicipalityPieces {
  readonly code: string;
  /** From functions/runtime/reference/municipalities.ts. */
  readonly name: string;
  /** `<function>.<domain>` of every external function: a DomainMapping and ClusterDomainClaim each. */
  readonly hosts: readonly string[];
  readonly tlsSecret: string;
  /** Its entries of AUTH_MUNICIPAL_ISSUERS: its IdP vouches only for its own employees. */
  readonly trustDomain: readonly string[];
  /** Whether AUTHZ_MUNICIPALITIES (the organisation the sync keeps) names it. */
  readonly synced: boolean;
  /** Its upstream networks with the host each is reached at (an egress entry names each). */
  readonly upstreams: readonly { readonly network: string; readonly host: string }[];
  /** The relevant-case choices the sync writes for it: its own file (RELEVANT_CASES_BY_MUNICIPALITY) or the default. */
  readonly relevantCases: string;
  /** Its KLE plan's ConfigMap and where authz-sync reads it (KLE_PLAN_BY_MUNICIPALITY), if it names one. */
  readonly klePlan?: { readonly configMap: string; readonly file: string };
}

export function municipalityPieces(
  target: Target,
  functions: readonly FunctionManifest[],
  municipality: Municipality,
): MunicipalityPieces {
  const env = envValues(target);
  const prefix = `${municipality.code}=`;
  const entryOf = (key: string) =>
    (env[key] ?? '')
      .split(',')
      .find((entry) => entry.startsWith(prefix))
      ?.slice(prefix.length);
  const planFile = entryOf(KLE_PLAN_SETTING);
  return {
    code: municipality.code,
    name: municipality.name,
    hosts: functions
      .filter((fn) => fn.exposure === 'external' && (!fn.sandbox || target.sandbox))
      .map((fn) => functionHost(fn, municipality.domain)),
    tlsSecret: tlsSecretName(municipality),
    trustDomain: (env.AUTH_MUNICIPAL_ISSUERS ?? '').split(',').filter((entry) => entry.startsWith(prefix)),
    synced: (env.AUTHZ_MUNICIPALITIES ?? '').split(',').includes(municipality.code),
    upstreams: Object.entries(municipality.upstreams).map(([network, address]) => ({
      network,
      host: new URL(address).hostname,
    })),
    // The reviewed file; the functions read its compiled form (RELEVANT_CASES_BY_MUNICIPALITY).
    relevantCases: municipality.relevantCases ?? DEFAULT_RELEVANT_CASES,
    ...(municipality.klePlan && planFile
      ? { klePlan: { configMap: municipality.klePlan.configMap, file: planFile } }
      : {}),
  };
}

/** One step a municipality (or the target's operator) must take, under the DEPLOY.md section it belongs to. */
export interface ProvideStep {
  readonly section: string;
  readonly step: string;
}

/** What the target's municipalities must still provide, in DEPLOY.md's order. */
export function stillToProvide(target: Target, functions: readonly FunctionManifest[]): ProvideStep[] {
  const steps: ProvideStep[] = [];
  const egressHosts = new Set(target.egress.map((e) => e.host));
  const deployed = functions.filter((fn) => !fn.sandbox || target.sandbox);
  for (const m of target.municipalities) {
    const pieces = municipalityPieces(target, deployed, m);
    steps.push({
      section: '1. What you need',
      step: `${m.code} ${m.name}: DNS names ${pieces.hosts.join(', ') || '(none: no external function)'} pointing at the cluster's gateway, and a certificate for *.${m.domain}`,
    });
    for (const issuer of m.issuers) {
      const host = new URL(issuer).hostname;
      steps.push({
        section: '2. Write your own target',
        step: `${m.code} ${m.name}: register the platform at its IdP ${issuer} (tokens with audience "${target.tokenAudience}", OpenID discovery served)${
          target.sandbox || egressHosts.has(host)
            ? ''
            : `; add an egress entry for ${host}, or the functions cannot fetch its keys`
        }`,
      });
    }
    const networks = new Set(Object.keys(m.upstreams));
    for (const [name, facts] of Object.entries(UPSTREAM_DATA).sort(([a], [b]) => a.localeCompare(b)))
      if (networks.has(facts.network) && deployed.some((fn) => fn.upstreams.includes(name)))
        steps.push({
          section: '2. Write your own target',
          step: `${m.code} ${m.name}: ${facts.agreement.kind} agreement with ${facts.agreement.with} for ${facts.system} (compliance/${target.name}/agreements.md)`,
        });
  }
  for (const secret of secretCatalogue(target))
    steps.push({
      section: '4. Synthesize, check, deploy',
      step: `Secret ${secret.name}: ${secret.keys.map((k) => `TF_VAR_${k.variable}`).join(', ')} (once for the target)`,
    });
  for (const m of target.municipalities)
    if (m.klePlan)
      steps.push({
        section: '4. Synthesize, check, deploy',
        step: `${m.code} ${m.name}: create ConfigMap ${m.klePlan.configMap} from your KLE subscription: kubectl -n ${target.namespaces.platform} create configmap ${m.klePlan.configMap} --from-file=${KLE_PLAN_KEY}=<your ${KLE_PLAN_KEY}>`,
      });
  for (const m of target.municipalities)
    steps.push({
      section: '6. Reaching the functions',
      step: `${m.code} ${m.name}: kubectl -n ${target.namespaces.platform} create secret tls ${tlsSecretName(m)} --cert=<*.${m.domain} certificate> --key=<its key>`,
    });
  // DEPLOY.md's sections are numbered: a stable sort keeps each municipality's steps together within one.
  return steps.sort((a, b) => Number.parseInt(a.section, 10) - Number.parseInt(b.section, 10));
}
