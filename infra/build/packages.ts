/** Which packages function bundles leave out, and why (read by build.ts and the tests). */

/**
 * Every package a function runs on is inside its bundle, `pg` too (its statements are
 * traced by the kit, runtime/db/traced-database.ts, so nothing needs it as a module of its
 * own to patch): the image carries no node_modules, and a start resolves no package paths.
 * Left as imports, never installed: `pg`'s optional native binding, which `pg` asks for only
 * through `pg.native` or `NODE_PG_FORCE_NATIVE` (neither is used here) and whose absence it
 * expects (MODULE_NOT_FOUND).
 */
export const OPTIONAL_BINDINGS = ['pg-native'] as const;

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
