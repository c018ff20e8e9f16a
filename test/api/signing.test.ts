import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { Problem } from '../../api/src/http/problem';
import {
  buildSignedData,
  contentInfoDer,
  importPrivateKey,
  openPkcs12,
  addTimestampToken,
  signatureValueOf,
} from '../../api/src/signing/cms';
import { revoke } from '../../api/src/signing/pki';
import {
  complete,
  completeWithSignature,
  localTimestamps,
  prepare,
  signPdf,
  signedAttributesFor,
  type TimestampSource,
} from '../../api/src/signing/signer';
import { DevTsa } from '../../api/src/signing/tsa';
import { exitCodeOf, validatePdf } from '../../api/src/signing/validate';
import { signWithOpensslCms } from '../support/stamp-checks';
import {
  PKI_PASSWORD,
  appendContentChange,
  createTestPki,
  flipByteInSignedRange,
  incrementalEdit,
  makeFormPdf,
  makePdf,
  signatureImage,
  type TestPki,
} from '../support/signing';

let pki: TestPki;
let other: TestPki;
let tsa: TimestampSource;
let unsigned: Buffer;

const leader = (image?: Buffer) => ({
  kind: 'leader' as const,
  rect: [330, 80, 540, 200] as [number, number, number, number],
  name: 'Trần Minh Khoa',
  title: 'Chủ tịch',
  image,
});
const seal = {
  kind: 'seal' as const,
  rect: [260, 70, 460, 170] as [number, number, number, number],
  organisation: 'Ủy ban nhân dân tỉnh Quảng Ninh',
};

beforeAll(async () => {
  pki = await createTestPki();
  other = await createTestPki(); // a second, untrusted "DEV ONLY" root
  tsa = localTimestamps(DevTsa.fromPkiDir(pki.dir)!);
  unsigned = await makePdf(2);
});
afterAll(() => {
  pki.remove();
  other.remove();
});

async function signOnce(pdf = unsigned) {
  return signPdf(pdf, {
    identity: pki.identity('users', 'qn.chutich'),
    appearance: leader(await signatureImage()),
    timestamps: tsa,
    reason: 'Phê duyệt',
    location: 'Quảng Ninh',
  });
}

describe('dev PKI', () => {
  it('issues UTF-8 names that openssl reads, chained to the DEV ONLY root, and a TSA certificate with critical timeStamping EKU', () => {
    const root = path.join(pki.dir, 'root-ca.pem');
    const inter = path.join(pki.dir, 'intermediate-ca.pem');
    const leaf = path.join(pki.dir, 'users', 'qn.chutich.pem');
    expect(
      execFileSync('openssl', ['verify', '-CAfile', root, '-untrusted', inter, leaf, path.join(pki.dir, 'tsa.pem')]).toString(),
    ).toMatch(/qn\.chutich\.pem: OK[\s\S]*tsa\.pem: OK/);
    const subject = execFileSync('openssl', ['x509', '-in', leaf, '-noout', '-subject', '-nameopt', 'utf8']).toString();
    expect(subject).toContain('CN=Trần Minh Khoa');
    expect(execFileSync('openssl', ['x509', '-in', root, '-noout', '-subject']).toString()).toContain('DEV ONLY');
    const tsaText = execFileSync('openssl', ['x509', '-in', path.join(pki.dir, 'tsa.pem'), '-noout', '-text']).toString();
    expect(tsaText).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
    expect(
      execFileSync('openssl', ['crl', '-in', path.join(pki.dir, 'intermediate-ca.crl.pem'), '-noout', '-issuer']).toString(),
    ).toContain('DEV ONLY Issuing CA');
  });

  it('protects each PKCS#12 with the demo password', () => {
    const id = pki.identity('orgs', 'qn-ubnd');
    expect(id.chain).toHaveLength(3);
    expect(() => openPkcs12(fs.readFileSync(path.join(pki.dir, 'orgs', 'qn-ubnd.p12')), 'not-the-password')).toThrow(Problem);
  });
});

