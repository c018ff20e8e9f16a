import crypto from 'node:crypto';

/**
 * CMS SignedData written directly as DER with node:crypto (no pkijs object graph): the hot path of signing, and
 * of the dev TSA. The layout is byte for byte what cms.ts's pkijs builder writes (test/api/signing-speed.test.ts
 * compares them), so a signature made either way is the same file.
 */

const OID_DER = new Map<string, Buffer>();

function oidDer(oid: string): Buffer {
  let der = OID_DER.get(oid);
  if (der) return der;
  const parts = oid.split('.').map(Number);
  const bytes: number[] = [parts[0] * 40 + parts[1]];
  for (const n of parts.slice(2)) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  der = tlv(0x06, Buffer.from(bytes));
  OID_DER.set(oid, der);
  return der;
}

function lengthDer(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = content.length === 1 ? content[0] : Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthDer(body.length), body]);
}

export const seq = (...c: Buffer[]) => tlv(0x30, ...c);
export const set = (...c: Buffer[]) => tlv(0x31, ...c);
export const oid = oidDer;
export const octets = (b: Buffer) => tlv(0x04, b);
const NULL = Buffer.from([0x05, 0x00]);

/** One element read from DER: its tag, where its content starts and where it ends. */
export interface Element {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export function readElement(buf: Uint8Array, at: number): Element {
  if (at + 2 > buf.length) throw new Error('DER truncated');
  const tag = buf[at];
  let len = buf[at + 1];
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  const end = p + len;
  if (end > buf.length) throw new Error('DER truncated');
  return { tag, start: at, contentStart: p, end };
}

/** The children of a constructed element. */
export function childrenOf(buf: Uint8Array, el: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.contentStart; p < el.end;) {
    const child = readElement(buf, p);
    out.push(child);
    p = child.end;
  }
  return out;
}

const bytesOf = (buf: Buffer, el: Element) => buf.subarray(el.start, el.end);

/** The raw issuer Name and serialNumber INTEGER of a certificate (DER), as they are in its TBSCertificate. */
export function issuerAndSerial(certDer: Buffer): { issuer: Buffer; serial: Buffer } {
  const tbs = childrenOf(certDer, childrenOf(certDer, readElement(certDer, 0))[0]);
  const i = tbs[0].tag === 0xa0 ? 1 : 0; // [0] version is optional
  return { serial: bytesOf(certDer, tbs[i]), issuer: bytesOf(certDer, tbs[i + 2]) };
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA256_RSA = '1.2.840.113549.1.1.11';
const DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';
const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14';

/** What stays the same for every signature by one certificate chain: parsed once (see `signerTemplate`). */
export interface SignerTemplate {
  chain: Buffer[];
  /** [0] IMPLICIT certificates. */
  certificates: Buffer;
  sid: Buffer;
  signingCertificateV2: Buffer;
}

const templates = new Map<string, SignerTemplate>();
const TEMPLATE_LIMIT = 256;

/** The chain-dependent parts of a SignedData, cached by the SHA-256 of the chain (bounded: oldest dropped first). */
export function signerTemplate(chain: Buffer[]): SignerTemplate {
  const key = crypto
    .createHash('sha256')
    .update(Buffer.concat(chain.map((c) => crypto.createHash('sha256').update(c).digest())))
    .digest('hex');
  const hit = templates.get(key);
  if (hit) return hit;
  const { issuer, serial } = issuerAndSerial(chain[0]);
  const certHash = crypto.createHash('sha256').update(chain[0]).digest();
  const template: SignerTemplate = {
    chain,
    certificates: tlv(0xa0, ...chain),
    sid: seq(issuer, serial),
    // ESS signing-certificate-v2 (RFC 5035): SigningCertificateV2 { certs { ESSCertIDv2 { hash, IssuerSerial } } }.
    signingCertificateV2: seq(seq(seq(octets(certHash), seq(seq(tlv(0xa4, issuer)), serial)))),
  };
  if (templates.size >= TEMPLATE_LIMIT) templates.delete(templates.keys().next().value!);
  templates.set(key, template);
  return template;
}

const attribute = (type: string, value: Buffer) => seq(oid(type), set(value));

/** The signed attributes as signed (a SET, tag 0x31); the SignerInfo carries them under [0] IMPLICIT. */
export function signedAttributes(template: SignerTemplate, digest: Buffer, contentType = DATA): Buffer {
  return set(
    attribute(CONTENT_TYPE, oid(contentType)),
    attribute(MESSAGE_DIGEST, octets(digest)),
    attribute(SIGNING_CERTIFICATE_V2, template.signingCertificateV2),
  );
}

/**
 * ContentInfo { SignedData } with one SignerInfo: RSASSA-PKCS1-v1_5 / SHA-256 over `signedAttrs` made by
 * `signedAttributes`; detached unless `eContent` is given (a timestamp token's TSTInfo); `timestampToken` (a
 * ContentInfo, DER) becomes the unsigned attribute signatureTimeStampToken (PAdES B-T).
 */
export function signedDataDer(opts: {
  template: SignerTemplate;
  signedAttrs: Buffer;
  signature: Buffer;
  version?: number;
  eContentType?: string;
  eContent?: Buffer;
  withCertificates?: boolean;
  timestampToken?: Buffer;
}): Buffer {
  const digestAlgorithm = seq(oid(SHA256), NULL);
  // pkijs writes eContent as a constructed OCTET STRING (in pieces of 64 KiB): kept, so both builders agree.
  const eContent = opts.eContent ? tlv(0xa0, tlv(0x24, octets(opts.eContent))) : undefined;
  const signerInfo = seq(
    tlv(0x02, Buffer.from([1])),
    opts.template.sid,
    digestAlgorithm,
    Buffer.concat([Buffer.from([0xa0]), opts.signedAttrs.subarray(1)]),
    seq(oid(SHA256_RSA)),
    octets(opts.signature),
    ...(opts.timestampToken ? [tlv(0xa1, attribute(SIGNATURE_TIMESTAMP, opts.timestampToken))] : []),
  );
  const signedData = seq(
    tlv(0x02, Buffer.from([opts.version ?? 1])),
    set(digestAlgorithm),
    seq(oid(opts.eContentType ?? DATA), ...(eContent ? [eContent] : [])),
    ...(opts.withCertificates === false ? [] : [opts.template.certificates]),
    set(signerInfo),
  );
  return seq(oid(SIGNED_DATA), tlv(0xa0, signedData));
}

/** The signature value of a SignedData made by `signedDataDer`, and its signed attributes (as a SET), read back. */
export function signerInfoParts(contentInfo: Buffer): { signedAttrs: Buffer; signature: Buffer } {
  const ci = childrenOf(contentInfo, readElement(contentInfo, 0));
  const sd = childrenOf(contentInfo, childrenOf(contentInfo, ci[1])[0]);
  const si = childrenOf(contentInfo, childrenOf(contentInfo, sd[sd.length - 1])[0]);
  const attrs = si.find((e) => e.tag === 0xa0)!;
  const signedAttrs = Buffer.from(bytesOf(contentInfo, attrs));
  signedAttrs[0] = 0x31;
  const sig = si.find((e) => e.tag === 0x04)!;
  return { signedAttrs, signature: contentInfo.subarray(sig.contentStart, sig.end) };
}
