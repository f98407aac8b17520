import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type of the platform. `code` is stable and machine-readable
 * (`invalid_cpr`, `forbidden`, `authorizer_unavailable`); `message` is safe to
 * show a caller and never carries user input, a CPR number or a token.
 */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  /** Safe, structured extras for the problem document (e.g. field paths of a validation error). */
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options?: { cause?: unknown; details?: Readonly<Record<string, unknown>> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    if (options?.details) this.details = options.details;
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details ? { details } : undefined);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const unavailable = (code: string, message: string, cause?: unknown) =>
  new AppError(503, code, message, { cause });
