import * as z from 'zod/mini';

/**
 * Five-field cron expressions as Kubernetes CronJobs read them (minute, hour, day
 * of month, month, day of week; `*`, numbers, ranges, lists and steps), checked at
 * synth so a typo fails there instead of as a CronJob the API server refuses.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const ITEM = /^(\*|(\d+)(-(\d+))?)(\/(\d+))?$/;

/** What is wrong with `expression`, or undefined when it is a valid five-field expression. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return `must have five fields (minute hour day month weekday), not ${parts.length}`;
  for (const [i, part] of parts.entries()) {
    const field = FIELDS[i]!;
    for (const item of part.split(',')) {
      const match = ITEM.exec(item);
      if (!match) return `${field.name} "${part}" is not *, n, a-b, a-b/n or a list of those`;
      const numbers = [match[2], match[4]].filter((n) => n !== undefined).map(Number);
      if (numbers.some((n) => n < field.min || n > field.max)) {
        return `${field.name} "${part}" must lie within ${field.min}-${field.max}`;
      }
      if (numbers.length === 2 && numbers[0]! > numbers[1]!)
        return `${field.name} range "${item}" runs backwards`;
      if (match[6] !== undefined && Number(match[6]) === 0) return `${field.name} step "${item}" must be ≥ 1`;
    }
  }
  return undefined;
}

/** A five-field cron expression as a schema, each field checked (`cronProblem`). */
export const cronExpression = z.string().check(
  z.superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  }),
);
