import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../runtime/http/app-error.ts';

/** A failure a test asks the sandbox to stage on one route. */
export interface SandboxFault {
  /** Method and path without query, e.g. `POST /cases/search` or `GET /units/851-ppr`. */
  readonly route: string;
  /** Wait this long before answering (or failing): longer than a caller's deadline makes it time out. */
  readonly delayMs?: number;
  /** Answer with this status as a problem instead of the real answer. */
  readonly status?: ContentfulStatusCode;
  /** Only the first `times` matching requests are hit. @default every request */
  readonly times?: number;
}

/** Stages the configured faults; routes without one pass untouched. */
export function injectFaults(faults: readonly SandboxFault[]): MiddlewareHandler {
  for (const fault of faults) {
    if (!/^(GET|POST) \/\S*$/.test(fault.route)) throw new RangeError(`fault route must be "METHOD /path"`);
  }
  const hits = new Map<SandboxFault, number>();
  return async (c, next) => {
    const fault = faults.find((f) => f.route === `${c.req.method} ${c.req.path}`);
    const seen = fault ? (hits.get(fault) ?? 0) : 0;
    if (!fault || (fault.times !== undefined && seen >= fault.times)) return next();
    hits.set(fault, seen + 1);
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.status) throw new AppError(fault.status, 'injected_fault', 'Fault injected by the sandbox');
    return next();
  };
}
