import crypto from 'node:crypto';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER, SUBFILTER_ETSI_CADES_DETACHED, findByteRange } from '@signpdf/utils';
import type * as asn1js from 'asn1js';
import forge from 'node-forge';
import type * as pkijs from 'pkijs';
import { loadCmsLibraries } from './esm';
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { buildAppearance, buildTextAppearance, type SignatureAppearance, type TextStamp } from './appearance';
import {
  OIDS,
  addTimestampToken,
  contentInfoDer,
  fetchTimestampToken,
  parseSignedData,
  resolveSignerCertificate,
  setSignatureValue,
  signedAttributesDer,
  unsignedSignedData,
  sha256,
  signatureValueOf,
  toArrayBuffer,
  type SigningIdentity,
} from './cms';
import { writeIncrementalUpdate } from './incremental';
import { signedAttributes, signedDataDer, signerTemplate, tlv } from './der';
import { sha256Imprint, type DevTsa } from './tsa';
import { problem } from '../http/problems';

/** Room reserved for the CMS (bytes): signer chain, TSA token with its chain, and slack for token-made CMS. */
export const SIGNATURE_BYTES = 24 * 1024;

export interface PrepareOptions {
  appearance: SignatureAppearance;
  signingTime?: Date;
  /** Shown in the signature dictionary (/Name); the certificate remains the authority. */
  signerName?: string;
  reason?: string;
  location?: string;
  /** The field name; by default the first free "SignatureN". */
  fieldName?: string;
  signatureBytes?: number;
  /**
   * Text added in the same revision as the signature, as read-only text fields (so it is covered by this
   * signature, and earlier signatures see a form fill, not a content change): the number and date stamped
   * on an issued document before the organisation's seal signature.
   */
  stamps?: TextStamp[];
  /**
   * A document timestamp (PAdES B-LTA, ISO 32000-2 §12.8.5) instead of a signature: /Type /DocTimeStamp,
   * /SubFilter /ETSI.RFC3161, invisible; its /Contents will hold an RFC 3161 token over the byte ranges.
   */
  documentTimestamp?: boolean;
}

/** A PDF with a signature placeholder whose byte range is fixed: what an external signer signs. */
export interface PreparedSignature {
  /** The PDF with /ByteRange filled in and /Contents zeroed. */
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** SHA-256 of the signed byte ranges: the CMS messageDigest attribute must equal it. */
  digest: Buffer;
  fieldName: string;
  signingTime: Date;
}

/** Produces a timestamp token (ContentInfo, DER) over a signature value; see `httpTimestamps`, `localTimestamps`. */
export type TimestampSource = (signatureValue: Uint8Array) => Promise<Buffer>;

export const httpTimestamps =
  (url: string, timeoutMs?: number): TimestampSource =>
  (value) =>
    fetchTimestampToken(url, value, timeoutMs);

/** In-process dev TSA (the CLI, when no TSA_URL is set). */
export const localTimestamps =
  (tsa: DevTsa): TimestampSource =>
  async (value) =>
    // What `tsa.respond` would answer to cms.ts's request (same imprint, a nonce), without encoding and parsing it.
    tsa.token(sha256Imprint(sha256(value)), { nonce: tlv(0x02, Buffer.concat([Buffer.from([0x01]), crypto.randomBytes(8)])) });

function fieldNames(doc: PDFDocument): Set<string> {
  const names = new Set<string>();
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const visit = (arr: PDFArray | undefined, depth: number) => {
    if (!arr || depth > 10) return;
    for (let i = 0; i < arr.size(); i++) {
      const f = arr.lookupMaybe(i, PDFDict);
      if (!f) continue;
      const t = f.lookupMaybe(PDFName.of('T'), PDFString, PDFHexString);
      if (t) names.add(t.decodeText());
      visit(f.lookupMaybe(PDFName.of('Kids'), PDFArray), depth + 1);
    }
  };
  visit(acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray), 0);
  return names;
}

export const hasSignatures = (pdf: Buffer) => pdf.includes('/ByteRange');

