import { readFile } from 'node:fs/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A municipality's KLE plan, as its own KL subscription delivers it
 * (`kle-emneplan.xml`: `KLE-Emneplan > Hovedgruppe > Gruppe > Emne`, the
 * format OS2compliance reads). KL's terms forbid shipping the plan, so the
 * platform reads only what the sync needs: each subject's number, its title
 * and the date it was discontinued (`UdgaaetDato`), if any. Everything else in
 * the file is ignored, wherever it is.
 */
export interface KleSubjectEntry {
  readonly title: string;
  /** `YYYY-MM-DD` the subject was discontinued (udgået), if it was. */
  readonly discontinued?: string;
}

export type KlePlan = ReadonlyMap<string, KleSubjectEntry>;

/** A plan that cannot be read or holds no subject: the sync applies none of the choices it guards. */
export class KlePlanError extends Error {
  override readonly name = 'KlePlanError';
}

const SUBJECT = /^\d{2}\.\d{2}\.\d{2}$/;
const DATE = /^(\d{4}-\d{2}-\d{2})/;

// Entities and DTDs are never expanded: a plan is data, not a document that defines its own.
const parser = new XMLParser({ ignoreAttributes: true, processEntities: false, parseTagValue: false });

export function parseKlePlan(xml: string, source: string): KlePlan {
  if (/<!DOCTYPE/i.test(xml)) throw new KlePlanError(`${source}: a KLE plan must not carry a DTD`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new KlePlanError(`${source}: not well-formed XML (line ${valid.err.line})`);
  const plan = new Map<string, KleSubjectEntry>();
  visit(parser.parse(xml), (node) => {
    const number = text(node.EmneNr);
    if (number === undefined || !SUBJECT.test(number)) return;
    const discontinued = findDate(node.EmneAdministrativInfo);
    plan.set(number, { title: text(node.EmneTitel) ?? '', ...(discontinued ? { discontinued } : {}) });
  });
  if (plan.size === 0) throw new KlePlanError(`${source}: no KLE subject (Emne with EmneNr) in the plan`);
  return plan;
}

export async function loadKlePlan(path: string): Promise<KlePlan> {
  let xml: string;
  try {
    xml = await readFile(path, 'utf8');
  } catch (error) {
    throw new KlePlanError(`${path}: cannot read the KLE plan`, { cause: error });
  }
  return parseKlePlan(xml, path);
}

/** Why `number` may not be used on `day` (`YYYY-MM-DD`), or undefined when the plan holds it. */
export function planRefuses(plan: KlePlan, number: string, day: string): string | undefined {
  const entry = plan.get(number);
  if (entry === undefined) return 'is not in its KLE plan';
  if (entry.discontinued !== undefined && entry.discontinued <= day)
    return `was discontinued in its KLE plan on ${entry.discontinued}`;
  return undefined;
}

type Node = Record<string, unknown>;

function visit(value: unknown, each: (node: Node) => void): void {
  if (Array.isArray(value)) for (const item of value) visit(item, each);
  else if (value !== null && typeof value === 'object') {
    each(value as Node);
    for (const child of Object.values(value)) visit(child, each);
  }
}

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined;
}

/** `UdgaaetDato` anywhere in a subject's administrative info (KL keeps it under `Historisk`). */
function findDate(info: unknown): string | undefined {
  let found: string | undefined;
  visit(info, (node) => {
    const date = text(node.UdgaaetDato);
    if (date !== undefined && found === undefined) found = DATE.exec(date)?.[1];
  });
  return found;
}
