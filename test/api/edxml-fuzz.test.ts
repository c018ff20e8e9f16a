import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import {
  EDXML_NS,
  PARSE_FAILURES,
  QCVN102_ORGAN_ID_RE,
  buildDocumentPackage,
  documentPackageXml,
  parsePackage,
  signEnvelope,
  type DocumentPackage,
  type ParseResult,
} from '../../api/src/exchange/edxml';
import type { TrustStore } from '../../api/src/signing/validate';
import { sampleDocument, signerOf } from '../support/edxml';
import { createTestPki, makePdf, type TestPki } from '../support/signing';

/**
 * Fuzzing the package parser with generated bad inputs (fixed seed, so a failure reproduces): it must never
 * throw, and must answer ok:false with a known code and both reasons — or ok:true only for a package that is
 * still semantically valid.
 */
const SEED = 0x5eed_edb1;
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: T[]): T => xs[int(xs.length)];

let pki: TestPki;
let trust: TrustStore;
let valid: Buffer;
let unsignedXml: string;
let sample: DocumentPackage;
const MAX = 2 * 1024 * 1024;

beforeAll(async () => {
  pki = await createTestPki();
  trust = await pki.trust();
  sample = sampleDocument(await makePdf(1));
  valid = await buildDocumentPackage(sample, signer());
  unsignedXml = documentPackageXml(sample);
});
afterAll(() => pki.remove());

const signer = () => signerOf(pki.identity('orgs', 'qn-ubnd'));
const seen = new Map<string, number>();