describe('signing and validation', () => {
  it('signs once (PAdES B-T, visible leader appearance) and validates it as valid', async () => {
    const { pdf, fieldName, signer } = await signOnce();
    expect(fieldName).toBe('Signature1');
    expect(signer).toBe('Trần Minh Khoa');
    expect(pdf.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
    const report = await validatePdf(pdf, await pki.trust());
    expect(report.verdict).toBe('valid');
    expect(report.signatureCount).toBe(1);
    const [s] = report.signatures;
    expect(s).toMatchObject({
      fieldName: 'Signature1',
      reason: 'Phê duyệt',
      signer: { commonName: 'Trần Minh Khoa', holder: 'person', publicKey: 'RSA-2048' },
      integrity: { digestMatches: true, signatureVerified: true },
      chain: { trusted: true, path: ['Trần Minh Khoa', 'vanthu DEV ONLY Issuing CA', 'vanthu DEV ONLY Root CA'] },
      revocation: { status: 'good' },
      timestamp: { present: true, valid: true, authority: 'vanthu DEV ONLY Time Stamping Authority' },
      signingTime: { source: 'timestamp' },
      modifiedAfter: { changed: false, coversWholeFile: true, kinds: [] },
      verdict: 'valid',
      reasons: [],
    });
    expect(Math.abs(Date.parse(s.timestamp.time!) - Date.now())).toBeLessThan(60_000);
  });

  it('adds the seal signature and a third one as incremental updates that keep every earlier signature valid', async () => {
    const first = await signOnce();
    const second = await signPdf(first.pdf, { identity: pki.identity('orgs', 'qn-ubnd'), appearance: seal, timestamps: tsa });
    expect(second.pdf.subarray(0, first.pdf.length).equals(first.pdf)).toBe(true);
    expect(second.fieldName).toBe('Signature2');
    const third = await signPdf(second.pdf, {
      identity: pki.identity('users', 'qn.cvp'),
      appearance: { kind: 'invisible' },
      timestamps: tsa,
    });
    expect(third.pdf.subarray(0, second.pdf.length).equals(second.pdf)).toBe(true);
    expect(third.fieldName).toBe('Signature3');

    const report = await validatePdf(third.pdf, await pki.trust());
    expect(report.verdict).toBe('valid');
    expect(report.signatures.map((s) => [s.fieldName, s.signer?.commonName, s.verdict])).toEqual([
      ['Signature1', 'Trần Minh Khoa', 'valid'],
      ['Signature2', 'Ủy ban nhân dân tỉnh Quảng Ninh', 'valid'],
      ['Signature3', 'Đỗ Văn Thành', 'valid'],
    ]);
    expect(report.signatures[0].modifiedAfter).toEqual({ changed: true, coversWholeFile: false, kinds: ['signatures'] });
    expect(report.signatures[1].signer?.holder).toBe('organisation');
    expect(report.signatures[2].modifiedAfter.coversWholeFile).toBe(true);
    // The pages were not re-laid out: pdf-lib still reads two pages and three distinct signature fields.
    const doc = await PDFDocument.load(third.pdf);
    expect(doc.getPageCount()).toBe(2);
    expect(
      doc
        .getForm()
        .getFields()
        .map((f) => f.getName()),
    ).toEqual(['Signature1', 'Signature2', 'Signature3']);
  });

  it('finds one byte changed inside a signed range: invalid (digest mismatch)', async () => {
    const { pdf } = await signOnce();
    const tampered = flipByteInSignedRange(pdf);
    const report = await validatePdf(tampered, await pki.trust());
    expect(report.verdict).toBe('invalid');
    expect(report.signatures[0].integrity.digestMatches).toBe(false);
    expect(report.signatures[0].reasons.map((r) => r.code)).toContain('digest_mismatch');
    expect(exitCodeOf(report.verdict)).toBe(1);
  });

  it('finds content appended after signing: invalid (modified after signing), and tells it from further signatures', async () => {
    const { pdf } = await signOnce();
    const changed = await appendContentChange(pdf);
    const report = await validatePdf(changed, await pki.trust());
    expect(report.verdict).toBe('invalid');
    const [s] = report.signatures;
    expect(s.integrity).toMatchObject({ digestMatches: true, signatureVerified: true });
    expect(s.modifiedAfter).toEqual({ changed: true, coversWholeFile: false, kinds: ['other_content'] });
    expect(s.reasons.map((r) => r.code)).toEqual(['modified_after_signing']);

    const junk = await validatePdf(Buffer.concat([pdf, Buffer.from('\n1 0 obj\n(junk)\nendobj\n')]), await pki.trust());
    expect(junk.signatures[0].modifiedAfter.kinds).toContain('other_content');
    expect(junk.verdict).toBe('invalid');
  });

  it('tells a form filled in after signing (allowed) from a page changed after signing (not allowed)', async () => {
    const { pdf } = await signPdf(await makeFormPdf(), {
      identity: pki.identity('users', 'qn.chutich'),
      appearance: leader(),
      timestamps: tsa,
    });
    const filled = await incrementalEdit(pdf, async (doc) => {
      doc.getForm().getTextField('ghiChu').setText('Da xem (seen)');
      doc.getForm().updateFieldAppearances();
    });
    const report = await validatePdf(filled, await pki.trust());
    expect(report.signatures[0].modifiedAfter).toEqual({ changed: true, coversWholeFile: false, kinds: ['form_fill'] });
    expect(report.verdict).toBe('valid');

    const drawn = await incrementalEdit(pdf, async (doc) => {
      doc.getPage(0).drawRectangle({ x: 10, y: 10, width: 50, height: 50 });
    });
    const r2 = await validatePdf(drawn, await pki.trust());
    expect(r2.signatures[0].modifiedAfter.kinds).toEqual(['other_content']);
    expect(r2.verdict).toBe('invalid');
  });

  it('reports a certificate from an untrusted root as indeterminate', async () => {
    const { pdf } = await signPdf(unsigned, { identity: other.identity('users', 'qn.chutich'), appearance: leader(), timestamps: tsa });
    const report = await validatePdf(pdf, await pki.trust());
    expect(report.verdict).toBe('indeterminate');
    expect(report.signatures[0].chain.trusted).toBe(false);
    expect(report.signatures[0].integrity.signatureVerified).toBe(true);
    expect(report.signatures[0].reasons.map((r) => r.code)).toEqual(['untrusted_chain']);
    // Trusting the other root makes it valid.
    const both = await pki.trust();
    const others = await other.trust();
    both.anchors.push(...others.anchors);
    both.intermediates.push(...others.intermediates);
    both.crls.push(...others.crls);
    expect((await validatePdf(pdf, both)).verdict).toBe('valid');
  });

  it('reports a revoked certificate as invalid (revocation from the CRL)', async () => {
    const { identity, serial } = pki.issue('revoked-signer', {
      kind: 'person',
      commonName: 'Người Bị Thu Hồi',
      organisation: 'Sở Thử nghiệm',
    });
    const { pdf } = await signPdf(unsigned, { identity, appearance: leader(), timestamps: tsa });
    expect((await validatePdf(pdf, await pki.trust())).verdict).toBe('valid');
    await revoke(pki.pki, [serial], new Date(Date.now() - 60_000));
    const report = await validatePdf(pdf, await pki.trust());
    expect(report.verdict).toBe('invalid');
    expect(report.signatures[0].revocation).toMatchObject({ status: 'revoked' });
    expect(report.signatures[0].reasons.map((r) => r.code)).toEqual(['certificate_revoked']);
  });

  it('refuses to sign with an expired certificate, and judges a signature made with one as invalid', async () => {
    const { identity } = pki.issue('expired-signer', {
      kind: 'person',
      commonName: 'Người Hết Hạn',
      notBefore: new Date(Date.now() - 400 * 24 * 3600 * 1000),
      notAfter: new Date(Date.now() - 30 * 24 * 3600 * 1000),
    });
    await expect(signPdf(unsigned, { identity, appearance: leader(), timestamps: tsa })).rejects.toMatchObject({
      status: 422,
      code: 'signing.certificate_not_valid',
    });
    // Another tool signs anyway; the timestamp proves it was after expiry.
    const prepared = await prepare(unsigned, { appearance: leader() });
    const sd = await buildSignedData({ digest: prepared.digest, chain: identity.chain, key: await importPrivateKey(identity.keyPem) });
    addTimestampToken(sd, await tsa(signatureValueOf(sd)));
    const report = await validatePdf(await complete(prepared, contentInfoDer(sd)), await pki.trust());
    expect(report.verdict).toBe('invalid');
    expect(report.signatures[0].reasons.map((r) => r.code)).toEqual(['certificate_expired']);
  });

  it('answers a wrong passphrase with 422 signing.wrong_passphrase and produces nothing', async () => {
    const p12 = fs.readFileSync(path.join(pki.dir, 'users', 'qn.chutich.p12'));
    let error: unknown;
    let produced: Buffer | undefined;
    try {
      produced = (await signPdf(unsigned, { identity: openPkcs12(p12, 'wrong passphrase'), appearance: leader(), timestamps: tsa })).pdf;
    } catch (err) {
      error = err;
    }
    expect(produced).toBeUndefined();
    expect(error).toBeInstanceOf(Problem);
    expect(error).toMatchObject({ status: 422, code: 'signing.wrong_passphrase', title: 'Mật khẩu khóa ký không đúng' });
  });

  it('external signer: prepare returns the digest, a CMS made elsewhere (forge, as a token would) is embedded and validated', async () => {
    const first = await signOnce();
    const prepared = await prepare(first.pdf, { appearance: seal, fieldName: 'ConDau' });
    expect(prepared.digest).toHaveLength(32);
    // The "token": the organisation's key, used by node-forge to make a detached CMS with SHA-256.
    const p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(fs.readFileSync(path.join(pki.dir, 'orgs', 'qn-ubnd.p12')).toString('binary')),
      PKI_PASSWORD,
    );
    const key = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]![0].key!;
    const certs = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]!.map((b) => b.cert!);
    const [start, end] = [prepared.byteRange[1], prepared.byteRange[2]];
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(Buffer.concat([prepared.pdf.subarray(0, start), prepared.pdf.subarray(end)]).toString('binary'));
    for (const c of certs) p7.addCertificate(c);
    const leaf = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals((key as forge.pki.rsa.PrivateKey).n))!;
    p7.addSigner({
      key: key as forge.pki.rsa.PrivateKey,
      certificate: leaf,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.messageDigest },
        { type: forge.pki.oids.signingTime, value: new Date() as unknown as string },
      ],
    });
    p7.sign({ detached: true });
    const cms = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');

    const signed = await complete(prepared, cms);
    const report = await validatePdf(signed, await pki.trust());
    expect(report.verdict).toBe('valid');
    expect(report.signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'ConDau']);
    expect(report.signatures[1]).toMatchObject({
      signer: { commonName: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      timestamp: { present: false },
      signingTime: { source: 'claimed' },
    });

    // A CMS over something else is refused, and so is garbage.
    const wrong = await prepare(unsigned, { appearance: seal });
    await expect(complete(wrong, cms)).rejects.toMatchObject({ status: 422, code: 'signing.invalid_cms' });
    await expect(complete(prepared, Buffer.from('not a cms'))).rejects.toMatchObject({ code: 'signing.invalid_cms' });
  });

  it('external signer that signs a hash (PKCS#11 / remote service): signed attributes out, RSA signature in, timestamped CMS embedded', async () => {
    const id = pki.identity('users', 'qn.cvp');
    const prepared = await prepare(unsigned, { appearance: leader() });
    const { signedAttributes, hashToSign } = await signedAttributesFor(prepared, id.chain);
    expect(hashToSign).toHaveLength(32);
    // The "device": RSASSA-PKCS1-v1_5 with SHA-256 over the signed attributes, with a key the server never sees.
    const signature = crypto.sign('sha256', signedAttributes, crypto.createPrivateKey(id.keyPem));
    const signed = await completeWithSignature(prepared, id.chain, signature, tsa);
    const report = await validatePdf(signed, await pki.trust());
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]).toMatchObject({
      signer: { commonName: 'Đỗ Văn Thành' },
      timestamp: { valid: true },
      signingTime: { source: 'timestamp' },
    });
    // A signature by another key is refused before anything is embedded.
    const otherKey = crypto.createPrivateKey(pki.identity('users', 'qn.chutich').keyPem);
    await expect(completeWithSignature(prepared, id.chain, crypto.sign('sha256', signedAttributes, otherKey))).rejects.toMatchObject({
      code: 'signing.invalid_cms',
    });
  });

  it('judges PDFs signed by other tools: @signpdf P12Signer (adbe.pkcs7.detached) and openssl cms', async () => {
    // @signpdf with its own placeholders, then a second signature with the plain (incremental) placeholder.
    const doc = await PDFDocument.load(unsigned);
    pdflibAddPlaceholder({ pdfDoc: doc, reason: 'test', contactInfo: '', name: 'signpdf', location: 'Hà Nội', signatureLength: 16384 });
    const p12 = fs.readFileSync(path.join(pki.dir, 'users', 'qn.cvp.p12'));
    const one = await new SignPdf().sign(
      Buffer.from(await doc.save({ useObjectStreams: false })),
      new P12Signer(p12, { passphrase: PKI_PASSWORD }),
    );
    const report = await validatePdf(one, await pki.trust());
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]).toMatchObject({
      subFilter: 'adbe.pkcs7.detached',
      signer: { commonName: 'Đỗ Văn Thành' },
      timestamp: { present: false },
    });

    // openssl cms: detached, DER, SHA-256 over the byte ranges our prepare() fixed.
    const signed = await signWithOpensslCms(unsigned, pki.identity('users', 'qn.chutich'));
    const r2 = await validatePdf(signed, await pki.trust());
    expect(r2.verdict).toBe('valid');
    expect(r2.signatures[0]).toMatchObject({
      signer: { commonName: 'Trần Minh Khoa' },
      integrity: { digestMatches: true, signatureVerified: true },
    });
    // ...and @signpdf's incremental placeholder-plain after our signature keeps ours valid.
    const withPlain = plainAddPlaceholder({
      pdfBuffer: signed,
      reason: 'again',
      contactInfo: '',
      name: 'plain',
      location: 'HCM',
      signatureLength: 16384,
    });
    const two = await new SignPdf().sign(withPlain, new P12Signer(p12, { passphrase: PKI_PASSWORD }));
    const r3 = await validatePdf(two, await pki.trust());
    expect(r3.signatures.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    expect(r3.signatures[0].modifiedAfter.kinds).toEqual(['signatures']);
  });

  it('reports an unsigned PDF as indeterminate (no signatures)', async () => {
    const report = await validatePdf(unsigned, await pki.trust());
    expect(report).toMatchObject({ signatureCount: 0, verdict: 'indeterminate', reasons: [{ code: 'no_signatures' }] });
  });

  it('is idempotent: running the generator again keeps every key and certificate', async () => {
    const before = fs.readFileSync(path.join(pki.dir, 'users', 'qn.chutich.p12'));
    const rootBefore = fs.readFileSync(path.join(pki.dir, 'root-ca.pem'), 'utf8');
    const { generateDevPki } = await import('../../api/src/signing/pki');
    const again = await generateDevPki({
      dir: pki.dir,
      password: PKI_PASSWORD,
      leaders: [{ username: 'qn.chutich', fullName: 'Trần Minh Khoa', position: 'Chủ tịch', organisation: 'x' }],
      organisations: [],
    });
    expect(again.users).toEqual([expect.objectContaining({ username: 'qn.chutich', created: false })]);
    expect(fs.readFileSync(path.join(pki.dir, 'users', 'qn.chutich.p12')).equals(before)).toBe(true);
    expect(fs.readFileSync(path.join(pki.dir, 'root-ca.pem'), 'utf8')).toBe(rootBefore);
  });
});
