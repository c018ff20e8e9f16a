import crypto from 'node:crypto';
import type * as asn1js from 'asn1js';
import forge from 'node-forge';
import type * as pkijs from 'pkijs';
import { childrenOf, readElement, seq, tlv } from './der';
import { cmsLibs, loadCmsLibraries } from './esm';
import { problem } from '../http/problems';

/** Object identifiers used by CMS, CAdES and RFC 3161. */
export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  /** The dev TSA's policy (a private arc, for development only). */
  devTsaPolicy: '1.3.6.1.4.1.55555.1.1',
};

export const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END)[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function toPkijsCertificate(der: Uint8Array): pkijs.Certificate {
  const { pkijs } = cmsLibs();
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

export async function importPrivateKey(pkcs8Pem: string): Promise<CryptoKey> {
  return crypto.webcrypto.subtle.importKey('pkcs8', pemToDer(pkcs8Pem), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
    'sign',
  ]) as Promise<CryptoKey>;
}

export const sha256 = (data: Uint8Array | Buffer) => crypto.createHash('sha256').update(data).digest();

/** A signing key with its certificate chain (leaf first), as unlocked from a PKCS#12. */
export interface SigningIdentity {
  keyPem: string;
  /** DER certificates, the signer's first. */
  chain: Buffer[];
}

export const wrongPassphrase = () => problem('signing.wrong_passphrase');

/** Unlocks a PKCS#12 with its passphrase; a wrong passphrase is a 422 `signing.wrong_passphrase`. */
export function openPkcs12(p12: Buffer, passphrase: string): SigningIdentity {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase);
  } catch (err) {
    if (/password|MAC|decrypt/i.test((err as Error).message)) throw wrongPassphrase();
    throw problem('signing.bad_key_file#unreadable_pkcs_12', { message: (err as Error).message });
  }
  const keyBag = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ][0];
  if (!keyBag?.key) throw wrongPassphrase();
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((b) => b.cert!).filter(Boolean);
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const leafIndex = certs.findIndex((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
  if (leafIndex < 0) throw problem('signing.bad_key_file#the_pkcs_12_holds');
  const ordered = [certs[leafIndex], ...certs.filter((_, i) => i !== leafIndex)];
  const keyPem = forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)));
  return { keyPem, chain: ordered.map((c) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary')) };
}

/** ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer's certificate by its SHA-256 hash. */
export function signingCertificateV2(cert: pkijs.Certificate, certDer: Uint8Array): asn1js.Sequence {
  const { asn1js } = cmsLibs();
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certDer)) }),
              new asn1js.Sequence({
                value: [
                  new asn1js.Sequence({
                    value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
                  }),
                  new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

/** Builds CMS SignedData over a precomputed SHA-256 digest, detached, with CAdES signed attributes. */
export async function buildSignedData(opts: {
  digest: Buffer;
  chain: Buffer[];
  key: CryptoKey;
  eContentType?: string;
  eContent?: Buffer;
}): Promise<pkijs.SignedData> {
  const signedData = await unsignedSignedData(opts);
  await signedData.sign(opts.key, 0, 'SHA-256');
  return signedData;
}

/**
 * The same SignedData with its signature value still missing (deterministic for the same inputs), for keys we
 * cannot hold: a token or remote service signs `signedAttributesDer` (RSASSA-PKCS1-v1_5 with SHA-256).
 */
export async function unsignedSignedData(opts: {
  digest: Buffer;
  chain: Buffer[];
  eContentType?: string;
  eContent?: Buffer;
}): Promise<pkijs.SignedData> {
  const { pkijs, asn1js } = await loadCmsLibraries();
  const certs = opts.chain.map(toPkijsCertificate);
  const signer = certs[0];
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: opts.eContentType ?? OIDS.data,
      ...(opts.eContent ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(opts.eContent) }) } : {}),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: OIDS.contentType,
              values: [new asn1js.ObjectIdentifier({ value: opts.eContentType ?? OIDS.data })],
            }),
            new pkijs.Attribute({ type: OIDS.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(opts.digest) })] }),
            new pkijs.Attribute({ type: OIDS.signingCertificateV2, values: [signingCertificateV2(signer, opts.chain[0])] }),
          ],
        }),
      }),
    ],
    certificates: certs,
  });
  return signedData;
}

