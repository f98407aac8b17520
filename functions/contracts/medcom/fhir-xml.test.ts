import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fhirElementTable } from '../../testing/fhir-elements-from-types.ts';
import {
  haveMedcomData as haveData,
  medcomFiles,
  medcomMissing as missing,
} from '../../testing/medcom-examples.ts';
import { FHIR_ELEMENT_LINES } from './fhir-elements.ts';
import { readFhirXml } from './fhir-xml.ts';
import {
  buildAcknowledgement,
  buildCareCommunication,
  eventCodeOf,
  readAcknowledgement,
  readCareCommunication,
} from './index.ts';

const xmlExamples = medcomFiles('.xml');
const INVALID = /-inv-/;
const nameOf = (path: string) => path.split('/').at(-1)!;
const fromXml = (path: string) => {
  const read = readFhirXml(readFileSync(path, 'utf8'));
  if (!read.ok) throw new Error(`${nameOf(path)}: ${read.reason}`);
  return read.resource;
};
const byPrefix = (prefix: string) => {
  const all = [...medcomFiles('.xml'), ...medcomFiles('.json')];
  return all.find((p) => nameOf(p).startsWith(prefix))!;
};
const readAny = (path: string): unknown =>
  path.endsWith('.xml') ? fromXml(path) : JSON.parse(readFileSync(path, 'utf8'));
/** The response codes MedCom's README gives each acknowledgement example. */
const ACK_CODES: Record<string, string> = {
  'Ack_3.3.1.1_A-AA.xml': 'ok',
  'Ack_3.3.3.3_A-AA.xml': 'ok',
  'Ack_3.4.1_A_AA.xml': 'ok',
  'Ack_3.4.2_A-AA.xml': 'ok',
  'Ack_3.3.2.1_A_AE.xml': 'fatal-error',
  'Ack_3.3.3.6_A_AE.xml': 'fatal-error',
  'Ack_3.3.3.1_A_AR.xml': 'transient-error',
  'Ack_3.3.3.4_A_AR.xml': 'transient-error',
  'Flow2-Acknowledgement_Ex_to_OIOXML.xml': 'ok',
  'Flow4-Acknowledgement_Ex_from_OIOXML.xml': 'ok',
};

if (!haveData && !process.env.CI) console.warn(`MedCom XML examples skipped: ${missing}`);

describe('the FHIR element table', () => {
  it('is exactly what @types/fhir gives for the resources MedCom messages carry', () => {
    const generated = Object.fromEntries(
      Object.entries(fhirElementTable()).map(([type, elements]) => [
        type,
        Object.entries(elements)
          .map(([name, [t, repeats]]) => `${name}:${t}${repeats ? '*' : ''}`)
          .join(' '),
      ]),
    );
    expect(FHIR_ELEMENT_LINES).toEqual(generated);
    expect(FHIR_ELEMENT_LINES.Patient).toContain('identifier:Identifier*');
    expect(FHIR_ELEMENT_LINES.Reference).toContain('identifier:Identifier ');
  });
});

