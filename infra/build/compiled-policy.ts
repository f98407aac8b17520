/**
 * Where `npm run build` writes a policy file in its compiled (JSON) form, and so where the
 * image's functions read it: `policies/<path>.yaml` → `dist/policies/<path>.json`. The image
 * carries no YAML parser (packages.ts `DEVELOPMENT_PACKAGES`); the YAML stays what security
 * reviews, beside it.
 */
export function compiledPolicyPath(reviewed: string): string {
  const match = /^policies\/(.+)\.yaml$/.exec(reviewed);
  if (!match) throw new Error(`${reviewed}: not a policy file (policies/<name>.yaml)`);
  return `dist/policies/${match[1]}.json`;
}

/** The folder of municipalities' own policy files (POL-004.7), compiled as the shared ones are. */
export const MUNICIPAL_POLICIES_DIR = 'policies/municipalities';
