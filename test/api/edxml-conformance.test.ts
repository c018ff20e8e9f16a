import path from 'node:path';
import {
  buildDocumentPackage,
  buildStatusPackage,
  parsePackage,
  type DocumentPackage,
  type ParseResult,
  type UnsignedEnvelopePolicy,
} from '../../api/src/exchange/edxml';
import { signPdf } from '../../api/src/signing/signer';
import type { TrustStore } from '../../api/src/signing/validate';
import { DISTRICT, PROVINCE, sampleDocument, sampleStatus, signerOf } from '../support/edxml';
import { SHAPES, Xmlsec, asDelivered, corpusPackage, expectedPackage, template, type Facts } from '../support/edxml-conformance';
import { createTestPki, makePdf, type TestPki } from '../support/signing';

/**
 * The conformance corpus (docs/domain.md §6.7): packages in every shape the vendors' SDKs send, written by hand
 * and signed by Debian's xmlsec1, not by vanthu; vanthu must read each to the same fields. And the other way
 * round: what vanthu signs, xmlsec1 verifies.
 */
let pki: TestPki;
let trust: TrustStore;
let xmlsec: Xmlsec;
let facts: Facts;
const now = new Date();
const parse = (bytes: Buffer, unsignedEnvelope?: UnsignedEnvelopePolicy): Promise<ParseResult> =>
  parsePackage(bytes, { maxBytes: 10 * 1024 * 1024, trust, now, unsignedEnvelope });
const withoutData = (d: DocumentPackage) => ({ ...d, attachments: d.attachments.map((a) => ({ ...a, data: a.data.toString('base64') })) });

beforeAll(async () => {
  pki = await createTestPki();
  trust = await pki.trust();
  xmlsec = new Xmlsec(pki.identity('orgs', 'qn-ubnd'), path.join(pki.dir, 'trust'));
  const main = (
    await signPdf(await makePdf(2), { identity: pki.identity('orgs', 'qn-ubnd'), appearance: { kind: 'invisible' }, reason: 'Phát hành' })
  ).pdf;
  facts = {
    from: PROVINCE,
    to: DISTRICT,
    codeNumber: '123',
    codeNotation: 'UBND-VX',
    attachments: [
      {
        contentId: '6f1c0a52-3b1e-4c1f-9d7e-000000000001',
        name: '123-UBND-VX.signed.pdf',
        contentType: 'application/pdf',
        description: 'Văn bản chính',
        data: main,
      },
      {
        contentId: '6f1c0a52-3b1e-4c1f-9d7e-000000000002',
        name: 'phu-luc-I.pdf',
        contentType: 'application/pdf',
        description: 'Phụ lục I',
        data: await makePdf(1),
      },
    ],
  };
});
afterAll(() => {
  xmlsec?.remove();
  pki?.remove();
});

