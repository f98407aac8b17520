import { describe, expect, it } from 'vitest';
import { cronProblem } from './cron.ts';

describe('cronProblem', () => {
  it('accepts the forms CronJobs take', () => {
    for (const ok of ['*/15 * * * *', '0 2 * * *', '5,35 8-18 * * 1-5', '0 0 1 1/3 *', '59 23 31 12 7']) {
      expect({ ok, problem: cronProblem(ok) }).toEqual({ ok, problem: undefined });
    }
  });

  it('names the field that is wrong', () => {
    expect(cronProblem('*/15 * * *')).toBe('must have five fields (minute hour day month weekday), not 4');
    expect(cronProblem('60 * * * *')).toBe('minute "60" must lie within 0-59');
    expect(cronProblem('0 24 * * *')).toBe('hour "24" must lie within 0-23');
    expect(cronProblem('0 0 0 * *')).toBe('day of month "0" must lie within 1-31');
    expect(cronProblem('0 0 * 13 *')).toBe('month "13" must lie within 1-12');
    expect(cronProblem('0 0 * * 8')).toBe('day of week "8" must lie within 0-7');
    expect(cronProblem('0 18-8 * * *')).toBe('hour range "18-8" runs backwards');
    expect(cronProblem('*/0 * * * *')).toBe('minute step "*/0" must be ≥ 1');
    expect(cronProblem('@hourly * * * *')).toBe(
      'minute "@hourly" is not *, n, a-b, a-b/n or a list of those',
    );
  });
});
