/**
 * MedCom messaging: CareCommunication (FHIR R4 message Bundles, 5.0 profiles)
 * and Acknowledgement — content types, builders and validating readers.
 */
export { acknowledge, buildAcknowledgement, issuesOf, readAcknowledgement } from './acknowledgement.ts';
export { buildCareCommunication } from './build.ts';
export * from './codes.ts';
export type * from './content.ts';
export { eventCodeOf, readMessageHeader } from './message-header.ts';
export { readCareCommunication } from './read-care-communication.ts';
