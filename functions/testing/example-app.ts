import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { forbidden, unauthorized } from '../runtime/http/app-error.ts';
import { createFunctionApp } from '../runtime/http/create-function-app.ts';
import { readJson } from '../runtime/http/validate-json.ts';
import { apiDocs } from '../runtime/openapi/api-docs.ts';
import type { ApiOperation } from '../runtime/openapi/operation.ts';

/**
 * Test-only: a small function built the way real ones are (kit app, `apiDocs`,
 * a token check on `/v1/*`, a route validating with the schema it documents),
 * so this folder's tests need no real function (functions/core knows none).
 */
export const REASONS = ['checkup', 'follow_up', 'referral'] as const;

export const bookingRequest = z.strictObject({
  childRef: z.string().check(z.minLength(4), z.maxLength(8)),
  reason: z.enum(REASONS),
  interpreter: z.optional(z.strictObject({ language: z.enum(['da', 'en', 'uk']) })),
});

export const bookingResponse = z.object({
  booked: z.boolean(),
  slots: z.array(z.object({ at: z.string(), unit: z.nullable(z.string()) })),
});

export const BOOK: ApiOperation = {
  method: 'post',
  path: '/v1/bookings',
  operationId: 'book',
  summary: 'Book a consultation',
  requestBody: { name: 'BookingRequest', schema: bookingRequest },
  responses: { 200: { description: 'Booked', body: { name: 'BookingResponse', schema: bookingResponse } } },
  problems: {
    400: ['invalid_request', 'invalid_json'],
    401: ['missing_token'],
    403: ['no_relation_to_child'],
    504: ['upstream_timeout'],
  },
};

export const EXAMPLE_INFO = { name: 'example', description: 'An example function', version: '2.3.4' };

export function exampleApp(): Hono {
  const app = createFunctionApp({ name: EXAMPLE_INFO.name });
  app.route('/', apiDocs({ info: EXAMPLE_INFO, operations: [BOOK] }));
  app.use('/v1/*', async (c, next) => {
    if (c.req.header('authorization') !== 'Bearer test') throw unauthorized('missing_token', 'No token');
    await next();
  });
  app.post(BOOK.path, async (c) => {
    const body = await readJson(c, bookingRequest);
    if (body.childRef === 'stranger') throw forbidden('no_relation_to_child', 'No relation');
    return c.json({ booked: true, slots: [{ at: '2026-12-01T09:00:00Z', unit: null }] });
  });
  return app;
}
