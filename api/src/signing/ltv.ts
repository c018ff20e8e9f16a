import crypto from 'node:crypto';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { cmsLibs, loadCmsLibraries } from './esm';
import { OIDS, toArrayBuffer } from './cms';
import { addDss, emptyValidationData, readDss, type ValidationData } from './dss';
import { askOcsp, ocspUrlOf } from './ocsp';
import type { TrustStore } from './validate';

/** Per OCSP request at augmentation: a responder that does not answer costs the seal job this much per certificate. */
const OCSP_TIMEOUT_MS = 2000;

/**
 * PAdES B-LT (ETSI EN 319 142-1 §5.4): after a PDF is signed, the validation data of every signature in it —
 * the signers' chains, the chains of the timestamp authorities (signature and document timestamps), and the
 * revocation data for each certificate that is not a trust anchor — goes into the DSS, so the signatures can be
 * validated later from the file alone (docs/architecture.md#signatures-that-outlive-their-certificates).
 *
 * Revocation data comes from the CRLs the validator trusts (the dev CA's, written by pki.ts writeCrl), from the
 * OCSP responder each certificate names (its answer kept as received, asked once at augmentation, when the
 * responder is reachable: real CAs publish OCSP rather than CRLs to a trust store), and from whatever the caller
 * passes in `extra`.
 */

/** One CMS found in the PDF's /Contents: a signature, or a document timestamp (its eContent is a TSTInfo). */
export interface EmbeddedCms {
  byteRange: number[];
  /** The /Contents bytes (DER, trailing padding removed by the DER length). */
  der: Buffer;
  signedData: pkijs.SignedData;
  documentTimestamp: boolean;
}

/** Every /ByteRange of the file with its CMS; unreadable ones are skipped (the validator reports them). */
export async function embeddedCms(pdf: Buffer): Promise<EmbeddedCms[]> {
  const { pkijs, asn1js } = await loadCmsLibraries();
  const out: EmbeddedCms[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  const text = pdf.toString('latin1');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const br = m.slice(1, 5).map(Number);
    const [, b, c] = br;
    if (b >= c || c > pdf.length) continue;
    try {
      const raw = Buffer.from(
        pdf
          .subarray(b + 1, c - 1)
          .toString('latin1')
          .replace(/\s+/g, ''),
        'hex',
      );
      const asn1 = asn1js.fromBER(toArrayBuffer(raw));
      if (asn1.offset === -1) continue;
      const ci = new pkijs.ContentInfo({ schema: asn1.result });
      if (ci.contentType !== OIDS.signedData) continue;
      const signedData = new pkijs.SignedData({ schema: ci.content });
      out.push({
        byteRange: br,
        der: raw.subarray(0, asn1.offset),
        signedData,
        documentTimestamp: signedData.encapContentInfo.eContentType === OIDS.tstInfo,
      });
    } catch {
      continue;
    }
  }
  return out;
}

export const certificatesOf = (sd: pkijs.SignedData): pkijs.Certificate[] => {
  const { pkijs } = cmsLibs();
  return (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
};

/** The RFC 3161 token of a signature (unsigned attribute signature-time-stamp-token), as SignedData. */
export function signatureTimestampOf(sd: pkijs.SignedData): pkijs.SignedData | null {
  const { pkijs } = cmsLibs();
  const token = sd.signerInfos[0]?.unsignedAttrs?.attributes.find((a) => a.type === OIDS.signatureTimeStampToken)?.values[0];
  if (!token) return null;
  try {
    return new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: token as asn1js.Sequence }).content });
  } catch {
    return null;
  }
}

const der = (c: pkijs.Certificate) => Buffer.from(c.toSchema().toBER(false));
const hash = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** The TSTInfo of a timestamp token: when it was made. */
export function tstInfoOf(sd: pkijs.SignedData): pkijs.TSTInfo | null {
  const { pkijs } = cmsLibs();
  const e = sd.encapContentInfo.eContent;
  if (sd.encapContentInfo.eContentType !== OIDS.tstInfo || !e) return null;
  try {
    return pkijs.TSTInfo.fromBER(e.getValue());
  } catch {
    return null;
  }
}

