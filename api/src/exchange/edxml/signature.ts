import crypto from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type * as pkijs from 'pkijs';
import { toArrayBuffer } from '../../signing/cms';
import { loadCmsLibraries } from '../../signing/esm';
import { vietnamDateTime } from '../../calendar/vietnam-time';
import { certificateInfo, dnField, revocationOf, validateChain, type TrustStore } from '../../signing/validate';
import { EDXML_NS, XMLDSIG_NS, type PackageSignature, type PackageSigner } from './types';

/**
 * The package signature: an enveloped XML-DSig in edXMLHeader (docs/domain.md §6.1) over the whole
 * edXMLEnvelope (Reference URI="#<envelope Id>", transforms enveloped-signature + exc-c14n, SHA-256 digest,
 * rsa-sha256), KeyInfo carrying the seal certificate and its chain. We sign with the sending organisation's
 * seal key through the key store (the key may live on a token, so signing is asynchronous); on receipt we also
 * accept rsa-sha1/sha1 (the official SDK sample still uses them).
 */
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const ALGORITHMS: Record<string, PackageSignature['algorithm']> = {
  [RSA_SHA256]: 'rsa-sha256',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'rsa-sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'rsa-sha512',
};

const ENVELOPE_XPATH = `/*[local-name()='edXML' and namespace-uri()='${EDXML_NS}']/*[local-name()='edXMLEnvelope' and namespace-uri()='${EDXML_NS}']`;
const HEADER_XPATH = `${ENVELOPE_XPATH}/*[local-name()='edXMLHeader' and namespace-uri()='${EDXML_NS}']`;

/** Signs `xml` (an unsigned package from build.ts) and returns the signed XML text. */
export function signEnvelope(xml: string, signer: PackageSigner): Promise<string> {
  // xml-crypto signs through a SignatureAlgorithm; this one hands the canonical SignedInfo to the key store.
  class KeyStoreRsaSha256 {
    getSignature(signedInfo: crypto.BinaryLike, _key: unknown, callback?: (err: Error | null, value?: string) => void) {
      signer.sign(Buffer.from(signedInfo as string, 'utf8')).then(
        (s) => callback!(null, s.toString('base64')),
        (err: Error) => callback!(err),
      );
    }
    verifySignature(): boolean {
      throw new Error('KeyStoreRsaSha256 only signs');
    }
    getAlgorithmName() {
      return RSA_SHA256;
    }
  }
  const sig = new SignedXml({
    // The key never reaches xml-crypto; it insists on a value before it calls the algorithm above.
    privateKey: 'held-by-the-key-store',
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () =>
      `<X509Data>${signer.chain.map((c) => `<X509Certificate>${c.toString('base64')}</X509Certificate>`).join('')}</X509Data>`,
  });
  (sig.SignatureAlgorithms as Record<string, unknown>)[RSA_SHA256] = KeyStoreRsaSha256;
  sig.addReference({ xpath: ENVELOPE_XPATH, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256 });
  return new Promise((resolve, reject) => {
    sig.computeSignature(xml, { location: { reference: HEADER_XPATH, action: 'append' } }, (err, signed) => {
      if (err || !signed) reject(err ?? new Error('no signature'));
      else {
        const out = signed.getSignedXml();
        resolve(out.startsWith('<?xml') ? out : `<?xml version="1.0" encoding="UTF-8"?>${out}`);
      }
    });
  });
}

export type VerifyOutcome =
  | { ok: true; signedEnvelope: string; signature: PackageSignature }
  | {
      ok: false;
      code: 'edxml.unsigned' | 'edxml.signature_invalid' | 'edxml.certificate_untrusted' | 'edxml.certificate_revoked';
      reasonVi: string;
      reasonEn: string;
    };

const fail = (code: Extract<VerifyOutcome, { ok: false }>['code'], reasonVi: string, reasonEn: string): VerifyOutcome => ({
  ok: false,
  code,
  reasonVi,
  reasonEn,
});

const childElements = (n: Node, ns: string, local: string): Element[] =>
  Array.from(n.childNodes as unknown as ArrayLike<Node>).filter(
    (c): c is Element => c.nodeType === 1 && (c as Element).namespaceURI === ns && (c as Element).localName === local,
  );

/**
 * Checks the one XML signature of a parsed package: it must sit in edXMLHeader, sign exactly the envelope,
 * verify with the certificate in its KeyInfo, and that certificate must chain to the trust store and not be
 * revoked by a CRL there. Returns the canonical signed envelope: callers read the header from it, never from
 * the unverified document (no signature-wrapping).
 */
