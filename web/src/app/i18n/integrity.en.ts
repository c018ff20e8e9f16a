import type { integrityVi } from './integrity.vi';

/** English texts of the integrity report of the stored files (`integrity.*`); typed from the Vietnamese ones. */
export const integrityEn: typeof integrityVi = {
  tab: 'Data integrity',
  intro:
    'The system periodically reads back every stored file (originals, signed and stamped copies…) and recomputes its SHA-256 to find missing or altered files. A damaged file is recovered from a backup: each file is in the backup’s blobs/ folder, named by its hash.',
  never: 'No check has run yet. The first runs when the workers start, then periodically.',
  latest: 'Latest check',
  ok: 'Nothing amiss: all {blobs} files ({size}) match their hash.',
  problems: '{missing} files missing and {mismatched} altered among the {blobs} files checked.',
  findings: 'Files with a problem',
  colProblem: 'Problem',
  colSha: 'SHA-256 (file name)',
  colActual: 'Actual hash',
  colUsedBy: 'Used by',
  problem: { MISSING: 'Missing', MISMATCH: 'Altered' },
  history: 'Checks',
  colFinished: 'Finished',
  colDuration: 'Duration',
  colBlobs: 'Files',
  colSize: 'Size',
  colMissing: 'Missing',
  colMismatched: 'Altered',
  seconds: '{n} s',
  tables: {
    incoming_files: 'Incoming document files',
    incoming_assignment_files: 'Incoming processing result files',
    outgoing_files: 'Outgoing draft files',
    outgoing_documents: 'Signed / issued outgoing documents',
    outgoing_signing_requests: 'Signing requests',
    outgoing_sealed_files: 'Sealed files',
    outgoing_external_signings: 'Signing with an external device',
    user_signature_images: 'Signature images',
    case_file_imported_files: 'Imported case-file files',
    exchange_inbox: 'Received exchange packages',
    document_copies: 'Document copies',
  },
};
