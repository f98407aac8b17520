import { existsSync } from 'node:fs';
import { it } from 'vitest';

/** Debian's Chromium, which playwright-core drives (it never downloads a browser). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser tests of the calling `describe` can run. Without Chromium
 * it registers, in their place, a test that fails in CI (which installs it) and
 * is skipped locally with the command that installs it.
 */
export function chromiumPresent(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) {
    it(`needs chromium at ${CHROMIUM}`, () => {
      throw new Error(`chromium missing at ${CHROMIUM}: CI installs Debian's chromium (.ci/run)`);
    });
  } else {
    it.skip(`skipped: chromium not found at ${CHROMIUM} (apt-get install chromium)`, () => {});
  }
  return false;
}
