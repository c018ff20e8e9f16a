import crypto from 'node:crypto';
import type * as pkijs from 'pkijs';
import { loadCmsLibraries } from './esm';
import { OIDS, toArrayBuffer } from './cms';
import { problem } from '../http/problems';
import { certificatesOf, tstInfoOf } from './ltv';
import { hasSignatures, prepare } from './signer';
import type { DevTsa } from './tsa';

/**
 * PAdES B-LTA (ETSI EN 319 142-1 §5.5): a document timestamp — an RFC 3161 token over the whole file as it is,
 * DSS included, in a /DocTimeStamp field of its own incremental update. It proves that every signature and all
 * validation data existed at its time, and is renewed (a further document timestamp, with the previous TSA's
 * validation data in the DSS before it) before its TSA certificate expires (docs/architecture.md#signatures-that-outlive-their-certificates).
 */

/** Produces an RFC 3161 token (ContentInfo, DER) whose messageImprint is `digest` (SHA-256). */
export type DigestTimestampSource = (digest: Buffer) => Promise<Buffer>;

/** Room for the token (TSTInfo, the TSA's signature and its chain). */
export const DOC_TIMESTAMP_BYTES = 12 * 1024;

export async function timeStampRequestForDigest(digest: Buffer): Promise<Buffer> {
  const { pkijs, asn1js } = await loadCmsLibraries();
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.concat([Buffer.from([0x01]), crypto.randomBytes(8)])) }),
    certReq: true,
  });
  return Buffer.from(req.toSchema().toBER(false));
}

async function tokenOf(response: Buffer): Promise<Buffer> {
  const { pkijs } = await loadCmsLibraries();
  const resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(response));
  const status = resp.status.status;
  if ((status !== 0 && status !== 1) || !resp.timeStampToken) throw problem('signing.tsa_rejected', { status });
  return Buffer.from(resp.timeStampToken.toSchema().toBER(false));
}

/** The TSA at TSA_URL. */
export const httpDigestTimestamps =
  (url: string, timeoutMs = 60_000): DigestTimestampSource =>
  async (digest) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
        body: new Uint8Array(await timeStampRequestForDigest(digest)),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw problem('signing.tsa_unreachable', { url, message: (err as Error).message });
    }
    if (!res.ok) throw problem('signing.tsa_error', { status: res.status });
    return tokenOf(Buffer.from(await res.arrayBuffer()));
  };

/** The dev TSA in-process (`now` lets a test stand at another time). */
export const localDigestTimestamps =
  (tsa: DevTsa, now?: () => Date): DigestTimestampSource =>
  async (digest) =>
    tokenOf(await tsa.respond(await timeStampRequestForDigest(digest), now?.()));

export interface DocumentTimestampResult {
  pdf: Buffer;
  fieldName: string;
  /** genTime of the token. */
  time: Date;
  /** notAfter of the TSA certificate: the document must be timestamped again before then. */
  certificateExpiresAt: Date | null;
}

/** Adds a document timestamp as an incremental update to a signed PDF (earlier bytes untouched). */
export async function addDocumentTimestamp(pdf: Buffer, timestamps: DigestTimestampSource): Promise<DocumentTimestampResult> {
  const { pkijs, asn1js } = await loadCmsLibraries();
  if (!hasSignatures(pdf)) throw new Error('a document timestamp is added to signed PDFs only');
  const prepared = await prepare(pdf, { appearance: { kind: 'invisible' }, documentTimestamp: true, signatureBytes: DOC_TIMESTAMP_BYTES });
  const token = await timestamps(prepared.digest);
  const [, start, end] = prepared.byteRange;
  if (token.length * 2 > end - start - 2) throw new Error(`the timestamp token (${token.length} bytes) does not fit its placeholder`);
  const asn1 = asn1js.fromBER(toArrayBuffer(token));
  const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1.result }).content });
  const tst = tstInfoOf(sd);
  if (!tst || !Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(prepared.digest))
    throw new Error('the timestamp token does not cover the document');
  const out = Buffer.from(prepared.pdf);
  out.write(token.toString('hex').padEnd(end - start - 2, '0'), start + 1, 'latin1');
  return { pdf: out, fieldName: prepared.fieldName, time: tst.genTime, certificateExpiresAt: tsaCertificateOf(sd)?.notAfter.value ?? null };
}

/** The certificate that signed a timestamp token (by the signer identifier; the only one when it is the only one). */
export function tsaCertificateOf(sd: pkijs.SignedData): pkijs.Certificate | undefined {
  const certs = certificatesOf(sd);
  const sid = sd.signerInfos[0]?.sid as { serialNumber?: { isEqual(o: unknown): boolean } } | undefined;
  return certs.find((c) => sid?.serialNumber?.isEqual(c.serialNumber)) ?? (certs.length === 1 ? certs[0] : undefined);
}
