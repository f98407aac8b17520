import type {
  Bundle,
  BundleEntry,
  Communication,
  CommunicationPayload,
  Extension,
  FhirResource,
  MessageHeader,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Provenance,
} from 'fhir/r4.js';
import {
  CARE_COMMUNICATION_DEFINITION,
  EXTENSION,
  FULL_URL_BASE,
  PROFILE,
  SYSTEM,
  sorEndpoint,
} from './codes.ts';
import type { Author, CareCommunicationContent, MessagingOrganization, Payload } from './content.ts';

export interface BuildOptions {
  /** New resource ids. @default crypto.randomUUID */
  readonly newId?: () => string;
}

/**
 * Builds a MedCom CareCommunication message Bundle (5.0 profiles) from its
 * content: MessageHeader first, then Patient, Communication, the authors
 * (PractitionerRole → Practitioner), the Organizations with SOR and EAN, and
 * one Provenance per message of the thread.
 */
export function buildCareCommunication(
  content: CareCommunicationContent,
  options: BuildOptions = {},
): Bundle<FhirResource> {
  const newId = options.newId ?? (() => crypto.randomUUID());
  const entries: BundleEntry<FhirResource>[] = [];
  const add = <R extends FhirResource & { id?: string }>(resource: R): string => {
    entries.push({
      fullUrl: `${FULL_URL_BASE.careCommunication}/${resource.resourceType}/${resource.id}`,
      resource,
    });
    return `${resource.resourceType}/${resource.id}`;
  };
  const organizations = new Map<string, string>();
  const organization = (org: MessagingOrganization) => {
    const known = organizations.get(org.sor);
    if (known) return known;
    const reference = add(organizationResource(newId(), org));
    organizations.set(org.sor, reference);
    return reference;
  };
  const headerAt = entries.length;
  const patientRef = add(patientResource(newId(), content.patient));
  const communicationId = newId();
  const senderRef = organization(content.sender);
  const receiverRef = organization(content.receiver);
  const authors = new Map<string, string>();
  const author = (a: Author) => {
    const key = JSON.stringify(a);
    const known = authors.get(key);
    if (known) return known;
    const practitioner = add(practitionerResource(newId(), a));
    const role = add(practitionerRoleResource(newId(), practitioner, a.role));
    authors.set(key, role);
    return role;
  };
  const payloads = content.payloads.map((p) =>
    payloadElement(p, {
      author: p.author ? author(p.author) : undefined,
      assigner: organizationBySor(content, p.assignerSor, organization) ?? senderRef,
    }),
  );
  const communication: Communication = {
    resourceType: 'Communication',
    id: communicationId,
    meta: { profile: [PROFILE.communication] },
    identifier: [{ value: content.threadId }],
    status: 'unknown',
    category: [{ coding: [{ system: SYSTEM.categoryCodes, code: content.category }] }],
    ...(content.priority ? { priority: content.priority } : {}),
    subject: { reference: patientRef },
    ...(content.topic !== undefined ? { topic: { text: content.topic } } : {}),
    payload: payloads,
  };
  add(communication);
  for (const entry of content.provenance) {
    const provenance: Provenance = {
      resourceType: 'Provenance',
      id: newId(),
      meta: { profile: [PROFILE.careCommunicationProvenance] },
      target: [{ reference: `MessageHeader/${entry.messageId}` }],
      occurredDateTime: entry.occurred,
      recorded: entry.occurred,
      activity: { coding: [{ system: SYSTEM.activityCodes, code: entry.activity }] },
      agent: entry.agent
        ? [{ who: { reference: organization(entry.agent) } }]
        : [{ who: { reference: senderRef } }],
      entity: [
        ...entry.payloadIds.map((id) => ({ role: 'source' as const, what: { identifier: { value: id } } })),
        ...(entry.revision ? [{ role: 'revision' as const, what: revisionReference(entry.revision) }] : []),
      ],
    };
    add(provenance);
  }
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: content.messageId,
    meta: { profile: [PROFILE.careCommunicationHeader] },
    eventCoding: { system: SYSTEM.eventCodes, code: 'care-communication-message' },
    destination: [
      {
        extension: [destinationUse()],
        endpoint: sorEndpoint(content.receiver.sor),
        receiver: { reference: receiverRef },
      },
    ],
    sender: { reference: senderRef },
    source: { endpoint: sorEndpoint(content.sender.sor) },
    focus: [{ reference: `Communication/${communicationId}` }],
    definition: CARE_COMMUNICATION_DEFINITION,
  };
  entries.splice(headerAt, 0, {
    fullUrl: `${FULL_URL_BASE.careCommunication}/MessageHeader/${header.id}`,
    resource: header,
  });
  return {
    resourceType: 'Bundle',
    id: content.bundleId,
    meta: { profile: [PROFILE.careCommunicationBundle] },
    type: 'message',
    timestamp: content.timestamp,
    entry: entries,
  };
}

