import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { cmsLibs, loadCmsLibraries } from './esm';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { OIDS, parseSignedDataFast, pemToDer, resolveSignerCertificate, toArrayBuffer } from './cms';
import { withoutActiveContent } from '../files/active-content';
import { checkRevocation, type RevocationOptions } from './revocation';
import { parseTrustedList } from './trust-list';
import type {
  CertificateInfo,
  ChangeKind,
  DocumentTimestampReport,
  Reason,
  SignatureReport,
  ValidationReport,
  Verdict,
} from './validation';
import { childrenOf, oid, readElement } from './der';
import { readDssOf } from './dss';
import { existenceProvenAt, levelOf } from './pades-level';

/** Certificates and CRLs a validator trusts (a folder: self-signed certificates are anchors). */
export interface TrustStore {
  anchors: pkijs.Certificate[];
  intermediates: pkijs.Certificate[];
  crls: pkijs.CertificateRevocationList[];
}

function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
  return (text.match(re) ?? []).map(pemToDer);
}

/**
 * Reads *.pem / *.crt / *.cer / *.der (PEM or DER) certificates, *.crl CRLs and *.xml ETSI TS 119 612 trusted
 * lists (trust-list.ts: every certificate of a granted service is an anchor) from `dir` and its subfolders (a
 * folder of national roots can be dropped in as it is); a missing folder trusts nothing.
 */
export async function loadTrustStore(dir: string): Promise<TrustStore> {
  const { pkijs } = await loadCmsLibraries();
  const store: TrustStore = { anchors: [], intermediates: [], crls: [] };
  for (const { file } of trustStoreFiles(dir)) {
    const name = path.basename(file);
    const raw = fs.readFileSync(file);
    if (/\.xml$/i.test(name)) {
      let list: ReturnType<typeof parseTrustedList>;
      try {
        list = parseTrustedList(raw.toString('utf8'));
      } catch (err) {
        throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
      }
      for (const der of list.certificates) store.anchors.push(pkijs.Certificate.fromBER(toArrayBuffer(der)));
      continue;
    }
    const text = raw.toString('latin1');
    const isPem = text.includes('-----BEGIN');
    const crls = isPem ? pemBlocks(text, 'X509 CRL') : /\.crl$/i.test(name) ? [raw] : [];
    const certs = isPem ? pemBlocks(text, 'CERTIFICATE') : /\.(crt|cer|der)$/i.test(name) ? [raw] : [];
    for (const der of crls) store.crls.push(pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der)));
    for (const der of certs) {
      const cert = pkijs.Certificate.fromBER(toArrayBuffer(der));
      (cert.subject.isEqual(cert.issuer) ? store.anchors : store.intermediates).push(cert);
    }
  }
  return store;
}

/** The files of a trust store folder (and its subfolders, 3 deep, hidden ones left out), in a stable order. */
function trustStoreFiles(dir: string): { file: string; stat: fs.Stats }[] {
  const out: { file: string; stat: fs.Stats }[] = [];
  const walk = (folder: string, depth: number) => {
    if (!fs.existsSync(folder)) return;
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      const stat = fs.statSync(file);
      if (stat.isDirectory() && depth < 3 && !name.startsWith('.')) walk(file, depth + 1);
      if (stat.isFile()) out.push({ file, stat });
    }
  };
  walk(dir, 0);
  return out;
}

const loadedStores = new Map<string, { fingerprint: string; store: Promise<TrustStore> }>();

/**
 * `loadTrustStore`, parsed again only when a file of the folder was added, removed or changed (name, size or
 * modification time, checked on every call): the store is nothing but those files, so an unchanged folder gives
 * the same store — and its caches of chains already built stay warm. A folder that fails to load is not kept.
 */
export function cachedTrustStore(dir: string): Promise<TrustStore> {
  const fingerprint = trustStoreFiles(dir)
    .map(({ file, stat }) => `${file}:${stat.size}:${stat.mtimeMs}:${stat.ino}`)
    .join('|');
  const hit = loadedStores.get(dir);
  if (hit?.fingerprint === fingerprint) return hit.store;
  const store = loadTrustStore(dir);
  store.catch(() => loadedStores.get(dir)?.store === store && loadedStores.delete(dir));
  if (loadedStores.size >= 16) loadedStores.delete(loadedStores.keys().next().value!);
  loadedStores.set(dir, { fingerprint, store });
  return store;
}

export type { CertificateInfo, ChangeKind, Reason, SignatureReport, ValidationReport, Verdict } from './validation';

