import { SignedXml } from 'xml-crypto';
import {
  buildDocumentPackage,
  buildStatusPackage,
  documentPackageXml,
  parseEdxmlDate,
  parsePackage,
  signEnvelope,
  statusPackageXml,
  type DocumentPackage,
  type ParseResult,
} from '../../api/src/exchange/edxml';
import { vietnamDate } from '../../api/src/calendar/vietnam-time';
import { revoke } from '../../api/src/signing/pki';
import type { TrustStore } from '../../api/src/signing/validate';
import { DISTRICT, sampleDocument, sampleStatus, signerOf } from '../support/edxml';
import { createTestPki, makePdf, type TestPki } from '../support/signing';

let pki: TestPki;
let other: TestPki;
let trust: TrustStore;
let pdf: Buffer;
const MB = 1024 * 1024;
const now = new Date();
const tomorrow = vietnamDate(new Date(now.getTime() + 86_400_000));

const signer = () => signerOf(pki.identity('orgs', 'qn-ubnd'));
const parse = async (bytes: Buffer, t = trust, maxBytes = 10 * MB) => parsePackage(bytes, { maxBytes, trust: t, now });
const failure = (r: ParseResult) => (r.ok ? `ok (${r.pkg.kind})` : r.code);

beforeAll(async () => {
  pki = await createTestPki();
  other = await createTestPki();
  trust = await pki.trust();
  pdf = await makePdf(1);
});
afterAll(() => {
  pki.remove();
  other.remove();
});

