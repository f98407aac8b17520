import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { BOOK, EXAMPLE_INFO } from '../../testing/example-app.ts';
import { AppError, badRequest } from '../http/app-error.ts';
import { createFunctionApp } from '../http/create-function-app.ts';
import { toProblem } from '../http/problem.ts';
import { livenessResponse, readinessResponse } from './health-operations.ts';
import { openApiDocument } from './openapi-document.ts';
import type { ApiOperation } from './operation.ts';
import { problemDocument } from './problem-schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by key in assertions
const doc = openApiDocument(EXAMPLE_INFO, [BOOK]) as any;

describe('openApiDocument', () => {
  it('is OpenAPI 3.1.0 with the manifest as info, relative servers and bearer JWT', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'example', description: 'An example function', version: '2.3.4' });
    expect(doc.servers).toEqual([{ url: './', description: 'Where this document is served from' }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(Object.keys(doc.paths)).toEqual(['/v1/bookings', '/health/liveness', '/health/readiness']);
  });

  it('documents the operation with zod’s own JSON Schema of its request and answer', () => {
    const op = doc.paths['/v1/bookings'].post;
    expect(op).toMatchObject({
      operationId: 'book',
      summary: 'Book a consultation',
      security: [{ bearerAuth: [] }],
    });
    expect(op.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/BookingRequest',
    });
    expect(doc.components.schemas.BookingRequest).toEqual({
      ...z.toJSONSchema(
        z.strictObject({
          childRef: z.string().check(z.minLength(4), z.maxLength(8)),
          reason: z.enum(['checkup', 'follow_up', 'referral']),
          interpreter: z.optional(z.strictObject({ language: z.enum(['da', 'en', 'uk']) })),
        }),
        { target: 'draft-2020-12', io: 'input' },
      ),
      $schema: undefined,
    });
    expect(doc.components.schemas.BookingResponse.properties.slots.items.properties.unit).toEqual({
      type: ['string', 'null'],
    });
  });

  it('pins each problem answer to its status and codes, adding the kit’s own', () => {
    const responses = doc.paths['/v1/bookings'].post.responses;
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '500', '504']);
    expect(responses['403']).toEqual({
      description: 'Forbidden',
      content: {
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Problem' },
              { properties: { status: { const: 403 }, code: { enum: ['no_relation_to_child'] } } },
            ],
          },
        },
      },
    });
    const codes = (status: string) =>
      responses[status].content['application/problem+json'].schema.allOf[1].properties.code.enum;
    expect(codes('504')).toEqual(['upstream_timeout', 'request_timeout']);
    expect(codes('500')).toEqual(['internal_error']);
  });

  it('documents the health endpoints as public, readiness with its 503 not_ready', () => {
    expect(doc.paths['/health/liveness'].get.security).toEqual([]);
    const readiness = doc.paths['/health/readiness'].get;
    expect(readiness.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Readiness',
    });
    expect(readiness.responses['503'].description).toBe('Service Unavailable');
  });

  it('has no JSON Schema dialect URL or local $defs left in components', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('$schema');
    expect(text).not.toContain('#/$defs');
    expect(text).not.toMatch(/https?:\/\//);
  });

  it('turns schemas with a registry id into components of their own', () => {
    const unit = z.object({ name: z.string() });
    z.globalRegistry.add(unit, { id: 'Unit' });
    try {
      const twice = z.object({ from: unit, to: unit });
      // biome-ignore lint/suspicious/noExplicitAny: JSON walked by key
      const built = openApiDocument(EXAMPLE_INFO, [withResponse(twice)]) as any;
      expect(built.components.schemas.Moves.properties.from).toEqual({ $ref: '#/components/schemas/Unit' });
      expect(built.components.schemas.Unit.properties.name).toEqual({ type: 'string' });
    } finally {
      z.globalRegistry.remove(unit);
    }
  });

  it.each([
    ['a path parameter', { ...BOOK, path: '/v1/bookings/:id' }, /path parameters are not supported/],
    ['a second operationId', BOOK, /operationId book is declared twice/],
    ['a second POST on a path', { ...BOOK, operationId: 'again' }, /POST \/v1\/bookings is declared twice/],
    [
      'a problem under a success status',
      { ...BOOK, operationId: 'x', path: '/x', problems: { 200: ['y'] } },
      /not an HTTP error status/,
    ],
    [
      'a status both answer and problem',
      {
        ...BOOK,
        operationId: 'x',
        path: '/x',
        responses: { 404: { description: 'None' } },
        problems: { 404: ['not_found'] },
      },
      /404 is both an answer and a problem/,
    ],
    [
      'another schema under a taken name',
      { ...BOOK, operationId: 'y', path: '/y', requestBody: { name: 'BookingResponse', schema: z.string() } },
      /Two different schemas are named "BookingResponse"/,
    ],
  ] as const)('refuses %s at start', (_, second, message) => {
    expect(() => openApiDocument(EXAMPLE_INFO, [BOOK, second as ApiOperation])).toThrow(message);
  });
});

describe('the documented schemas match what the kit answers', () => {
  it('every problem document toProblem renders is a documented Problem', () => {
    const problems = [
      toProblem(badRequest('invalid_request', 'Bad', { errors: [{ path: 'cpr', code: 'too_big' }] }), 'r-1'),
      toProblem(new AppError(503, 'audit_unavailable', 'Down'), undefined),
      toProblem(new Error('secret'), 'r-2'),
    ];
    for (const problem of problems) expect(problemDocument.safeParse(problem).success).toBe(true);
  });

  it('the health answers parse with the documented schemas', async () => {
    const app = createFunctionApp({ name: 'probe', readiness: [{ name: 'db', check: async () => true }] });
    expect(livenessResponse.parse(await (await app.request('/health/liveness')).json())).toEqual({
      status: 'ok',
    });
    expect(readinessResponse.parse(await (await app.request('/health/readiness')).json())).toEqual({
      status: 'ready',
      checks: ['db'],
    });
  });
});

function withResponse(schema: z.ZodMiniType): ApiOperation {
  return {
    method: 'get',
    path: '/v1/moves',
    operationId: 'moves',
    summary: 'Moves',
    responses: { 200: { description: 'Moves', body: { name: 'Moves', schema } } },
    problems: {},
  };
}