/** DER of the signed attributes as signed (a SET, tag 0x31): what an RSA signature covers in CMS. */
export function signedAttributesDer(signedData: pkijs.SignedData): Buffer {
  const der = Buffer.from(signedData.signerInfos[0].signedAttrs!.toSchema().toBER(false));
  der[0] = 0x31;
  return der;
}

/** Puts an externally made RSA-SHA256 signature value into an unsigned SignedData. */
export function setSignatureValue(signedData: pkijs.SignedData, signature: Buffer): void {
  const { pkijs, asn1js } = cmsLibs();
  const si = signedData.signerInfos[0];
  si.digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256, algorithmParams: new asn1js.Null() });
  si.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() });
  si.signature = new asn1js.OctetString({ valueHex: toArrayBuffer(signature) });
  signedData.digestAlgorithms = [new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256, algorithmParams: new asn1js.Null() })];
}

export function contentInfoDer(signedData: pkijs.SignedData): Buffer {
  const { pkijs } = cmsLibs();
  const ci = new pkijs.ContentInfo({ contentType: OIDS.signedData, content: signedData.toSchema(true) });
  return Buffer.from(ci.toSchema().toBER(false));
}

export function parseSignedData(cms: Uint8Array): pkijs.SignedData {
  const { pkijs, asn1js } = cmsLibs();
  const asn1 = asn1js.fromBER(toArrayBuffer(cms));
  if (asn1.offset === -1) throw new Error('CMS is not valid BER');
  const ci = new pkijs.ContentInfo({ schema: asn1.result });
  if (ci.contentType !== OIDS.signedData) throw new Error(`CMS content type ${ci.contentType} is not SignedData`);
  return new pkijs.SignedData({ schema: ci.content });
}

/** The RFC 3161 request for a signature value (messageImprint = its SHA-256). */
export function timeStampRequestDer(signatureValue: Uint8Array): Buffer {
  const { pkijs, asn1js } = cmsLibs();
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(signatureValue)) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.concat([Buffer.from([0x01]), crypto.randomBytes(8)])) }),
    certReq: true,
  });
  return Buffer.from(req.toSchema().toBER(false));
}

/** Asks the TSA at `url` for a timestamp token over `signatureValue`; returns the token (ContentInfo, DER). */
export async function fetchTimestampToken(url: string, signatureValue: Uint8Array, timeoutMs = 60_000): Promise<Buffer> {
  const { pkijs } = await loadCmsLibraries();
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
      body: new Uint8Array(timeStampRequestDer(signatureValue)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw problem('signing.tsa_unreachable', { url, message: (err as Error).message });
  }
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw problem('signing.tsa_error', { status: res.status });
  const resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(body));
  const status = resp.status.status;
  if ((status !== 0 && status !== 1) || !resp.timeStampToken) {
    throw problem('signing.tsa_rejected', { status });
  }
  return Buffer.from(resp.timeStampToken.toSchema().toBER(false));
}

/** Adds an RFC 3161 token over the signer's signature as the unsigned attribute id-aa-signatureTimeStampToken (PAdES B-T). */
export function addTimestampToken(signedData: pkijs.SignedData, token: Buffer): void {
  const { pkijs, asn1js } = cmsLibs();
  const si = signedData.signerInfos[0];
  const attr = new pkijs.Attribute({ type: OIDS.signatureTimeStampToken, values: [asn1js.fromBER(toArrayBuffer(token)).result] });
  if (si.unsignedAttrs) si.unsignedAttrs.attributes.push(attr);
  else si.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [attr] });
}

