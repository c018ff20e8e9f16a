import type { OrganisationPerson } from '../core/api.models';
import type {
  ApprovalQueueItem,
  ApprovalStep,
  ChainTemplate,
  Delegation,
  OutgoingDocument,
  RegisterEntry,
} from '../outgoing/outgoing.models';

/** Test data for the outgoing-documents screens, shaped like the API responses. */

export const AUTHOR = { id: 'u-cv', fullName: 'Lý Thị Ngọc' };
export const HEAD = { id: 'u-tp', fullName: 'Trịnh Văn Nam' };
export const LEADER = { id: 'u-gd', fullName: 'Bùi Văn Long' };
export const DEPUTY = { id: 'u-pgd', fullName: 'Đặng Thị Hương' };

/** `GET /api/organisations/qn-stc/people`: the Sở Tài chính staff, by name as the API sorts them. */
export function stcPeople(): OrganisationPerson[] {
  return [
    { ...LEADER, position: 'Giám đốc', unitId: null, unitName: null },
    { ...DEPUTY, position: 'Phó Giám đốc', unitId: null, unitName: null },
    { ...AUTHOR, position: 'Chuyên viên', unitId: 'stc-qlns', unitName: 'Phòng Quản lý ngân sách' },
    { id: 'u-vp', fullName: 'Phạm Minh Tuấn', position: 'Chánh Văn phòng', unitId: 'stc-vp', unitName: 'Văn phòng Sở' },
    { ...HEAD, position: 'Trưởng phòng', unitId: 'stc-qlns', unitName: 'Phòng Quản lý ngân sách' },
  ];
}

export function steps(): ApprovalStep[] {
  return [
    {
      ordinal: 1,
      label: 'Lãnh đạo phòng kiểm tra nội dung',
      mode: 'ANY_ONE',
      isSigner: false,
      added: false,
      status: 'DONE',
      completedAt: '2026-03-02T03:00:00Z',
      assignees: [{ id: 'a1', user: HEAD, decision: 'APPROVED', actedBy: HEAD, decidedAt: '2026-03-02T03:00:00Z', forwardedFrom: null }],
    },
    {
      ordinal: 2,
      label: 'Lãnh đạo ký ban hành',
      mode: 'ANY_ONE',
      isSigner: true,
      added: false,
      status: 'ACTIVE',
      completedAt: null,
      assignees: [
        { id: 'a2', user: LEADER, decision: 'PENDING', actedBy: null, decidedAt: null, forwardedFrom: null },
        { id: 'a3', user: DEPUTY, decision: 'PENDING', actedBy: null, decidedAt: null, forwardedFrom: null },
      ],
    },
  ];
}

export function outgoingDoc(partial: Partial<OutgoingDocument> = {}): OutgoingDocument {
  return {
    id: 'd1',
    organisationId: 'qn-stc',
    draftingUnitId: 'stc-qlns',
    author: AUTHOR,
    status: 'IN_REVIEW',
    documentType: 'CV',
    documentTypeName: 'Công văn',
    subject: 'V/v lập dự toán ngân sách năm 2027',
    urgency: 'THUONG',
    secrecy: 'KHONG',
    dueDate: null,
    currentVersion: 2,
    currentStep: 2,
    returnedStep: null,
    signer: null,
    signedOnBehalfOf: null,
    signed: false,
    issued: null,
    createdAt: '2026-03-01T02:00:00Z',
    updatedAt: '2026-03-02T03:00:00Z',
    answers: [],
    recipients: [
      {
        id: 'r1',
        kind: 'ORGANISATION',
        organisationId: 'qn-snv',
        unitId: null,
        organCode: null,
        name: 'Sở Nội vụ tỉnh Quảng Ninh',
        delivery: null,
        exchange: null,
      },
      {
        id: 'r2',
        kind: 'EXTERNAL',
        organisationId: null,
        unitId: null,
        organCode: '000.00.00.G12',
        name: 'Bộ Tài chính',
        delivery: null,
        exchange: null,
      },
    ],
    versions: [
      {
        number: 1,
        reason: null,
        createdBy: AUTHOR,
        createdAt: '2026-03-01T02:00:00Z',
        files: [
          {
            id: 'f1',
            role: 'MAIN',
            originalName: 'du-thao-v1.pdf',
            mediaType: 'application/pdf',
            size: 100,
            sha256: 'a',
            pageCount: 1,
            activeContent: [],
            originalSha256: null,
          },
        ],
        comments: [{ id: 'c1', author: LEADER, body: 'Bổ sung căn cứ pháp lý.', createdAt: '2026-03-01T08:00:00Z' }],
      },
      {
        number: 2,
        reason: 'Đã bổ sung căn cứ',
        createdBy: AUTHOR,
        createdAt: '2026-03-02T02:00:00Z',
        files: [
          {
            id: 'f2',
            role: 'MAIN',
            originalName: 'du-thao-v2.pdf',
            mediaType: 'application/pdf',
            size: 100,
            sha256: 'b',
            pageCount: 1,
            activeContent: [],
            originalSha256: null,
          },
          {
            id: 'f3',
            role: 'SOURCE',
            originalName: 'du-thao-v2.docx',
            mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            size: 100,
            sha256: 'c',
            pageCount: null,
            activeContent: [],
            originalSha256: null,
          },
        ],
        comments: [],
      },
    ],
    steps: steps(),
    history: [
      { at: '2026-03-01T02:00:00Z', actorName: AUTHOR.fullName, actorRole: 'CHUYEN_VIEN', action: 'outgoing.create', data: {} },
      {
        at: '2026-03-01T08:00:00Z',
        actorName: LEADER.fullName,
        actorRole: 'LANH_DAO_CO_QUAN',
        action: 'outgoing.return',
        data: { comment: 'Bổ sung căn cứ pháp lý.' },
      },
    ],
    issuedFileAvailable: false,
    signing: null,
    sealed: false,
    revision: null,
    allowedActions: ['comment'],
    dutyConflict: null,
    ...partial,
  };
}

