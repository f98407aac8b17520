import type { Context } from 'hono';
import { AppError } from './app-error.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem document, with the platform's stable `code` and the request id. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly requestId?: string;
  readonly [extension: string]: unknown;
}

/**
 * The single place that decides what a caller sees of an error. Unknown errors
 * become a plain 500 without details; an AppError shows its code and safe message.
 */
export function toProblem(error: unknown, requestId: string | undefined): Problem {
  const known = error instanceof AppError ? error : new AppError(500, 'internal_error', 'Internal error');
  return {
    ...known.details,
    type: `urn:hoi:problem:${known.code}`,
    title: titleOf(known.status),
    status: known.status,
    code: known.code,
    detail: known.message,
    ...(requestId ? { requestId, instance: `urn:hoi:request:${requestId}` } : {}),
  };
}

export function problemResponse(c: Context, error: unknown): Response {
  const problem = toProblem(error, c.get('requestId'));
  return c.body(JSON.stringify(problem), problem.status as 400, { 'content-type': PROBLEM_CONTENT_TYPE });
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? 'Error';
}