const R = {
  noSignatures: { code: 'no_signatures', en: 'The PDF has no digital signatures', vi: 'Tệp PDF không có chữ ký số' },
  malformed: (m: string) => ({ code: 'malformed_signature', en: `The signature cannot be read: ${m}`, vi: 'Không đọc được chữ ký số' }),
  digest: {
    code: 'digest_mismatch',
    en: 'The signed bytes were changed after signing (digest mismatch)',
    vi: 'Nội dung đã ký bị thay đổi (sai giá trị băm)',
  },
  badSignature: (m: string) => ({
    code: 'signature_invalid',
    en: `The signature value does not verify: ${m}`,
    vi: 'Giá trị chữ ký không hợp lệ',
  }),
  modified: {
    code: 'modified_after_signing',
    en: 'The document content was changed after this signature',
    vi: 'Nội dung văn bản đã bị thay đổi sau khi ký',
  },
  notPermitted: (p: number, kinds: ChangeKind[]) => ({
    code: 'change_not_permitted',
    en: `The certification signature allows only ${p === 1 ? 'no changes' : 'form fills and signatures'} (DocMDP P=${p}), but ${kinds.join(', ')} came after it`,
    vi: 'Chữ ký chứng thực không cho phép các thay đổi đã thực hiện sau khi ký',
  }),
  untrusted: (m: string) => ({
    code: 'untrusted_chain',
    en: `The certificate does not chain to a trusted root: ${m}`,
    vi: 'Chứng thư số không thuộc tổ chức chứng thực được tin cậy',
  }),
  expired: {
    code: 'certificate_expired',
    en: 'The certificate was not valid at the (timestamped) signing time',
    vi: 'Chứng thư số đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký',
  },
  expiredNoProof: {
    code: 'certificate_expired_no_timestamp',
    en: 'The certificate is expired now and no timestamp proves the signature is older',
    vi: 'Chứng thư số đã hết hạn và chữ ký không có dấu thời gian',
  },
  revoked: (d: string) => ({
    code: 'certificate_revoked',
    en: `The certificate was revoked on ${d}`,
    vi: `Chứng thư số đã bị thu hồi ngày ${d}`,
  }),
  revocationUnknown: {
    code: 'revocation_unknown',
    en: 'No revocation information (OCSP or CRL) is available for the certificate',
    vi: 'Không có thông tin thu hồi (OCSP, CRL) của chứng thư số',
  },
  unknownToCa: {
    code: 'certificate_unknown_to_ca',
    en: 'The OCSP responder of the issuing CA answers "unknown": the CA does not know this certificate',
    vi: 'Dịch vụ OCSP của tổ chức cấp chứng thư số không biết chứng thư số này',
  },
  timestampInvalid: (m: string) => ({
    code: 'timestamp_invalid',
    en: `The signature timestamp is invalid: ${m}`,
    vi: 'Dấu thời gian của chữ ký không hợp lệ',
  }),
  timestampUntrusted: (m: string) => ({
    code: 'timestamp_untrusted',
    en: `The timestamp authority is not trusted: ${m}`,
    vi: 'Đơn vị cấp dấu thời gian không được tin cậy',
  }),
  documentTimestampInvalid: (m: string) => ({
    code: 'document_timestamp_invalid',
    en: `A document timestamp does not verify: ${m}`,
    vi: 'Dấu thời gian lưu trữ của tài liệu không hợp lệ',
  }),
  unsupported: (s: string) => ({
    code: 'unsupported_format',
    en: `Unsupported signature format ${s}`,
    vi: 'Định dạng chữ ký chưa được hỗ trợ',
  }),
};

const OID_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.12': 'title',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.1': 'UID',
  '2.5.4.5': 'serialNumber',
};

function rdnValue(v: unknown): string {
  return String((v as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value ?? '');
}

function dnString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((tv) => `${OID_NAMES[tv.type] ?? tv.type}=${rdnValue(tv.value)}`).join(', ');
}

export function dnField(name: pkijs.RelativeDistinguishedNames, oid: string): string {
  return rdnValue(name.typesAndValues.find((tv) => tv.type === oid)?.value);
}

const infos = new WeakMap<pkijs.Certificate, CertificateInfo>();

/** What a report says about a certificate; worked out once per parsed certificate (they are shared: cms.ts). */
export function certificateInfo(cert: pkijs.Certificate): CertificateInfo {
  let info = infos.get(cert);
  if (!info) infos.set(cert, (info = describeCertificate(cert)));
  return { ...info };
}

function describeCertificate(cert: pkijs.Certificate): CertificateInfo {
  const der = Buffer.from(cert.toSchema().toBER(false));
  const cn = dnField(cert.subject, '2.5.4.3');
  const o = dnField(cert.subject, '2.5.4.10');
  const rsa = cert.subjectPublicKeyInfo.parsedKey as pkijs.RSAPublicKey | undefined;
  const bits = rsa?.modulus
    ? (rsa.modulus.valueBlock.valueHexView.length - (rsa.modulus.valueBlock.valueHexView[0] === 0 ? 1 : 0)) * 8
    : null;
  return {
    commonName: cn,
    subject: dnString(cert.subject),
    issuer: dnString(cert.issuer),
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    publicKey: bits ? `RSA-${bits}` : cert.subjectPublicKeyInfo.algorithm.algorithmId,
    sha256: crypto.createHash('sha256').update(der).digest('hex'),
    holder: cn && o && cn === o ? 'organisation' : 'person',
  };
}

interface SigDictInfo {
  fieldName: string | null;
  subFilter: string | null;
  reason: string | null;
  location: string | null;
  m: Date | null;
}

const text = (o: PDFObject | undefined) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null);

/** Signature dictionaries of the (latest) document, keyed by their ByteRange. */
function signatureDictionaries(doc: PDFDocument | null): Map<string, SigDictInfo> {
  const out = new Map<string, SigDictInfo>();
  if (!doc) return out;
  const fieldOf = new Map<PDFObject, string>();
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const walk = (arr: PDFArray | undefined, prefix: string, depth: number) => {
    if (!arr || depth > 10) return;
    for (let i = 0; i < arr.size(); i++) {
      const f = arr.lookupMaybe(i, PDFDict);
      if (!f) continue;
      const t = text(f.lookup(PDFName.of('T')));
      const full = t ? (prefix ? `${prefix}.${t}` : t) : prefix;
      const v = f.lookup(PDFName.of('V'));
      if (v instanceof PDFDict) fieldOf.set(v, full);
      walk(f.lookupMaybe(PDFName.of('Kids'), PDFArray), full, depth + 1);
    }
  };
  walk(acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray), '', 0);
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const br = obj.lookup(PDFName.of('ByteRange'));
    if (!(br instanceof PDFArray) || br.size() !== 4) continue;
    const nums = br.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
    const m = text(obj.lookup(PDFName.of('M')));
    out.set(nums.join(' '), {
      fieldName: fieldOf.get(obj) ?? null,
      subFilter: obj.lookup(PDFName.of('SubFilter'))?.toString().replace(/^\//, '') ?? null,
      reason: text(obj.lookup(PDFName.of('Reason'))),
      location: text(obj.lookup(PDFName.of('Location'))),
      m: m ? pdfDate(m) : null,
    });
  }
  return out;
}

