import { describe, expect, it } from 'vitest';
import { manifest as CORRESPONDENCE } from '../../functions/correspondence/manifest.ts';
import { loadTargets } from '../targets/index.ts';
import { broker, functionEventing, unheardTriggers } from './eventing.ts';
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

  it('gives a function that emits events the Broker as its K_SINK through a SinkBinding (correspondence)', () => {
    const correspondence = parseManifest('functions/correspondence/manifest.ts', CORRESPONDENCE);
    expect(correspondence.emits).toEqual([
      'dk.hoi.correspondence.received',
      'dk.hoi.correspondence.sent',
      'dk.hoi.correspondence.acknowledged',
      'dk.hoi.correspondence.filed',
      'dk.hoi.correspondence.failed',
    ]);
    const [binding] = functionEventing(correspondence, selfHosted!);
    expect(binding).toMatchObject({ kind: 'SinkBinding', metadata: { name: 'correspondence-events' } });
    expect(binding!.spec).toEqual({
      subject: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'correspondence' },
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'platform' } },
    });
    expect(functionEventing(letterSync, selfHosted!).map((o) => o.kind)).not.toContain('SinkBinding');
  });

  it('names the Triggers whose event type no function emits', () => {
    const correspondence = parseManifest('functions/correspondence/manifest.ts', CORRESPONDENCE);
    expect(unheardTriggers([letterSync, correspondence])).toEqual(['dk.hoi.correspondence.letter-received']);
    const listener = {
      ...letterSync,
      triggers: [{ type: 'dk.hoi.correspondence.filed', path: '/v1/filed' }],
    };
    expect(unheardTriggers([listener, correspondence])).toEqual([]);
  });
});
