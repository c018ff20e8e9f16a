import crypto from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import { writeIncrementalUpdate } from './incremental';

/**
 * The Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4.2 — PAdES B-LT): validation data
 * kept inside the PDF — certificates, CRLs and OCSP responses, each a stream of its DER — so that a signature can
 * be validated after the CA's CRL is gone or its certificates have expired. Reading and writing only; what goes
 * in is decided by ltv.ts.
 */
export interface ValidationData {
  /** DER certificates. */
  certs: Buffer[];
  /** DER CRLs (CertificateList). */
  crls: Buffer[];
  /** DER OCSP responses (OCSPResponse, as a responder answers). */
  ocsps: Buffer[];
}

const KEYS = { certs: 'Certs', crls: 'CRLs', ocsps: 'OCSPs' } as const;

export const emptyValidationData = (): ValidationData => ({ certs: [], crls: [], ocsps: [] });

function streamBytes(obj: PDFObject | undefined): Buffer | null {
  if (!(obj instanceof PDFRawStream)) return null;
  try {
    return Buffer.from(decodePDFRawStream(obj).decode());
  } catch {
    return null;
  }
}

/** The catalog's /DSS of a loaded document (empty when there is none). */
export function readDssOf(doc: PDFDocument): ValidationData {
  const out = emptyValidationData();
  const dss = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
  if (!dss) return out;
  for (const [field, key] of Object.entries(KEYS) as [keyof ValidationData, string][]) {
    const arr = dss.lookupMaybe(PDFName.of(key), PDFArray);
    for (let i = 0; arr && i < arr.size(); i++) {
      const bytes = streamBytes(arr.lookup(i));
      if (bytes) out[field].push(bytes);
    }
  }
  return out;
}

export async function readDss(pdf: Buffer): Promise<ValidationData> {
  return readDssOf(await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false }));
}

const key = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/**
 * Appends `data` to the document's DSS as one incremental update: a new DSS dictionary (the old streams kept by
 * reference, only the data not yet there added as new streams) and the catalog pointing at it. Every earlier
 * byte stays as it was, so every signature still covers what it signed; earlier DSS objects are left unchanged
 * (a validator comparing revisions sees only the catalog's /DSS change). Returns the input when nothing is new.
 */
export async function addDss(pdf: Buffer, data: ValidationData, opts: { vri?: Map<string, ValidationData> } = {}): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const old = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
  const refs: PDFRef[] = [];
  const known = new Map<string, PDFRef>();
  const dss = ctx.obj({ Type: 'DSS' });
  let added = 0;
  const streamFor = (bytes: Buffer): PDFRef => {
    const k = key(bytes);
    let ref = known.get(k);
    if (!ref) {
      ref = ctx.register(ctx.flateStream(bytes));
      refs.push(ref);
      known.set(k, ref);
      added++;
    }
    return ref;
  };
  for (const [field, name] of Object.entries(KEYS) as [keyof ValidationData, string][]) {
    const items: PDFObject[] = [];
    const seen = new Set<string>();
    const oldArr = old?.lookupMaybe(PDFName.of(name), PDFArray);
    for (let i = 0; oldArr && i < oldArr.size(); i++) {
      const raw = oldArr.get(i);
      const bytes = streamBytes(oldArr.lookup(i));
      if (!bytes || !(raw instanceof PDFRef)) continue;
      const k = key(bytes);
      if (seen.has(k)) continue;
      seen.add(k);
      known.set(k, raw);
      items.push(raw);
    }
    for (const bytes of data[field]) {
      const k = key(bytes);
      if (seen.has(k)) continue;
      seen.add(k);
      items.push(streamFor(bytes));
    }
    if (items.length) dss.set(PDFName.of(name), ctx.obj(items));
  }
  // VRI (optional in PAdES): per signature (upper-case hex SHA-1 of its /Contents), the data that validates it.
  const oldVri = old?.lookupMaybe(PDFName.of('VRI'), PDFDict);
  const vri = ctx.obj({});
  if (oldVri) for (const [k, v] of oldVri.entries()) vri.set(k, v);
  for (const [sigKey, d] of opts.vri ?? []) {
    if (vri.has(PDFName.of(sigKey))) continue;
    const entry = ctx.obj({});
    if (d.certs.length) entry.set(PDFName.of('Cert'), ctx.obj(d.certs.map(streamFor)));
    if (d.crls.length) entry.set(PDFName.of('CRL'), ctx.obj(d.crls.map(streamFor)));
    if (d.ocsps.length) entry.set(PDFName.of('OCSP'), ctx.obj(d.ocsps.map(streamFor)));
    vri.set(PDFName.of(sigKey), entry);
    added++;
  }
  if (vri.entries().length) dss.set(PDFName.of('VRI'), vri);
  if (!added) return pdf;
  const dssRef = ctx.register(dss);
  doc.catalog.set(PDFName.of('DSS'), dssRef);
  return writeIncrementalUpdate(pdf, doc, [ctx.trailerInfo.Root as PDFRef, dssRef, ...refs]);
}
