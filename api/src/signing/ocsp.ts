import crypto from 'node:crypto';
import fs from 'node:fs';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { cmsLibs, loadCmsLibraries } from './esm';
import { importPrivateKey, pemToDer, toArrayBuffer, toPkijsCertificate } from './cms';
import { issuedSerials, pkiPaths } from './pki';

/**
 * OCSP (RFC 6960): the dev PKI's responder behind `POST /api/ocsp` and the client the validator asks first
 * (docs/domain.md §7). DER request in, DER response out; answers are signed by the issuing CA itself or by
 * its delegated OCSP signer (EKU id-kp-OCSPSigning), and the client accepts exactly those two.
 */

export const OCSP_OIDS = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  accessMethod: '1.3.6.1.5.5.7.48.1',
  aia: '1.3.6.1.5.5.7.1.1',
  crlDistributionPoints: '2.5.29.31',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  extKeyUsage: '2.5.29.37',
};

const HASHES: Record<string, string> = { '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256' };

/** OCSPResponseStatus (RFC 6960 §4.2.1). */
const STATUS = { successful: 0, malformedRequest: 1, internalError: 2, tryLater: 3, sigRequired: 5, unauthorized: 6 } as const;
const STATUS_NAMES = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k])) as Record<number, string>;

const seconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const normalSerial = (hex: string) => hex.toLowerCase().replace(/^(00)+(?=.)/, '');

/** The answer about one certificate, after the response's signature and responder were checked. */
export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: Date | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
  producedAt: Date;
  /** CN of the certificate that signed the response (the CA, or its delegated OCSP signer). */
  responder: string;
  /** The DER OCSPResponse, as received (what a DSS dictionary would keep). */
  der: Buffer;
}

interface CaEntry {
  cert: pkijs.Certificate;
  signer: pkijs.Certificate;
  signerKeyPem: string;
  /** Extra certificates carried in the response (the delegated signer). */
  certs: pkijs.Certificate[];
  status(serial: string): { status: 'good' | 'revoked' | 'unknown'; revokedAt?: Date };
}

/** The dev OCSP responder: answers for the issuing CA (via its delegated signer) and for the root (signed by the root). */
export class DevOcspResponder {
  private keys = new Map<string, Promise<CryptoKey>>();

  private constructor(private readonly dir: string) {}

  static fromPkiDir(dir: string): DevOcspResponder | null {
    const p = pkiPaths(dir);
    const needed = [p.rootCert, p.rootKey, p.interCert, p.ocspCert, p.ocspKey];
    return needed.every((f) => fs.existsSync(f)) ? new DevOcspResponder(dir) : null;
  }

  /** Read on every request: revocations and newly issued certificates show at once. */
  private authorities(): CaEntry[] {
    const p = pkiPaths(this.dir);
    const read = (f: string) => toPkijsCertificate(pemToDer(fs.readFileSync(f, 'utf8')));
    const root = read(p.rootCert);
    const inter = read(p.interCert);
    const ocsp = read(p.ocspCert);
    const issued = new Set(issuedSerials(this.dir).map(normalSerial));
    const revoked = new Map(
      (fs.existsSync(p.revoked) ? (JSON.parse(fs.readFileSync(p.revoked, 'utf8')) as { serial: string; date: string }[]) : []).map((r) => [
        normalSerial(r.serial),
        new Date(r.date),
      ]),
    );
    const interSerial = normalSerial(Buffer.from(inter.serialNumber.valueBlock.valueHexView).toString('hex'));
    return [
      {
        cert: inter,
        signer: ocsp,
        signerKeyPem: fs.readFileSync(p.ocspKey, 'utf8'),
        certs: [ocsp],
        status: (serial) =>
          revoked.has(serial)
            ? { status: 'revoked', revokedAt: revoked.get(serial) }
            : issued.has(serial)
              ? { status: 'good' }
              : { status: 'unknown' },
      },
      {
        cert: root,
        signer: root,
        signerKeyPem: fs.readFileSync(p.rootKey, 'utf8'),
        certs: [],
        status: (serial) => (serial === interSerial ? { status: 'good' } : { status: 'unknown' }),
      },
    ];
  }

