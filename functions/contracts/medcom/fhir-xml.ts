import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FHIR_ELEMENT_LINES } from './fhir-elements.ts';

/**
 * FHIR R4 XML → the FHIR JSON shape (the one the MedCom readers take), for
 * the resources MedCom messages carry. XML does not say which elements
 * repeat, which values are numbers or booleans, or where a primitive's
 * extensions go: the element table derived from `@types/fhir` does
 * (fhir-elements.ts). Parsing is fast-xml-parser's; what FHIR XML may not hold
 * (a DTD, entities of its own, processing instructions other than the XML
 * declaration, another namespace, an element FHIR does not define, a repeated
 * element that does not repeat) is refused, never guessed around.
 */
export type XmlRead =
  | { readonly ok: true; readonly resource: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

const FHIR_NS = 'http://hl7.org/fhir';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

type Element = readonly [type: string, repeats: boolean];
const ELEMENTS: ReadonlyMap<string, ReadonlyMap<string, Element>> = new Map(
  Object.entries(FHIR_ELEMENT_LINES).map(([type, line]) => [
    type,
    new Map(
      line.split(' ').map((entry) => {
        const [name, t] = entry.split(':') as [string, string];
        return [name, [t.replace('*', ''), t.endsWith('*')] as const];
      }),
    ),
  ]),
);
const RESOURCE_TYPES = new Set(
  [...ELEMENTS.keys()].filter((t) => ELEMENTS.get(t)!.has('meta') && ELEMENTS.get(t)!.has('implicitRules')),
);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  // The narrative stays XHTML text, as FHIR JSON carries it.
  stopNodes: ['*.div'],
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // XML's own entities and character references (`&#xA;` in a text payload); a DTD's are refused below.
  htmlEntities: true,
  ignoreDeclaration: true,
});

type Node = Record<string, unknown>;

class Refused extends Error {}

/** Reads one FHIR resource in XML; any input is safe, and a refusal names the rule, never a value. */
export function readFhirXml(xml: string): XmlRead {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, reason: 'xml-dtd' };
  if (/<\?(?!xml[\s?])/i.test(xml)) return { ok: false, reason: 'xml-processing-instruction' };
  if (XMLValidator.validate(xml) !== true) return { ok: false, reason: 'xml-not-well-formed' };
  let document: Node;
  try {
    document = parser.parse(xml) as Node;
  } catch {
    return { ok: false, reason: 'xml-not-well-formed' };
  }
  const roots = Object.keys(document).filter((k) => !k.startsWith('?') && k !== '#text');
  if (roots.length !== 1) return { ok: false, reason: 'xml-one-root' };
  const type = roots[0]!;
  const nodes = document[type] as Node[];
  if (nodes.length !== 1 || nodes[0]!['@xmlns'] !== FHIR_NS)
    return { ok: false, reason: 'xml-fhir-namespace' };
  try {
    return { ok: true, resource: resource(type, nodes[0]!) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

function resource(type: string, node: Node): Record<string, unknown> {
  if (!RESOURCE_TYPES.has(type)) throw new Refused('xml-resource-type');
  return { resourceType: type, ...complex(type, node, true) };
}

function complex(type: string, node: Node, isResource: boolean): Record<string, unknown> {
  const elements = ELEMENTS.get(type);
  if (!elements) throw new Refused('xml-element-type');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '#text') {
      if (String(value).trim() !== '') throw new Refused('xml-text-content');
      continue;
    }
    if (key.startsWith('@')) {
      const name = key.slice(1);
      // `id` of an element and `url` of an extension are attributes; a resource's id is an element.
      if ((name === 'id' && !isResource) || (name === 'url' && type === 'Extension')) out[name] = value;
      else if (!(isResource && name === 'xmlns')) throw new Refused('xml-attribute');
      continue;
    }
    const element = elements.get(key);
    if (!element) throw new Refused('xml-unknown-element');
    const [childType, repeats] = element;
    const children = value as Node[];
    if (!repeats && children.length > 1) throw new Refused('xml-element-repeats');
    if (childType === 'xhtml') {
      out[key] = xhtml(children[0]!);
      continue;
    }
    if (PRIMITIVE.has(childType)) {
      const values = children.map((c) => primitive(childType, c));
      const extras = children.map((c) => primitiveExtras(c));
      if (values.some((v) => v !== null)) out[key] = repeats ? values : values[0];
      if (extras.some((e) => e !== null)) out[`_${key}`] = repeats ? extras : extras[0];
      continue;
    }
    const converted = children.map((c) =>
      childType === 'Resource' ? contained(c) : complex(childType, c, false),
    );
    out[key] = repeats ? converted : converted[0];
  }
  return out;
}

const PRIMITIVE = new Set(['string', 'number', 'boolean']);

function primitive(type: string, node: Node): string | number | boolean | null {
  const value = node['@value'];
  if (value === undefined) return null;
  const text = String(value);
  if (type === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new Refused('xml-boolean');
    return text === 'true';
  }
  if (type === 'number') {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new Refused('xml-number');
    return Number(text);
  }
  return text;
}

/** A primitive's id and extensions: FHIR JSON's `_<name>`. */
function primitiveExtras(node: Node): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '@value') continue;
    if (key === '@id') out.id = value;
    else if (key === 'extension')
      out.extension = (value as Node[]).map((e) => complex('Extension', e, false));
    else if (key !== '#text' || String(value).trim() !== '') throw new Refused('xml-primitive-content');
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** `<resource><Patient>…</Patient></resource>`: the one resource inside. */
function contained(node: Node): Record<string, unknown> {
  const types = Object.keys(node).filter((k) => !(k === '#text' && String(node[k]).trim() === ''));
  if (types.length !== 1 || (node[types[0]!] as Node[]).length !== 1) throw new Refused('xml-one-resource');
  return resource(types[0]!, (node[types[0]!] as Node[])[0]!);
}

function xhtml(node: Node): string {
  if (node['@xmlns'] !== XHTML_NS) throw new Refused('xml-xhtml-namespace');
  const inner = typeof node['#text'] === 'string' ? node['#text'] : '';
  return `<div xmlns="${XHTML_NS}">${inner}</div>`;
}
