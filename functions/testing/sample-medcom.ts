import type { CareCommunicationContent } from '../contracts/medcom/index.ts';

/** A synthetic message: substitute CPR (day + 60), the sandbox's kind of locations. */
export function sampleContent(overrides: Partial<CareCommunicationContent> = {}): CareCommunicationContent {
  const at = '2026-03-02T10:15:00+01:00';
  const sender = { name: 'Myndighed Øst, Aalborg Kommune', sor: '851000000000001', ean: '5790000000011' };
  return {
    bundleId: '0b5c1d1e-7a43-4c1c-9d3c-2f7d7d0b9a11',
    messageId: '8f1e4c8a-2b7d-4b8e-9a51-4d7c1f3e6a20',
    timestamp: at,
    sender,
    receiver: { name: 'Lægerne Torvet', sor: '953741000016009', ean: '5790001348120' },
    patient: { identifiers: [{ system: 'urn:oid:1.2.208.176.1.2', value: '6503094321' }] },
    threadId: 'urn:uuid:5d7f2b10-9c1a-4e5b-8f3d-1a2b3c4d5e6f',
    category: 'psychiatry-social-disability',
    topic: 'Samarbejde om barnet',
    payloads: [
      {
        kind: 'text',
        id: 'urn:uuid:7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        date: at,
        text: 'Vi vil gerne aftale et møde.',
        author: { name: { family: 'Jensen', given: ['Mette'] } },
        authorContact: { system: 'phone', value: '99311111' },
        assignerSor: sender.sor,
      },
    ],
    provenance: [
      {
        activity: 'new-message',
        messageId: '8f1e4c8a-2b7d-4b8e-9a51-4d7c1f3e6a20',
        occurred: at,
        agent: sender,
        payloadIds: ['urn:uuid:7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
      },
    ],
    ...overrides,
  };
}