describe('edXML conformance corpus, signed by xmlsec1', () => {
  it.each(SHAPES.map((s) => [s.name, s] as const))('%s: xmlsec1 verifies it and vanthu reads the same fields', async (_name, shape) => {
    const bytes = corpusPackage(xmlsec, shape, facts);
    // The corpus really has the shape it claims.
    const text = bytes.toString('utf8');
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(shape.bom);
    expect(text.includes('\r\n')).toBe(shape.eol === '\r\n');
    expect(text.includes('<edXML:edXMLEnvelope')).toBe(shape.namespace === 'prefixed');
    expect(text).toContain(shape.algorithm === 'rsa-sha1' ? 'xmldsig#rsa-sha1' : 'xmldsig-more#rsa-sha256');
    expect(text).toContain(shape.dates === 'dd/MM/yyyy' ? '>05/03/2025<' : '>2025/03/05<');
    expect(/<(?:edXML:)?ContentId>cid:/.test(text)).toBe(shape.cid !== 'none');
    expect(/<ContentId>cid:/.test(text.slice(text.indexOf('<AttachmentEncoded>')))).toBe(shape.cid === 'both');
    expect(text.includes('urn:example:vendor-sdk')).toBe(shape.unknownElements);
    // The other tool's verdict on exactly these bytes.
    const verdict = xmlsec.verify(bytes);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.output).toMatch(/SignedInfo References \(ok\/all\): 1\/1/);

    const r = await parse(bytes);
    if (!r.ok) throw new Error(`${r.code}: ${r.reasonEn}`);
    expect(r.pkg.kind).toBe('document');
    expect(withoutData(r.pkg.value as DocumentPackage)).toEqual(withoutData(expectedPackage(facts)));
    expect(r.pkg.signature).toMatchObject({ algorithm: shape.algorithm, signer: { commonName: 'Ủy ban nhân dân tỉnh Quảng Ninh' } });
    // No digest in the manifest: accepted, with the notice naming both attachments; digests present: no notice.
    if (shape.manifestDigest === 'none') {
      expect(r.pkg.notices).toEqual([
        expect.objectContaining({ code: 'attachments_not_covered', attachments: ['123-UBND-VX.signed.pdf', 'phu-luc-I.pdf'] }),
      ]);
      expect(r.pkg.notices[0].vi).toContain('tệp đính kèm không được chữ ký gói tin bảo vệ');
    } else {
      expect(r.pkg.notices).toEqual([]);
    }
  });

  it('still checks digests that are present: a changed attachment byte is refused, an unknown digest algorithm too', async () => {
    const shape = SHAPES.find((s) => s.manifestDigest === 'sha256' && s.algorithm === 'rsa-sha256')!;
    const text = corpusPackage(xmlsec, shape, facts).toString('utf8');
    const b64 = /<ContentTransferEncoded>([^<]+)<\/ContentTransferEncoded>/.exec(text)![1];
    const flipped = Buffer.from(b64, 'base64');
    flipped[300] ^= 0x01;
    const tampered = Buffer.from(text.replace(b64, flipped.toString('base64')));
    expect(xmlsec.verify(tampered).ok).toBe(true); // the attachments are outside what the XML signature signs
    expect(await parse(tampered)).toMatchObject({ ok: false, code: 'edxml.attachment_hash_mismatch' });

    const md5 = template(shape, facts).replace(
      /Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmlenc#sha256"\/><ds:DigestValue/g,
      'Algorithm="http://www.w3.org/2001/04/xmldsig-more#md5"/><ds:DigestValue',
    );
    expect(md5).toContain('xmldsig-more#md5');
    expect(await parse(asDelivered(shape, xmlsec.sign(md5)))).toMatchObject({ ok: false, code: 'edxml.attachment_digest_invalid' });
  });

  it('without digests the attachment bytes are not covered (the PDF signature is what protects them), but the header still is', async () => {
    const shape = SHAPES[0];
    const text = corpusPackage(xmlsec, shape, facts).toString('utf8');
    const b64 = /<ContentTransferEncoded>([^<]+)<\/ContentTransferEncoded>/.exec(text)![1];
    const flipped = Buffer.from(b64, 'base64');
    flipped[300] ^= 0x01;
    const attachment = await parse(Buffer.from(text.replace(b64, flipped.toString('base64'))));
    expect(attachment.ok && attachment.pkg.notices.map((n) => n.code)).toEqual(['attachments_not_covered']);

    const header = Buffer.from(text.replace('V/v triển khai', 'V/v đình chỉ'));
    expect(xmlsec.verify(header).ok).toBe(false);
    expect(await parse(header)).toMatchObject({ ok: false, code: 'edxml.signature_invalid' });
  });

  it('refuses an unsigned envelope by default; accept-with-notice reads it with a notice; a bad signature is never "unsigned"', async () => {
    const shape = SHAPES[0];
    const unsigned = asDelivered(shape, template(shape, facts, { signature: false }));
    const refused = await parse(unsigned);
    expect(refused).toMatchObject({
      ok: false,
      code: 'edxml.unsigned',
      from: PROVINCE.organId,
      documentId: expectedPackage(facts).documentId,
    });
    expect(await parse(unsigned, 'refuse')).toMatchObject({ ok: false, code: 'edxml.unsigned' });

    const accepted = await parse(unsigned, 'accept-with-notice');
    if (!accepted.ok) throw new Error(`${accepted.code}: ${accepted.reasonEn}`);
    expect(accepted.pkg.signature).toBeNull();
    expect(withoutData(accepted.pkg.value as DocumentPackage)).toEqual(withoutData(expectedPackage(facts)));
    expect(accepted.pkg.notices).toEqual([
      expect.objectContaining({ code: 'envelope_unsigned', attachments: ['123-UBND-VX.signed.pdf', 'phu-luc-I.pdf'] }),
    ]);
    expect(accepted.pkg.notices[0].vi).toContain('không được chữ ký gói tin bảo vệ');

    // One SDK rewrite emits an empty edXML:DigitalSignature instead of a signature: that is an unsigned package.
    const digitalSignature = asDelivered(
      shape,
      template(shape, facts, { signature: false }).replace('</edXML:edXMLHeader>', '<edXML:DigitalSignature/></edXML:edXMLHeader>'),
    );
    expect(digitalSignature.toString()).toContain('<edXML:DigitalSignature/>');
    expect(await parse(digitalSignature)).toMatchObject({ ok: false, code: 'edxml.unsigned' });
    const read = await parse(digitalSignature, 'accept-with-notice');
    expect(read.ok && read.pkg.notices.map((n) => n.code)).toEqual(['envelope_unsigned']);

    // The template with its empty ds:Signature (never signed), and a signed package changed afterwards: invalid, whatever the policy.
    expect(await parse(asDelivered(shape, template(shape, facts)), 'accept-with-notice')).toMatchObject({
      ok: false,
      code: 'edxml.signature_invalid',
    });
    const changed = corpusPackage(xmlsec, shape, facts).toString('utf8').replace('V/v triển khai', 'V/v đình chỉ');
    expect(await parse(Buffer.from(changed), 'accept-with-notice')).toMatchObject({ ok: false, code: 'edxml.signature_invalid' });
  });
});

describe("vanthu's own packages verify with xmlsec1", () => {
  it('a document package and a status package verify; a changed one does not', async () => {
    const pdf = await makePdf(1);
    const signer = signerOf(pki.identity('orgs', 'qn-ubnd'));
    const doc = await buildDocumentPackage(sampleDocument(pdf), signer);
    const status = await buildStatusPackage(sampleStatus(sampleDocument(pdf), { statusCode: '03', description: 'Đã tiếp nhận' }), signer);
    for (const bytes of [doc, status]) {
      const verdict = xmlsec.verify(bytes);
      expect(verdict).toMatchObject({ ok: true });
      expect(verdict.output).toMatch(/SignedInfo References \(ok\/all\): 1\/1/);
    }
    expect(xmlsec.verify(Buffer.from(doc.toString('utf8').replace('V/v triển khai', 'V/v hủy bỏ'))).ok).toBe(false);
    // vanthu's packages carry the digests, so the other tool's verdict covers the attachments through the signed manifest.
    const r = await parse(doc);
    expect(r.ok && r.pkg.notices).toEqual([]);
  });
});