function pdfDate(s: string): Date | null {
  const m = /^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(s);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz, th = '00', tm = '00'] = m;
  const base = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  const offset = tz === '+' || tz === '-' ? (tz === '+' ? 1 : -1) * (+th * 60 + +tm) * 60_000 : 0;
  return new Date(base - offset);
}

async function loadQuietly(bytes: Uint8Array): Promise<PDFDocument | null> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  } catch {
    return null;
  }
}

function serialize(o: PDFObject): Buffer {
  const b = new Uint8Array(o.sizeInBytes());
  o.copyBytesInto(b, 0);
  return Buffer.from(b);
}

function withoutKeys(d: PDFDict, keys: string[]): string {
  const copy = d.clone();
  for (const k of keys) copy.delete(PDFName.of(k));
  return serialize(copy).toString('latin1');
}

/** Markup annotations (ISO 32000 §12.5.6.2) that only show something; links, media and attachments are not among them. */
const MARKUP = new Set(
  [
    'Text',
    'FreeText',
    'Line',
    'Square',
    'Circle',
    'Polygon',
    'PolyLine',
    'Highlight',
    'Underline',
    'Squiggly',
    'StrikeOut',
    'Stamp',
    'Caret',
    'Ink',
    'Popup',
  ].map((n) => `/${n}`),
);

/** What an added annotation is: a signature field's widget, another form field's, a markup annotation, or something else. */
function annotationKind(doc: PDFDocument, ref: PDFObject): ChangeKind {
  const a = doc.context.lookup(ref);
  if (!(a instanceof PDFDict)) return 'other_content';
  const subtype = a.lookup(PDFName.of('Subtype'))?.toString() ?? '';
  if (MARKUP.has(subtype)) return a.has(PDFName.of('A')) || a.has(PDFName.of('AA')) ? 'other_content' : 'annotations';
  if (subtype !== '/Widget') return 'other_content';
  let f: PDFDict | undefined = a;
  for (let i = 0; f && i < 10; i++) {
    const ft = f.lookup(PDFName.of('FT'));
    if (ft) return ft.toString() === '/Sig' ? 'signatures' : 'form_fill';
    f = f.lookupMaybe(PDFName.of('Parent'), PDFDict);
  }
  return 'form_fill';
}

function arrayAdditions(oldArr: PDFArray, newArr: PDFArray): PDFObject[] | null {
  const oldItems = oldArr.asArray().map((o) => o.toString());
  const newItems = newArr.asArray();
  if (!oldItems.every((o) => newItems.some((n) => n.toString() === o))) return null;
  return newItems.filter((n) => !oldItems.includes(n.toString()));
}

/** Compares a signed revision with the whole file and classifies every object that changed. */
function classifyChanges(oldDoc: PDFDocument, newDoc: PDFDocument): Set<ChangeKind> {
  const kinds = new Set<ChangeKind>();
  const oldObjects = new Map(oldDoc.context.enumerateIndirectObjects().map(([r, o]) => [r.objectNumber, o]));
  const annotsArrays = new Set<number>();
  const fieldsArrays = new Set<number>();
  for (const [, o] of newDoc.context.enumerateIndirectObjects()) {
    if (!(o instanceof PDFDict)) continue;
    const annots = o.get(PDFName.of('Annots'));
    if (annots instanceof PDFRef) annotsArrays.add(annots.objectNumber);
    const fields = o.get(PDFName.of('Fields'));
    if (fields instanceof PDFRef) fieldsArrays.add(fields.objectNumber);
  }
  for (const [ref, obj] of newDoc.context.enumerateIndirectObjects()) {
    let old = oldObjects.get(ref.objectNumber);
    if (!old) continue; // new objects matter only through the objects that start referring to them
    if (old instanceof PDFDict && obj instanceof PDFDict) {
      // Actions and scripts taken out (a derived copy made safe): judged as if the old object never had them.
      const clean = withoutActiveContent(oldDoc.context, old);
      if (clean !== old && withoutActiveContent(newDoc.context, obj) === obj) {
        kinds.add('active_content_removed');
        old = clean;
      }
    }
    const a = serialize(old);
    const b = serialize(obj);
    if (a.equals(b)) continue;
    if (obj instanceof PDFDict && old instanceof PDFDict) {
      const type = obj.lookup(PDFName.of('Type'))?.toString();
      if (type === '/Catalog') {
        kinds.add(
          withoutKeys(old, ['AcroForm', 'DSS', 'Perms']) === withoutKeys(obj, ['AcroForm', 'DSS', 'Perms'])
            ? 'signatures'
            : 'other_content',
        );
      } else if (type === '/Page') {
        if (withoutKeys(old, ['Annots']) !== withoutKeys(obj, ['Annots'])) kinds.add('other_content');
        else {
          const oa = old.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? oldDoc.context.obj([]);
          const na = obj.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? newDoc.context.obj([]);
          const added = arrayAdditions(oa, na);
          if (!added) kinds.add('other_content');
          else for (const x of added) kinds.add(annotationKind(newDoc, x));
        }
      } else if (obj.has(PDFName.of('Fields'))) {
        kinds.add('signatures'); // the AcroForm: new fields are judged by their widgets on the pages
      } else if (obj.lookup(PDFName.of('FT')) || obj.lookup(PDFName.of('Subtype'))?.toString() === '/Widget') {
        kinds.add(obj.lookup(PDFName.of('FT'))?.toString() === '/Sig' && !old.has(PDFName.of('V')) ? 'signatures' : 'form_fill');
      } else kinds.add('other_content');
    } else if (
      obj instanceof PDFArray &&
      old instanceof PDFArray &&
      (annotsArrays.has(ref.objectNumber) || fieldsArrays.has(ref.objectNumber))
    ) {
      const added = arrayAdditions(old, obj);
      if (!added) kinds.add('other_content');
      else for (const x of added) kinds.add(annotsArrays.has(ref.objectNumber) ? annotationKind(newDoc, x) : 'signatures');
    } else kinds.add('other_content');
  }
  return kinds;
}

