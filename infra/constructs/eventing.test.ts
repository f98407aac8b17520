import { describe, expect, it } from 'vitest';
import { loadTargets } from '../targets/index.ts';
import { broker, functionEventing } from './eventing.ts';
import { manifest as LETTER_SYNC } from './fixtures/functions/letter-sync/manifest.ts';
import { parseManifest } from './function-manifest.ts';

const [selfHosted] = loadTargets(['self-hosted']);
const letterSync = parseManifest('fixtures/functions/letter-sync/manifest.ts', LETTER_SYNC);
const ref = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'letter-sync' };

describe('eventing', () => {
  it('has one Broker in the platform namespace', () => {
    expect(broker(selfHosted!).metadata).toMatchObject({ name: 'platform', namespace: 'hoi-platform' });
  });

  it('subscribes a function to the event types its manifest lists and pings it on its schedule', () => {
    const [trigger, ping] = functionEventing(letterSync, selfHosted!);
    expect(trigger!.spec).toEqual({
      broker: 'platform',
      filter: { attributes: { type: 'dk.hoi.correspondence.letter-received' } },
      subscriber: { ref, uri: '/v1/letters' },
    });
    expect(ping!.spec).toEqual({
      schedule: '*/15 * * * *',
      timezone: 'UTC',
      sink: { ref, uri: '/v1/letters/sync' },
    });
  });

  it('refuses a schedule that is not a five-field cron expression', () => {
    expect(() =>
      parseManifest('functions/x/manifest.ts', {
        ...LETTER_SYNC,
        schedule: { cron: 'every 15 minutes please' },
      }),
    ).toThrow('functions/x/manifest.ts: schedule.cron must be a five-field cron expression');
  });
});
