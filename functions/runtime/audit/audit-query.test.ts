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
});
