import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDevIssuer } from './dev-issuer.ts';
import { createTokenVerifier } from './token-verifier.ts';

const gp = {
  subject: 'gp-torvet-1',
  name: 'Grethe Petersen',
  role: 'gp',
  organisation: { id: 'gp_clinic:1', name: 'Lægerne Torvet' },
  domain: 'health' as const,
};

describe('openDevIssuer', () => {
  it('signs tokens that a verifier trusting its domains accepts, across processes via the key file', async () => {
    const keyFile = join(await mkdtemp(join(tmpdir(), 'dev-idp-')), 'key.json');
    const first = await openDevIssuer(keyFile);
    const token = await first.sign(gp);
    const second = await openDevIssuer(keyFile);
    const principal = await createTokenVerifier(second.trustDomains)(token);
    expect(principal).toMatchObject({
      user: 'user:health/gp-torvet-1',
      role: 'gp',
      domain: 'health',
      client: 'hoi-dev',
    });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it('POL-004.1: signs a municipal identity by its own municipality’s issuer, scoped to that municipality', async () => {
    const issuer = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'dev-idp-')), 'key.json'));
    const caseworker = { ...gp, role: 'caseworker', domain: 'municipal' as const, municipality: '860' };
    const principal = await createTokenVerifier(issuer.trustDomains)(await issuer.sign(caseworker));
    expect(principal).toMatchObject({
      user: 'user:860/gp-torvet-1',
      domain: 'municipal',
      municipality: '860',
      issuer: 'urn:hoi:dev-idp:municipal:860',
    });
    await expect(issuer.sign({ ...caseworker, municipality: undefined })).rejects.toThrow(
      'a municipal identity needs its municipality',
    );
  });

  it('is not trusted by a verifier with another key', async () => {
    const a = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'dev-idp-')), 'key.json'));
    const b = await openDevIssuer(join(await mkdtemp(join(tmpdir(), 'dev-idp-')), 'key.json'));
    await expect(createTokenVerifier(b.trustDomains)(await a.sign(gp))).rejects.toMatchObject({
      status: 401,
    });
  });
});
