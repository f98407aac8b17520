import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { randomToken, sameToken, sealedCookie } from './sealed-cookie.ts';

const key = new Uint8Array(32).fill(7);
const session = sealedCookie<{ who: string }>({
  key,
  name: 's',
  path: '/portal',
  purpose: 'session',
  maxAgeSec: 600,
});
const app = new Hono();
app.get('/write', async (c) => {
  await session.write(c, { who: 'gp' }, 3600);
  return c.text('ok');
});
app.get('/read', async (c) => c.json((await session.read(c)) ?? null));
app.get('/clear', (c) => {
  session.clear(c);
  return c.text('ok');
});

describe('the sealed cookie', () => {
  it('is Secure, HttpOnly, SameSite=Lax, on its path, bounded by maxAgeSec, and opaque', async () => {
    const res = await app.request('/write');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^s=[\w-]*\.\.[\w-]+\.[\w-]+\.[\w-]+; Max-Age=600; Path=\/portal; HttpOnly; Secure; SameSite=Lax$/,
    );
    const value = cookie.split(';')[0]!;
    // Opaque: no segment of the value, read as base64url, holds the sealed content. (A check
    // for a short substring of the raw value fails by chance: 'gp' turned up in random bytes.)
    for (const segment of value.slice('s='.length).split('.')) {
      expect(Buffer.from(segment, 'base64url').toString('latin1')).not.toContain('"who"');
    }
    expect(await (await app.request('/read', { headers: { cookie: value } })).json()).toEqual({ who: 'gp' });
  });

  it('reads nothing from a cookie changed, sealed for another purpose or with another key', async () => {
    const value = (await app.request('/write')).headers.get('set-cookie')!.split(';')[0]!;
    const flipped = `${value.slice(0, -3)}${value.endsWith('A') ? 'B' : 'A'}${value.slice(-2)}`;
    expect(await (await app.request('/read', { headers: { cookie: flipped } })).json()).toBeNull();
    const other = sealedCookie<{ who: string }>({
      key,
      name: 's',
      path: '/',
      purpose: 'launch',
      maxAgeSec: 600,
    });
    const otherKey = sealedCookie<{ who: string }>({
      key: new Uint8Array(32),
      name: 's',
      path: '/',
      purpose: 'session',
      maxAgeSec: 600,
    });
    for (const reader of [other, otherKey]) {
      const probe = new Hono().get('/', async (c) => c.json((await reader.read(c)) ?? null));
      expect(await (await probe.request('/', { headers: { cookie: value } })).json()).toBeNull();
    }
  });

  it('clears with an expired cookie on the same path', async () => {
    expect((await app.request('/clear')).headers.get('set-cookie')).toMatch(/^s=; Max-Age=0; Path=\/portal/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() =>
      sealedCookie({ key: new Uint8Array(16), name: 's', path: '/', purpose: 'x', maxAgeSec: 1 }),
    ).toThrow(/32-byte/);
  });

  it('random tokens differ and compare only when equal', () => {
    const a = randomToken();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(sameToken(a, a)).toBe(true);
    expect(sameToken(a, `${a}x`)).toBe(false);
    expect(sameToken(a, undefined)).toBe(false);
  });
});
