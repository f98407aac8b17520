import { CPR_SHAPED, PSEUDONYM_SHAPED } from '../runtime/cpr/cpr.ts';

/** Hex identifiers that may contain ten digits in a row by chance; they are never personal data. */
const RANDOM_HEX_IDS = new Set([
  'traceId',
  'spanId',
  'parentSpanId',
  'trace_id',
  'span_id',
  'traceid',
  'spanid',
]);

/**
 * Test-only: finds CPR-shaped numbers and keyed pseudonyms in whatever a test
 * captured (log lines, OTLP JSON). Returns the JSON paths (or `text`) where one occurs.
 */
export function findCprShaped(captured: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(captured);
  } catch {
    return personal(captured) ? ['text'] : [];
  }
  const hits: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string' || typeof value === 'number') {
      if (personal(String(value))) hits.push(path);
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`);
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!RANDOM_HEX_IDS.has(key)) walk(item, `${path}.${key}`);
      }
    }
  };
  walk(parsed, '$');
  return hits;
}

const personal = (text: string) => CPR_SHAPED.test(text) || PSEUDONYM_SHAPED.test(text);
