import { type IssueDetailCode, PROFILE } from './codes.ts';
import type { BundleIssue } from './content.ts';

/** A JSON object as read from the wire: nothing about it is trusted. */
export type Json = Readonly<Record<string, unknown>>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;
export const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
export const objects = (value: unknown): readonly Json[] => list(value).filter(isObject);

/** The resources of a message Bundle by `Type/id`, and the issues found on the way. */
export class BundleReader {
  readonly issues: BundleIssue[] = [];
  readonly resources: readonly Json[];
  readonly #byReference = new Map<string, Json>();

  constructor(readonly bundle: Json) {
    const entries = objects(bundle.entry);
    if (entries.length !== list(bundle.entry).length)
      this.fail('Bundle.entry', 'entry-object', 'MSG_BAD_FORMAT');
    this.resources = entries.map((e) => e.resource).filter(isObject);
    for (const [i, entry] of entries.entries()) {
      const resource = entry.resource;
      if (!isObject(resource)) {
        this.fail(`Bundle.entry[${i}]`, 'entry-resource', 'MSG_RESOURCE_REQUIRED');
        continue;
      }
      const type = text(resource.resourceType);
      const id = text(resource.id);
      if (!type || !id) {
        this.fail(`Bundle.entry[${i}]`, 'resource-id', 'MSG_RESOURCE_REQUIRED');
        continue;
      }
      const fullUrl = text(entry.fullUrl);
      if (!fullUrl?.endsWith(`${type}/${id}`))
        this.fail(`Bundle.entry[${i}].fullUrl`, 'full-url', 'MSG_BAD_FORMAT');
      const key = `${type}/${id}`;
      if (this.#byReference.has(key)) this.fail(`Bundle.entry[${i}]`, 'resource-unique', 'MSG_BAD_FORMAT');
      this.#byReference.set(key, resource);
    }
  }

  fail(path: string, rule: string, detail: IssueDetailCode): void {
    this.issues.push({ path, rule, detail });
  }

  ofType(type: string): Json[] {
    return this.resources.filter((r) => r.resourceType === type);
  }

  /** The resource a `{ reference: 'Type/id' }` names inside the Bundle, if it is of `type`. */
  resolve(reference: unknown, type: string): Json | undefined {
    const ref = isObject(reference) ? text(reference.reference) : undefined;
    if (!ref) return undefined;
    const resource = this.#byReference.get(ref.split('/').slice(-2).join('/'));
    return resource?.resourceType === type ? resource : undefined;
  }

  /** Every resource carries its MedCom profile. */
  requireProfiles(): void {
    const known = new Set<string>(Object.values(PROFILE));
    this.resources.forEach((resource) => {
      const profiles = isObject(resource.meta) ? list(resource.meta.profile) : [];
      const medcom = profiles.some(
        (p) => typeof p === 'string' && (known.has(p) || p.startsWith('http://medcomfhir.dk/')),
      );
      if (!medcom)
        this.fail(`${String(resource.resourceType)}.meta.profile`, 'meta-profile', 'MSG_RESOURCE_REQUIRED');
    });
  }
}

/** The code of the first coding of `system` in a CodeableConcept, and whether any other system was used. */
export function codingOf(concept: unknown, system: string): { code?: string; otherSystem: boolean } {
  const codings = isObject(concept) ? objects(concept.coding) : [];
  const mine = codings.find((c) => c.system === system);
  const code = mine ? text(mine.code) : undefined;
  return { ...(code ? { code } : {}), otherSystem: !mine && codings.length > 0 };
}

export function extensionOf(element: Json, url: string): Json | undefined {
  return objects(element.extension).find((e) => e.url === url);
}