export function destinationUse(): Extension {
  return {
    url: EXTENSION.destinationUse,
    valueCoding: { system: SYSTEM.destinationUse, code: 'primary' },
  };
}

export function organizationResource(id: string, org: MessagingOrganization): Organization {
  return {
    resourceType: 'Organization',
    id,
    meta: { profile: [PROFILE.organization] },
    identifier: [
      { system: SYSTEM.ean, value: org.ean },
      { system: SYSTEM.sor, value: org.sor },
    ],
    ...(org.name ? { name: org.name } : {}),
  };
}

function organizationBySor(
  content: CareCommunicationContent,
  sor: string | undefined,
  organization: (org: MessagingOrganization) => string,
): string | undefined {
  if (sor === undefined) return undefined;
  const known = [
    content.sender,
    content.receiver,
    ...content.provenance.flatMap((p) => (p.agent ? [p.agent] : [])),
  ];
  const org = known.find((o) => o.sor === sor);
  return org ? organization(org) : undefined;
}

function patientResource(id: string, patient: CareCommunicationContent['patient']): Patient {
  return {
    resourceType: 'Patient',
    id,
    meta: { profile: [PROFILE.patient] },
    identifier: patient.identifiers.map((i) => ({ system: i.system, value: i.value })),
    ...(patient.name ? { name: [{ use: 'official', ...humanName(patient.name) }] } : {}),
  };
}

function practitionerResource(id: string, author: Author): Practitioner {
  return {
    resourceType: 'Practitioner',
    id,
    meta: { profile: [PROFILE.practitioner] },
    name: [humanName(author.name)],
  };
}

function practitionerRoleResource(
  id: string,
  practitioner: string,
  role: string | undefined,
): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id,
    meta: { profile: [PROFILE.practitionerRole] },
    practitioner: { reference: practitioner },
    ...(role
      ? {
          code: [
            {
              coding: [
                {
                  system:
                    'http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-core-PractitionerRolesSKSadministrativ',
                  code: role,
                },
              ],
            },
          ],
        }
      : {}),
  };
}

function humanName(name: Author['name']): { family?: string; given?: string[] } {
  return {
    ...(name.family !== undefined ? { family: name.family } : {}),
    ...(name.given ? { given: [...name.given] } : {}),
  };
}

function payloadElement(
  payload: Payload,
  refs: { readonly author: string | undefined; readonly assigner: string },
): CommunicationPayload {
  const extension: Extension[] = [
    { url: EXTENSION.datetime, valueDateTime: payload.date },
    {
      url: EXTENSION.identifier,
      valueIdentifier: { value: payload.id, assigner: { reference: refs.assigner } },
    },
    ...(refs.author ? [{ url: EXTENSION.practitioner, valueReference: { reference: refs.author } }] : []),
    ...(payload.kind === 'text'
      ? [
          {
            url: EXTENSION.contact,
            valueContactPoint: {
              system: payload.authorContact.system as 'phone',
              value: payload.authorContact.value,
            },
          },
        ]
      : []),
  ];
  if (payload.kind === 'text') return { extension, contentString: payload.text };
  return {
    extension,
    contentAttachment: {
      title: payload.title,
      ...(payload.contentType ? { contentType: payload.contentType } : {}),
      ...(payload.data ? { data: payload.data } : {}),
      ...(payload.url ? { url: payload.url } : {}),
      creation: payload.date,
    },
  };
}

/** `MessageHeader/<id>` is a reference; an EDIFACT/OIOXML `<brevid>#<EAN>` is an identifier. */
function revisionReference(revision: string): { reference: string } | { identifier: { value: string } } {
  return revision.startsWith('MessageHeader/')
    ? { reference: revision }
    : { identifier: { value: revision } };
}