describe('edXML document packages', () => {
  it('round-trips every field and attachment through build and parse', async () => {
    const doc = sampleDocument(pdf);
    const bytes = await buildDocumentPackage(doc, signer());
    const r = await parse(bytes);
    if (!r.ok) throw new Error(`${r.code}: ${r.reasonEn}`);
    expect(r.pkg.kind).toBe('document');
    const value = r.pkg.value as DocumentPackage;
    expect({ ...value, attachments: undefined }).toEqual({ ...doc, attachments: undefined });
    expect(value.attachments.map((a) => a.data.equals(doc.attachments.find((d) => d.contentId === a.contentId)!.data))).toEqual([
      true,
      true,
    ]);
    expect(r.pkg.signature).toMatchObject({
      algorithm: 'rsa-sha256',
      signer: { commonName: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      revocation: 'good',
    });
    expect(r.pkg.signature?.chain).toHaveLength(3);
  });

  it('emits the SDK form: default namespace root, edXML prefix, Bussiness spelling, slash dates, enveloped rsa-sha256 exc-c14n', async () => {
    const xml = (await buildDocumentPackage(sampleDocument(pdf), signer())).toString('utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">')).toBe(true);
    expect(xml).toContain('<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"');
    expect(xml).toContain(
      '<edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:BussinessDocReason>Văn bản điện tử mới</edXML:BussinessDocReason>',
    );
    expect(xml).toContain('<edXML:PromulgationDate>2025/03/05</edXML:PromulgationDate>');
    expect(xml).toContain('<edXML:Timestamp>2025/03/05 09:15:27</edXML:Timestamp>');
    expect(xml).toContain('<edXML:DocumentId>000.00.00.H49,2025/03/05,123/UBND-VX</edXML:DocumentId>');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(xml).toContain('Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"');
    expect(xml).toMatch(/<\/edXML:TraceHeaderList><Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">/);
    expect(xml).toMatch(/<AttachmentEncoded><Attachment><ContentType>application\/pdf<\/ContentType>/);
    expect(xml).toMatch(/<\/edXML:edXMLEnvelope><AttachmentEncoded>/);
  });

  it('reads packages with another prefix and the other date forms (yyyy-MM-dd, dd/MM/yyyy)', async () => {
    const xml = documentPackageXml(sampleDocument(pdf))
      .replace(/edXML:/g, 'q:')
      .replace('xmlns:q=', 'xmlns:q=')
      .replace('xmlns:edXML=', 'xmlns:q=')
      .replace('<q:PromulgationDate>2025/03/05</q:PromulgationDate>', '<q:PromulgationDate>05/03/2025</q:PromulgationDate>')
      .replace('<q:DueDate>2025/03/20</q:DueDate>', '<q:DueDate>2025-03-20</q:DueDate>')
      .replace('<q:Timestamp>2025/03/05 09:15:27</q:Timestamp>', '<q:Timestamp>05/03/2025 09:15:27</q:Timestamp>');
    expect(xml).not.toContain('edXML:');
    const r = await parse(Buffer.from(await signEnvelope(xml, signer())));
    if (!r.ok) throw new Error(`${r.code}: ${r.reasonEn}`);
    const v = r.pkg.value as DocumentPackage;
    expect([v.promulgationDate, v.dueDate, v.traces[0].timestamp]).toEqual(['2025-03-05', '2025-03-20', '2025-03-05T09:15:27+07:00']);
  });

  it('accepts rsa-sha1 / sha1 signatures on receipt', async () => {
    const id = pki.identity('orgs', 'qn-ubnd');
    const sig = new SignedXml({
      privateKey: id.keyPem,
      signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
      getKeyInfoContent: () =>
        `<X509Data>${id.chain.map((c) => `<X509Certificate>${c.toString('base64')}</X509Certificate>`).join('')}</X509Data>`,
    });
    sig.addReference({
      xpath: "//*[local-name()='edXMLEnvelope']",
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    });
    sig.computeSignature(documentPackageXml(sampleDocument(pdf)), {
      location: { reference: "//*[local-name()='edXMLHeader']", action: 'append' },
    });
    const r = await parse(Buffer.from(sig.getSignedXml()));
    expect(r.ok && r.pkg.signature?.algorithm).toBe('rsa-sha1');
  });

  it('refuses tampering: a changed header field, a changed attachment byte, no signature', async () => {
    const good = (await buildDocumentPackage(sampleDocument(pdf), signer())).toString('utf8');
    const header = await parse(Buffer.from(good.replace('V/v triển khai', 'V/v hủy bỏ')));
    expect(header).toMatchObject({
      ok: false,
      code: 'edxml.signature_invalid',
      documentId: '000.00.00.H49,2025/03/05,123/UBND-VX',
      from: '000.00.00.H49',
    });
    const b64 = /<ContentTransferEncoded>([^<]+)<\/ContentTransferEncoded>/.exec(good)![1];
    const flipped = Buffer.from(b64, 'base64');
    flipped[200] ^= 0x01;
    const attachment = await parse(Buffer.from(good.replace(b64, flipped.toString('base64'))));
    expect(attachment).toMatchObject({
      ok: false,
      code: 'edxml.attachment_hash_mismatch',
      documentId: '000.00.00.H49,2025/03/05,123/UBND-VX',
    });
    expect((attachment as { reasonVi: string }).reasonVi).toContain('123-UBND-VX.signed.pdf');
    expect(await parse(Buffer.from(documentPackageXml(sampleDocument(pdf))))).toMatchObject({
      ok: false,
      code: 'edxml.unsigned',
      from: '000.00.00.H49',
    });
    const swapped = good.replace(
      '<ContentId>c0ffee00-0000-4000-8000-000000000002</ContentId>',
      '<ContentId>c0ffee00-0000-4000-8000-000000000009</ContentId>',
    );
    expect(failure(await parse(Buffer.from(swapped)))).toBe('edxml.attachment_missing');
  });

  it('refuses a certificate that does not chain to the trust store, and a revoked one', async () => {
    const foreign = await buildDocumentPackage(sampleDocument(pdf), signerOf(other.identity('orgs', 'qn-ubnd')));
    const r = await parse(foreign);
    expect(r).toMatchObject({ ok: false, code: 'edxml.certificate_untrusted' });
    expect((r as { reasonEn: string }).reasonEn).toMatch(/does not chain to a trusted root/);

    const revoked = pki.issue('revoked-seal', { kind: 'seal', commonName: 'Cơ quan thử thu hồi' });
    await revoke(pki.pki, [revoked.serial], new Date('2025-01-01T00:00:00Z'));
    const bytes = await buildDocumentPackage(sampleDocument(pdf), signerOf(revoked.identity));
    expect(failure(await parse(bytes, await pki.trust()))).toBe('edxml.certificate_revoked');
  });

  it('checks size before parsing and refuses DOCTYPE / entity declarations', async () => {
    const bytes = await buildDocumentPackage(sampleDocument(pdf), signer());
    expect(await parse(bytes, trust, bytes.length - 1)).toMatchObject({ ok: false, code: 'edxml.too_large' });
    expect(failure(await parse(Buffer.alloc(2 * MB, 0x3c), trust, MB))).toBe('edxml.too_large');
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&lol2;</edXML>`;
    expect(failure(await parse(Buffer.from(bomb)))).toBe('edxml.doctype_forbidden');
  });

  const cases: [string, Partial<DocumentPackage> | ((d: DocumentPackage) => DocumentPackage), string][] = [
    ['duplicate receivers', { to: [DISTRICT, { ...DISTRICT }] }, 'edxml.duplicate_receiver'],
    ['no receiver', { to: [] }, 'edxml.missing_field'],
    ['an overlong subject', { subject: 'x'.repeat(501) }, 'edxml.field_too_long'],
    ['an overlong ký hiệu', { codeNotation: 'A'.repeat(31) }, 'edxml.field_too_long'],
    ['a missing số', { codeNumber: '' }, 'edxml.missing_field'],
    ['an organ id not in QCVN 102 form', { to: [{ organId: 'H49.01', organName: 'X' }] }, 'edxml.invalid_field'],
    ['an impossible date', { promulgationDate: '2025-02-30' }, 'edxml.invalid_date'],
    ['a promulgation date in the future', { promulgationDate: tomorrow }, 'edxml.date_in_future'],
    ['an unknown business type', (d) => ({ ...d, business: { ...d.business, docType: 7 as 0 } }), 'edxml.unknown_business_type'],
    ['a priority out of range', { priority: 9 as 0 }, 'edxml.invalid_field'],
    ['a revocation without ResponseFor', (d) => ({ ...d, business: { docType: 1, reason: 'Thu hồi' } }), 'edxml.missing_field'],
    ['a malformed DocumentId', { documentId: 'not-an-id' }, 'edxml.invalid_field'],
  ];
  it.each(cases)('refuses %s with a precise code', async (_name, change, code) => {
    const base = sampleDocument(pdf);
    const doc = typeof change === 'function' ? change(base) : { ...base, ...change };
    const r = await parse(await buildDocumentPackage(doc, signer()));
    expect(failure(r)).toBe(code);
    expect(r.ok ? '' : r.reasonVi.length * r.reasonEn.length).toBeGreaterThan(0);
  });
});

describe('edXML status packages', () => {
  it('round-trips a status and emits the SDK timestamp form', async () => {
    const status = sampleStatus(sampleDocument(pdf), {
      statusCode: '03',
      description: 'Văn thư đã tiếp nhận, số đến 1234',
      staff: { department: 'Văn thư', staff: 'Nguyễn Thị Hoa' },
    });
    const bytes = await buildStatusPackage(status, signer());
    expect(bytes.toString()).toContain('<edXML:Timestamp>2025/03/05 10:00:00</edXML:Timestamp>');
    expect(bytes.toString()).toContain('<edXML:StatusCode>03</edXML:StatusCode>');
    const r = await parse(bytes);
    if (!r.ok) throw new Error(`${r.code}: ${r.reasonEn}`);
    expect(r.pkg).toMatchObject({ kind: 'status', value: status });
  });

  it('refuses an unknown status code and an unsigned status', async () => {
    const status = sampleStatus(sampleDocument(pdf), { statusCode: '99' as '01' });
    expect(failure(await parse(await buildStatusPackage(status, signer())))).toBe('edxml.unknown_status_code');
    const unsigned = await parse(Buffer.from(statusPackageXml(sampleStatus(sampleDocument(pdf)))));
    expect(unsigned).toMatchObject({
      ok: false,
      code: 'edxml.unsigned',
      kind: 'status',
      documentId: '000.00.00.H49,2025/03/05,123/UBND-VX',
      from: '000.00.01.H49',
    });
  });
});

describe('edXML dates', () => {
  it('reads yyyy/MM/dd, yyyy-MM-dd and dd/MM/yyyy with or without a time, and nothing else', () => {
    expect(parseEdxmlDate('2025/03/05')?.date).toBe('2025-03-05');
    expect(parseEdxmlDate('2025-3-5')?.date).toBe('2025-03-05');
    expect(parseEdxmlDate('05/03/2025 14:07:09')).toEqual({ date: '2025-03-05', iso: '2025-03-05T14:07:09+07:00', hasTime: true });
    for (const bad of ['2025/13/01', '31/02/2025', '2025/03/05 25:00:00', 'mai', '']) expect(parseEdxmlDate(bad)).toBeNull();
  });
});