async function loadForSigning(pdf: Buffer): Promise<PDFDocument> {
  if (pdf.subarray(0, 1024).indexOf('%PDF-') < 0) throw problem('signing.not_pdf');
  try {
    return await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (err) {
    if (err instanceof EncryptedPDFError) throw problem('signing.encrypted_pdf');
    throw problem('signing.unreadable_pdf', { message: (err as Error).message });
  }
}

/**
 * Adds a signature field (visible appearance, unique name) with a placeholder, fixes its byte range and returns
 * the digest to sign. An unsigned PDF is rewritten once (classic xref table, no object streams); a signed one
 * gets an incremental update that leaves every earlier byte, and so every earlier signature, untouched.
 */
export async function prepare(input: Buffer, opts: PrepareOptions): Promise<PreparedSignature> {
  const signedBefore = hasSignatures(input);
  const doc = await loadForSigning(input);
  const ctx = doc.context;
  const previousLargest = ctx.largestObjectNumber;
  const signingTime = new Date(Math.floor((opts.signingTime ?? new Date()).getTime() / 1000) * 1000);
  const names = fieldNames(doc);
  let fieldName = opts.fieldName;
  if (fieldName && names.has(fieldName)) throw problem('signing.field_exists', { fieldName });
  if (!fieldName) for (let n = 1; names.has((fieldName = `Signature${n}`)); n++);

  const pages = doc.getPages();
  const appearance = opts.appearance;
  const pageIndex = appearance.kind === 'invisible' ? 0 : (appearance.page ?? pages.length - 1);
  const page = pages[pageIndex];
  if (!page) throw problem('signing.bad_page#signature', { page: pageIndex + 1, pages: pages.length });
  const rect = appearance.kind === 'invisible' ? [0, 0, 0, 0] : appearance.rect;

  const bytes = opts.signatureBytes ?? SIGNATURE_BYTES;
  const text = (s: string | undefined) => (s ? PDFHexString.fromText(s).toString() : '()');
  const sigDict = opts.documentTimestamp
    ? `<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n` +
      `/ByteRange [0 /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER}]\n` +
      `/Contents <${'0'.repeat(bytes * 2)}>\n>>`
    : `<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /${SUBFILTER_ETSI_CADES_DETACHED}\n` +
      `/ByteRange [0 /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER}]\n` +
      `/Contents <${'0'.repeat(bytes * 2)}>\n` +
      `/M ${PDFString.fromDate(signingTime).toString()}\n/Name ${text(opts.signerName)}\n/Reason ${text(opts.reason)}\n/Location ${text(opts.location)}\n` +
      `/Prop_Build << /App << /Name /vanthu >> >>\n>>`;
  const sigRef = ctx.register(PDFInvalidObject.of(Buffer.from(sigDict, 'latin1')));
  const apRef =
    appearance.kind === 'invisible'
      ? ctx.register(ctx.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} }))
      : await buildAppearance(doc, appearance, signingTime);
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: rect,
    V: sigRef,
    T: PDFHexString.fromText(fieldName),
    F: appearance.kind === 'invisible' ? 2 | 4 : 4, // print (and hidden when invisible)
    P: page.ref,
    AP: { N: apRef },
  });
  const widgetRef = ctx.register(widget);

  const changed: PDFRef[] = [ctx.trailerInfo.Root as PDFRef];
  const addAnnotation = (target: typeof page, ref: PDFRef) => {
    changed.push(target.ref);
    const raw = target.node.get(PDFName.of('Annots'));
    const annots = target.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? ctx.obj([]);
    annots.push(ref);
    if (raw instanceof PDFRef) changed.push(raw);
    else target.node.set(PDFName.of('Annots'), annots);
  };
  addAnnotation(page, widgetRef);
  const newFields: PDFRef[] = [widgetRef];
  for (const [i, stamp] of (opts.stamps ?? []).entries()) {
    const stampPage = pages[stamp.page ?? 0];
    if (!stampPage) throw problem('signing.bad_page#stamp', { page: (stamp.page ?? 0) + 1 });
    let name = stamp.name;
    if (!name) for (let n = i + 1; names.has((name = `Stamp${n}`)) || name === fieldName; n++);
    names.add(name);
    const ap = await buildTextAppearance(doc, stamp);
    const field = ctx.register(
      ctx.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Tx',
        Ff: 1, // read-only
        T: PDFHexString.fromText(name),
        V: PDFHexString.fromText(stamp.text),
        DA: PDFString.of(`/F1 ${ap.size.toFixed(2)} Tf 0 g`),
        DR: { Font: { F1: ap.fontRef } },
        Rect: stamp.rect,
        F: 4,
        P: stampPage.ref,
        AP: { N: ap.ref },
      }),
    );
    addAnnotation(stampPage, field);
    newFields.push(field);
  }

  const acroRaw = doc.catalog.get(PDFName.of('AcroForm'));
  let acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (!acroForm) {
    acroForm = ctx.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(acroForm));
  } else if (acroRaw instanceof PDFRef) changed.push(acroRaw);
  const flags = acroForm.lookupMaybe(PDFName.of('SigFlags'), PDFNumber)?.asNumber() ?? 0;
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(flags | 3));
  const fieldsRaw = acroForm.get(PDFName.of('Fields'));
  const fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray) ?? ctx.obj([]);
  for (const f of newFields) fields.push(f);
  if (fieldsRaw instanceof PDFRef) changed.push(fieldsRaw);
  else acroForm.set(PDFName.of('Fields'), fields);
  await doc.flush();

  let out: Buffer;
  if (!signedBefore) {
    out = Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
  } else {
    for (const [ref] of ctx.enumerateIndirectObjects()) if (ref.objectNumber > previousLargest) changed.push(ref);
    out = writeIncrementalUpdate(input, doc, changed);
  }

  const { byteRangePlaceholder, byteRangePlaceholderPosition } = findByteRange(out);
  if (!byteRangePlaceholder || byteRangePlaceholderPosition === undefined) throw new Error('signature placeholder not found after writing');
  const contentsStart = out.indexOf('<', out.indexOf('/Contents ', byteRangePlaceholderPosition));
  const contentsEnd = out.indexOf('>', contentsStart) + 1;
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, out.length - contentsEnd];
  const actual = `/ByteRange [${byteRange.join(' ')}]`.padEnd(byteRangePlaceholder.length, ' ');
  out.write(actual, byteRangePlaceholderPosition, 'latin1');
  const digest = sha256(Buffer.concat([out.subarray(0, contentsStart), out.subarray(contentsEnd)]));
  return { pdf: out, byteRange, digest, fieldName: fieldName!, signingTime };
}

