import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';

/**
 * The FHIR R4 element table `functions/contracts/medcom/fhir-elements.ts`
 * holds, derived from the maintained type package `@types/fhir` (r4.d.ts):
 * for every type reachable from the resources MedCom messages carry, each
 * element's type and whether it repeats. FHIR XML does not say whether an
 * element is a list; this table does. `fhir-xml.test.ts` proves the committed
 * table is exactly what this gives; regenerate with
 * `npx tsx functions/testing/fhir-elements-from-types.ts > functions/contracts/medcom/fhir-elements.ts`.
 */
export const MEDCOM_RESOURCES = [
  'Bundle',
  'MessageHeader',
  'Communication',
  'Patient',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Provenance',
  'Encounter',
  'CareTeam',
  'OperationOutcome',
] as const;

type Element = readonly [type: string, repeats: boolean];

export function fhirElementTable(): Record<string, Record<string, Element>> {
  const path = createRequire(import.meta.url).resolve('@types/fhir/r4.d.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const statement of source.statements)
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
  const elementsOf = (name: string): Record<string, Element> => {
    const declaration = interfaces.get(name);
    if (!declaration) throw new Error(`@types/fhir has no interface ${name}`);
    const inherited = (declaration.heritageClauses ?? [])
      .flatMap((h) => h.types)
      .map((t) => elementsOf(t.expression.getText(source)));
    const own: Record<string, Element> = {};
    for (const member of declaration.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const key = member.name.getText(source);
      // `_x` carries a primitive's id and extensions; `resourceType` is the element's own name in XML.
      if (key.startsWith('_') || key === 'resourceType') continue;
      // The narrative is XHTML: in XML an element tree, in JSON that tree as a string.
      own[key] = name === 'Narrative' && key === 'div' ? ['xhtml', false] : typeOf(member.type, source);
    }
    return Object.assign({}, ...inherited, own);
  };
  const table: Record<string, Record<string, Element>> = {};
  const pending: string[] = [...MEDCOM_RESOURCES];
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (table[name]) continue;
    const elements = elementsOf(name);
    table[name] = elements;
    for (const [type] of Object.values(elements))
      if (!PRIMITIVES.has(type) && type !== 'Resource' && !table[type]) pending.push(type);
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}

const PRIMITIVES = new Set(['string', 'number', 'boolean', 'xhtml']);

function typeOf(node: ts.TypeNode, source: ts.SourceFile): Element {
  const parts = ts.isUnionTypeNode(node)
    ? node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword)
    : [node];
  const first = parts[0]!;
  const inner = ts.isParenthesizedTypeNode(first) ? first.type : first;
  if (ts.isArrayTypeNode(inner)) return [baseType(inner.elementType, source), true];
  if (ts.isTypeReferenceNode(inner) && inner.typeName.getText(source) === 'Array' && inner.typeArguments?.[0])
    return [baseType(inner.typeArguments[0], source), true];
  return [baseType(inner, source), false];
}

function baseType(node: ts.TypeNode, source: ts.SourceFile): string {
  const inner = ts.isParenthesizedTypeNode(node) ? node.type : node;
  if (inner.kind === ts.SyntaxKind.StringKeyword) return 'string';
  if (inner.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (inner.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  // A code's value set: ('a'|'b') is a string in every serialization.
  if (ts.isUnionTypeNode(inner) || ts.isLiteralTypeNode(inner)) return 'string';
  if (ts.isTypeReferenceNode(inner)) {
    const name = inner.typeName.getText(source);
    if (name === 'FhirResource' || name === 'BundleContentType' || name === 'Resource') return 'Resource';
    return name;
  }
  throw new Error(`@types/fhir: a type this table cannot name: ${inner.getText(source)}`);
}

/** One line per type: `element:Type` separated by spaces, `*` after a repeating one. */
export function fhirElementSource(table = fhirElementTable()): string {
  const lines = Object.entries(table).map(
    ([type, elements]) =>
      `  ${type}: '${Object.entries(elements)
        .map(([name, [t, repeats]]) => `${name}:${t}${repeats ? '*' : ''}`)
        .join(' ')}',`,
  );
  return [
    '/**',
    ' * FHIR R4 elements by type, for the resources MedCom messages carry and every',
    ' * type they reach: `element:Type`, `*` when it repeats (`xhtml` is',
    ' * Narrative.div). Generated from `@types/fhir` by',
    ' * functions/testing/fhir-elements-from-types.ts: do not edit; fhir-xml.test.ts',
    ' * fails when this and the type package disagree.',
    ' */',
    '// biome-ignore format: one line per type',
    'export const FHIR_ELEMENT_LINES: Readonly<Record<string, string>> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(fhirElementSource());
