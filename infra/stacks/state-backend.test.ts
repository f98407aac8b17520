import { TerraformStack, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../targets/index.ts';
import { parseTarget, type TargetInput } from '../targets/schema.ts';
import { useState } from './state-backend.ts';

/** The `terraform.backend` block a stack of the target synthesizes. */
function backendOf(state: TargetInput['state'], stackName = 'self-hosted-platform') {
  const target = parseTarget('self-hosted', { ...TARGETS['self-hosted']!, state });
  const stack = new TerraformStack(Testing.app(), stackName);
  useState(stack, stackName, target.state);
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

const S3 = {
  kind: 's3',
  bucket: 'hoi-state',
  keyPrefix: 'aalborg',
  region: 'eu-dk-1',
  endpointUrl: 'https://s3.aalborg.example',
} as const;

describe('state backend per target', () => {
  it('keeps local state at a relative path per stack by default', () => {
    expect(backendOf(undefined)).toEqual({ local: { path: 'terraform.self-hosted-platform.tfstate' } });
  });

  it('writes S3-compatible state per stack with the AWS-only checks off and a lock file', () => {
    expect(backendOf(S3, 'self-hosted-cluster')).toEqual({
      s3: {
        bucket: 'hoi-state',
        key: 'aalborg/self-hosted-cluster.tfstate',
        region: 'eu-dk-1',
        endpoints: { s3: 'https://s3.aalborg.example' },
        use_path_style: true,
        use_lockfile: true,
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_s3_checksum: true,
      },
    });
    const older = backendOf({ ...S3, lockfile: false, usePathStyle: false }).s3;
    expect(older).not.toHaveProperty('use_lockfile');
    expect(older.use_path_style).toBe(false);
  });

  it('writes pg state in a schema per stack and leaves the connection string to PG_CONN_STR', () => {
    const backend = backendOf({ kind: 'pg', schemaPrefix: 'hoi_state' });
    expect(backend).toEqual({ pg: { schema_name: 'hoi_state_self_hosted_platform' } });
  });

  it('gives each sample target its kind: local, pg for self-hosted, s3 for eu-managed', () => {
    const kinds = ['local', 'self-hosted', 'eu-managed'].map(
      (name) => parseTarget(name, TARGETS[name]).state.kind,
    );
    expect(kinds).toEqual(['local', 'pg', 's3']);
  });
});

describe('state validation names the target and the field', () => {
  const parse = (state: unknown) => () =>
    parseTarget('self-hosted', { ...TARGETS['self-hosted']!, state } as TargetInput);

  it.each<[string, unknown, string]>([
    ['a known kind', { kind: 'consul' }, 'targets/self-hosted: state.kind must be one of local, s3, pg'],
    [
      'an https S3 endpoint',
      { ...S3, endpointUrl: 'http://s3.aalborg.example' },
      'targets/self-hosted: state.endpointUrl must be an https:// URL',
    ],
    [
      'no credentials in the S3 endpoint',
      { ...S3, endpointUrl: 'https://key:secret@s3.aalborg.example' },
      'targets/self-hosted: state.endpointUrl must be an https:// URL',
    ],
    ['an S3 bucket', { ...S3, bucket: undefined }, 'targets/self-hosted: state.bucket is required'],
    [
      'a PostgreSQL schema prefix',
      { kind: 'pg', schemaPrefix: 'hoi-state' },
      'targets/self-hosted: state.schemaPrefix must be a PostgreSQL name of [a-z0-9_]',
    ],
  ])('requires %s', (_rule, state, message) => {
    expect(parse(state)).toThrow(message);
  });

  it('has no field for a connection string: the pg backend reads PG_CONN_STR only', () => {
    const target = parseTarget('self-hosted', {
      ...TARGETS['self-hosted']!,
      state: { kind: 'pg', schemaPrefix: 'hoi_state', connStr: 'postgres://u:p@db/state' },
    } as TargetInput);
    expect(target.state).toEqual({ kind: 'pg', schemaPrefix: 'hoi_state' });
  });
});
