import crypto from 'node:crypto';
import fs from 'node:fs';
import type * as pkijs from 'pkijs';
import { cmsLibs, loadCmsLibraries } from './esm';
import { OIDS, buildSignedData, importPrivateKey, pemToDer, toArrayBuffer } from './cms';
import { pkiPaths } from './pki';

/**
 * A development RFC 3161 timestamping authority, signing with the dev TSA certificate (EKU timeStamping).
 * A production deployment points TSA_URL at a real TSA (e.g. the VGCA's) instead.
 */
export class DevTsa {
  private key?: Promise<CryptoKey>;
  private readonly chain: Buffer[];

  constructor(
    certPem: string,
    private readonly keyPem: string,
    chainPems: string[],
  ) {
    this.chain = [pemToDer(certPem), ...chainPems.map(pemToDer)];
  }

  static fromPkiDir(dir: string): DevTsa | null {
    const p = pkiPaths(dir);
    if (!fs.existsSync(p.tsaCert) || !fs.existsSync(p.tsaKey)) return null;
    return new DevTsa(fs.readFileSync(p.tsaCert, 'utf8'), fs.readFileSync(p.tsaKey, 'utf8'), [fs.readFileSync(p.interCert, 'utf8')]);
  }

  /** Answers a DER TimeStampReq with a DER TimeStampResp (status rejection for malformed or unsupported requests). */
  async respond(requestDer: Buffer, now = new Date()): Promise<Buffer> {
    const { pkijs, asn1js } = await loadCmsLibraries();
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

    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: OIDS.devTsaPolicy,
      messageImprint: req.messageImprint,
      serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.concat([Buffer.from([0x01]), crypto.randomBytes(15)])) }),
      genTime: new Date(Math.floor(now.getTime() / 1000) * 1000),
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ordering: false,
      ...(req.nonce ? { nonce: req.nonce } : {}),
    });
    const eContent = Buffer.from(tstInfo.toSchema().toBER(false));
    this.key ??= importPrivateKey(this.keyPem);
    const signed = await buildSignedData({
      digest: crypto.createHash('sha256').update(eContent).digest(),
      chain: this.chain,
      key: await this.key,
      eContentType: OIDS.tstInfo,
      eContent,
    });
    signed.version = 3;
    if (!req.certReq) signed.certificates = undefined;
    const token = new pkijs.ContentInfo({ contentType: OIDS.signedData, content: signed.toSchema(true) });
    const resp = new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: 0 }), timeStampToken: token });
    return Buffer.from(resp.toSchema().toBER(false));
  }
}

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
