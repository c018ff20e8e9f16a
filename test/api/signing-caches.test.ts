import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { vietnamCaptionTime } from '../../api/src/calendar/vietnam-time';
import { APPEARANCE_CACHE_LIMIT, appearanceCacheSize, generateSealPng } from '../../api/src/signing/appearance';
import {
  addTimestampToken,
  buildSignedData,
  contentInfoDer,
  importPrivateKey,
  parseSignedData,
  toPkijsCertificate,
} from '../../api/src/signing/cms';
import { signedAttributes, signedDataDer, signerTemplate } from '../../api/src/signing/der';
import { loadCmsLibraries } from '../../api/src/signing/esm';
import { localTimestamps, signPdf, type TimestampSource } from '../../api/src/signing/signer';
import { DevTsa } from '../../api/src/signing/tsa';
import { cachedTrustStore, loadTrustStore, validateChain, validatePdf } from '../../api/src/signing/validate';
import { createTestPki, makePdf, type TestPki } from '../support/signing';

let pki: TestPki;
let tsa: TimestampSource;
let unsigned: Buffer;
// Within the test certificates' validity (issued now), the same for every signature of a test.
const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);

beforeAll(async () => {
  pki = await createTestPki();
  tsa = localTimestamps(DevTsa.fromPkiDir(pki.dir)!);
  unsigned = await makePdf(1);
});
afterAll(() => pki.remove());

const leader = (name: string, title: string, image?: Buffer) => ({
  kind: 'leader' as const,
  rect: [330, 80, 540, 200] as [number, number, number, number],
  name,
  title,
  image,
});

function stream(doc: PDFDocument, obj: unknown): Buffer {
  const s = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  if (!(s instanceof PDFRawStream)) throw new Error('not a stream');
  const filter = s.dict.get(PDFName.of('Filter'));
  return filter ? zlib.inflateSync(Buffer.from(s.contents)) : Buffer.from(s.contents);
}

/** The widget of a signature field, its appearance stream and the resources that stream draws with. */
async function appearanceOf(pdf: Buffer, fieldName: string) {
  const doc = await PDFDocument.load(pdf);
  const fields = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).lookup(PDFName.of('Fields'), PDFArray);
  for (let i = 0; i < fields.size(); i++) {
    const f = fields.lookup(i, PDFDict);
    if ((f.lookup(PDFName.of('T')) as PDFHexString | PDFString).decodeText() !== fieldName) continue;
    const ap = f.lookup(PDFName.of('AP'), PDFDict).get(PDFName.of('N')) as PDFRef;
    const form = doc.context.lookup(ap) as PDFRawStream;
    return { doc, form, resources: form.dict.lookup(PDFName.of('Resources'), PDFDict) };
  }
  throw new Error(`no field ${fieldName}`);
}

/** The text an appearance shows, line by line, decoded through each font's ToUnicode map. */
async function appearanceText(pdf: Buffer, fieldName: string): Promise<string[]> {
  const { doc, form, resources } = await appearanceOf(pdf, fieldName);
  const fonts = resources.lookup(PDFName.of('Font'), PDFDict);
  const maps = new Map<string, Map<string, string>>();
  for (const [name] of fonts.entries()) {
    const cmap = stream(doc, fonts.lookup(name, PDFDict).get(PDFName.of('ToUnicode'))).toString('latin1');
    const map = new Map<string, string>();
    for (const m of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi))
      map.set(m[1].toLowerCase(), Buffer.from(m[2], 'hex').swap16().toString('utf16le'));
    maps.set(name.asString().slice(1), map);
  }
  const content = stream(doc, form).toString('latin1');
  const lines: string[] = [];
  for (const m of content.matchAll(/\/(F\d) [\d.]+ Tf[^<]*<([0-9A-Fa-f]+)> Tj/g)) {
    const map = maps.get(m[1])!;
    lines.push(
      m[2]
        .toLowerCase()
        .match(/.{4}/g)!
        .map((code) => map.get(code) ?? '?')
        .join(''),
    );
  }
  return lines;
}

/** Every object an appearance consists of (the form, its fonts and their files, images), serialized, by resource name. */
async function appearanceObjects(pdf: Buffer, fieldName: string): Promise<Record<string, string>> {
  const { doc, form, resources } = await appearanceOf(pdf, fieldName);
  const out: Record<string, string> = { form: stream(doc, form).toString('hex') };
  const seen = new Set<PDFRef>();
  const visit = (label: string, obj: unknown) => {
    if (obj instanceof PDFRef) {
      if (seen.has(obj)) return;
      seen.add(obj);
      return visit(label, doc.context.lookup(obj));
    }
    if (obj instanceof PDFRawStream) {
      out[label] = Buffer.from(obj.contents).toString('hex');
      return visit(`${label}.dict`, obj.dict);
    }
    if (obj instanceof PDFDict) for (const [k, v] of obj.entries()) visit(`${label}/${k.asString().slice(1)}`, v);
    else if (obj instanceof PDFArray) obj.asArray().forEach((v, i) => visit(`${label}[${i}]`, v));
    else out[label] = String(obj);
  };
  visit('resources', resources);
  return out;
}

