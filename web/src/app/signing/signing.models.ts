/** The server's SignatureValidationReport (api/src/signing/validate.ts). */
export type Verdict = 'valid' | 'invalid' | 'indeterminate';

export interface ReportReason {
  code: string;
  en: string;
  vi: string;
}

export interface SignatureDetail {
  index: number;
  fieldName: string | null;
  reason: string | null;
  claimedSigningTime: string | null;
  signingTime: { value: string | null; source: 'timestamp' | 'claimed' | 'none' };
  signer: { commonName: string; subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string; holder: 'organisation' | 'person' } | null;
  integrity: { digestMatches: boolean; signatureVerified: boolean; message: string | null };
  chain: { trusted: boolean; path: string[]; message: string | null };
  revocation: { status: 'good' | 'revoked' | 'unknown'; revokedAt: string | null };
  timestamp: { present: boolean; time: string | null; valid: boolean | null; authority: string | null };
  modifiedAfter: { changed: boolean; kinds: string[] };
  verdict: Verdict;
  reasons: ReportReason[];
}

export interface ValidationReport {
  validatedAt: string;
  signatureCount: number;
  verdict: Verdict;
  reasons: ReportReason[];
  signatures: SignatureDetail[];
}
