import * as z from 'zod/mini';

/**
 * Where OpenTofu/Terraform keeps a target's state, one key or schema per stack. Only
 * addresses live here: the credentials come from the deploy environment (`PG_CONN_STR`,
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`) and never reach the synthesized output.
 */
const localState = z.object({
  kind: z.literal('local'),
});

/** S3-compatible object storage in the EU (MinIO, Ceph RGW, an EU provider), never AWS-only features. */
const s3State = z.object({
  kind: z.literal('s3'),
  bucket: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3–63 of a-z 0-9 . -)')),
  /** Each stack's state is `<keyPrefix>/<stack>.tfstate`. */
  keyPrefix: z.string().check(z.regex(/^[a-z0-9._-]+(\/[a-z0-9._-]+)*$/, 'must be a path of [a-z0-9._-]')),
  /** The storage's own region name; the S3 client needs one even where it means nothing. */
  region: z.string().check(z.regex(/^[a-z0-9-]+$/, 'must be a region name of [a-z0-9-]')),
  endpointUrl: z.string().check(z.regex(/^https:\/\/[^\s/@]+(\/\S*)?$/, 'must be an https:// URL')),
  /** `https://host/bucket` rather than `https://bucket.host`: most self-run stores want this. */
  usePathStyle: z._default(z.boolean(), true),
  /**
   * S3 has no lock of its own: `use_lockfile` keeps a `.tflock` object beside the state
   * (OpenTofu/Terraform ≥ 1.10). Off only for older tools, and then never run two applies at once.
   */
  lockfile: z._default(z.boolean(), true),
});

/** A PostgreSQL database of the deployer's own; the connection string only from `PG_CONN_STR`. */
const pgState = z.object({
  kind: z.literal('pg'),
  /** Each stack's state is in schema `<schemaPrefix>_<stack>` (dashes become underscores). */
  schemaPrefix: z
    .string()
    .check(z.regex(/^[a-z_][a-z0-9_]{0,30}$/, 'must be a PostgreSQL name of [a-z0-9_]')),
});

export const stateSchema = z.discriminatedUnion('kind', [localState, s3State, pgState], {
  error: 'must be one of local, s3, pg',
});

export type StateBackend = z.output<typeof stateSchema>;
