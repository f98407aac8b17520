/**
 * `npm run target:check -- <target>`: validates a target file and prints what
 * follows from each municipality's entry and what the municipalities must
 * still provide (certificates, Secrets, IdP registration), in the order
 * infra/DEPLOY.md gives. Exit 1 naming the bad field or the missing fact.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMPLIANCE_DIR, compliancePackage } from '../compliance/package.ts';
import { loadManifests } from '../synth/manifests.ts';
import { loadTargets } from '../targets/index.ts';
import { municipalityPieces, stillToProvide } from './municipality.ts';

const root = resolve(import.meta.dirname, '../..');
const names = process.argv.slice(2);
try {
  if (names.length !== 1) throw new Error('usage: npm run target:check -- <target>');
  const [target] = loadTargets(names);
  const functions = await loadManifests(root);
  const files = compliancePackage({ target: target!, functions });
  const lines = [`targets/${target!.name}: valid; ${target!.municipalities.length} municipalities`];
  for (const m of target!.municipalities) {
    const p = municipalityPieces(target!, functions, m);
    lines.push(
      `  ${p.code} ${p.name} (reference name)`,
      `    hosts (DomainMapping + ClusterDomainClaim, TLS Secret ${p.tlsSecret}): ${p.hosts.join(', ') || 'none'}`,
      `    trust domain: AUTH_MUNICIPAL_ISSUERS ${p.trustDomain.join(',')}`,
      `    organisation sync: ${p.synced ? `AUTHZ_MUNICIPALITIES includes ${p.code}` : 'NOT in AUTHZ_MUNICIPALITIES'}`,
      `    upstreams (each host in egress): ${p.upstreams.map((u) => `${u.network} ${u.host}`).join(', ') || 'none'}`,
      `    relevant-case choices: ${p.relevantCases}`,
      `    KLE plan: ${p.klePlan ? `ConfigMap ${p.klePlan.configMap}, read by authz-sync at ${p.klePlan.file}` : 'none named (choices not checked against a plan)'}`,
      `    compliance record: controller of compliance/${target!.name}/ (records, agreements)`,
    );
  }
  const stale = Object.entries(files).some(
    ([name, content]) =>
      !existsSync(join(COMPLIANCE_DIR, target!.name, name)) ||
      readFileSync(join(COMPLIANCE_DIR, target!.name, name), 'utf8') !== content,
  );
  if (stale)
    lines.push(
      `  compliance/${target!.name}/ is not current: run npm run compliance -- --target ${target!.name}`,
    );
  lines.push('what the municipalities must still provide (infra/DEPLOY.md order):');
  let section = '';
  for (const step of stillToProvide(target!, functions)) {
    if (step.section !== section) {
      section = step.section;
      lines.push(`  ${section}`);
    }
    lines.push(`    - ${step.step}`);
  }
  console.log(lines.join('\n'));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
