import { ConfigError } from '../../runtime/config/parse-env.ts';

/**
 * `AUDIT_RETENTION_DAYS`: how long audit records are kept (policies/retention.yaml,
 * `audit-log`; infra sets it from there). Unset: nothing is purged.
 */
export function retentionDays(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = env.AUDIT_RETENTION_DAYS;
  if (value === undefined || value === '') return undefined;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > 36_500)
    throw new ConfigError('AUDIT_RETENTION_DAYS', 'must be a whole number of days from 1 to 36500');
  return days;
}
