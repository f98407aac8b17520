import { describe, expect, it } from 'vitest';
import { CPR_SHAPED, parseCpr, pseudonym } from '../runtime/cpr/cpr.ts';
import { fakeUpstream, problemOf } from '../testing/fake-upstream.ts';
import { createCprRegister } from './cpr-register.ts';

const key = new Uint8Array(32).fill(9);
const cpr = (digits: string) => {
  const parsed = parseCpr(digits);
  if (!parsed.ok) throw new Error('fixture');
  return parsed.cpr;
};
// Substitute numbers only (day + 60).
const child = cpr('6703154321');
const mother = cpr('7104854322');
const father = cpr('8211823335');

describe('CPR adapter', () => {
  it('POL-001: returns custody holders only as keyed pseudonyms', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/persons/lookup', (c) =>
      c.json({
        name: 'Emma Holm',
        birthDate: child.birthDate,
        residenceMunicipality: '851',
        custodyHolders: [mother.digits, father.digits],
        addressProtected: false,
      }),
    );
    const person = await createCprRegister({ ...upstream.options, pseudonymKey: key }).lookup(child);
    expect(person).toEqual({
      name: 'Emma Holm',
      birthDate: child.birthDate,
      residenceMunicipality: '851',
      custodyHolders: [pseudonym(mother, key), pseudonym(father, key)],
      addressProtected: false,
    });
    expect(person?.custodyHolders.every((p) => /^p-[0-9a-f]{32}$/.test(p))).toBe(true);
    expect(CPR_SHAPED.test(JSON.stringify(person))).toBe(false);
    expect(upstream.requests[0]?.url).toBe('http://upstream.test/api/persons/lookup');
  });

  it('reads 404 as "no such person"', async () => {
    const upstream = fakeUpstream();
    upstream.app.post('/api/persons/lookup', (c) => c.json({ code: 'person_not_found' }, 404));
    expect(await createCprRegister({ ...upstream.options, pseudonymKey: key }).lookup(child)).toBeNull();
  });

  it('answers 502 for a custody holder that is not a CPR number, and for a failing register', async () => {
    const broken = fakeUpstream();
    broken.app.post('/api/persons/lookup', (c) =>
      c.json({
        name: 'X',
        birthDate: '2016-01-07',
        residenceMunicipality: '851',
        custodyHolders: ['999999-9999'],
        addressProtected: false,
      }),
    );
    expect(
      await problemOf(createCprRegister({ ...broken.options, pseudonymKey: key }).lookup(child)),
    ).toEqual({
      status: 502,
      code: 'upstream_invalid_response',
    });
    const failing = fakeUpstream();
    failing.app.post('/api/persons/lookup', (c) => c.json({}, 500));
    expect(
      await problemOf(createCprRegister({ ...failing.options, pseudonymKey: key }).lookup(child)),
    ).toEqual({
      status: 502,
      code: 'upstream_error',
    });
  });

  it('refuses a pseudonym key shorter than 32 bytes at construction', () => {
    expect(() =>
      createCprRegister({ baseUrl: 'http://x', timeoutMs: 100, pseudonymKey: new Uint8Array(16) }),
    ).toThrow('pseudonymKey must have at least 32 bytes');
  });
});