describe('CMS written with node:crypto (der.ts)', () => {
  test('is byte for byte the SignedData the pkijs builder writes, with and without a timestamp token', async () => {
    await loadCmsLibraries();
    const identity = pki.identity('users', 'qn.chutich');
    const digest = crypto.createHash('sha256').update('vanthu').digest();
    const viaPkijs = await buildSignedData({ digest, chain: identity.chain, key: await importPrivateKey(identity.keyPem) });
    const template = signerTemplate(identity.chain);
    const signedAttrs = signedAttributes(template, digest);
    const signature = crypto.sign('sha256', signedAttrs, crypto.createPrivateKey(identity.keyPem));
    expect(signedDataDer({ template, signedAttrs, signature }).equals(contentInfoDer(viaPkijs))).toBe(true);

    const token = await tsa(signature);
    addTimestampToken(viaPkijs, token);
    expect(signedDataDer({ template, signedAttrs, signature, timestampToken: token }).equals(contentInfoDer(viaPkijs))).toBe(true);
  });

  test('the dev TSA’s token carries the imprint of the signature value and verifies', async () => {
    await loadCmsLibraries();
    const value = crypto.randomBytes(256);
    const sd = parseSignedData(await tsa(value));
    const { pkijs } = await loadCmsLibraries();
    const tst = pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent!.getValue());
    expect(
      Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(crypto.createHash('sha256').update(value).digest()),
    ).toBe(true);
    expect(Math.abs(tst.genTime.getTime() - Date.now())).toBeLessThan(5_000);
    const verified = await sd.verify({
      signer: 0,
      data: value.buffer.slice(value.byteOffset, value.byteOffset + value.length),
      checkChain: false,
    });
    expect(verified).toBe(true);
    const serialOf = async (token: Buffer) => {
      const info = pkijs.TSTInfo.fromBER(parseSignedData(token).encapContentInfo.eContent!.getValue());
      return (
        Buffer.from(info.serialNumber.valueBlock.valueHexView).toString('hex') +
        Buffer.from(info.nonce!.valueBlock.valueHexView).toString('hex')
      );
    };
    expect(await serialOf(await tsa(value))).not.toBe(await serialOf(await tsa(value)));
  });
});

