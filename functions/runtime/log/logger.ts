import { redact, redactValue } from './redact.ts';

export type LogLevel = 'info' | 'warn' | 'error' | 'fatal';

/**
 * Everything a log line may carry besides its message. A closed set on
 * purpose: there is no place for a URL with its query, a body, a header, a
 * token or a person — the child is never named in a log line at all.
 */
export interface LogFields {
  /** The function (`case-lookup`) or process (`platform`) that writes the line. */
  readonly function?: string;
  readonly requestId?: string;
  readonly method?: string;
  /** The route template (`/v1/relevant-cases/search`), never the request's path. */
  readonly route?: string;
  readonly status?: number;
  readonly durationMs?: number;
  /** The stable problem code of an error answer (`upstream_timeout`). */
  readonly code?: string;
  /** The port a process listens on. */
  readonly port?: number;
  /** Milliseconds on the process clock (0 = the process started) when it began to listen. */
  readonly startMs?: number;
  /** Where the start's time went, on the process clock: `…, code 86, kit 125 (tokens 8, database 29, authorizer 34), listening 132`. */
  readonly startSteps?: string;
}

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  fatal(msg: string, fields?: LogFields): void;
  /** A logger whose lines carry these fields too (a later call's fields win). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Where each line goes. @default stdout, one write per line */
  readonly write?: (line: string) => void;
  /** @default the system clock */
  readonly clock?: () => Date;
}

/**
 * JSON lines (`level`, `time`, `msg`, then the fields), one per event, for
 * the cluster's log collector. Every value passes the redaction guard first.
 */
export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const at =
    (level: LogLevel) =>
    (msg: string, fields: LogFields = {}) => {
      const line: Record<string, string | number> = { level, time: clock().toISOString(), msg: redact(msg) };
      for (const [key, value] of Object.entries({ ...base, ...fields })) {
        if (value !== undefined) line[key] = redactValue(value);
      }
      write(JSON.stringify(line));
    };
  return {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}