/** The P of a certification signature (catalog /Perms /DocMDP): 1 no changes, 2 form fill and signing, 3 also annotations. */
function docMdpLevel(doc: PDFDocument): number | null {
  const sig = doc.catalog.lookupMaybe(PDFName.of('Perms'), PDFDict)?.lookupMaybe(PDFName.of('DocMDP'), PDFDict);
  const refs = sig?.lookupMaybe(PDFName.of('Reference'), PDFArray);
  for (let i = 0; refs && i < refs.size(); i++) {
    const r = refs.lookupMaybe(i, PDFDict);
    if (r?.lookup(PDFName.of('TransformMethod'))?.toString() !== '/DocMDP') continue;
    const p = r.lookupMaybe(PDFName.of('TransformParams'), PDFDict)?.lookupMaybe(PDFName.of('P'), PDFNumber)?.asNumber();
    return p === 1 || p === 2 || p === 3 ? p : 2; // ISO 32000: P defaults to 2
  }
  return null;
}

interface ChainResult {
  trusted: boolean;
  path: pkijs.Certificate[];
  message: string | null;
  code: number | null;
}

/** A certificate's identity for caches: SHA-256 of its TBS and signature (a forged copy of the TBS differs). */
const certKeys = new WeakMap<pkijs.Certificate, string>();
function certKey(c: pkijs.Certificate): string {
  let key = certKeys.get(c);
  if (!key) {
    key = crypto.createHash('sha256').update(c.tbsView).update(c.signatureValue.valueBlock.valueHexView).digest('hex');
    certKeys.set(c, key);
  }
  return key;
}

/**
 * Paths found to a trust anchor, per trust store (a reloaded store starts empty), by the leaf and the candidate
 * CA certificates. Everything the path engine checks but the validity periods is independent of the date, so a
 * path found once is reused for another date only when every certificate on it is valid at that date too;
 * failures are not kept (they are computed again, with their messages). Bounded: the oldest entry goes first.
 */
const chainCache = new WeakMap<TrustStore, Map<string, pkijs.Certificate[]>>();
export const CHAIN_CACHE_LIMIT = 512;

