import type { DocumentTimestampReport, PadesLevel, SignatureReport } from './validation';

/**
 * The PAdES baseline level a validated signature reaches (ETSI EN 319 142-1 §6, docs/architecture.md#signatures-that-outlive-their-certificates):
 * - B-B: the signature is valid;
 * - B-T: a valid timestamp proves when it existed (its own signature timestamp, or a document timestamp after it);
 * - B-LT: also, the revocation data that decided its certificate's status — and its timestamp authority's — is in
 *   the PDF's DSS, so it can be validated from the file alone;
 * - B-LTA: also, a valid document timestamp covers the signature and that DSS.
 */
export interface LevelInputs {
  /** The signer's revocation status as decided from the DSS alone. */
  embeddedRevocationGood: boolean;
  /** The signature timestamp's TSA certificate status from the DSS alone (true when there is no signature timestamp). */
  embeddedTsaRevocationGood: boolean;
  /** The byte offset where the first DSS update ends (null: no DSS). */
  dssEnd: number | null;
}

export function levelOf(sig: SignatureReport, docTimestamps: DocumentTimestampReport[], inputs: LevelInputs): PadesLevel | null {
  if (sig.verdict !== 'valid') return null;
  const end = sig.integrity.byteRange ? sig.integrity.byteRange[2] + sig.integrity.byteRange[3] : 0;
  const covering = docTimestamps.filter((t) => t.valid && t.byteRange[2] + t.byteRange[3] > end);
  const timestamped = sig.timestamp.valid === true || covering.length > 0;
  if (!timestamped) return 'B-B';
  const lt = inputs.dssEnd !== null && inputs.embeddedRevocationGood && (inputs.embeddedTsaRevocationGood || sig.timestamp.valid !== true);
  if (!lt) return 'B-T';
  const archived = covering.some((t) => t.byteRange[2] + t.byteRange[3] > inputs.dssEnd!);
  return archived ? 'B-LTA' : 'B-LT';
}

/** The earliest time a valid timestamp proves the signature existed at. */
export function existenceProvenAt(sig: SignatureReport, docTimestamps: DocumentTimestampReport[]): string | null {
  const end = sig.integrity.byteRange ? sig.integrity.byteRange[2] + sig.integrity.byteRange[3] : 0;
  const times = [
    ...(sig.timestamp.valid && sig.timestamp.time ? [sig.timestamp.time] : []),
    ...docTimestamps.filter((t) => t.valid && t.time && t.byteRange[2] + t.byteRange[3] > end).map((t) => t.time!),
  ].sort();
  return times[0] ?? null;
}
