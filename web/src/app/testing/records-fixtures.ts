import type { LegalHold } from '../records/records.models';

/** A hold in force on an incoming document of Sở Nội vụ, as the API sends it; override what a test needs. */
export const legalHold = (over: Partial<LegalHold> = {}): LegalHold => ({
  id: 'h1',
  scope: 'DOCUMENT',
  organisationId: 'qn-snv',
  caseFileId: null,
  documentKind: 'INCOMING',
  documentId: 'in1',
  year: null,
  reason: 'Vụ án đang điều tra',
  placedAt: '2026-12-01T02:00:00Z',
  placedByName: 'Tạ Thị Hồng',
  liftedAt: null,
  liftedByName: null,
  liftReason: null,
  ...over,
});
