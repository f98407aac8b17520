import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KlePlanError, loadKlePlan, parseKlePlan, planRefuses } from './kle-plan.ts';

const synthetic = resolve(import.meta.dirname, '../../testing/kle-emneplan.xml');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** One subject in KL's nesting, optionally discontinued (udgået). */
const plan = (subjects: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><KLE-Emneplan><Hovedgruppe><HovedgruppeNr>34</HovedgruppeNr><Gruppe><GruppeNr>34.10</GruppeNr>${subjects}</Gruppe></Hovedgruppe></KLE-Emneplan>`;
const subject = (number: string, title: string, discontinued?: string) =>
  `<Emne><UUID>00000000-0000-4000-8000-000000000000</UUID><EmneNr>${number}</EmneNr><EmneTitel>${title}</EmneTitel><EmneAdministrativInfo><OprettetDato>2023-11-01</OprettetDato>${
    discontinued ? `<Historisk><UdgaaetDato>${discontinued}</UdgaaetDato></Historisk>` : ''
  }</EmneAdministrativInfo><BevaringJaevnfoerArkivloven>B</BevaringJaevnfoerArkivloven></Emne>`;

describe('a KLE plan (kle-emneplan.xml from the municipality’s own subscription)', () => {
  it('reads the synthetic plan: every subject the policies name, with our titles, groups ignored', async () => {
    const read = await loadKlePlan(synthetic);
    expect([...read.keys()].sort()).toEqual([
      '17.03.04',
      '17.03.08',
      '17.20.03',
      '27.25.12',
      '28.06.12',
      '29.12.12',
      '34.00.00',
      '34.10.10',
      '34.10.30',
      '34.15.05',
      '34.25.00',
    ]);
    expect(read.get('34.10.10')).toEqual({ title: 'child assessment (synthetic)' });
    expect(read.has('34.10')).toBe(false);
  });

  it('keeps the number, the title and the day a subject was discontinued; ignores the rest', () => {
    const read = parseKlePlan(
      plan(
        subject('34.10.10', 'an assessment', undefined) +
          subject('34.10.30', 'old notices', '2025-01-01T00:00:00'),
      ),
      'test',
    );
    expect(Object.fromEntries(read)).toEqual({
      '34.10.10': { title: 'an assessment' },
      '34.10.30': { title: 'old notices', discontinued: '2025-01-01' },
    });
    expect(planRefuses(read, '34.10.10', '2026-11-25')).toBeUndefined();
    expect(planRefuses(read, '34.10.30', '2024-12-31')).toBeUndefined();
    expect(planRefuses(read, '34.10.30', '2026-11-25')).toBe(
      'was discontinued in its KLE plan on 2025-01-01',
    );
    expect(planRefuses(read, '27.25.12', '2026-11-25')).toBe('is not in its KLE plan');
  });

  it('POL-004.7: refuses XML that is not well-formed, a DTD, and a file without a subject, naming the file', async () => {
    expect(() => parseKlePlan('<KLE-Emneplan><Emne>', 'kle-plan-860')).toThrow(KlePlanError);
    expect(() => parseKlePlan('<KLE-Emneplan><Emne>', 'kle-plan-860')).toThrow(
      /^kle-plan-860: not well-formed XML \(line \d+\)$/,
    );
    const dtd = plan(subject('34.10.10', 't')).replace('?>', '?><!DOCTYPE KLE-Emneplan [<!ENTITY x "y">]>');
    expect(() => parseKlePlan(dtd, 'kle-plan-860')).toThrow('kle-plan-860: a KLE plan must not carry a DTD');
    expect(() => parseKlePlan(plan(''), 'kle-plan-860')).toThrow(
      'kle-plan-860: no KLE subject (Emne with EmneNr) in the plan',
    );
    const dir = await mkdtemp(join(tmpdir(), 'kle-plan-'));
    dirs.push(dir);
    await expect(loadKlePlan(join(dir, 'missing.xml'))).rejects.toThrow(
      `${join(dir, 'missing.xml')}: cannot read the KLE plan`,
    );
    await writeFile(join(dir, 'plan.xml'), readFileSync(synthetic, 'utf8'));
    expect((await loadKlePlan(join(dir, 'plan.xml'))).size).toBe(11);
  });
});
