import type { Schema } from '../core/api.models';

/** The server's signature validation report (api/src/signing/validation.ts). */
export type ValidationReport = Schema<'SignatureValidationReport'>;
export type SignatureDetail = Schema<'SignatureReport'>;
export type Verdict = ValidationReport['verdict'];
export type ReportReason = ValidationReport['reasons'][number];
