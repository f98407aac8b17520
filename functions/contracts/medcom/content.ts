import type { Activity, Category, IssueDetailCode, ResponseCode } from './codes.ts';

/**
 * A CareCommunication as structured data: what the builder takes and the
 * reader gives back (read → build → read yields the same content). It holds
 * the patient's identifiers, so it is personal data: never log it.
 */

/** A messaging location: an Organization with its SOR code and EAN location number. */
export interface MessagingOrganization {
  /** Optional in MedCom's profile (some published messages have none). */
  readonly name?: string;
  readonly sor: string;
  readonly ean: string;
}

export interface PatientIdentifier {
  /** `urn:oid:1.2.208.176.1.2` (CPR) or a replacement-CPR system. */
  readonly system: string;
  readonly value: string;
}

export interface Author {
  readonly name: { readonly family?: string; readonly given?: readonly string[] };
  /** The role code of the author (e.g. `overlaege`), when given. */
  readonly role?: string;
}

export type Payload =
  | {
      readonly kind: 'text';
      /** `urn:uuid:…` */
      readonly id: string;
      readonly date: string;
      readonly text: string;
      readonly author: Author;
      readonly authorContact: { readonly system: string; readonly value: string };
      /** The organisation that wrote it (a payload of an earlier message keeps its own). */
      readonly assignerSor?: string;
    }
  | {
      readonly kind: 'attachment';
      readonly id: string;
      readonly date: string;
      readonly title: string;
      readonly contentType?: string;
      /** base64 */
      readonly data?: string;
      readonly url?: string;
      readonly author?: Author;
      readonly assignerSor?: string;
    };

/** One message of the thread as its Provenance tells it. */
export interface ProvenanceEntry {
  readonly activity: Activity;
  /** The MessageHeader id of that message. */
  readonly messageId: string;
  readonly occurred: string;
  /** The organisation that sent it, when the Bundle carries it. */
  readonly agent?: MessagingOrganization;
  /** The payload ids that message added. */
  readonly payloadIds: readonly string[];
  /** The message it replied to or forwarded: `MessageHeader/<id>` or `<brevid>#<EAN>`. */
  readonly revision?: string;
}

export interface CareCommunicationContent {
  readonly bundleId: string;
  /** MessageHeader.id: the message id the gateway deduplicates on. */
  readonly messageId: string;
  readonly timestamp: string;
  readonly sender: MessagingOrganization;
  readonly receiver: MessagingOrganization;
  readonly patient: {
    readonly identifiers: readonly PatientIdentifier[];
    readonly name?: { readonly family?: string; readonly given?: readonly string[] };
  };
  /** Communication.identifier (`urn:uuid:…`): one per thread. */
  readonly threadId: string;
  readonly category: Category;
  /** Required when the category is `other`. */
  readonly topic?: string;
  readonly priority?: 'routine' | 'asap';
  /** Every payload of the thread, oldest first. */
  readonly payloads: readonly Payload[];
  /** The thread's Provenance, oldest first; the last one is this message. */
  readonly provenance: readonly ProvenanceEntry[];
}

/** The same message, by its acknowledgement. */
export interface AcknowledgementContent {
  readonly bundleId: string;
  readonly messageId: string;
  readonly timestamp: string;
  /** Who acknowledges: the receiver of the acknowledged message. */
  readonly sender: MessagingOrganization;
  readonly receiver: MessagingOrganization;
  /** The MessageHeader id of the acknowledged message. */
  readonly acknowledges: string;
  readonly code: ResponseCode;
  /** Present unless the code is `ok`. */
  readonly issues: readonly AcknowledgementIssue[];
  /** The acknowledged message's own Provenance, copied into the acknowledgement. */
  readonly acknowledgedProvenance?: {
    readonly activity: Activity;
    readonly occurred: string;
    readonly agent?: MessagingOrganization;
  };
}

export interface AcknowledgementIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  /** FHIR's issue type: `structure`, `value`, `required`, `transient`, `informational`, … */
  readonly type: string;
  /** A MedCom error code or a FHIR operation-outcome code (IssueDetailCode when this platform writes it). */
  readonly detail?: string;
  /** Safe text: never a value taken from the message. */
  readonly text?: string;
}

/** A rule a Bundle broke: where, and which code an acknowledgement reports. */
export interface BundleIssue {
  /** A FHIRPath-like location, e.g. `Communication.category`. */
  readonly path: string;
  readonly rule: string;
  readonly detail: IssueDetailCode;
}

export type ReadResult<T> =
  | { readonly ok: true; readonly content: T }
  | { readonly ok: false; readonly issues: readonly BundleIssue[] };