  /** Answers a DER OCSPRequest with a DER OCSPResponse (malformedRequest / unauthorized as RFC 6960 says). */
  async respond(requestDer: Buffer, now = new Date()): Promise<Buffer> {
    const { pkijs, asn1js } = await loadCmsLibraries();
    let req: pkijs.OCSPRequest;
    try {
      req = pkijs.OCSPRequest.fromBER(toArrayBuffer(requestDer));
    } catch {
      return unsuccessful(STATUS.malformedRequest);
    }
    const list = req.tbsRequest.requestList;
    if (!list.length || list.some((r) => !HASHES[r.reqCert.hashAlgorithm.algorithmId])) return unsuccessful(STATUS.malformedRequest);
    const cas = this.authorities();
    const caOf = (id: pkijs.CertID) => {
      const hash = HASHES[id.hashAlgorithm.algorithmId];
      return cas.find((ca) => {
        const nameHash = crypto
          .createHash(hash)
          .update(Buffer.from(ca.cert.subject.toSchema().toBER(false)))
          .digest();
        const keyHash = crypto.createHash(hash).update(ca.cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
        return (
          nameHash.equals(Buffer.from(id.issuerNameHash.valueBlock.valueHexView)) &&
          keyHash.equals(Buffer.from(id.issuerKeyHash.valueBlock.valueHexView))
        );
      });
    };
    const ca = caOf(list[0].reqCert);
    // One signer per response: every certificate asked about must come from the same CA we answer for.
    if (!ca || list.some((r) => caOf(r.reqCert) !== ca)) return unsuccessful(STATUS.unauthorized);

    const thisUpdate = seconds(now);
    const nextUpdate = new Date(thisUpdate.getTime() + 3600_000);
    const responses = list.map((r) => {
      const serial = normalSerial(Buffer.from(r.reqCert.serialNumber.valueBlock.valueHexView).toString('hex'));
      const s = ca.status(serial);
      const certStatus =
        s.status === 'revoked'
          ? new asn1js.Constructed({
              idBlock: { tagClass: 3, tagNumber: 1 },
              value: [new asn1js.GeneralizedTime({ valueDate: seconds(s.revokedAt!) })],
            })
          : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: s.status === 'good' ? 0 : 2 } });
      return new pkijs.SingleResponse({ certID: r.reqCert, certStatus, thisUpdate, nextUpdate });
    });
    const nonce = req.tbsRequest.requestExtensions?.find((e) => e.extnID === OCSP_OIDS.nonce);
    const tbs = new pkijs.ResponseData({
      responderID: ca.signer.subject,
      producedAt: thisUpdate,
      responses,
      ...(nonce
        ? {
            responseExtensions: [
              new pkijs.Extension({ extnID: OCSP_OIDS.nonce, extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer }),
            ],
          }
        : {}),
    });
    const basic = new pkijs.BasicOCSPResponse({ tbsResponseData: tbs, ...(ca.certs.length ? { certs: ca.certs } : {}) });
    const keyId = ca.signerKeyPem;
    if (!this.keys.has(keyId)) this.keys.set(keyId, importPrivateKey(keyId));
    await basic.sign(await this.keys.get(keyId)!, 'SHA-256');
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: STATUS.successful }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: OCSP_OIDS.basic,
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
      }),
    });
    return Buffer.from(response.toSchema().toBER(false));
  }
}

function unsuccessful(status: number): Buffer {
  const { pkijs, asn1js } = cmsLibs();
  return Buffer.from(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) }).toSchema().toBER(false));
}

/** Thrown when no usable answer came (network, timeout, HTTP error, unsuccessful status, bad signature…). */
export class OcspError extends Error {}

