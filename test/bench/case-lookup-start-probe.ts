/**
 * Bundled and run by `npm run bench` in a fresh process: times the slow steps
 * of case-lookup's start on their own, in the order `wiring.ts` runs them.
 * Prints one JSON line of milliseconds; `loadedMs` is on the process clock
 * (0 = process start), the others are durations.
 */

import { createFkOrganisation } from '../../functions/contracts/fk-organisation.ts';
import { createHealthOrganisation } from '../../functions/contracts/health-organisation.ts';
import { startAuthorizer } from '../../functions/kit/start-authorizer.ts';
import { loadDatabaseConfig } from '../../functions/runtime/db/config.ts';
import { migrate } from '../../functions/runtime/db/migrate.ts';
import { connectDatabase } from '../../functions/runtime/db/open-database.ts';

const loadedMs = performance.now();
const upstream = { baseUrl: process.env.UPSTREAM_BASE_URL ?? 'http://127.0.0.1:8080', timeoutMs: 10_000 };
const since = (mark: number) => performance.now() - mark;

let mark = performance.now();
const authorizer = await startAuthorizer(process.env, {
  fkOrganisation: createFkOrganisation(upstream),
  health: createHealthOrganisation(upstream),
});
const authorizerMs = since(mark);

mark = performance.now();
const database = await connectDatabase(loadDatabaseConfig(process.env));
const databaseOpenMs = since(mark);
mark = performance.now();
await migrate(database);
const migrationsMs = since(mark);

console.log(JSON.stringify({ loadedMs, authorizerMs, databaseOpenMs, migrationsMs }));
await authorizer.close();
await database.close();
