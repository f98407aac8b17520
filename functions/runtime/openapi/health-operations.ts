import * as z from 'zod/mini';
import type { ApiOperation } from './operation.ts';

/** The answers of `healthRoutes` (`functions/runtime/http/health.ts`), which every function app mounts. */
export const livenessResponse = z.object({ status: z.literal('ok') });
export const readinessResponse = z.object({
  status: z.literal('ready'),
  checks: z.array(z.string()).check(z.describe('The dependencies that answered')),
});

export const HEALTH_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/health/liveness',
    operationId: 'liveness',
    summary: 'The process runs',
    security: 'public',
    responses: { 200: { description: 'Alive', body: { name: 'Liveness', schema: livenessResponse } } },
    problems: {},
  },
  {
    method: 'get',
    path: '/health/readiness',
    operationId: 'readiness',
    summary: 'Every dependency answers, so the function may take traffic',
    security: 'public',
    responses: { 200: { description: 'Ready', body: { name: 'Readiness', schema: readinessResponse } } },
    problems: { 503: ['not_ready'] },
  },
];