/** The first id-ad-ocsp HTTP(S) URL of the certificate's Authority Information Access, if any. */
export function ocspUrlOf(cert: pkijs.Certificate): string | null {
  const ext = cert.extensions?.find((e) => e.extnID === OCSP_OIDS.aia);
  const parsed = ext?.parsedValue as pkijs.InfoAccess | undefined;
  for (const d of parsed?.accessDescriptions ?? []) {
    if (d.accessMethod === OCSP_OIDS.accessMethod && d.accessLocation.type === 6 && /^https?:\/\//i.test(String(d.accessLocation.value)))
      return String(d.accessLocation.value);
  }
  return null;
}

/** The HTTP(S) URLs of the certificate's CRL distribution points. */
export function crlUrlsOf(cert: pkijs.Certificate): string[] {
  const ext = cert.extensions?.find((e) => e.extnID === OCSP_OIDS.crlDistributionPoints);
  const parsed = ext?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  const out: string[] = [];
  for (const dp of parsed?.distributionPoints ?? []) {
    const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
    for (const n of names) if (n.type === 6 && /^https?:\/\//i.test(String(n.value))) out.push(String(n.value));
  }
  return out;
}

/** A DER OCSPRequest for one certificate (SHA-1 CertID, as RFC 5019 responders expect) with a random nonce. */
export async function ocspRequestFor(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<{ der: Buffer; nonce: Buffer }> {
  const { pkijs, asn1js } = await loadCmsLibraries();
  const req = new pkijs.OCSPRequest();
  await req.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  const nonce = crypto.randomBytes(16);
  req.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: OCSP_OIDS.nonce, extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(nonce) }).toBER(false) }),
  ];
  return { der: Buffer.from(req.toSchema(true).toBER(false)), nonce };
}

const MAX_RESPONSE = 256 * 1024;

/** POSTs the request to `url` and checks the answer (see `parseOcspResponse`); any failure is an OcspError. */
export async function askOcsp(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  url: string,
  opts: { timeoutMs: number; now: Date },
): Promise<OcspAnswer> {
  const { der, nonce } = await ocspRequestFor(cert, issuer);
  let body: Buffer;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: new Uint8Array(der),
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error',
    });
    if (!res.ok) throw new OcspError(`HTTP ${res.status}`);
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    if (err instanceof OcspError) throw err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    throw new OcspError(
      e.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message),
    );
  }
  if (body.length > MAX_RESPONSE) throw new OcspError('the response is too large');
  return parseOcspResponse(body, cert, issuer, { now: opts.now, nonce });
}

/**
 * Reads a DER OCSPResponse about `cert` and checks it: successful status, a SingleResponse for this very
 * certificate, signed by the issuer or by a certificate the issuer gave id-kp-OCSPSigning, our nonce echoed
 * (when the responder echoes one), and — unless `now` is null (archived evidence) — current (thisUpdate not
 * in the future, nextUpdate not past).
 */