export async function verifyEnvelope(xml: string, doc: Document, envelope: Element, trust: TrustStore, now: Date): Promise<VerifyOutcome> {
  const all = doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature');
  const header = childElements(envelope, EDXML_NS, 'edXMLHeader')[0];
  const signatures = header ? childElements(header, XMLDSIG_NS, 'Signature') : [];
  if (all.length === 0) return fail('edxml.unsigned', 'Gói tin không có chữ ký số', 'The package carries no XML signature');
  if (all.length !== 1 || signatures.length !== 1) {
    return fail(
      'edxml.signature_invalid',
      'Gói tin phải có đúng một chữ ký số trong phần tiêu đề',
      'The package must carry exactly one XML signature, in edXMLHeader',
    );
  }
  const signatureNode = signatures[0];
  const signedInfo = childElements(signatureNode, XMLDSIG_NS, 'SignedInfo')[0];
  const method = signedInfo && childElements(signedInfo, XMLDSIG_NS, 'SignatureMethod')[0]?.getAttribute('Algorithm');
  const algorithm = method ? ALGORITHMS[method] : undefined;
  if (!algorithm)
    return fail(
      'edxml.signature_invalid',
      'Thuật toán chữ ký số không được hỗ trợ',
      `Unsupported signature algorithm ${method ?? '(none)'}`,
    );
  const keyInfo = childElements(signatureNode, XMLDSIG_NS, 'KeyInfo')[0];
  const certsB64 = keyInfo
    ? Array.from(keyInfo.getElementsByTagNameNS(XMLDSIG_NS, 'X509Certificate')).map((c) => (c.textContent ?? '').replace(/\s+/g, ''))
    : [];
  if (!certsB64.length)
    return fail('edxml.signature_invalid', 'Chữ ký số không kèm chứng thư số', 'The signature KeyInfo carries no X509Certificate');
  let leafPem: string;
  try {
    leafPem = new crypto.X509Certificate(Buffer.from(certsB64[0], 'base64')).toString();
  } catch {
    return fail('edxml.signature_invalid', 'Chứng thư số trong chữ ký không đọc được', 'The signer certificate in KeyInfo cannot be read');
  }

  const sig = new SignedXml({ publicCert: leafPem });
  let signedEnvelope: string | undefined;
  try {
    sig.loadSignature(signatureNode);
    const refs = sig.getReferences();
    if (refs.length !== 1) throw new Error(`${refs.length} references; exactly one (the envelope) is expected`);
    const envelopeId = envelope.getAttribute('Id') ?? envelope.getAttribute('ID') ?? envelope.getAttribute('id');
    if (!envelopeId || refs[0].uri !== `#${envelopeId}`) throw new Error('the signature does not reference the edXMLEnvelope');
    if (!sig.checkSignature(xml)) throw new Error('the signature value or a reference digest does not match');
    signedEnvelope = sig.getSignedReferences()[0];
    if (!signedEnvelope) throw new Error('nothing was signed');
  } catch (err) {
    return fail(
      'edxml.signature_invalid',
      'Chữ ký số của gói tin không hợp lệ (nội dung đã bị thay đổi sau khi ký)',
      `The XML signature does not verify: ${(err as Error).message}`,
    );
  }

  const { pkijs } = await loadCmsLibraries();
  let chainCerts: pkijs.Certificate[];
  try {
    chainCerts = certsB64.map((b) => pkijs.Certificate.fromBER(toArrayBuffer(Buffer.from(b, 'base64'))));
  } catch {
    return fail('edxml.signature_invalid', 'Chứng thư số trong chữ ký không đọc được', 'A certificate in KeyInfo cannot be read');
  }
  const [leaf, ...extra] = chainCerts;
  const chain = await validateChain(leaf, extra, trust, now);
  const info = certificateInfo(leaf);
  if (!chain.trusted) {
    return fail(
      'edxml.certificate_untrusted',
      `Chứng thư số ký gói tin (${info.commonName}) không thuộc tổ chức chứng thực được tin cậy hoặc không còn hiệu lực`,
      `The signer certificate ${info.subject} does not chain to a trusted root at ${now.toISOString()}: ${chain.message ?? 'no path'}`,
    );
  }
  const issuer = chain.path[1];
  const revocation = await revocationOf(leaf, issuer, trust.crls);
  if (revocation.status === 'revoked' && revocation.revokedAt! <= now) {
    return fail(
      'edxml.certificate_revoked',
      `Chứng thư số ký gói tin đã bị thu hồi ngày ${vietnamDateTime(revocation.revokedAt!).date}`,
      `The signer certificate was revoked on ${revocation.revokedAt!.toISOString()}`,
    );
  }
  return {
    ok: true,
    signedEnvelope,
    signature: {
      algorithm,
      signer: {
        commonName: info.commonName,
        organisation: dnField(leaf.subject, '2.5.4.10'),
        subject: info.subject,
        issuer: info.issuer,
        serialNumber: info.serialNumber,
        sha256: info.sha256,
        notBefore: info.notBefore,
        notAfter: info.notAfter,
      },
      chain: chain.path.map((c) => dnField(c.subject, '2.5.4.3')),
      revocation: revocation.status === 'good' ? 'good' : 'unknown',
      verifiedAt: now.toISOString(),
    },
  };
}