export async function validateChain(
  leaf: pkijs.Certificate,
  extra: pkijs.Certificate[],
  store: TrustStore,
  checkDate: Date,
): Promise<ChainResult> {
  const { pkijs } = await loadCmsLibraries();
  // Only CA certificates can be intermediates; other end-entity certificates (a DSS holds several, some of them
  // expired by `checkDate`) would make the engine fail the path it builds through them.
  const seen = new Set<string>();
  const cas = [...extra, ...store.intermediates].filter((c) => {
    const bc = c.extensions?.find((e) => e.extnID === '2.5.29.19')?.parsedValue as pkijs.BasicConstraints | undefined;
    const k = certKey(c);
    if (c === leaf || !bc?.cA || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  let cache = chainCache.get(store);
  if (!cache) chainCache.set(store, (cache = new Map()));
  const key = `${certKey(leaf)}:${[...seen].sort().join(',')}`;
  const cached = cache.get(key);
  if (cached && cached.every((c) => c.notBefore.value <= checkDate && checkDate <= c.notAfter.value))
    return { trusted: true, path: cached, message: null, code: 0 };
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: store.anchors,
    certs: [...cas, leaf],
    checkDate,
  });
  try {
    const r = await engine.verify();
    if (r.result && r.certificatePath?.length) {
      cache.delete(key);
      if (cache.size >= CHAIN_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, r.certificatePath);
    }
    return { trusted: r.result, path: r.certificatePath ?? [], message: r.result ? null : r.resultMessage, code: r.resultCode };
  } catch (err) {
    return { trusted: false, path: [], message: (err as Error).message, code: null };
  }
}

/** Revocation status of `cert`: OCSP first, then CRLs, then embedded evidence (see revocation.ts). */
export async function revocationOf(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate | undefined,
  crls: pkijs.CertificateRevocationList[],
  opts: RevocationOptions = {},
) {
  return checkRevocation(cert, issuer, crls, opts);
}

const findSignerCertificate = resolveSignerCertificate;

function attr(si: pkijs.SignerInfo, oid: string, unsigned = false) {
  return (unsigned ? si.unsignedAttrs : si.signedAttrs)?.attributes.find((a) => a.type === oid)?.values[0];
}

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};
const RSA_PKCS1: Record<string, string | null> = {
  '1.2.840.113549.1.1.1': null, // rsaEncryption: the digest algorithm's hash
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const publicKeys = new WeakMap<pkijs.Certificate, crypto.KeyObject>();

/**
 * What pkijs' SignedData.verify checks, for the common case only — RSASSA-PKCS1-v1_5 over signed attributes
 * that hold the content type and a message digest equal to the content's — with node:crypto. True when all of it
 * holds; anything else (another algorithm, a failure) goes to pkijs, which also words the failure.
 */
function verifiesQuickly(sd: pkijs.SignedData, cert: pkijs.Certificate, content: Uint8Array): boolean {
  const si = sd.signerInfos[0];
  const algorithm = si?.signatureAlgorithm.algorithmId;
  if (!si?.signedAttrs || !(algorithm in RSA_PKCS1)) return false;
  const digestHash = HASHES[si.digestAlgorithm.algorithmId];
  const signatureHash = RSA_PKCS1[algorithm] ?? digestHash;
  const md = attr(si, OIDS.messageDigest) as asn1js.OctetString | undefined;
  if (!digestHash || !signatureHash || !md || !attr(si, OIDS.contentType)) return false;
  if (!crypto.createHash(digestHash).update(content).digest().equals(Buffer.from(md.valueBlock.valueHexView))) return false;
  try {
    let key = publicKeys.get(cert);
    if (!key) {
      key = crypto.createPublicKey({ key: Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
      publicKeys.set(cert, key);
    }
    if (key.asymmetricKeyType !== 'rsa') return false;
    const signed = Buffer.from(si.signedAttrs.encodedValue);
    signed[0] = 0x31; // signed as a SET OF (RFC 5652 §5.4)
    return crypto.verify(signatureHash, signed, key, Buffer.from(si.signature.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

async function checkTimestamp(
  token: asn1js.BaseBlock,
  signatureValue: Uint8Array,
  store: TrustStore,
  embeddedCerts: pkijs.Certificate[] = [],
) {
  const { pkijs } = await loadCmsLibraries();
  const out = {
    present: true,
    time: null as Date | null,
    valid: false as boolean,
    authority: null as string | null,
    message: null as string | null,
    untrusted: false,
    tsaCert: null as pkijs.Certificate | null,
    tsaIssuer: null as pkijs.Certificate | null,
  };
  try {
    const sd =
      (token.valueBeforeDecodeView?.length ? parseSignedDataFast(Buffer.from(token.valueBeforeDecodeView)) : undefined) ??
      new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: token }).content });
    const eContent = sd.encapContentInfo.eContent;
    if (sd.encapContentInfo.eContentType !== OIDS.tstInfo || !eContent) throw new Error('not a TSTInfo token');
    const tst = pkijs.TSTInfo.fromBER(eContent.getValue());
    out.time = tst.genTime;
    const tsaCert = findSignerCertificate(sd);
    if (tsaCert) out.authority = dnField(tsaCert.subject, '2.5.4.3');
    const imprint = tst.messageImprint;
    const imprintHash = HASHES[imprint.hashAlgorithm.algorithmId];
    const verified =
      tsaCert &&
      imprintHash &&
      crypto.createHash(imprintHash).update(signatureValue).digest().equals(Buffer.from(imprint.hashedMessage.valueBlock.valueHexView)) &&
      verifiesQuickly(sd, tsaCert, new Uint8Array(eContent.getValue()))
        ? { signatureVerified: true, message: '' }
        : await sd
            .verify({ signer: 0, data: toArrayBuffer(signatureValue), checkChain: false, extendedMode: true })
            .catch((e: { message?: string }) => ({ signatureVerified: false, message: e.message ?? String(e) }));
    if (!verified.signatureVerified) {
      out.message = verified.message;
      return out;
    }
    if (!tsaCert) {
      out.message = 'the token carries no TSA certificate';
      out.untrusted = true;
      return out;
    }
    const eku = tsaCert.extensions?.find((e) => e.extnID === '2.5.29.37')?.parsedValue as pkijs.ExtKeyUsage | undefined;
    if (!eku?.keyPurposes.includes(OIDS.timeStamping)) {
      out.message = 'the TSA certificate lacks the timeStamping extended key usage';
      return out;
    }
    out.tsaCert = tsaCert;
    const others = [...(sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate), ...embeddedCerts];
    const chain = await validateChain(tsaCert, others, store, tst.genTime);
    out.tsaIssuer = chain.path[1] ?? others.find((x) => x.subject.isEqual(tsaCert.issuer)) ?? null;
    if (!chain.trusted) {
      out.message = chain.message;
      out.untrusted = true;
      return out;
    }
    out.valid = true;
  } catch (err) {
    out.message = (err as Error).message;
  }
  return out;
}

/**
 * A copy of the file for pdf-lib with each signature's /Contents written as an empty string and spaces (same
 * length, same offsets): pdf-lib reads a hex string a character at a time, and the tens of kilobytes of each
 * signature value were most of the time of loading a signed file. Only the dictionaries are read from the copy;
 * the signature values are read from the file itself, and both revisions compared hold the same blanks.
 */
function withoutSignatureValues(pdf: Buffer, ranges: number[][]): Buffer {
  let copy: Buffer | null = null;
  for (const [, b, c] of ranges) {
    if (!(b < c - 1 && c <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e)) continue;
    if (!/^[0-9a-fA-F\s]*$/.test(pdf.toString('latin1', b + 1, c - 1))) continue;
    copy ??= Buffer.from(pdf);
    copy.write('<>', b, 'latin1');
    copy.fill(0x20, b + 2, c);
  }
  return copy ?? pdf;
}

/** Every /ByteRange of the file, by position. */
function byteRanges(pdf: Buffer): number[][] {
  const out: number[][] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  const text = pdf.toString('latin1');
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.slice(1, 5).map(Number));
  return out;
}

/**
 * Validates every signature of a PDF — ours or another tool's — against `store`: integrity of the signed bytes,
 * the CMS signature, the chain to a trusted root, revocation (CRLs of the store), the RFC 3161 timestamp, and
 * what the file gained after each signature.
 */
export async function validatePdf(
  pdf: Buffer,
  store: TrustStore,
  now = new Date(),
  revocation: RevocationOptions = {},
): Promise<ValidationReport> {
  await loadCmsLibraries(); // the readers below take the libraries synchronously (cmsLibs)
  const ranges = byteRanges(pdf);
  const forParsing = withoutSignatureValues(pdf, ranges);
  const latest = ranges.length ? await loadQuietly(forParsing) : null;
  const dicts = signatureDictionaries(latest);
  const embedded = await embeddedData(pdf, latest);
  // Document timestamps (PAdES B-LTA) first: a signature without its own timestamp takes its proven time from them.
  const documentTimestamps: DocumentTimestampReport[] = [];
  const signatureRanges: number[][] = [];
  for (const br of ranges) {
    if (dicts.get(br.join(' '))?.subFilter === 'ETSI.RFC3161' || isTimestampToken(pdf, br))
      documentTimestamps.push(await validateDocumentTimestamp(pdf, br, documentTimestamps.length, dicts, store, embedded));
    else signatureRanges.push(br);
  }
  const signatures: SignatureReport[] = [];
  for (const [index, br] of signatureRanges.entries()) {
    const r = await validateOne(pdf, br, index, dicts, latest, store, now, revocation, embedded, documentTimestamps, forParsing);
    signatures.push(r.report);
    r.report.level = levelOf(r.report, documentTimestamps, { ...r.level, dssEnd: embedded.dssEnd });
    r.report.existenceProvenAt = existenceProvenAt(r.report, documentTimestamps);
  }
  // A document timestamp that does not verify proves nothing: the signatures stand on their own, the file is not fully valid.
  const brokenTimestamps = documentTimestamps.filter((d) => !d.valid).map((d) => R.documentTimestampInvalid(d.message ?? ''));
  const verdict: Verdict = !signatures.length
    ? 'indeterminate'
    : signatures.some((s) => s.verdict === 'invalid')
      ? 'invalid'
      : signatures.some((s) => s.verdict === 'indeterminate') || brokenTimestamps.length
        ? 'indeterminate'
        : 'valid';
  return {
    validatedAt: now.toISOString(),
    file: { bytes: pdf.length, sha256: crypto.createHash('sha256').update(pdf).digest('hex') },
    signatureCount: signatures.length,
    verdict,
    reasons: signatures.length ? [...signatures.flatMap((s) => s.reasons), ...brokenTimestamps] : [R.noSignatures],
    signatures,
    documentTimestamps,
  };
}

async function validateOne(
  pdf: Buffer,
  br: number[],
  index: number,
  dicts: Map<string, SigDictInfo>,
  latest: PDFDocument | null,
  store: TrustStore,
  now: Date,
  revocationOptions: RevocationOptions,
  embedded: EmbeddedData = { certs: [], crls: [], ocsps: [], dssEnd: null },
  documentTimestamps: DocumentTimestampReport[] = [],
  forParsing: Buffer = pdf,
): Promise<{ report: SignatureReport; level: { embeddedRevocationGood: boolean; embeddedTsaRevocationGood: boolean } }> {
  const { pkijs, asn1js } = await loadCmsLibraries();
  const info = dicts.get(br.join(' '));
  const level = { embeddedRevocationGood: false, embeddedTsaRevocationGood: true };
  const invalid: Reason[] = [];
  const indeterminate: Reason[] = [];
  const report: SignatureReport = {
    index,
    fieldName: info?.fieldName ?? null,
    subFilter: info?.subFilter ?? null,
    reason: info?.reason ?? null,
    location: info?.location ?? null,
    claimedSigningTime: info?.m?.toISOString() ?? null,
    signingTime: { value: null, source: 'none' },
    signer: null,
    integrity: { byteRange: br, digestMatches: false, signatureVerified: false, message: null },
    chain: { trusted: false, path: [], message: null, checkedAt: null },
    revocation: { status: 'unknown', source: null, revokedAt: null, revocationSource: 'none', checks: [] },
    timestamp: { present: false, time: null, valid: null, authority: null, message: null },
    modifiedAfter: { changed: false, coversWholeFile: false, kinds: [] },
    verdict: 'invalid',
    reasons: [],
  };
  const finish = () => {
    report.reasons = invalid.length ? invalid : indeterminate;
    report.verdict = invalid.length ? 'invalid' : indeterminate.length ? 'indeterminate' : 'valid';
    return { report, level };
  };

  const [a, b, c, d] = br;
  const end = c + d;
  if (a !== 0 || b >= c || end > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) {
    invalid.push(R.malformed('the byte range does not frame the /Contents of the signature'));
    report.integrity.message = 'malformed byte range';
    return finish();
  }
  if (!/^[0-9a-fA-F\s]*$/.test(pdf.subarray(b + 1, c - 1).toString('latin1'))) {
    invalid.push(R.malformed('the gap left out of the byte range holds more than the /Contents hex string'));
    report.integrity.message = 'malformed byte range';
    return finish();
  }
  report.modifiedAfter.coversWholeFile = end === pdf.length;

  let sd: pkijs.SignedData;
  try {
    const hex = pdf
      .subarray(b + 1, c - 1)
      .toString('latin1')
      .replace(/\s+/g, '');
    const der = Buffer.from(hex, 'hex');
    const fast = parseSignedDataFast(der);
    if (fast) sd = fast;
    else {
      const asn1 = asn1js.fromBER(toArrayBuffer(der));
      if (asn1.offset === -1) throw new Error('/Contents is not BER');
      const ci = new pkijs.ContentInfo({ schema: asn1.result });
      if (ci.contentType !== OIDS.signedData) throw new Error('/Contents is not CMS SignedData');
      sd = new pkijs.SignedData({ schema: ci.content });
    }
  } catch (err) {
    invalid.push(R.malformed((err as Error).message));
    return finish();
  }
  if (report.subFilter && !['ETSI.CAdES.detached', 'adbe.pkcs7.detached'].includes(report.subFilter)) {
    indeterminate.push(R.unsupported(report.subFilter));
  }
  const si = sd.signerInfos[0];
  const signerCert = findSignerCertificate(sd);
  if (signerCert) report.signer = certificateInfo(signerCert);
  const claimed = info?.m ?? (attr(si, OIDS.signingTime) as { toDate?: () => Date } | undefined)?.toDate?.() ?? null;
  if (claimed && !report.claimedSigningTime) report.claimedSigningTime = claimed.toISOString();

  // Integrity: the digest of the byte ranges and the signature over the signed attributes.
  const data = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, end)]);
  const md = attr(si, OIDS.messageDigest) as asn1js.OctetString | undefined;
  const digestAlg = si.digestAlgorithm.algorithmId;
  const hashName = (
    {
      '2.16.840.1.101.3.4.2.1': 'sha256',
      '2.16.840.1.101.3.4.2.2': 'sha384',
      '2.16.840.1.101.3.4.2.3': 'sha512',
      '1.3.14.3.2.26': 'sha1',
    } as Record<string, string>
  )[digestAlg];
  if (md && hashName)
    report.integrity.digestMatches = crypto.createHash(hashName).update(data).digest().equals(Buffer.from(md.valueBlock.valueHexView));
  const verified =
    signerCert && !sd.encapContentInfo.eContent && verifiesQuickly(sd, signerCert, data)
      ? { signatureVerified: true, message: '' }
      : await sd
          .verify({ signer: 0, data: toArrayBuffer(data), checkChain: false, extendedMode: true })
          .catch((e: { message?: string; code?: number }) => ({ signatureVerified: false, message: e.message ?? String(e), code: e.code }));
  report.integrity.signatureVerified = !!verified.signatureVerified;
  if (!md && verified.signatureVerified) report.integrity.digestMatches = true;
  if (!report.integrity.digestMatches) {
    report.integrity.message = 'message digest does not match the signed bytes';
    invalid.push(R.digest);
  } else if (!verified.signatureVerified) {
    report.integrity.message = verified.message;
    invalid.push(R.badSignature(verified.message));
  }
  if (!signerCert) {
    invalid.push(R.malformed('the CMS does not carry the signer certificate'));
    return finish();
  }

  // Timestamp (PAdES B-T): proves when the signature existed.
  const token = attr(si, OIDS.signatureTimeStampToken, true);
  let trustedTime: Date | null = null;
  if (token) {
    const ts = await checkTimestamp(token, si.signature.valueBlock.valueHexView, store, embedded.certs);
    if (ts.valid && ts.tsaCert) {
      const tsaRev = await revocationOf(ts.tsaCert, ts.tsaIssuer ?? undefined, [], {
        online: false,
        embedded: { ocspResponses: embedded.ocsps, crls: embedded.crls },
      });
      level.embeddedTsaRevocationGood = tsaRev.status === 'good';
    }
    report.timestamp = {
      present: true,
      time: ts.time?.toISOString() ?? null,
      valid: ts.valid,
      authority: ts.authority,
      message: ts.message,
    };
    if (ts.valid) trustedTime = ts.time;
    else if (ts.untrusted) indeterminate.push(R.timestampUntrusted(ts.message ?? ''));
    else invalid.push(R.timestampInvalid(ts.message ?? ''));
  }
  // Without a timestamp of its own, a valid document timestamp after the signature proves when it existed.
  const sigEnd = br[2] + br[3];
  const covering = documentTimestamps.filter((t) => t.valid && t.time && t.byteRange[2] + t.byteRange[3] > sigEnd).map((t) => t.time!);
  const provenByArchive = !trustedTime && covering.length ? new Date(covering.sort()[0]) : null;
  report.signingTime = trustedTime
    ? { value: trustedTime.toISOString(), source: 'timestamp' }
    : claimed
      ? { value: claimed.toISOString(), source: 'claimed' }
      : { value: null, source: 'none' };

  // Chain to a trusted root, at the proven signing time (or now, without a timestamp).
  // With a valid timestamp, the chain and revocation are judged at the time it proves (the certificates may
  // have expired since: the timestamp shows the signature is older than that).
  const checkAt = trustedTime ?? provenByArchive ?? now;
  const others = [
    ...(sd.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate && x !== signerCert),
    ...embedded.certs,
  ];
  const chain = await validateChain(signerCert, others, store, checkAt);
  report.chain = {
    trusted: chain.trusted,
    path: chain.path.map((x) => dnField(x.subject, '2.5.4.3') || dnString(x.subject)),
    message: chain.message,
    checkedAt: checkAt.toISOString(),
  };
  const outOfValidity = signerCert.notBefore.value > checkAt || signerCert.notAfter.value < checkAt;
  if (outOfValidity) {
    if (trustedTime || provenByArchive) invalid.push(R.expired);
    else indeterminate.push(R.expiredNoProof);
  } else if (!chain.trusted) {
    // Same chain without the date check, to tell an expired intermediate from an unknown root.
    indeterminate.push(R.untrusted(chain.message ?? 'no path to a trust anchor'));
  }

  // Revocation: OCSP, then the CRLs (distribution point, trust store), then what the signature carries.
  const issuer = chain.path[1] ?? [...store.intermediates, ...store.anchors, ...others].find((x) => x.subject.isEqual(signerCert.issuer));
  const cmsCrls = (sd.crls ?? []).filter((x): x is pkijs.CertificateRevocationList => x instanceof pkijs.CertificateRevocationList);
  const rev = await revocationOf(signerCert, issuer, store.crls, {
    now,
    ...revocationOptions,
    embedded: {
      ocspResponses: [...embedded.ocsps, ...(revocationOptions.embedded?.ocspResponses ?? [])],
      crls: [...cmsCrls, ...embedded.crls, ...(revocationOptions.embedded?.crls ?? [])],
    },
  });
  report.revocation = {
    status: rev.status,
    source: rev.source,
    revokedAt: rev.revokedAt?.toISOString() ?? null,
    revocationSource: rev.revocationSource,
    checks: rev.checks,
  };
  // PAdES B-LT: the file's own validation data (its DSS) decides on its own, offline.
  const fromDss = await revocationOf(signerCert, issuer, [], {
    online: false,
    now,
    embedded: { ocspResponses: embedded.ocsps, crls: embedded.crls },
  });
  level.embeddedRevocationGood = fromDss.status === 'good';
  if (rev.status === 'revoked') {
    // Revoked after a proven signing time: the signature stays valid (the key was still good when it signed).
    const proven = trustedTime ?? provenByArchive;
    if (!proven || rev.revokedAt! <= proven) invalid.push(R.revoked(rev.revokedAt!.toISOString()));
  } else if (rev.status === 'unknown' && chain.trusted)
    indeterminate.push(rev.revocationSource === 'ocsp' ? R.unknownToCa : R.revocationUnknown);

  // What the file gained after this signature's revision.
  if (end < pdf.length) {
    report.modifiedAfter.changed = true;
    const older = latest ? await loadQuietly(forParsing.subarray(0, end)) : null;
    const kinds = older && latest ? classifyChanges(older, latest) : new Set<ChangeKind>(['other_content']);
    const tail = pdf.subarray(end).toString('latin1');
    // Bytes that are no well-formed incremental update (junk after %%EOF) count as other content.
    if (!/startxref\s+\d+\s+%%EOF\s*$/.test(tail)) kinds.add('other_content');
    if (!kinds.size) kinds.add('signatures');
    report.modifiedAfter.kinds = [...kinds].sort();
    if (kinds.has('other_content')) invalid.push(R.modified);
    else {
      const p = older ? docMdpLevel(older) : null;
      const forbidden = [...kinds].filter((k) => p === 1 || (p === 2 && k !== 'signatures' && k !== 'form_fill'));
      if (p && forbidden.length) invalid.push(R.notPermitted(p, forbidden));
    }
  }
  return finish();
}