/**
 * Embeds a CMS SignedData (DER) made over `prepared.digest` — by us, a hardware token or a remote signing
 * service — after checking that its messageDigest is that digest and that the signature verifies.
 */
export async function complete(prepared: PreparedSignature, cms: Buffer): Promise<Buffer> {
  await loadCmsLibraries();
  const [, start, end] = prepared.byteRange;
  let signedData: pkijs.SignedData;
  try {
    signedData = parseSignedData(cms);
  } catch (err) {
    throw problem('signing.invalid_cms#not_a_cms_signeddata', { message: (err as Error).message });
  }
  const si = signedData.signerInfos[0];
  if (!resolveSignerCertificate(signedData)) throw problem('signing.invalid_cms#the_cms_does_not');
  const md = si?.signedAttrs?.attributes.find((a) => a.type === OIDS.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  if (!md || !Buffer.from(md.valueBlock.valueHexView).equals(prepared.digest))
    throw problem('signing.invalid_cms#the_cms_messagedigest_is');
  const data = Buffer.concat([prepared.pdf.subarray(0, start), prepared.pdf.subarray(end)]);
  const result = await signedData
    .verify({ signer: 0, data: toArrayBuffer(data), checkChain: false, extendedMode: true })
    .catch((e: { message?: string }) => ({ signatureVerified: false, message: e.message }));
  if (!result.signatureVerified) throw problem('signing.invalid_cms#the_cms_signature_does', { message: result.message });
  return embed(prepared, cms);
}

function embed(prepared: PreparedSignature, cms: Buffer): Buffer {
  const [, start, end] = prepared.byteRange;
  const room = (end - start - 2) / 2;
  if (cms.length > room) throw problem('signing.invalid_cms#the_cms_is_bytes', { length: cms.length, room });
  const out = Buffer.from(prepared.pdf);
  out.write(cms.toString('hex').padEnd(end - start - 2, '0'), start + 1, 'latin1');
  return out;
}

/**
 * For a token or remote signing service that signs a hash rather than making a CMS (PKCS#11 C_Sign, SmartCA):
 * the CAdES signed attributes over `prepared.digest` for the signer's certificate chain (DER, leaf first).
 * The device signs `signedAttributes` with RSASSA-PKCS1-v1_5/SHA-256 (`hashToSign` is their SHA-256);
 * `completeWithSignature` then assembles the CMS, adds the timestamp and embeds it.
 */
export async function signedAttributesFor(
  prepared: PreparedSignature,
  chain: Buffer[],
): Promise<{ signedAttributes: Buffer; hashToSign: Buffer }> {
  const signedAttributes = signedAttributesDer(await unsignedSignedData({ digest: prepared.digest, chain }));
  return { signedAttributes, hashToSign: sha256(signedAttributes) };
}

export async function completeWithSignature(
  prepared: PreparedSignature,
  chain: Buffer[],
  signature: Buffer,
  timestamps?: TimestampSource | null,
): Promise<Buffer> {
  const signedData = await unsignedSignedData({ digest: prepared.digest, chain });
  setSignatureValue(signedData, signature);
  if (timestamps) addTimestampToken(signedData, await timestamps(signatureValueOf(signedData)));
  return complete(prepared, contentInfoDer(signedData));
}

export interface SignOptions extends Omit<PrepareOptions, 'signerName'> {
  identity: SigningIdentity;
  /** Where the RFC 3161 timestamp comes from (PAdES B-T); none gives PAdES B-B. */
  timestamps?: TimestampSource | null;
}

export interface SignResult {
  pdf: Buffer;
  fieldName: string;
  signingTime: Date;
  signer: string;
}

export function certificateCommonName(der: Buffer): string {
  return leafFacts(der).commonName;
}

interface LeafFacts {
  commonName: string;
  bits: number;
  notBefore: Date;
  notAfter: Date;
  publicKey: crypto.KeyObject;
}

const leafCache = new Map<string, LeafFacts>();
const LEAF_CACHE_LIMIT = 256;

/** What signing reads from the signer's certificate, parsed once per certificate (by its SHA-256; bounded). */
function leafFacts(der: Buffer): LeafFacts {
  const key = sha256(der).toString('hex');
  const hit = leafCache.get(key);
  if (hit) return hit;
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der.toString('binary')));
  const cn = cert.subject.getField('CN')?.value as string | undefined;
  const facts: LeafFacts = {
    commonName: cn ? forge.util.decodeUtf8(cn) : '',
    bits: (cert.publicKey as forge.pki.rsa.PublicKey).n?.bitLength() ?? 0,
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    publicKey: new crypto.X509Certificate(der).publicKey,
  };
  if (leafCache.size >= LEAF_CACHE_LIMIT) leafCache.delete(leafCache.keys().next().value!);
  leafCache.set(key, facts);
  return facts;
}

