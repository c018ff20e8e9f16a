import type { CaseFile, CaseFileSummary } from '../case-files/case-files.models';

/** A case file of Sở Nội vụ as the API sends it; override what a test needs. */
export function caseFileSummary(partial: Partial<CaseFileSummary> = {}): CaseFileSummary {
  return {
    id: 'cf1',
    organisationId: 'qn-snv',
    unitId: 'snv-tcbc',
    unitName: 'Phòng Tổ chức, biên chế',
    headingId: null,
    fileCode: { organId: '000.00.03.H49', fileCatalog: 2025, fileNotation: '01.TCBC' },
    code: '000.00.03.H49.2025.01.TCBC',
    title: 'Hồ sơ thẩm định đề án vị trí việc làm năm 2025',
    retentionYears: null,
    maintenance: 'Vĩnh viễn',
    rights: 'Công khai',
    language: 'Tiếng Việt',
    creator: { id: 'u-cv', fullName: 'Cao Văn Hùng' },
    startDate: '2025-01-02',
    endDate: null,
    description: null,
    status: 'OPEN',
    docTotal: 0,
    pageTotal: 0,
    transfer: null,
    disposalReviewDate: null,
    transferredAt: null,
    disposedAt: null,
    imported: false,
    ...partial,
  };
}

export function caseFile(partial: Partial<CaseFile> = {}): CaseFile {
  return {
    ...caseFileSummary(partial),
    documents: [],
    disposal: { approvals: [] },
    holds: [],
    allowedActions: [],
    history: [],
    ...partial,
  };
}
