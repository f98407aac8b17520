/**
 * Test-only: where the real components are, for tests that run against them.
 * `.ci/with-services` starts them and sets these variables. Locally, without
 * them, such tests skip with a message; in CI (`CI` set) a missing component
 * fails the run instead, because there those tests are required.
 */
export interface RealOpenFga {
  readonly apiUrl: string;
  readonly apiToken?: string;
}

export function realOpenFga(
  env: Readonly<Record<string, string | undefined>> = process.env,
): RealOpenFga | undefined {
  const apiUrl = env.FGA_API_URL;
  if (!apiUrl) {
    if (env.CI)
      throw new Error(
        'CI must run the real OpenFGA tests: FGA_API_URL is not set (run via .ci/with-services)',
      );
    return undefined;
  }
  return { apiUrl, ...(env.FGA_API_TOKEN ? { apiToken: env.FGA_API_TOKEN } : {}) };
}

export function realPostgresUrl(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const url = env.HOI_TEST_POSTGRES_URL;
  if (!url && env.CI)
    throw new Error('CI must run the real PostgreSQL tests: HOI_TEST_POSTGRES_URL is not set');
  return url;
}

export const SKIP_REAL_OPENFGA =
  'real OpenFGA not configured (FGA_API_URL unset): run `.ci/with-services npm test` to include these tests';
