import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createFunctionApp } from './create-function-app.ts';
import { readJson } from './validate-json.ts';

const app = createFunctionApp({ name: 'test' });
app.post('/v1/x', async (c) =>
  c.json(await readJson(c, z.strictObject({ cpr: z.string().check(z.maxLength(11)) }))),
);
const post = (body: string, type = 'application/json') =>
  app.request('/v1/x', { method: 'POST', headers: { 'content-type': type }, body });

describe('readJson', () => {
  it('passes a valid body', async () => {
    const res = await post('{"cpr":"670315-4321"}');
    expect(await res.json()).toEqual({ cpr: '670315-4321' });
  });

  it('answers 400 invalid_request with paths and rule codes, never the values', async () => {
    const res = await post('{"cpr":"670315-4321-0000","extra":1}');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      code: 'invalid_request',
      errors: [
        { path: 'cpr', code: 'too_big' },
        { path: '(body)', code: 'unrecognized_keys' },
      ],
    });
    expect(text).not.toContain('670315');
  });

  it('answers 400 invalid_json for malformed JSON and 415 for another media type', async () => {
    expect((await post('{"cpr":')).status).toBe(400);
    expect(await (await post('{"cpr":')).json()).toMatchObject({ code: 'invalid_json' });
    expect((await post('cpr=1', 'application/x-www-form-urlencoded')).status).toBe(415);
  });
});
