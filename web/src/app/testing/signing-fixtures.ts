import type { SignatureDetail, ValidationReport } from '../signing/signing.models';

/** A signature validation result shaped like the API's (valid, time-stamped, form filled after it). */
export const sig = (over: Partial<SignatureDetail>): SignatureDetail => ({
  index: 0,
  fieldName: 'Signature1',
  subFilter: 'ETSI.CAdES.detached',
  reason: null,
  location: null,
  claimedSigningTime: '2026-03-03T02:00:00Z',
  signingTime: { value: '2026-03-03T02:00:00Z', source: 'timestamp' },
  signer: {
    commonName: 'Đặng Thị Hương',
    subject: '',
    issuer: 'vanthu DEV ONLY Issuing CA',
    serialNumber: '01',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2028-01-01T00:00:00Z',
    publicKey: '',
    sha256: '',
    holder: 'person',
  },
  integrity: { byteRange: null, digestMatches: true, signatureVerified: true, message: null },
  chain: { trusted: true, path: [], message: null, checkedAt: null },
  revocation: { status: 'good', source: null, revokedAt: null, revocationSource: 'ocsp', checks: [] },
  timestamp: { present: true, time: '2026-03-03T02:00:00Z', valid: true, authority: 'TSA', message: null },
  modifiedAfter: { changed: true, coversWholeFile: false, kinds: ['signatures', 'form_fill'] },
  verdict: 'valid',
  reasons: [],
  ...over,
});

export const report = (signatures: SignatureDetail[], verdict: ValidationReport['verdict'] = 'valid'): ValidationReport => ({
  validatedAt: '',
  file: { bytes: 0, sha256: '' },
  signatureCount: signatures.length,
  verdict,
  reasons: [],
  signatures,
});