describe('appearance cache', () => {
  test('two signers in a row each get their own name and title in the appearance', async () => {
    const identity = pki.identity('users', 'qn.chutich');
    const first = await signPdf(unsigned, { identity, appearance: leader('Trần Minh Khoa', 'Chủ tịch'), signingTime: at });
    const second = await signPdf(first.pdf, {
      identity: pki.identity('users', 'qn.cvp'),
      appearance: { ...leader('Đỗ Văn Thành', 'Chánh Văn phòng'), rect: [60, 80, 270, 200] },
      signingTime: at,
    });
    expect(await appearanceText(second.pdf, first.fieldName)).toEqual([
      'CHỦ TỊCH',
      'Trần Minh Khoa',
      'Đã ký số',
      `Ngày ký: ${vietnamCaptionTime(at, '/')}`,
    ]);
    expect(await appearanceText(second.pdf, second.fieldName)).toEqual([
      'CHÁNH VĂN PHÒNG',
      'Đỗ Văn Thành',
      'Đã ký số',
      `Ngày ký: ${vietnamCaptionTime(at, '/')}`,
    ]);
    const laterAt = new Date(at.getTime() + 200 * 86_400_000 + 7_654_321_000);
    // The same signer again, at another time: the cached fonts still show every digit of the new time.
    const later = await signPdf(unsigned, {
      identity,
      appearance: leader('Trần Minh Khoa', 'Chủ tịch'),
      signingTime: laterAt,
    });
    expect((await appearanceText(later.pdf, later.fieldName))[3]).toBe(`Ngày ký: ${vietnamCaptionTime(laterAt, '/')}`);
  });

  test('a cache hit writes byte-identical appearance objects, and the whole file is the same', async () => {
    const identity = pki.identity('users', 'qn.chutich');
    const appearance = leader('Nguyễn Thị Hồng Nhung', 'Phó Chủ tịch'); // a name no other test uses: the first call misses
    const miss = await signPdf(unsigned, { identity, appearance, signingTime: at });
    const hit = await signPdf(unsigned, { identity, appearance, signingTime: at });
    expect(await appearanceObjects(hit.pdf, hit.fieldName)).toEqual(await appearanceObjects(miss.pdf, miss.fieldName));
    expect(hit.pdf.equals(miss.pdf)).toBe(true);
    const report = await validatePdf(hit.pdf, await loadTrustStore(`${pki.dir}/trust`));
    expect(report.signatures[0].integrity).toMatchObject({ digestMatches: true, signatureVerified: true });
  });

  test('another image never reuses the cached one, and seals of two organisations keep their own', async () => {
    const identity = pki.identity('users', 'qn.chutich');
    const [a, b] = await Promise.all([generateSealPng('Sở Nội vụ', 120), generateSealPng('Sở Tài chính', 120)]);
    const withA = await signPdf(unsigned, { identity, appearance: leader('Trần Minh Khoa', 'Chủ tịch', a), signingTime: at });
    const withB = await signPdf(unsigned, { identity, appearance: leader('Trần Minh Khoa', 'Chủ tịch', b), signingTime: at });
    const imageOf = async (pdf: Buffer, field: string) => (await appearanceObjects(pdf, field))['resources/XObject/Im1'];
    expect(await imageOf(withA.pdf, withA.fieldName)).not.toEqual(await imageOf(withB.pdf, withB.fieldName));
    const againA = await signPdf(unsigned, { identity, appearance: leader('Trần Minh Khoa', 'Chủ tịch', a), signingTime: at });
    expect(await imageOf(againA.pdf, againA.fieldName)).toEqual(await imageOf(withA.pdf, withA.fieldName));

    const org = pki.identity('orgs', 'qn-ubnd');
    const seal = (organisation: string) => ({
      kind: 'seal' as const,
      rect: [260, 70, 460, 170] as [number, number, number, number],
      organisation,
    });
    const s1 = await signPdf(unsigned, { identity: org, appearance: seal('Ủy ban nhân dân tỉnh Quảng Ninh'), signingTime: at });
    const s2 = await signPdf(unsigned, { identity: org, appearance: seal('Ủy ban nhân dân tỉnh Quảng Nam'), signingTime: at });
    expect(await imageOf(s1.pdf, s1.fieldName)).not.toEqual(await imageOf(s2.pdf, s2.fieldName));
    expect(await appearanceText(s2.pdf, s2.fieldName)).toEqual([
      'Cơ quan: Ủy ban nhân dân tỉnh Quảng Nam',
      `Thời gian ký: ${vietnamCaptionTime(at)}`,
    ]);
  });

  test('is bounded', async () => {
    const identity = pki.identity('users', 'qn.chutich');
    for (let i = 0; i <= APPEARANCE_CACHE_LIMIT; i++) {
      const name = `Người ký ${String.fromCharCode(0x41 + (i % 26))}${String.fromCharCode(0x61 + Math.floor(i / 26))}`;
      await signPdf(unsigned, { identity, appearance: leader(name, 'Q'), signingTime: at });
    }
    expect(appearanceCacheSize()).toBe(APPEARANCE_CACHE_LIMIT);
  });
});

describe('trust store and chain caches', () => {
  test('the trust store is parsed again only when a file of its folder changes', async () => {
    const dir = path.join(pki.dir, 'trust');
    const first = await cachedTrustStore(dir);
    expect(await cachedTrustStore(dir)).toBe(first);
    const other = await createTestPki();
    try {
      fs.copyFileSync(path.join(other.dir, 'root-ca.pem'), path.join(dir, 'other-root.pem'));
      const widened = await cachedTrustStore(dir);
      expect(widened).not.toBe(first);
      expect(widened.anchors).toHaveLength(first.anchors.length + 1);
      fs.rmSync(path.join(dir, 'other-root.pem'));
      expect((await cachedTrustStore(dir)).anchors).toHaveLength(first.anchors.length);
    } finally {
      other.remove();
    }
  });

  test('a chain found trusted is not reused for a look-alike of another PKI, nor at a date outside its validity', async () => {
    const store = await cachedTrustStore(path.join(pki.dir, 'trust'));
    const signed = await signPdf(unsigned, {
      identity: pki.identity('users', 'qn.chutich'),
      appearance: leader('Trần Minh Khoa', 'Chủ tịch'),
      timestamps: tsa,
    });
    expect((await validatePdf(signed.pdf, store)).signatures[0].chain.trusted).toBe(true);

    const other = await createTestPki(); // the same names, other keys
    try {
      const lookAlike = await signPdf(unsigned, {
        identity: other.identity('users', 'qn.chutich'),
        appearance: leader('Trần Minh Khoa', 'Chủ tịch'),
      });
      const report = await validatePdf(lookAlike.pdf, store);
      expect(report.signatures[0].chain.trusted).toBe(false);
      expect(report.verdict).not.toBe('valid');
    } finally {
      other.remove();
    }

    await loadCmsLibraries();
    const leaf = toPkijsCertificate(pki.identity('users', 'qn.chutich').chain[0]);
    expect((await validateChain(leaf, [], store, new Date())).trusted).toBe(true);
    const expired = await validateChain(leaf, [], store, new Date(leaf.notAfter.value.getTime() + 86_400_000));
    expect(expired.trusted).toBe(false);
    expect(expired.message).toMatch(/expired|not yet valid/);
  });
});
