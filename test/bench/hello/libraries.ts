/**
 * The libraries case-lookup runs on in production (OpenFGA server, PostgreSQL),
 * for `with-libraries.ts`: imported whole so that bundling keeps and evaluates
 * each, as a function's start does.
 */
import * as openfga from '@openfga/sdk';
import * as otel from '@opentelemetry/api';
import * as cockatiel from 'cockatiel';
import * as hono from 'hono';
import * as secureHeaders from 'hono/secure-headers';
import * as jose from 'jose';
import pg from 'pg';
import * as z from 'zod/mini';

export const libraries = [openfga, otel, cockatiel, hono, secureHeaders, jose, pg, z] as const;
