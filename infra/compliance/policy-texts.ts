/**
 * The policy files of policies/ as the compliance package quotes them: each
 * POL file's title and Purpose, and the rule ids it defines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface PolicyText {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  /** The `## Purpose` section, one paragraph, as written. */
  readonly purpose: string;
}

export interface PolicyTexts {
  readonly policies: ReadonlyMap<string, PolicyText>;
  readonly rules: ReadonlySet<string>;
}

export const POLICIES_DIR = resolve(import.meta.dirname, '../../policies');

export function readPolicyTexts(dir = POLICIES_DIR): PolicyTexts {
  const policies = new Map<string, PolicyText>();
  const rules = new Set<string>();
  for (const file of readdirSync(dir)
    .filter((f) => /^POL-\d{3}-.*\.md$/.test(f))
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const heading = /^# (POL-\d{3}) (.+)$/m.exec(text);
    if (!heading) continue;
    const purpose = /^## Purpose\n+([\s\S]*?)\n(?=## )/m.exec(text)?.[1] ?? '';
    policies.set(heading[1]!, {
      id: heading[1]!,
      file,
      title: heading[2]!.trim(),
      // Links are relative to policies/: the package quotes their text only.
      purpose: purpose
        .trim()
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1'),
    });
    for (const match of text.matchAll(/\*\*(POL-\d{3}\.\d+)\*\*/g)) rules.add(match[1]!);
  }
  return { policies, rules };
}
