/** Which packages function bundles leave out, and why (read by build.ts, the image's compile-cache warmer and the tests). */

/**
 * Kept out of bundles, resolved from node_modules at run time (the image carries them):
 * `pg`, CommonJS with an optional native binding, stays the module npm installed (its
 * statements are traced by the kit, runtime/db/traced-database.ts, not by patching it).
 */
export const EXTERNAL_PACKAGES = ['pg'] as const;

/**
 * Kept out of bundles and out of the image: only development and local runs use them,
 * and there they resolve from the checkout's node_modules (`npm run bench`'s local
 * defaults, the build tests). PGlite (~0.5 MiB of code, ~25 MB of WASM): every cluster
 * target keeps the audit log in PostgreSQL. The DSL parser and the YAML parser (~0.5 MiB
 * with their dependencies): bundles read the model and the policies compiled to JSON.
 * Reaching one from the image stops the start with what to set instead
 * (functions/runtime/config/development-module.ts).
 */
export const DEVELOPMENT_PACKAGES = ['@electric-sql/pglite', '@openfga/syntax-transformer', 'yaml'] as const;