/** The unlocked key of an identity, imported once while the identity object lives (never kept beyond it). */
const privateKeys = new WeakMap<SigningIdentity, crypto.KeyObject>();

/** Signs with a key we hold (an unlocked PKCS#12): PAdES with CMS SHA-256, signing-certificate-v2 and a timestamp. */
export async function signPdf(pdf: Buffer, opts: SignOptions): Promise<SignResult> {
  const leaf = leafFacts(opts.identity.chain[0]);
  if (leaf.bits < 2048) throw problem('signing.weak_key', { bits: leaf.bits });
  const at = opts.signingTime ?? new Date();
  if (leaf.notBefore > at || leaf.notAfter < at) {
    throw problem('signing.certificate_not_valid', { notBefore: leaf.notBefore.toISOString(), notAfter: leaf.notAfter.toISOString() });
  }
  const signer = leaf.commonName;
  let key = privateKeys.get(opts.identity);
  if (!key) privateKeys.set(opts.identity, (key = crypto.createPrivateKey(opts.identity.keyPem)));
  const prepared = await prepare(pdf, { ...opts, signerName: signer });
  // The CMS is written directly (der.ts): what `complete` checks for a CMS made elsewhere — its messageDigest and
  // signature — holds by construction here, except a key that is not the certificate's, checked by a verify.
  const template = signerTemplate(opts.identity.chain);
  const signedAttrs = signedAttributes(template, prepared.digest);
  const signature = crypto.sign('sha256', signedAttrs, key);
  if (!crypto.verify('sha256', signedAttrs, leaf.publicKey, signature))
    throw problem('signing.invalid_cms#the_cms_signature_does', { message: 'the key does not belong to the certificate' });
  const timestampToken = opts.timestamps ? await opts.timestamps(signature) : undefined;
  const out = embed(prepared, signedDataDer({ template, signedAttrs, signature, timestampToken }));
  return { pdf: out, fieldName: prepared.fieldName, signingTime: prepared.signingTime, signer };
}