describe.skipIf(!haveData && !process.env.CI)(
  haveData ? 'MedCom published XML examples' : `MedCom published XML examples: ${missing}`,
  () => {
    it('the 27 XML examples are there (CI needs them)', () => {
      if (!haveData) throw new Error(`${missing}; CI needs the MedCom examples`);
      expect(xmlExamples).toHaveLength(27);
    });

    const careCommunications = xmlExamples.filter((p) => !/Ack_|Acknowledgement/.test(nameOf(p)));
    for (const path of careCommunications.filter((p) => !INVALID.test(p))) {
      it(`POL-006.8: the valid XML example ${nameOf(path)} is accepted, and parse → build → read gives the same content`, () => {
        const bundle = fromXml(path);
        expect(eventCodeOf(bundle)).toBe('care-communication-message');
        const first = readCareCommunication(bundle);
        expect(first.ok ? [] : first.issues).toEqual([]);
        if (!first.ok) return;
        const rebuilt = readCareCommunication(
          JSON.parse(JSON.stringify(buildCareCommunication(first.content))),
        );
        expect(rebuilt).toEqual(first);
      });
    }

    for (const path of careCommunications.filter((p) => INVALID.test(p))) {
      it(`POL-006.8: the XML example MedCom labels invalid, ${nameOf(path)}, is refused with MSG_RESOURCE_REQUIRED for its Provenance`, () => {
        const result = readCareCommunication(fromXml(path));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.issues).toContainEqual({
          path: 'Provenance[0].entity:source',
          rule: 'provenance-entity-matches-payload',
          detail: 'MSG_RESOURCE_REQUIRED',
        });
      });
    }

    for (const path of xmlExamples.filter((p) => ACK_CODES[nameOf(p)])) {
      it(`POL-006.9: the XML acknowledgement ${nameOf(path)} reads as ${ACK_CODES[nameOf(path)]} and rebuilds the same`, () => {
        const ack = readAcknowledgement(fromXml(path));
        expect(ack.ok ? ack.content.code : ack.issues).toBe(ACK_CODES[nameOf(path)]);
        if (!ack.ok) return;
        expect(ack.content.code === 'ok' || ack.content.issues.length > 0).toBe(true);
        expect(readAcknowledgement(JSON.parse(JSON.stringify(buildAcknowledgement(ack.content))))).toEqual(
          ack,
        );
      });
    }

    it('POL-006.8: every XML example is a CareCommunication or an acknowledgement the table above names', () => {
      const named = careCommunications.length + xmlExamples.filter((p) => ACK_CODES[nameOf(p)]).length;
      expect(named).toBe(xmlExamples.length);
    });

    it('POL-006.8: the resend R-Tek-L (XML) is R-Tek-K (JSON) in a new envelope: the same content but for Bundle id and timestamp', () => {
      const json = readCareCommunication(readAny(byPrefix('Bundle-R-Tek-K')));
      const xml = readCareCommunication(readAny(byPrefix('Bundle-R-Tek-L')));
      expect(json.ok && xml.ok).toBe(true);
      if (!json.ok || !xml.ok) return;
      expect(xml.content.messageId).toBe(json.content.messageId);
      expect(xml.content.bundleId).not.toBe(json.content.bundleId);
      const { bundleId: _a, timestamp: _b, ...fromJson } = json.content;
      const { bundleId: _c, timestamp: _d, ...fromXmlContent } = xml.content;
      expect(fromXmlContent).toEqual(fromJson);
    });

    it('POL-006.8: the invalid pair R-Tek-M (JSON) and R-Tek-N (XML) are refused for the same rules', () => {
      const json = readCareCommunication(readAny(byPrefix('Bundle-R-Tek-M')));
      const xml = readCareCommunication(readAny(byPrefix('Bundle-R-Tek-N')));
      expect(!json.ok && !xml.ok && xml.issues.map((i) => i.rule)).toEqual(
        !json.ok && json.issues.map((i) => i.rule),
      );
    });
  },
);

describe('XML that is not FHIR XML', () => {
  const patient = (inner: string) => `<Patient xmlns="http://hl7.org/fhir">${inner}</Patient>`;

  it('POL-006.10: a primitive becomes its JSON value, repeats become lists, a primitive’s extension becomes `_name`', () => {
    const read = readFhirXml(
      patient(
        '<id value="p1"/><active value="true"/><name><family value="Test"/><given value="A"/><given value="B"/></name>' +
          '<birthDate value="2016-01-07"><extension url="http://x"><valueInteger value="3"/></extension></birthDate>' +
          '<telecom id="t"><system value="phone"/><value value="a&#xA;b"/></telecom>',
      ),
    );
    expect(read).toEqual({
      ok: true,
      resource: {
        resourceType: 'Patient',
        id: 'p1',
        active: true,
        name: [{ family: 'Test', given: ['A', 'B'] }],
        birthDate: '2016-01-07',
        _birthDate: { extension: [{ url: 'http://x', valueInteger: 3 }] },
        telecom: [{ id: 't', system: 'phone', value: 'a\nb' }],
      },
    });
  });

  it('POL-006.10: a DTD, a processing instruction, broken XML, another namespace, an unknown or repeated element are refused', () => {
    const cases: [string, string][] = [
      [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Patient xmlns="http://hl7.org/fhir"/>',
        'xml-dtd',
      ],
      ['<?xml-stylesheet href="x"?><Patient xmlns="http://hl7.org/fhir"/>', 'xml-processing-instruction'],
      ['<Patient xmlns="http://hl7.org/fhir"><id value="x"></Patient>', 'xml-not-well-formed'],
      ['<Patient><id value="x"/></Patient>', 'xml-fhir-namespace'],
      [patient('<colour value="red"/>'), 'xml-unknown-element'],
      [patient('<active value="true"/><active value="false"/>'), 'xml-element-repeats'],
      [patient('<active value="yes"/>'), 'xml-boolean'],
      [patient('<multipleBirthInteger value="two"/>'), 'xml-number'],
      ['<Gossip xmlns="http://hl7.org/fhir"/>', 'xml-resource-type'],
      [patient('hello'), 'xml-text-content'],
      ['', 'xml-not-well-formed'],
      ['not xml at all', 'xml-not-well-formed'],
    ];
    for (const [xml, reason] of cases) expect([xml, readFhirXml(xml)]).toEqual([xml, { ok: false, reason }]);
  });
});