/** Exit status of `npm run pdf:validate`: 0 valid, 1 invalid, 2 indeterminate. */
export const exitCodeOf = (v: Verdict) => (v === 'valid' ? 0 : v === 'invalid' ? 1 : 2);

/** Certificates and CRLs of the PDF's DSS (PAdES B-LT), parsed; where the first DSS revision ends. */
interface EmbeddedData {
  certs: pkijs.Certificate[];
  crls: pkijs.CertificateRevocationList[];
  /** DER OCSPResponses, read as they are by the revocation check. */
  ocsps: Buffer[];
  dssEnd: number | null;
}

async function embeddedData(pdf: Buffer, latest: PDFDocument | null): Promise<EmbeddedData> {
  const { pkijs } = await loadCmsLibraries();
  const out: EmbeddedData = { certs: [], crls: [], ocsps: [], dssEnd: null };
  if (!latest) return out;
  const dss = readDssOf(latest);
  out.ocsps = dss.ocsps.map((b) => Buffer.from(b));
  for (const b of dss.certs)
    try {
      out.certs.push(pkijs.Certificate.fromBER(toArrayBuffer(b)));
    } catch {
      /* an unreadable entry proves nothing */
    }
  for (const b of dss.crls)
    try {
      out.crls.push(pkijs.CertificateRevocationList.fromBER(toArrayBuffer(b)));
    } catch {
      /* idem */
    }
  if (dss.certs.length || dss.crls.length || dss.ocsps.length) {
    const at = pdf.indexOf('/Type /DSS');
    const eof = at < 0 ? -1 : pdf.indexOf('%%EOF', at);
    out.dssEnd = eof < 0 ? 0 : eof + 5;
  }
  return out;
}

