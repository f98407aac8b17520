/** SOV-001..004: where images and charts come from, and that they are pinned. */
import { globMatch } from './policy.ts';
import { isObject, type Json, type JsonObject, one, type Stack } from './stack.ts';
import type { Context, Violation } from './violation.ts';
import { subjectOf, whereIn } from './violation.ts';
import { imagesIn } from './walk.ts';

const DIGEST = /@sha256:[0-9a-f]{64}$/;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** `node:24` → `docker.io/library/node`: the registry host and path a runtime actually pulls. */
export function imageRepository(ref: string): { host: string; repository: string } {
  const name = ref.split('@')[0]!.replace(/:[^:/]+$/, '');
  const [first, ...rest] = name.split('/');
  if (rest.length > 0 && (first!.includes('.') || first!.includes(':') || first === 'localhost')) {
    return { host: first!, repository: `${first}/${rest.join('/')}` };
  }
  const path = rest.length === 0 ? `library/${first}` : name;
  return { host: 'docker.io', repository: `docker.io/${path}` };
}

const under = (value: string, prefix: string): boolean => {
  const base = prefix.replace(/\/+$/, '');
  return value === base || value.startsWith(`${base}/`);
};

/** Declared addresses a target config may not add (only the policy file may). */
const declarable = (entries: readonly string[], ctx: Context, hostOf: (entry: string) => string) =>
  entries.filter(
    (entry) => !ctx.policy.registries.neverDeclarable.some((glob) => globMatch(glob, hostOf(entry))),
  );

const chartHost = (entry: string) => entry.replace(/^[a-z]+:\/\//, '').split('/')[0]!;

/** The policy's common registries, the target's from the policy, and what the target declares that it may. */
const allowedRegistries = (ctx: Context): string[] => [
  ...ctx.policy.registries.images,
  ...ctx.target.registries,
  ...declarable(ctx.declared.registries, ctx, (e) => e.split('/')[0]!),
];

/** The value at a dotted path, through blocks written as one-element lists. */
function at(body: JsonObject, path: string): Json | undefined {
  let node: Json | undefined = body;
  for (const part of path.split('.')) node = one(node)?.[part];
  return node;
}

const isSet = (value: Json | undefined) =>
  value !== undefined &&
  value !== null &&
  value !== '' &&
  !(isObject(value) && Object.keys(value).length === 0);

/** Operators and charts that would pull their built-in image: nothing in the output names it. */
function hiddenDefaults(stack: Stack, ctx: Context): Violation[] {
  const violations: Violation[] = [];
  for (const entry of ctx.policy.registries.hiddenDefaults) {
    if (allowedRegistries(ctx).some((allowed) => under(entry.pulls, allowed))) continue;
    for (const object of stack.objects) {
      const chart = stack.releases
        .find((r) => r.address === object.address)
        ?.chart.split('/')
        .at(-1);
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
      const applies =
        entry.kind !== undefined
          ? object.kind === entry.kind && (entry.group === undefined || entry.group === group)
          : object.kind === 'HelmValues' && chart === entry.chart;
      if (!applies) continue;
      // A chart's values are several documents (`values[i]`, `set`); any of them may set the image.
      const bodies = entry.kind !== undefined ? [object.body] : Object.values(object.body).filter(isObject);
      if (entry.anyOf.some((path) => bodies.some((body) => isSet(at(body, path))))) continue;
      violations.push({
        rule: 'SOV-001',
        subject: subjectOf(object),
        where: whereIn(object, entry.anyOf.join(' | ')),
        problem: `nothing sets ${entry.anyOf.join(' or ')}, so it pulls its built-in default from ${entry.pulls}`,
        fix: `set ${entry.anyOf[0]} to the image(s) mirrored into the target's registry, pinned by digest`,
      });
    }
  }
  return violations;
}

export function checkSupply(stack: Stack, ctx: Context): Violation[] {
  const violations: Violation[] = [];
  const { policy, target, declared } = ctx;
  for (const [field, entries, hostOf, permitted, what] of [
    [
      'registries',
      declared.registries,
      (e: string) => e.split('/')[0]!,
      [...policy.registries.images, ...target.registries],
      'an image registry',
    ],
    [
      'charts',
      declared.charts,
      chartHost,
      [...policy.registries.charts, ...target.charts],
      'a chart repository',
    ],
  ] as const) {
    const allowedHere = declarable(entries, ctx, hostOf);
    // Declaring what the policy already permits for this target changes nothing.
    const refused = entries.filter((e) => !allowedHere.includes(e) && !permitted.some((p) => under(e, p)));
    for (const entry of refused) {
      violations.push({
        rule: field === 'registries' ? 'SOV-001' : 'SOV-003',
        subject: 'hoi_target',
        where: `hoi_target.${field}`,
        problem: `the target config declares ${entry}, ${what} only policies/sovereignty.yaml may allow`,
        fix: 'mirror into a registry the municipality or an EU provider runs, or argue the exception in review in policies/sovereignty.yaml',
      });
    }
  }
  const registries = allowedRegistries(ctx);
  for (const object of stack.objects) {
    for (const { path, ref } of imagesIn(object.body)) {
      const { repository } = imageRepository(ref);
      if (!registries.some((allowed) => under(repository, allowed))) {
        violations.push({
          rule: 'SOV-001',
          subject: subjectOf(object),
          where: whereIn(object, path),
          problem: `image ${ref} comes from ${repository.split('/')[0]}, which is not on the allow-list for target ${ctx.targetName ?? '(unknown)'}`,
          fix: `mirror it into one of: ${registries.join(', ') || '(none listed: add the target registry)'}; keep the digest`,
        });
      }
      if (!DIGEST.test(ref)) {
        violations.push({
          rule: 'SOV-002',
          subject: subjectOf(object),
          where: whereIn(object, path),
          problem: `image ${ref} is not pinned by digest`,
          fix: 'reference it as <registry>/<name>@sha256:<digest> (a tag may stay before the @ for readers)',
        });
      }
    }
  }
  const charts = [
    ...policy.registries.charts,
    ...target.charts,
    ...declarable(declared.charts, ctx, chartHost),
  ];
  for (const release of stack.releases) {
    const source = release.chart.startsWith('oci://')
      ? release.chart
      : `${release.repository.replace(/\/+$/, '')}/${release.chart}`;
    const subject = `helm_release ${release.name || release.address}`;
    if (!release.repository && !release.chart.startsWith('oci://')) {
      violations.push({
        rule: 'SOV-003',
        subject,
        where: release.address,
        problem: `chart ${release.chart} names no repository`,
        fix: `install it from one of: ${charts.join(', ') || '(none listed)'}`,
      });
    } else if (!charts.some((allowed) => under(source, allowed))) {
      violations.push({
        rule: 'SOV-003',
        subject,
        where: release.address,
        problem: `chart ${source} is not from an allowed repository for target ${ctx.targetName ?? '(unknown)'}`,
        fix: `mirror the chart (helm pull + helm push keeps it byte-identical) into one of: ${charts.join(', ') || '(none listed)'}`,
      });
    }
    if (!EXACT_VERSION.test(release.version)) {
      violations.push({
        rule: 'SOV-004',
        subject,
        where: `${release.address}: version`,
        problem: release.version
          ? `chart version "${release.version}" is not one exact version`
          : 'chart has no version (Helm takes the newest)',
        fix: 'set version to the exact release reviewed, e.g. 0.27.1',
      });
    }
  }
  violations.push(...hiddenDefaults(stack, ctx));
  return violations;
}
