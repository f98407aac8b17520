/**
 * The MedCom code systems, profiles and identifier systems a CareCommunication
 * and its Acknowledgement use (MedCom dk-medcom-carecommunication 5.0,
 * dk-medcom-acknowledgement 2.0, dk-medcom-messaging), as the published
 * example Bundles in ../shared/conformance/medcom/ carry them.
 */
const TERMINOLOGY = 'http://medcomfhir.dk/ig/terminology/CodeSystem';

export const SYSTEM = {
  eventCodes: `${TERMINOLOGY}/medcom-messaging-eventCodes`,
  activityCodes: `${TERMINOLOGY}/medcom-messaging-activityCodes`,
  destinationUse: `${TERMINOLOGY}/medcom-messaging-destinationUse`,
  categoryCodes: `${TERMINOLOGY}/medcom-careCommunication-categoryCodes`,
  errorCodes: `${TERMINOLOGY}/medcom-acknowledgement-error-codes`,
  /** FHIR's own OperationOutcome detail codes (MedCom's issue-details value set includes them). */
  operationOutcome: 'http://terminology.hl7.org/CodeSystem/operation-outcome',
  cpr: 'urn:oid:1.2.208.176.1.2',
  sor: 'urn:oid:1.2.208.176.1.1',
  /** EAN/GLN location number, as every shipped Bundle writes it. */
  ean: 'https://www.gs1.org/gln',
  /** The old OID of EAN numbers in older material: read, never written. */
  eanLegacy: 'urn:oid:1.3.88',
} as const;

export const EXTENSION = {
  destinationUse:
    'http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension',
  datetime: 'http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-datetime-extension',
  identifier: 'http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-identifier-extension',
  practitioner: 'http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-practitioner-extension',
  contact: 'http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-contact-extension',
} as const;

const CARE = 'http://medcomfhir.dk/ig/carecommunication/StructureDefinition';
const ACK = 'http://medcomfhir.dk/ig/acknowledgement/StructureDefinition';
const CORE = 'http://medcomfhir.dk/ig/core/StructureDefinition';
const MESSAGING = 'http://medcomfhir.dk/ig/messaging/StructureDefinition';

export const PROFILE = {
  careCommunicationBundle: `${CARE}/medcom-careCommunication-message`,
  careCommunicationHeader: `${CARE}/medcom-careCommunication-messageHeader`,
  communication: `${CARE}/medcom-careCommunication-communication`,
  careCommunicationProvenance: `${CARE}/medcom-careCommunication-provenance`,
  patient: `${CORE}/medcom-core-patient`,
  practitionerRole: `${CORE}/medcom-core-practitionerrole`,
  practitioner: `${CORE}/medcom-core-practitioner`,
  organization: `${MESSAGING}/medcom-messaging-organization`,
  messagingProvenance: `${MESSAGING}/medcom-messaging-provenance`,
  acknowledgementBundle: `${ACK}/medcom-messaging-acknowledgement`,
  acknowledgementHeader: `${ACK}/medcom-messaging-acknowledgementHeader`,
  operationOutcome: `${ACK}/medcom-acknowledgement-operationoutcome`,
} as const;

export const CARE_COMMUNICATION_DEFINITION =
  'http://medcomfhir.dk/ig/messagedefinitions/MessageDefinition/MedComCareCommunicationMessageDefinition|5.0';
export const CARE_COMMUNICATION_DEFINITION_PATTERN =
  /^http:\/\/medcomfhir\.dk\/ig\/messagedefinitions\/MessageDefinition\/MedComCareCommunicationMessageDefinition[|]5[.][0-9]{1,2}$/;
export const ACKNOWLEDGEMENT_DEFINITION =
  'http://medcomfhir.dk/ig/acknowledgement/medcom-acknowledgement-message-definition|2.0.0';

/** Where a location's acknowledgements go: its SOR entry. */
export const sorEndpoint = (sor: string) => `https://sor2.sum.dsdn.dk/#id=${sor}`;
export const FULL_URL_BASE = {
  careCommunication: 'https://medcomfhir.dk/ig/carecommunication',
  acknowledgement: 'https://medcomfhir.dk/ig/acknowledgement',
} as const;

/**
 * MedCom's CareCommunication categories: the code system's published codes
 * together with those the 5.0 examples use (acute-ambulant,
 * extended-care-responsibility).
 */
export const CATEGORIES = [
  'acute-ambulant',
  'alcohol-and-drug-treatment',
  'assessment',
  'assistive-devices',
  'carecoordination',
  'decease',
  'discharge',
  'examination-results',
  'extended-care-responsibility',
  'healthcare',
  'medicine',
  'nursing',
  'other',
  'outpatient',
  'psychiatry-social-disability',
  'regarding-referral',
  'telemedicine',
  'training',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const ACTIVITIES = ['new-message', 'reply-message', 'forward-message'] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const RESPONSE_CODES = ['ok', 'transient-error', 'fatal-error'] as const;
export type ResponseCode = (typeof RESPONSE_CODES)[number];

/** MedCom's acknowledgement error codes (spelling as MedCom publishes them). */
export const ERROR_CODES = [
  'MSG_Receiver_Identifier_UNKNOWN',
  'MSG_Receiver_Identifier_MISSING',
  'MSG_RECEIVER_UNABLE_TO_RECEIVE_MSG_TYPE',
  'MSG_VALUESET_VALUE_UNKNOWN',
  'MSG_CodeSystem_VALUE_UNKNOWN',
  'MSG_Element_To_Long',
  'MSG_Datatype_Wrong',
  'MSG_Mailbox_Out_Of_Operation',
  'MSG_Damaged_durin_transport',
] as const;
/** FHIR operation-outcome codes MedCom's value set admits, for what its own codes do not name. */
export const FHIR_ISSUE_CODES = ['MSG_BAD_SYNTAX', 'MSG_BAD_FORMAT', 'MSG_RESOURCE_REQUIRED'] as const;
export type IssueDetailCode = (typeof ERROR_CODES)[number] | (typeof FHIR_ISSUE_CODES)[number];

export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/gif',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'image/bmp',
] as const;

export const SOR_CODE = /^\d{6,18}$/;
/** An EAN/GLN location number: 13 digits, Danish ones start 579. */
export const EAN_NUMBER = /^579\d{10}$/;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** FHIR's id: up to 64 letters, digits, `-` and `.`. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** A FHIR dateTime with a time part must carry a zone. */
export const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