function contentsOf(pdf: Buffer, br: number[]): Buffer | null {
  const [, b, c] = br;
  if (b >= c || c > pdf.length) return null;
  const hex = pdf
    .subarray(b + 1, c - 1)
    .toString('latin1')
    .replace(/\s+/g, '');
  return /^[0-9a-fA-F]*$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

/** Whether a /Contents holds an RFC 3161 token (a document timestamp) rather than a signature: its eContentType. */
function isTimestampToken(pdf: Buffer, br: number[]): boolean {
  const raw = contentsOf(pdf, br);
  if (!raw) return false;
  try {
    // ContentInfo { contentType, [0] SignedData { version, digestAlgorithms, encapContentInfo { eContentType … } } }
    const ci = childrenOf(raw, readElement(raw, 0));
    if (ci[0]?.tag !== 0x06 || ci[1]?.tag !== 0xa0) return false;
    const sd = childrenOf(raw, childrenOf(raw, ci[1])[0]);
    const type = childrenOf(raw, sd[2])[0];
    return type.tag === 0x06 && raw.subarray(type.start, type.end).equals(oid(OIDS.tstInfo));
  } catch {
    return isTimestampTokenBer(raw); // not plain DER (e.g. indefinite lengths): asked of pkijs
  }
}

function isTimestampTokenBer(raw: Buffer): boolean {
  const { pkijs, asn1js } = cmsLibs();
  try {
    const asn1 = asn1js.fromBER(toArrayBuffer(raw));
    if (asn1.offset === -1) return false;
    const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1.result }).content });
    return sd.encapContentInfo.eContentType === OIDS.tstInfo;
  } catch {
    return false;
  }
}

