import type { BundleReader, Json } from './bundle-reader.ts';
import { objects, text } from './bundle-reader.ts';
import { EAN_NUMBER, SOR_CODE, SYSTEM } from './codes.ts';
import type { MessagingOrganization } from './content.ts';

/**
 * A MedComMessagingOrganization: a SOR code and an EAN location number
 * (the current GLN system, or the old OID of older messages), and its name
 * when it has one. `undefined`, with
 * the issue recorded, when one is missing or malformed.
 */
export function readOrganization(
  reader: BundleReader,
  organization: Json | undefined,
  path: string,
): MessagingOrganization | undefined {
  if (!organization) {
    reader.fail(path, 'organization-in-bundle', 'MSG_Receiver_Identifier_MISSING');
    return undefined;
  }
  const identifiers = objects(organization.identifier);
  const value = (...systems: string[]) =>
    text(identifiers.find((i) => systems.includes(String(i.system)))?.value);
  const sor = value(SYSTEM.sor);
  const ean = value(SYSTEM.ean, SYSTEM.eanLegacy);
  const name = text(organization.name);
  if (!sor || !SOR_CODE.test(sor))
    reader.fail(`${path}.identifier:SOR`, 'organization-sor', 'MSG_Receiver_Identifier_MISSING');
  if (!ean || !EAN_NUMBER.test(ean))
    reader.fail(`${path}.identifier:EAN`, 'organization-ean', 'MSG_Receiver_Identifier_MISSING');
  if (!sor || !ean || !SOR_CODE.test(sor) || !EAN_NUMBER.test(ean)) return undefined;
  return { ...(name ? { name } : {}), sor, ean };
}