/** The invariants every accepted document must keep (docs/domain.md §6.2). */
function assertSemanticallyValid(v: DocumentPackage) {
  expect(v.to.length).toBeGreaterThanOrEqual(1);
  expect(new Set(v.to.map((t) => t.organId)).size).toBe(v.to.length);
  for (const o of [v.from, ...v.to]) expect(o.organId).toMatch(QCVN102_ORGAN_ID_RE);
  expect(v.codeNumber.length).toBeGreaterThan(0);
  expect(v.codeNumber.length).toBeLessThanOrEqual(11);
  expect(v.codeNotation.length).toBeLessThanOrEqual(30);
  expect([...v.subject].length).toBeLessThanOrEqual(500);
  expect(v.promulgationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect([0, 1, 2, 3, 4]).toContain(v.priority);
  expect([0, 1, 2, 3]).toContain(v.business.docType);
}

async function check(label: string, bytes: Buffer) {
  let r: ParseResult;
  try {
    r = await parsePackage(bytes, { maxBytes: MAX, trust });
  } catch (err) {
    throw new Error(`parsePackage threw on ${label}: ${(err as Error).stack}`, { cause: err });
  }
  if (r.ok) {
    if (r.pkg.kind === 'document') assertSemanticallyValid(r.pkg.value);
    seen.set('ok', (seen.get('ok') ?? 0) + 1);
    return r;
  }
  expect(PARSE_FAILURES).toContain(r.code);
  expect(r.reasonVi.length).toBeGreaterThan(0);
  expect(r.reasonEn.length).toBeGreaterThan(0);
  seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
  return r;
}

/** Element-level mutations of the unsigned XML; re-signed so the parser's field checks are reached. */
function mutateElements(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const all = Array.from(doc.getElementsByTagNameNS(EDXML_NS, '*'));
  const target = pick(all.filter((e) => e.localName !== 'edXMLEnvelope' && e.localName !== 'edXMLHeader'));
  switch (int(5)) {
    case 0: // remove
      target.parentNode!.removeChild(target);
      break;
    case 1: // duplicate
      target.parentNode!.insertBefore(target.cloneNode(true), target);
      break;
    case 2: // huge text
      target.textContent = 'Đ'.repeat(1 + int(3000));
      break;
    case 3: // empty it
      while (target.firstChild) target.removeChild(target.firstChild);
      break;
    default: // junk text in a field
      target.textContent = pick(['-1', '99999999', 'abc', '2025/02/30', '', ' ', '000.00.00.h49', '\u202e', '0x10', '1e3']);
  }
  return new XMLSerializer().serializeToString(doc);
}

describe('parsePackage fuzzing (seed 0x5eededb1)', () => {
  it('survives random bytes', async () => {
    for (let i = 0; i < 60; i++) {
      const b = Buffer.alloc(int(4000));
      for (let j = 0; j < b.length; j++) b[j] = int(256);
      if (i % 3 === 0) b.write('<?xml version="1.0"?><edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">', 0);
      expect((await check(`random ${i}`, b)).ok).toBe(false);
    }
  });

  it('survives truncations of a valid package', async () => {
    for (let i = 0; i < 40; i++) expect((await check(`truncation ${i}`, valid.subarray(0, int(valid.length)))).ok).toBe(false);
  });

  it('survives byte flips of a valid package (never accepting a changed signed part or attachment)', async () => {
    for (let i = 0; i < 30; i++) {
      const b = Buffer.from(valid);
      const at = int(b.length);
      b[at] ^= 1 << int(8);
      const r = await check(`flip at ${at}`, b);
      // A flip may land where canonicalisation does not look (e.g. the XML declaration's whitespace); then the
      // content must be unchanged.
      if (r.ok) expect((r.pkg.value as DocumentPackage).subject).toBe(sample.subject);
    }
  });

  it('survives removed, duplicated, emptied and oversized elements (re-signed)', async () => {
    for (let i = 0; i < 40; i++) {
      const mutated = mutateElements(unsignedXml);
      // Removing the envelope's header leaves nowhere to sign: the unsigned mutation is parsed instead.
      const signed = await signEnvelope(mutated, signer()).catch(() => mutated);
      await check(`element mutation ${i}`, Buffer.from(signed));
    }
  });

  it('survives huge fields, deep nesting, wrong namespaces and entity tricks', async () => {
    const deep = `<edXML xmlns="${EDXML_NS}">${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</edXML>`;
    const hostile = [
      unsignedXml.replace(sample.subject, 'x'.repeat(1_000_000)),
      deep,
      `<edXML xmlns="${EDXML_NS}">${'<a>'.repeat(41)}${'</a>'.repeat(41)}</edXML>`,
      unsignedXml.split(EDXML_NS).join('http://example.com/not-edxml'),
      unsignedXml.replace(`xmlns="${EDXML_NS}"`, ''),
      valid.toString().replace('xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"', 'xmlns:edXML="urn:other"'),
      `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><edXML xmlns="${EDXML_NS}">&xxe;</edXML>`,
      `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><edXML xmlns="${EDXML_NS}"/>`,
      `<!doctype edXML><edXML xmlns="${EDXML_NS}"/>`,
      valid.toString().replace('<edXML:Subject>', '<edXML:Subject>&unknown;'),
      valid.toString().replace('<edXML:Subject>', '<edXML:Subject><![CDATA[<!DOCTYPE x>]]>'),
      `<?xml version="1.0" encoding="ISO-8859-1"?><edXML xmlns="${EDXML_NS}"/>`,
      `\ufeff${valid.toString()}`,
      valid.toString() + '<extra/>',
      valid.toString().replace('</edXML:edXMLEnvelope>', `</edXML:edXMLEnvelope><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"/>`),
      valid.toString().replace(/<Signature [\s\S]*<\/Signature>/, (s) => s + s),
      '',
      ' ',
      '<',
      '<edXML/>',
    ];
    for (const [i, s] of hostile.entries()) {
      const r = await check(`hostile ${i}`, Buffer.from(s, 'utf8'));
      if (i !== 12) expect(r.ok).toBe(false);
    }
    expect(seen.get('edxml.doctype_forbidden')).toBeGreaterThanOrEqual(3);
    expect(seen.get('edxml.too_deep') ?? 0).toBeGreaterThanOrEqual(1);
    expect(seen.get('edxml.not_edxml') ?? 0).toBeGreaterThanOrEqual(2);
  });

  afterAll(() => {
    // What the run exercised, for whoever tunes the generators.
    process.stdout.write(`edXML fuzz outcomes: ${JSON.stringify(Object.fromEntries([...seen].sort()))}\n`);
  });
});
