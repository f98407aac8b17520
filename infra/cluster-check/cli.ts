import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkObjects, checkStacks } from './check-objects.ts';
import { controls } from './controls.ts';
import { KubeApi } from './kube-api.ts';
import { synthesizedStacks } from './stack-objects.ts';

/**
 * `node infra/cluster-check/cli.ts [outdir]`, under `.ci/with-apiserver`: every object of
 * every synthesized stack against the real API server and the operators' checks, then the
 * negative controls. Prints one line per stack and exits 1 on any refusal or warning, or
 * on a control that was not refused.
 */
const {
  HOI_KUBE_API_URL: url,
  HOI_KUBE_TOKEN: token,
  HOI_KUBE_CA: ca,
  HOI_OPERATOR_CHECK: binary,
} = process.env;
if (!url || !token || !ca || !binary) {
  console.error(
    'cluster-check: HOI_KUBE_API_URL, HOI_KUBE_TOKEN, HOI_KUBE_CA and HOI_OPERATOR_CHECK are required (run it under .ci/with-apiserver)',
  );
  process.exit(2);
}
const started = performance.now();
const api = new KubeApi({ url, token, ca: readFileSync(ca, 'utf8') });
const stacks = synthesizedStacks(resolve(process.argv[2] ?? 'infra/cdktf.out'));
let failed = false;
for (const result of await checkStacks(api, stacks, binary)) {
  const charts = result.charts.length ? `; ${result.charts.length} chart(s) not rendered` : '';
  console.log(
    `cluster-check: ${result.stack}: ${result.accepted} objects accepted, ${result.refusals.length} refusal(s)${charts}`,
  );
  for (const r of result.refusals) console.log(`  REFUSED ${r.address} (${r.object}): ${r.message}`);
  failed ||= result.refusals.length > 0;
}

const base = [...stacks.values()].flatMap((s) => s.objects);
const knativeServing = base.filter((o) => o.object.kind === 'KnativeServing').slice(0, 1);
let refused = 0;
const all = controls(base);
for (const control of all) {
  const object = { stack: 'control', address: `control: ${control.name}`, object: control.object };
  const refusals = await checkObjects(api, [...knativeServing, object], binary);
  const mine = refusals.filter((r) => r.address === object.address);
  if (mine.some((r) => r.message.includes(control.refusal))) refused++;
  else {
    failed = true;
    console.log(
      `  CONTROL NOT REFUSED (${control.name}): wanted "${control.refusal}", got ${JSON.stringify(mine)}`,
    );
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`cluster-check: negative controls: ${refused} of ${all.length} refused; ${seconds} s`);
process.exitCode = failed ? 1 : 0;