export async function parseOcspResponse(
  der: Buffer,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  opts: { now: Date | null; nonce?: Buffer },
): Promise<OcspAnswer> {
  const { pkijs } = await loadCmsLibraries();
  let basic: pkijs.BasicOCSPResponse;
  try {
    const resp = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
    const status = resp.responseStatus.valueBlock.valueDec;
    if (status !== STATUS.successful) throw new OcspError(`the responder answered ${STATUS_NAMES[status] ?? status}`);
    if (!resp.responseBytes || resp.responseBytes.responseType !== OCSP_OIDS.basic) throw new OcspError('not a basic OCSP response');
    basic = pkijs.BasicOCSPResponse.fromBER(toArrayBuffer(resp.responseBytes.response.valueBlock.valueHexView));
  } catch (err) {
    throw err instanceof OcspError ? err : new OcspError(`unreadable response: ${(err as Error).message}`);
  }
  const data = basic.tbsResponseData;
  const hashName = HASHES[data.responses[0]?.certID.hashAlgorithm.algorithmId ?? ''];
  const single = await (async () => {
    for (const r of data.responses) {
      const alg = HASHES[r.certID.hashAlgorithm.algorithmId];
      if (!alg) continue;
      const ours = await pkijs.CertID.create(cert, { hashAlgorithm: alg === 'sha1' ? 'SHA-1' : 'SHA-256', issuerCertificate: issuer });
      if (r.certID.isEqual(ours)) return r;
    }
    return null;
  })();
  if (!hashName || !single) throw new OcspError('the response is not about this certificate');

  // Who signed: the issuer, or a delegated signer issued by it for OCSP.
  const rid = data.responderID as pkijs.RelativeDistinguishedNames | asn1js.OctetString;
  const candidates = [issuer, ...(basic.certs ?? [])];
  const matches = (c: pkijs.Certificate) =>
    rid instanceof pkijs.RelativeDistinguishedNames
      ? c.subject.isEqual(rid)
      : crypto
          .createHash('sha1')
          .update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
          .digest()
          .equals(Buffer.from((rid as asn1js.OctetString).valueBlock.valueHexView));
  const signer = candidates.find(matches);
  if (!signer) throw new OcspError('the responder certificate is not in the response');
  if (signer !== issuer) {
    const issuedByCa = signer.issuer.isEqual(issuer.subject) && (await signer.verify(issuer).catch(() => false));
    const eku = signer.extensions?.find((e) => e.extnID === OCSP_OIDS.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined;
    if (!issuedByCa || !eku?.keyPurposes.includes(OCSP_OIDS.ocspSigning))
      throw new OcspError('the response is signed by a certificate the issuing CA did not authorise for OCSP');
    if (signer.notBefore.value > data.producedAt || signer.notAfter.value < data.producedAt)
      throw new OcspError('the OCSP signer certificate was not valid when the response was produced');
  }
  const sigHash: Record<string, string> = {
    '1.2.840.113549.1.1.5': 'sha1',
    '1.2.840.113549.1.1.11': 'sha256',
    '1.2.840.113549.1.1.12': 'sha384',
    '1.2.840.113549.1.1.13': 'sha512',
    '1.2.840.10045.4.3.2': 'sha256',
    '1.2.840.10045.4.3.3': 'sha384',
    '1.2.840.10045.4.3.4': 'sha512',
  };
  const alg = sigHash[basic.signatureAlgorithm.algorithmId];
  if (!alg) throw new OcspError(`unsupported signature algorithm ${basic.signatureAlgorithm.algorithmId}`);
  const key = crypto.createPublicKey({
    key: Buffer.from(signer.subjectPublicKeyInfo.toSchema().toBER(false)),
    format: 'der',
    type: 'spki',
  });
  const ok = crypto.verify(alg, data.tbsView, key, Buffer.from(basic.signature.valueBlock.valueHexView));
  if (!ok) throw new OcspError('the response signature does not verify');

  if (opts.nonce) {
    const echoed = data.responseExtensions?.find((e) => e.extnID === OCSP_OIDS.nonce);
    if (echoed) {
      const value = Buffer.from(echoed.extnValue.valueBlock.valueHexView);
      // The nonce is an OCTET STRING inside the extension value; some responders send it bare.
      if (!value.equals(Buffer.concat([Buffer.from([0x04, opts.nonce.length]), opts.nonce])) && !value.equals(opts.nonce))
        throw new OcspError('the response does not echo our nonce (replayed?)');
    }
  }
  if (opts.now) {
    const skew = 5 * 60_000;
    if (single.thisUpdate.getTime() > opts.now.getTime() + skew) throw new OcspError('the response is from the future (thisUpdate)');
    if (single.nextUpdate && single.nextUpdate.getTime() < opts.now.getTime() - skew)
      throw new OcspError('the response is stale (nextUpdate passed)');
  }
  const cs = single.certStatus as asn1js.BaseBlock & { valueBlock: { value?: asn1js.BaseBlock[] } };
  const tag = cs.idBlock.tagNumber;
  const status = tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown';
  const when = tag === 1 ? (cs.valueBlock.value?.[0] as asn1js.GeneralizedTime | undefined)?.toDate() : undefined;
  const cn = signer.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3')?.value?.valueBlock?.value;
  return {
    status,
    revokedAt: status === 'revoked' ? (when ?? data.producedAt) : null,
    thisUpdate: single.thisUpdate,
    nextUpdate: single.nextUpdate ?? null,
    producedAt: data.producedAt,
    responder: String(cn ?? ''),
    der,
  };
}
