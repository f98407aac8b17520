import { describe, expect, it } from 'vitest';
import { unauthorized } from '../http/app-error.ts';
import { createFunctionApp } from '../http/create-function-app.ts';
import { authenticate } from './authenticate.ts';
import type { Principal } from './principal.ts';

const anne: Principal = {
  user: 'user:851/anne',
  subject: 'anne',
  name: 'Anne',
  role: 'caseworker',
  organisation: { id: 'org:851', name: 'Aalborg' },
  domain: 'municipal',
  issuer: 'https://idp.aalborg.example',
  municipality: '851',
};

function app() {
  const a = createFunctionApp({ name: 'test' });
  a.use(
    '/v1/*',
    authenticate(async (token) => {
      if (token === 'good.payload.sig') return anne;
      throw unauthorized('invalid_token', 'The bearer token is not valid');
    }),
  );
  a.get('/v1/me', (c) => c.json(c.get('principal')));
  return a;
}

describe('authenticate', () => {
  it('puts the verified principal on the context', async () => {
    const res = await app().request('/v1/me', { headers: { authorization: 'Bearer good.payload.sig' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(anne);
  });

  it('answers 401 missing_token with a Bearer challenge when there is no token', async () => {
    for (const headers of [{}, { authorization: 'Basic YTpi' }, { authorization: 'Bearer not a jwt' }]) {
      const res = await app().request('/v1/me', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toMatchObject({ code: 'missing_token' });
    }
  });

  it('passes the verifier’s refusal through as a 401 problem', async () => {
    const res = await app().request('/v1/me', { headers: { authorization: 'Bearer bad.payload.sig' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'invalid_token' });
  });

  it('leaves health endpoints open', async () => {
    expect((await app().request('/health/liveness')).status).toBe(200);
  });
});
