import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  haveMedcomData as haveData,
  medcomData,
  medcomFiles,
  medcomMissing as missing,
} from '../../testing/medcom-examples.ts';
import { seededRandom } from '../../testing/random.ts';
import { sampleContent } from '../../testing/sample-medcom.ts';
import {
  acknowledge,
  buildAcknowledgement,
  buildCareCommunication,
  issuesOf,
  readAcknowledgement,
  readCareCommunication,
} from './index.ts';

const careCommunications = medcomFiles('.json', join(medcomData, 'dk-medcom-carecommunication'));
/** The examples MedCom labels invalid (README: the Provenance names a payload that is not there). */
const INVALID = /-inv-/;
const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

if (!haveData && !process.env.CI) console.warn(`MedCom examples skipped: ${missing}`);

describe.skipIf(!haveData && !process.env.CI)(
  haveData ? 'MedCom published examples' : `MedCom published examples: ${missing}`,
  () => {
    it('the examples are there (CI needs them)', () => {
      if (!haveData) throw new Error(`${missing}; CI needs the MedCom examples`);
      expect(careCommunications.length).toBeGreaterThanOrEqual(16);
    });

    for (const path of careCommunications.filter((p) => !INVALID.test(p))) {
      const name = path.split('/').at(-1)!;
      it(`POL-006.8: the valid example ${name} is accepted, and read → build → read gives the same content`, () => {
        const first = readCareCommunication(read(path));
        expect(first.ok ? [] : first.issues).toEqual([]);
        if (!first.ok) return;
        const rebuilt = readCareCommunication(
          JSON.parse(JSON.stringify(buildCareCommunication(first.content))),
        );
        expect(rebuilt).toEqual(first);
      });
    }

    for (const path of careCommunications.filter((p) => INVALID.test(p))) {
      const name = path.split('/').at(-1)!;
      it(`POL-006.8: the example MedCom labels invalid, ${name}, is refused for its Provenance`, () => {
        const result = readCareCommunication(read(path));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.issues.map((i) => i.rule)).toContain('provenance-entity-matches-payload');
      });
    }

    it('POL-006.9: the published fatal-error acknowledgement reads as MedCom wrote it and rebuilds the same', () => {
      const path = join(
        medcomData,
        'dk-medcom-acknowledgement/docs/Acknowledgement_testexamples_receive/Ack_3.4.4_A_AE.json',
      );
      const ack = readAcknowledgement(read(path));
      expect(ack.ok).toBe(true);
      if (!ack.ok) return;
      expect(ack.content.code).toBe('fatal-error');
      expect(ack.content.acknowledges).toBe('53128d9b-cede-4c7f-8904-809eab322d7d');
      expect(ack.content.issues).toEqual([
        { severity: 'error', type: 'structure', detail: 'MSG_VALUESET_VALUE_UNKNOWN' },
      ]);
      const again = readAcknowledgement(JSON.parse(JSON.stringify(buildAcknowledgement(ack.content))));
      expect(again).toEqual(ack);
    });
  },
);

