import { z } from 'zod';

// The signature validation report (báo cáo kiểm tra chữ ký số), as validate.ts builds it and the API sends it.

const verdict = z.enum(['valid', 'invalid', 'indeterminate']);

/**
 * What was added after a signature: further signatures (and DSS), form fills, annotations (a markup annotation
 * such as the ĐẾN stamp, with no action), active content removed (actions and scripts taken out, nothing
 * shown changed), or other content — only the last makes the signature invalid (unless a certification forbids more).
 */
const changeKind = z.enum(['signatures', 'form_fill', 'annotations', 'active_content_removed', 'other_content']);

/**
 * Where the revocation answer came from: an OCSP responder, a CRL (fetched from the certificate's distribution
 * point or from the trust store), evidence embedded in the document (PAdES B-LT DSS, CMS revocation values), or
 * nothing answered.
 */
export const revocationSourceSchema = z.enum(['ocsp', 'crl', 'embedded', 'none']);

/** One source asked about revocation, in the order asked; `failed` = no usable answer (offline, timeout, bad signature…). */
export const revocationCheckSchema = z.object({
  source: z.enum(['ocsp', 'crl', 'embedded']),
  url: z.string().nullable().describe('the OCSP responder or CRL distribution point asked; null for the trust store or embedded data'),
  outcome: z.enum(['good', 'revoked', 'unknown', 'failed']),
  detail: z.string().nullable(),
  cached: z.boolean().describe('answered from the cache (kept until the answer’s nextUpdate)'),
});
/** PAdES baseline levels (ETSI EN 319 142-1 §6): B-B signed, B-T timestamped, B-LT validation data embedded, B-LTA archive timestamp. */
export const padesLevels = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
const padesLevel = z.enum(padesLevels);

const reasonSchema = z.object({ code: z.string(), en: z.string(), vi: z.string() });

const certificateInfoSchema = z.object({
  commonName: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  publicKey: z.string(),
  sha256: z.string(),
  holder: z
    .enum(['organisation', 'person'])
    .describe('an organisation’s (seal) certificate or a person’s: organisation certificates carry CN = O'),
});

export const signatureReportSchema = z
  .object({
    index: z.number().int(),
    fieldName: z.string().nullable(),
    subFilter: z.string().nullable(),
    reason: z.string().nullable(),
    location: z.string().nullable(),
    claimedSigningTime: z.string().nullable().describe('/M of the signature dictionary or the CMS signingTime: what the signer claims'),
    signingTime: z
      .object({ value: z.string().nullable(), source: z.enum(['timestamp', 'claimed', 'none']) })
      .describe('the time the report relies on: the timestamp’s when it is valid, otherwise the claim ("unverified")'),
    signer: certificateInfoSchema.nullable(),
    integrity: z.object({
      byteRange: z.array(z.number()).nullable(),
      digestMatches: z.boolean(),
      signatureVerified: z.boolean(),
      message: z.string().nullable(),
    }),
    chain: z.object({ trusted: z.boolean(), path: z.array(z.string()), message: z.string().nullable(), checkedAt: z.string().nullable() }),
    revocation: z.object({
      status: z.enum(['good', 'revoked', 'unknown']),
      source: z.string().nullable().describe('what decided, in words'),
      revokedAt: z.string().nullable(),
      revocationSource: revocationSourceSchema.describe('which kind of source decided the status'),
      checks: z
        .array(revocationCheckSchema)
        .describe('every source asked, in order: a failed OCSP request before the CRL that decided shows here'),
    }),
    timestamp: z.object({
      present: z.boolean(),
      time: z.string().nullable(),
      valid: z.boolean().nullable(),
      authority: z.string().nullable(),
      message: z.string().nullable(),
    }),
    modifiedAfter: z
      .object({ changed: z.boolean(), coversWholeFile: z.boolean(), kinds: z.array(changeKind) })
      .describe('whether bytes were added after this signature’s revision, and of what kind'),
    level: padesLevel
      .nullable()
      .optional()
      .describe('the PAdES level the signature reaches (ETSI EN 319 142-1): null when it is not valid'),
    existenceProvenAt: z
      .string()
      .nullable()
      .optional()
      .describe('the earliest time a valid timestamp (the signature’s own, else a document timestamp) proves the signature existed at'),
    verdict,
    reasons: z.array(reasonSchema),
  })
  .meta({ id: 'SignatureReport' });

export const documentTimestampReportSchema = z
  .object({
    index: z.number().int(),
    fieldName: z.string().nullable(),
    byteRange: z.array(z.number()),
    coversWholeFile: z.boolean(),
    time: z.string().nullable(),
    valid: z.boolean(),
    authority: z.string().nullable(),
    certificateExpiresAt: z.string().nullable().describe('notAfter of the TSA certificate: the archive renews the timestamp before then'),
    message: z.string().nullable(),
  })
  .meta({ id: 'DocumentTimestampReport' });

export const validationReportSchema = z
  .object({
    validatedAt: z.string(),
    file: z.object({ bytes: z.number(), sha256: z.string() }),
    signatureCount: z.number().int(),
    verdict,
    reasons: z.array(reasonSchema),
    signatures: z.array(signatureReportSchema),
    documentTimestamps: z
      .array(documentTimestampReportSchema)
      .optional()
      .describe('document timestamps (PAdES B-LTA, /DocTimeStamp): not signatures, listed apart'),
  })
  .meta({ id: 'SignatureValidationReport' });

export type Verdict = z.output<typeof verdict>;
export type ChangeKind = z.output<typeof changeKind>;
export type Reason = z.output<typeof reasonSchema>;
export type CertificateInfo = z.output<typeof certificateInfoSchema>;
export type RevocationSource = z.output<typeof revocationSourceSchema>;
export type RevocationCheck = z.output<typeof revocationCheckSchema>;
export type PadesLevel = z.output<typeof padesLevel>;
export type DocumentTimestampReport = z.output<typeof documentTimestampReportSchema>;
export type SignatureReport = z.output<typeof signatureReportSchema>;
export type ValidationReport = z.output<typeof validationReportSchema>;
