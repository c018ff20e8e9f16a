import crypto from 'node:crypto';
import fs from 'node:fs';
import type * as pkijs from 'pkijs';
import { cmsLibs, loadCmsLibraries } from './esm';
import { OIDS, pemToDer, sha256, toArrayBuffer } from './cms';
import { childrenOf, oid, readElement, seq, signedAttributes, signedDataDer, signerTemplate, tlv, type SignerTemplate } from './der';
import { pkiPaths } from './pki';

/**
 * A development RFC 3161 timestamping authority, signing with the dev TSA certificate (EKU timeStamping).
 * A production deployment points TSA_URL at a real TSA (e.g. the VGCA's) instead.
 */
export class DevTsa {
  private key?: crypto.KeyObject;
  private readonly template: SignerTemplate;

  constructor(
    certPem: string,
    private readonly keyPem: string,
    chainPems: string[],
  ) {
    this.template = signerTemplate([pemToDer(certPem), ...chainPems.map(pemToDer)]);
  }

  static fromPkiDir(dir: string): DevTsa | null {
    const p = pkiPaths(dir);
    if (!fs.existsSync(p.tsaCert) || !fs.existsSync(p.tsaKey)) return null;
    return new DevTsa(fs.readFileSync(p.tsaCert, 'utf8'), fs.readFileSync(p.tsaKey, 'utf8'), [fs.readFileSync(p.interCert, 'utf8')]);
  }

  /** Answers a DER TimeStampReq with a DER TimeStampResp (status rejection for malformed or unsupported requests). */
  async respond(requestDer: Buffer, now = new Date()): Promise<Buffer> {
    const { pkijs } = await loadCmsLibraries();
    let req: pkijs.TimeStampReq;
    try {
      req = pkijs.TimeStampReq.fromBER(toArrayBuffer(requestDer));
    } catch {
      return rejection(2, 'malformed TimeStampReq', 1 << 5); // badDataFormat
    }
    const hashAlg = req.messageImprint.hashAlgorithm.algorithmId;
    const imprint = req.messageImprint.hashedMessage.valueBlock.valueHexView;
    const lengths: Record<string, number> = {
      [OIDS.sha256]: 32,
      '2.16.840.1.101.3.4.2.2': 48,
      '2.16.840.1.101.3.4.2.3': 64,
      '1.3.14.3.2.26': 20,
    };
    if (!(hashAlg in lengths) || imprint.byteLength !== lengths[hashAlg])
      return rejection(2, 'unsupported hash algorithm or bad imprint length', 1 << 0); // badAlg
    if (req.reqPolicy && req.reqPolicy !== OIDS.devTsaPolicy) return rejection(2, 'unaccepted policy', 1 << 15); // unacceptedPolicy

    // The request's own DER of messageImprint and nonce go into the TSTInfo as they are.
    const fields = childrenOf(requestDer, readElement(requestDer, 0));
    const nonce = fields.slice(2).find((f) => f.tag === 0x02);
    const token = this.token(requestDer.subarray(fields[1].start, fields[1].end), {
      nonce: nonce && requestDer.subarray(nonce.start, nonce.end),
      certificates: !!req.certReq,
      now,
    });
    return seq(seq(tlv(0x02, Buffer.from([0]))), token); // TimeStampResp { status granted, token }
  }

  /**
   * The token (ContentInfo, DER) for a MessageImprint (DER), written directly with node:crypto: what `respond`
   * answers with, and what the in-process source (`localTimestamps`) asks for without a request round trip.
   */
  token(messageImprint: Buffer, opts: { nonce?: Buffer; certificates?: boolean; now?: Date } = {}): Buffer {
    const genTime = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
    const tstInfo = seq(
      tlv(0x02, Buffer.from([1])),
      oid(OIDS.devTsaPolicy),
      messageImprint,
      tlv(0x02, Buffer.concat([Buffer.from([0x01]), crypto.randomBytes(15)])),
      tlv(0x18, Buffer.from(`${genTime.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`, 'latin1')),
      seq(tlv(0x02, Buffer.from([1]))), // accuracy: 1 second
      tlv(0x01, Buffer.from([0])), // ordering: false
      ...(opts.nonce ? [opts.nonce] : []),
    );
    const signedAttrs = signedAttributes(this.template, sha256(tstInfo), OIDS.tstInfo);
    this.key ??= crypto.createPrivateKey(this.keyPem);
    return signedDataDer({
      template: this.template,
      signedAttrs,
      signature: crypto.sign('sha256', signedAttrs, this.key),
      version: 3,
      eContentType: OIDS.tstInfo,
      eContent: tstInfo,
      withCertificates: opts.certificates ?? true,
    });
  }
}

/** A MessageImprint (DER) of a SHA-256 hash, as a TimeStampReq built by cms.ts carries it. */
export const sha256Imprint = (hash: Buffer) => seq(seq(oid(OIDS.sha256)), tlv(0x04, hash));

function rejection(status: number, text: string, failBit: number): Buffer {
  const { pkijs, asn1js } = cmsLibs();
  const bits = Buffer.alloc(4);
  bits.writeUInt32BE(0);
  // PKIFailureInfo is a BIT STRING; bit n counts from the most significant bit of the first byte.
  const byte = Math.floor(Math.log2(failBit) / 8);
  const bit = Math.log2(failBit) % 8;
  bits[byte] = 0x80 >> bit;
  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status,
      statusStrings: [new asn1js.Utf8String({ value: text })],
      failInfo: new asn1js.BitString({ valueHex: toArrayBuffer(bits.subarray(0, byte + 1)), unusedBits: 7 - bit }),
    }),
  });
  return Buffer.from(resp.toSchema().toBER(false));
}