describe('the CareCommunication builder and reader', () => {
  it('POL-006.8: a built message is valid and reads back as its content', () => {
    const content = sampleContent();
    const bundle = buildCareCommunication(content);
    expect(bundle.entry?.[0]?.resource?.resourceType).toBe('MessageHeader');
    expect(readCareCommunication(JSON.parse(JSON.stringify(bundle)))).toEqual({ ok: true, content });
  });

  it('POL-006.8: category `other` without a topic is refused with MedCom rule and code', () => {
    const { topic: _topic, ...rest } = sampleContent({ category: 'other' });
    const result = readCareCommunication(buildCareCommunication(rest));
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'Communication.topic', rule: 'communication-topic-other', detail: 'MSG_RESOURCE_REQUIRED' },
      ],
    });
  });

  it('POL-006.8: an unknown category is refused as MSG_VALUESET_VALUE_UNKNOWN', () => {
    const bundle = JSON.parse(JSON.stringify(buildCareCommunication(sampleContent())));
    const communication = bundle.entry.find(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Communication',
    );
    communication.resource.category[0].coding[0].code = 'gossip';
    const result = readCareCommunication(bundle);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.detail)).toContain('MSG_VALUESET_VALUE_UNKNOWN');
  });

  it('POL-006.8: a receiver without an EAN location number is refused', () => {
    const bundle = JSON.parse(JSON.stringify(buildCareCommunication(sampleContent())));
    const receiver = bundle.entry.find(
      (e: { resource: { name?: string } }) => e.resource.name === 'Lægerne Torvet',
    );
    receiver.resource.identifier = receiver.resource.identifier.filter(
      (i: { system: string }) => i.system !== 'https://www.gs1.org/gln',
    );
    const result = readCareCommunication(bundle);
    expect(result.ok ? [] : result.issues).toContainEqual({
      path: 'MessageHeader.destination.receiver.identifier:EAN',
      rule: 'organization-ean',
      detail: 'MSG_Receiver_Identifier_MISSING',
    });
  });

  it('POL-006.8: a reply carries its Provenance revision to the message it answers', () => {
    const original = sampleContent();
    const reply = sampleContent({
      messageId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      payloads: [
        ...original.payloads,
        {
          ...original.payloads[0]!,
          id: 'urn:uuid:9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
          text: 'Ja, tirsdag passer.',
        } as never,
      ],
      provenance: [
        ...original.provenance,
        {
          activity: 'reply-message',
          messageId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
          occurred: original.timestamp,
          agent: original.sender,
          payloadIds: ['urn:uuid:9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d'],
          revision: `MessageHeader/${original.messageId}`,
        },
      ],
    });
    const result = readCareCommunication(JSON.parse(JSON.stringify(buildCareCommunication(reply))));
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.content.provenance.at(-1)?.revision).toBe(`MessageHeader/${original.messageId}`);
  });

  it('POL-006.9: acknowledgements ok, transient and fatal build and read back, with an OperationOutcome unless ok', () => {
    const message = sampleContent();
    const at = new Date('2026-03-02T10:16:00Z');
    for (const code of ['ok', 'transient-error', 'fatal-error'] as const) {
      const issues =
        code === 'ok'
          ? []
          : issuesOf([
              {
                path: 'Communication.category',
                rule: 'communication-category-code',
                detail: 'MSG_VALUESET_VALUE_UNKNOWN',
              },
            ]);
      const content = acknowledge(message, { code, issues }, at);
      const bundle = JSON.parse(JSON.stringify(buildAcknowledgement(content)));
      const types = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
      expect(types.includes('OperationOutcome')).toBe(code !== 'ok');
      const back = readAcknowledgement(bundle);
      expect(back).toEqual({ ok: true, content });
      if (back.ok) expect(back.content.acknowledges).toBe(message.messageId);
    }
  });
});

describe('malformed input (property tests)', () => {
  const valid = JSON.parse(JSON.stringify(buildCareCommunication(sampleContent())));
  const junk = [null, 0, -1, '', 'x', true, [], {}, [{}], { resourceType: 'Bundle' }, { entry: 'no' }];

  /** Replaces, deletes or retypes one value somewhere in a copy of `value`. */
  function mutate(value: unknown, random: ReturnType<typeof seededRandom>): unknown {
    const copy = JSON.parse(JSON.stringify(value));
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, child] of Object.entries(node)) {
        const at = [...path, Array.isArray(node) ? Number(key) : key];
        paths.push(at);
        walk(child, at);
      }
    };
    walk(copy, []);
    const path = random.pick(paths);
    const parent = path
      .slice(0, -1)
      .reduce((node: Record<string | number, unknown>, key) => node[key] as never, copy);
    const key = path.at(-1)!;
    if (random.chance(0.4)) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else parent[key] = random.pick(junk);
    return copy;
  }

  it('POL-006.10: 2000 random mutations of a valid message never throw, and a refused one always says why', () => {
    const random = seededRandom(14);
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const input = mutate(valid, random);
      const result = readCareCommunication(input);
      const ack = readAcknowledgement(input);
      expect(ack.ok).toBe(false);
      if (!result.ok) {
        refused++;
        expect(result.issues.length).toBeGreaterThan(0);
        // An issue names a place and a rule, never a value from the message.
        expect(JSON.stringify(result.issues)).not.toContain('6503094321');
      }
    }
    expect(refused).toBeGreaterThan(1500);
  });

  it('POL-006.10: junk of any shape is refused without throwing', () => {
    for (const input of [
      ...junk,
      'not json',
      { resourceType: 'Bundle', type: 'message', entry: [{ resource: null }] },
    ]) {
      expect(readCareCommunication(input).ok).toBe(false);
      expect(readAcknowledgement(input).ok).toBe(false);
    }
  });
});
