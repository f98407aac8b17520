import { expect, it } from 'vitest';
import { childPseudonym, sampleEntry } from '../../testing/sample-entry.ts';
import { describeEachStore } from '../../testing/test-stores.ts';
import { createAuditLog } from './audit-log.ts';

/** The filters of `query`: applied before paging, so a page is full whenever more records match. */
describeEachStore('audit log query filters', (store) => {
  const actor = (id: string, organisationId = 'sor:1') => ({
    ...sampleEntry().actor,
    id,
    organisationId,
  });

  it('narrow a child’s records by function, organisation, override, actor and request, and page what is left', async () => {
    const log = createAuditLog(store().db);
    const child = childPseudonym();
    const add = (action: string, over: Parameters<typeof sampleEntry>[0] = {}) =>
      log.append(sampleEntry({ childPseudonym: child, action, ...over }));
    await add('a', { functionName: 'case-lookup', actor: actor('gp-1', 'sor:1') });
    await add('b', { functionName: 'case-lookup', actor: actor('gp-2', 'sor:2'), override: true });
    await add('c', {
      functionName: 'access-log',
      actor: actor('p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'citizen'),
    });
    await add('d', { functionName: 'case-lookup', actor: actor('gp-1', 'sor:1'), requestId: 'req-now' });
    await log.append(sampleEntry({ functionName: 'case-lookup' }));
    const actions = async (filter: object, limit = 50) =>
      (await log.query(child, { limit, filter })).records.map((r) => r.action);
    expect(await actions({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await actions({ functionName: 'case-lookup' })).toEqual(['d', 'b', 'a']);
    expect(await actions({ organisationId: 'sor:1' })).toEqual(['d', 'a']);
    expect(await actions({ overrideOnly: true })).toEqual(['b']);
    expect(await actions({ excludeActors: ['p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'] })).toEqual(['d', 'b', 'a']);
    expect(await actions({ excludeRequestId: 'req-now' })).toEqual(['c', 'b', 'a']);
    const first = await log.query(child, { limit: 2, filter: { functionName: 'case-lookup' } });
    expect(first.records.map((r) => r.action)).toEqual(['d', 'b']);
    const second = await log.query(child, {
      limit: 2,
      beforeSeq: first.nextBeforeSeq!,
      filter: { functionName: 'case-lookup' },
    });
    expect(second).toEqual({ records: [expect.objectContaining({ action: 'a' })] });
  });

  it('narrow by period: from is inclusive, to exclusive', async () => {
    const log = createAuditLog(store().db);
    const child = childPseudonym();
    await log.append(sampleEntry({ childPseudonym: child, action: 'early' }));
    await new Promise((r) => setTimeout(r, 5));
    await log.append(sampleEntry({ childPseudonym: child, action: 'late' }));
    const [late, early] = (await log.query(child)).records;
    const actions = async (filter: object) =>
      (await log.query(child, { filter })).records.map((r) => r.action);
    expect(await actions({ from: late!.time })).toEqual(['late']);
    expect(await actions({ to: late!.time })).toEqual(['early']);
    expect(await actions({ from: early!.time, to: new Date(late!.time.getTime() + 1) })).toEqual([
      'late',
      'early',
    ]);
    await expect(log.query(child, { filter: { from: new Date('nope') } })).rejects.toBeInstanceOf(RangeError);
  });

  it('POL-007.14: keep only records whose cases are all shown; records of unknown cases only when asked', async () => {
    const log = createAuditLog(store().db);
    const child = childPseudonym();
    const [shown, withheld] = [
      '3f2b1c4d-0000-4000-8000-000000000001',
      '3f2b1c4d-0000-4000-8000-000000000002',
    ];
    const add = (action: string, caseIds?: string[]) =>
      log.append(sampleEntry({ childPseudonym: child, action, ...(caseIds ? { caseIds } : {}) }));
    await add('older');
    await add('no-case', []);
    await add('shown', [shown]);
    await add('withheld', [withheld]);
    await add('both', [shown, withheld]);
    const actions = async (onlyCases?: { ids: string[]; keepUnknownCases: boolean }) =>
      (await log.query(child, { filter: onlyCases ? { onlyCases } : {} })).records.map((r) => r.action);
    expect(await actions()).toEqual(['both', 'withheld', 'shown', 'no-case', 'older']);
    expect(await actions({ ids: [shown], keepUnknownCases: false })).toEqual(['shown', 'no-case']);
    expect(await actions({ ids: [shown], keepUnknownCases: true })).toEqual(['shown', 'no-case', 'older']);
    expect(await actions({ ids: [], keepUnknownCases: false })).toEqual(['no-case']);
    const [record] = (await log.query(child, { limit: 1 })).records;
    expect(record?.caseIds).toEqual([shown, withheld]);
  });

  it('POL-007.13: inspect answers one organisation’s staff across children, by employee, unit, period and child', async () => {
    // A second between records: appended within one millisecond, two would share a time and the
    // period filter (`to` is exclusive) could not tell them apart.
    let records = 0;
    const start = Date.parse('2026-11-02T08:00:00Z');
    const log = createAuditLog(store().db, { clock: () => new Date(start + 1000 * ++records) });
    const [emma, noah] = [childPseudonym(), childPseudonym()];
    // A unique organisation per run: the store is shared by this file's tests.
    const clinic = `9991${Date.now()}`;
    const municipal = (id: string, unit: string) => ({
      ...sampleEntry().actor,
      id,
      organisationId: unit,
      trustDomain: 'municipal/851',
    });
    const at = (id: string, organisationId: string, trustDomain = 'health') => ({
      ...sampleEntry().actor,
      id,
      organisationId,
      trustDomain,
    });
    const add = (action: string, childId: string, actor: ReturnType<typeof at>) =>
      log.append(sampleEntry({ action, childPseudonym: childId, actor }));
    await add('gp-emma', emma, at('gp-1', clinic));
    await add('gp2-noah', noah, at('gp-2', clinic));
    await add('other-clinic', emma, at('gp-3', `${clinic}9`));
    await add('forged-domain', emma, at('gp-4', clinic, 'municipal/851'));
    await add('cw-emma', emma, municipal('cw-1', '851-myndighed-oest'));
    const actions = async (scope: { trustDomain: string; organisationId?: string }, filter = {}) =>
      (await log.inspect({ scope, filter })).records.map((r) => r.action);
    expect(await actions({ trustDomain: 'health', organisationId: clinic })).toEqual(['gp2-noah', 'gp-emma']);
    expect(
      await actions({ trustDomain: 'health', organisationId: clinic }, { childPseudonym: emma }),
    ).toEqual(['gp-emma']);
    expect(await actions({ trustDomain: 'health', organisationId: clinic }, { actorId: 'gp-2' })).toEqual([
      'gp2-noah',
    ]);
    const cw = await actions({ trustDomain: 'municipal/851' }, { organisationId: '851-myndighed-oest' });
    expect(cw.slice(0, 1)).toEqual(['cw-emma']);
    expect(cw).not.toContain('gp-emma');
    const [newest] = (await log.inspect({ scope: { trustDomain: 'health', organisationId: clinic } }))
      .records;
    expect(await actions({ trustDomain: 'health', organisationId: clinic }, { to: newest!.time })).toEqual([
      'gp-emma',
    ]);
    const first = await log.inspect({ scope: { trustDomain: 'health', organisationId: clinic }, limit: 1 });
    expect(first.records.map((r) => r.action)).toEqual(['gp2-noah']);
    const second = await log.inspect({
      scope: { trustDomain: 'health', organisationId: clinic },
      limit: 1,
      beforeSeq: first.nextBeforeSeq!,
    });
    expect(second).toEqual({ records: [expect.objectContaining({ action: 'gp-emma' })] });
    await expect(
      log.inspect({ scope: { trustDomain: 'health' }, filter: { childPseudonym: '670116-4470' } }),
    ).rejects.toThrow(/childPseudonym/);
  });
});