export function queueItem(partial: Partial<ApprovalQueueItem> = {}): ApprovalQueueItem {
  return {
    documentId: 'd1',
    subject: 'V/v lập dự toán ngân sách năm 2027',
    documentType: 'CV',
    urgency: 'THUONG',
    secrecy: 'KHONG',
    version: 2,
    step: { ordinal: 2, label: 'Lãnh đạo ký ban hành', mode: 'ANY_ONE', isSigner: true },
    author: AUTHOR,
    onBehalfOf: null,
    dutyConflict: null,
    waitingSince: '2026-03-02T03:00:00Z',
    ...partial,
  };
}

export function registerEntry(partial: Partial<RegisterEntry> = {}): RegisterEntry {
  return {
    documentId: 'd1',
    registerId: 'qn-stc-di',
    number: 5,
    numberAndSymbol: '05/STC-QLNS',
    issueDate: '2026-03-03',
    documentType: 'CV',
    subject: 'V/v lập dự toán ngân sách năm 2027',
    signerName: LEADER.fullName,
    paperSignature: true,
    status: 'DISPATCHED',
    recipients: [
      {
        name: 'Sở Nội vụ tỉnh Quảng Ninh',
        kind: 'ORGANISATION',
        organCode: null,
        deliveryId: 'dl-1',
        deliveryStatus: 'DELIVERED',
        incomingDocumentId: 'in-1',
        exchange: null,
        manual: null,
      },
      {
        name: 'Bộ Tài chính',
        kind: 'EXTERNAL',
        organCode: '000.00.00.G12',
        deliveryId: 'dl-2',
        deliveryStatus: 'WAITING_FOR_EXCHANGE',
        incomingDocumentId: null,
        exchange: null,
        manual: null,
      },
    ],
    ...partial,
  };
}

export function delegation(partial: Partial<Delegation> = {}): Delegation {
  return {
    id: 'g1',
    delegator: LEADER,
    deputy: DEPUTY,
    fromDate: '2026-03-01',
    toDate: '2026-03-10',
    canSign: true,
    note: null,
    revoked: false,
    activeToday: true,
    ...partial,
  };
}

export function chainTemplate(partial: Partial<ChainTemplate> = {}): ChainTemplate {
  return {
    id: 't1',
    organisationId: 'qn-stc',
    documentType: null,
    active: true,
    updatedAt: '2026-01-01T00:00:00Z',
    name: 'Quy trình duyệt văn bản đi',
    allowAddReviewers: true,
    afterReturn: 'RESTART',
    warnings: [],
    steps: [
      {
        label: 'Lãnh đạo phòng kiểm tra nội dung',
        assignees: { kind: 'ROLE', role: 'TRUONG_PHONG', authorUnit: true },
        mode: 'ANY_ONE',
        optional: true,
      },
      { label: 'Lãnh đạo ký ban hành', assignees: { kind: 'ROLE', role: 'LANH_DAO_CO_QUAN' }, mode: 'ANY_ONE', optional: false },
    ],
    ...partial,
  };
}
