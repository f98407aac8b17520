import { describe, expect, it } from 'vitest';
import { loadAuthzConfig } from './config.ts';

const store = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const model = '01JABCDEFGHJKMNPQRSTVWXYZ1';

describe('loadAuthzConfig', () => {
  it('defaults to the embedded evaluator', () => {
    expect(loadAuthzConfig({})).toEqual({ mode: 'embedded' });
  });

  it('reads the OpenFGA server settings with defaults for timeout and retries', () => {
    expect(
      loadAuthzConfig({
        AUTHZ_MODE: 'openfga',
        FGA_API_URL: 'https://fga.internal:8080/',
        FGA_STORE_ID: store,
        FGA_MODEL_ID: model,
      }),
    ).toEqual({
      mode: 'openfga',
      apiUrl: 'https://fga.internal:8080',
      storeId: store,
      modelId: model,
      timeoutMs: 2000,
      maxRetries: 2,
    });
  });

  it('names the missing variable in openfga mode', () => {
    expect(() =>
      loadAuthzConfig({ AUTHZ_MODE: 'openfga', FGA_API_URL: 'http://x', FGA_MODEL_ID: model }),
    ).toThrow('FGA_STORE_ID is required when AUTHZ_MODE=openfga');
  });

  it('rejects a store id that is not a ULID and a timeout out of range', () => {
    const base = { AUTHZ_MODE: 'openfga', FGA_API_URL: 'http://x', FGA_STORE_ID: store, FGA_MODEL_ID: model };
    expect(() => loadAuthzConfig({ ...base, FGA_STORE_ID: 'store-1' })).toThrow(
      'FGA_STORE_ID must be a ULID',
    );
    expect(() => loadAuthzConfig({ ...base, FGA_TIMEOUT_MS: '10' })).toThrow(
      'FGA_TIMEOUT_MS must be at least 50',
    );
    expect(() => loadAuthzConfig({ ...base, FGA_API_URL: 'ftp://x' })).toThrow(
      'FGA_API_URL must be a valid url',
    );
  });

  const server = { AUTHZ_MODE: 'openfga', FGA_API_URL: 'http://x', FGA_STORE_ID: store, FGA_MODEL_ID: model };

  it('reads the replica settings with their defaults when AUTHZ_REPLICA=on, and none when off', () => {
    expect(loadAuthzConfig({ ...server, AUTHZ_REPLICA: 'on' })).toMatchObject({
      replica: { pollMs: 1000, maxStalenessMs: 5000, maxTuples: 100_000 },
    });
    expect(loadAuthzConfig({ ...server, AUTHZ_REPLICA: 'off' })).not.toHaveProperty('replica');
    expect(loadAuthzConfig(server)).not.toHaveProperty('replica');
    expect(() => loadAuthzConfig({ ...server, AUTHZ_REPLICA: 'yes' })).toThrow('AUTHZ_REPLICA');
  });

  it('POL-002.6: a replica may lag at most 10 s, and at least two polls', () => {
    const on = { ...server, AUTHZ_REPLICA: 'on' };
    expect(() => loadAuthzConfig({ ...on, AUTHZ_REPLICA_MAX_STALENESS_MS: '10001' })).toThrow(
      'AUTHZ_REPLICA_MAX_STALENESS_MS must be at most 10000',
    );
    expect(() =>
      loadAuthzConfig({ ...on, AUTHZ_REPLICA_POLL_MS: '1000', AUTHZ_REPLICA_MAX_STALENESS_MS: '1500' }),
    ).toThrow('AUTHZ_REPLICA_MAX_STALENESS_MS must be at least twice AUTHZ_REPLICA_POLL_MS (2000)');
    expect(
      loadAuthzConfig({ ...on, AUTHZ_REPLICA_POLL_MS: '100', AUTHZ_REPLICA_MAX_STALENESS_MS: '200' }),
    ).toMatchObject({ replica: { pollMs: 100, maxStalenessMs: 200 } });
  });
});