/**
 * The validation data for every signature and timestamp in `pdf`: each chain completed up to a trust anchor of
 * `store` (or the DSS already there), and for each certificate below an anchor the CRL of its issuer that
 * verifies. `extra` (e.g. OCSP responses) is added as given.
 */
export async function validationDataFor(
  pdf: Buffer,
  store: TrustStore,
  extra: Partial<ValidationData> = {},
  opts: { ocspTimeoutMs?: number } = {},
): Promise<ValidationData> {
  const { pkijs } = await loadCmsLibraries();
  const existing = await readDss(pdf);
  const pool = new Map<string, pkijs.Certificate>();
  const addCert = (c: pkijs.Certificate) => pool.set(hash(der(c)), c);
  const wanted: pkijs.Certificate[] = [];
  for (const cms of await embeddedCms(pdf)) {
    const sets = [certificatesOf(cms.signedData)];
    const token = cms.documentTimestamp ? null : signatureTimestampOf(cms.signedData);
    if (token) sets.push(certificatesOf(token));
    for (const set of sets) for (const c of set) wanted.push(c);
  }
  const candidates = [
    ...store.anchors,
    ...store.intermediates,
    ...existing.certs.flatMap((b) => {
      try {
        return [pkijs.Certificate.fromBER(toArrayBuffer(b))];
      } catch {
        return [];
      }
    }),
  ];
  // Complete each chain: add issuers from the trust store until a self-signed certificate is reached.
  const queue = [...wanted];
  while (queue.length) {
    const c = queue.shift()!;
    const k = hash(der(c));
    if (pool.has(k)) continue;
    addCert(c);
    if (c.subject.isEqual(c.issuer)) continue;
    const issuer = [...wanted, ...candidates].find((x) => x.subject.isEqual(c.issuer));
    if (issuer) queue.push(issuer);
  }
  const crls: Buffer[] = [];
  const ocsps: Buffer[] = [];
  const allCrls = [
    ...store.crls,
    ...existing.crls.flatMap((b) => {
      try {
        return [pkijs.CertificateRevocationList.fromBER(toArrayBuffer(b))];
      } catch {
        return [];
      }
    }),
  ];
  const certs = [...pool.values()];
  for (const c of certs) {
    if (c.subject.isEqual(c.issuer)) continue;
    const issuer = certs.find((x) => x.subject.isEqual(c.issuer));
    if (!issuer) continue;
    const url = ocspUrlOf(c);
    if (url) {
      try {
        ocsps.push((await askOcsp(c, issuer, url, { timeoutMs: opts.ocspTimeoutMs ?? OCSP_TIMEOUT_MS, now: new Date() })).der);
      } catch {
        // Unreachable or no usable answer: the CRL below, if there is one, carries the revocation data alone.
      }
    }
    // The newest CRL of the issuer that verifies with the issuer's key.
    const ofIssuer = allCrls.filter((crl) => crl.issuer.isEqual(c.issuer)).sort((a, b) => +b.thisUpdate.value - +a.thisUpdate.value);
    for (const crl of ofIssuer) {
      try {
        if (!(await crl.verify({ issuerCertificate: issuer }))) continue;
      } catch {
        continue;
      }
      crls.push(Buffer.from(crl.toSchema(true).toBER(false)));
      break;
    }
  }
  const out = emptyValidationData();
  out.certs = [...certs.map(der), ...(extra.certs ?? [])];
  out.crls = [...crls, ...(extra.crls ?? [])];
  out.ocsps = [...ocsps, ...(extra.ocsps ?? [])];
  return out;
}

/**
 * PAdES B-T → B-LT: the validation data of every signature and timestamp in the PDF, appended as a DSS
 * incremental update. `extra` takes revocation blobs gathered elsewhere (OCSP responses, fetched CRLs).
 */
export async function augmentToLt(pdf: Buffer, store: TrustStore, extra: Partial<ValidationData> = {}): Promise<Buffer> {
  return addDss(pdf, await validationDataFor(pdf, store, extra));
}