/** A document timestamp: its token over the byte ranges, its TSA's chain at its own time (as a signature timestamp's). */
async function validateDocumentTimestamp(
  pdf: Buffer,
  br: number[],
  index: number,
  dicts: Map<string, SigDictInfo>,
  store: TrustStore,
  embedded: EmbeddedData,
): Promise<DocumentTimestampReport> {
  const { asn1js } = await loadCmsLibraries();
  const [a, b, c, d] = br;
  const out: DocumentTimestampReport = {
    index,
    fieldName: dicts.get(br.join(' '))?.fieldName ?? null,
    byteRange: br,
    coversWholeFile: c + d === pdf.length,
    time: null,
    valid: false,
    authority: null,
    certificateExpiresAt: null,
    message: null,
  };
  const raw = contentsOf(pdf, br);
  if (a !== 0 || !raw || c + d > pdf.length) {
    out.message = 'malformed byte range';
    return out;
  }
  const asn1 = asn1js.fromBER(toArrayBuffer(raw));
  if (asn1.offset === -1) {
    out.message = '/Contents is not BER';
    return out;
  }
  const data = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
  const ts = await checkTimestamp(asn1.result, data, store, embedded.certs);
  out.time = ts.time?.toISOString() ?? null;
  out.valid = ts.valid;
  out.authority = ts.authority;
  out.message = ts.message;
  out.certificateExpiresAt = ts.tsaCert?.notAfter.value.toISOString() ?? null;
  return out;
}