export const signatureValueOf = (signedData: pkijs.SignedData): Uint8Array => signedData.signerInfos[0].signature.valueBlock.valueHexView;

/**
 * The signer's certificate among those the CMS carries, by issuer and serial number. Some tools (node-forge,
 * hence @signpdf's P12Signer) re-encode a UTF-8 issuer name wrongly, so the serial number alone is the fallback;
 * then the signer identifier is replaced in memory by the certificate's own issuer, which leaves the signed
 * attributes and the signature untouched.
 */
export function resolveSignerCertificate(sd: pkijs.SignedData): pkijs.Certificate | undefined {
  const { pkijs } = cmsLibs();
  const si = sd.signerInfos[0];
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = si?.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) {
    // [0] subjectKeyIdentifier
    const block = (
      sid as { valueBlock?: { valueHexView?: Uint8Array; value?: { valueBlock?: { valueHexView?: Uint8Array } }[] } } | undefined
    )?.valueBlock;
    const ski = Buffer.from(block?.value?.[0]?.valueBlock?.valueHexView ?? block?.valueHexView ?? []);
    return certs.find((c) => ski.length > 0 && Buffer.from(subjectKeyId(c) ?? []).equals(ski)) ?? certs[0];
  }
  const exact = certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  if (exact) return exact;
  const bySerial = certs.filter((c) => c.serialNumber.isEqual(sid.serialNumber));
  if (bySerial.length !== 1) return undefined;
  si.sid = new pkijs.IssuerAndSerialNumber({ issuer: bySerial[0].issuer, serialNumber: bySerial[0].serialNumber });
  return bySerial[0];
}

function subjectKeyId(cert: pkijs.Certificate): Uint8Array | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.14');
  return (ext?.parsedValue as asn1js.OctetString | undefined)?.valueBlock.valueHexView;
}

const parsedCertificates = new Map<string, pkijs.Certificate>();
export const CERTIFICATE_CACHE_LIMIT = 1024;

/** A certificate parsed once per DER (by its SHA-256; bounded, oldest first out): signers' and TSAs' chains recur. */
export function cachedCertificate(der: Uint8Array): pkijs.Certificate {
  const key = sha256(der).toString('hex');
  let cert = parsedCertificates.get(key);
  if (!cert) {
    cert = toPkijsCertificate(der);
    if (parsedCertificates.size >= CERTIFICATE_CACHE_LIMIT) parsedCertificates.delete(parsedCertificates.keys().next().value!);
    parsedCertificates.set(key, cert);
  }
  return cert;
}

/**
 * A CMS SignedData (ContentInfo; trailing bytes such as a /Contents' zero padding ignored), with its certificates
 * taken from `cachedCertificate`: pkijs is handed the structure without them, since matching and building every
 * certificate again is most of what parsing a signature costs. Undefined for a CMS that is not plain DER
 * SignedData with X.509 certificates only: the caller parses that one whole, as before.
 */
export function parseSignedDataFast(cms: Buffer): pkijs.SignedData | undefined {
  try {
    const ci = childrenOf(cms, readElement(cms, 0));
    if (ci.length !== 2 || ci[1].tag !== 0xa0) throw new Error('not a ContentInfo');
    const fields = childrenOf(cms, readElement(cms, ci[1].contentStart));
    const certSet = fields.find((f) => f.tag === 0xa0);
    const certs = certSet ? childrenOf(cms, certSet).map((c) => cms.subarray(c.start, c.end)) : [];
    if (certs.some((c) => c[0] !== 0x30)) throw new Error('other certificate formats');
    const kept = fields.filter((f) => f !== certSet).map((f) => cms.subarray(f.start, f.end));
    const stripped = seq(cms.subarray(ci[0].start, ci[0].end), tlv(0xa0, seq(...kept)));
    const signedData = parseSignedData(stripped);
    if (certs.length) signedData.certificates = certs.map(cachedCertificate);
    return signedData;
  } catch {
    return undefined;
  }
}
