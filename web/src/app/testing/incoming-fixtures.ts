import type {
  Assignment,
  IncomingDocument,
  IncomingDocumentSummary,
  QueueItem,
  Register,
  RoutingOptions,
} from '../incoming/incoming.models';

/** Test data for the incoming-documents screens, shaped like the API responses. */

export const REGISTERS: Register[] = [
  { id: 'reg-den', organisationId: 'qn-vpubnd', direction: 'DEN', name: 'Sổ văn bản đến', scope: 'ALL', year: 2025, nextNumber: 42 },
  { id: 'reg-mat', organisationId: 'qn-vpubnd', direction: 'DEN', name: 'Sổ văn bản đến mật', scope: 'SECRET', year: 2025, nextNumber: 3 },
  { id: 'reg-other', organisationId: 'qn-stc', direction: 'DEN', name: 'Sổ đến Sở Tài chính', scope: 'ALL', year: 2025, nextNumber: 7 },
];

export function summary(partial: Partial<IncomingDocumentSummary> & Pick<IncomingDocumentSummary, 'id'>): IncomingDocumentSummary {
  return {
    organisationId: 'qn-vpubnd',
    status: 'REGISTERED',
    channel: 'PAPER',
    receivedAt: '2025-03-05T02:30:00.000Z',
    issuerName: 'Bộ Nội vụ',
    issuerOrganCode: null,
    number: '05',
    symbol: 'BNV-VP',
    issueDate: '2025-03-03',
    documentType: 'Công văn',
    subject: 'V/v hướng dẫn công tác văn thư năm 2025',
    signerName: null,
    signerPosition: null,
    signerAuthority: null,
    urgency: 'THUONG',
    secrecy: 'KHONG',
    pageCount: 2,
    dueDate: null,
    register: { id: 'reg-den', name: 'Sổ văn bản đến', scope: 'ALL', year: 2025, number: 41 },
    registeredAt: '2025-03-05T03:00:00.000Z',
    sourceOutgoingId: null,
    createdAt: '2025-03-05T02:30:00.000Z',
    ...partial,
  };
}

/** The handling fields of a document nobody has handled yet. */
const PROCESSING_NONE = {
  submittedTo: null,
  assignments: [],
  comments: [],
  history: [],
  forwardedFrom: null,
  replies: [],
  allowedActions: [],
};

export function draft(id = 'd1'): IncomingDocument {
  return {
    ...summary({ id }),
    status: 'DRAFT',
    issuerName: null,
    number: null,
    symbol: null,
    issueDate: null,
    documentType: null,
    subject: null,
    pageCount: null,
    register: null,
    registeredAt: null,
    ...PROCESSING_NONE,
    signatures: null,
    exchange: null,
    files: [
      {
        id: 'f-main',
        role: 'MAIN',
        originalName: 'cv-05.pdf',
        mediaType: 'application/pdf',
        size: 1234,
        sha256: 'aa',
        pageCount: null,
        extractionState: 'PENDING',
        stamped: false,
        activeContent: [],
      },
      {
        id: 'f-att',
        role: 'ATTACHMENT',
        originalName: 'phu-luc.xlsx',
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        size: 99,
        sha256: 'bb',
        pageCount: null,
        extractionState: 'NOT_APPLICABLE',
        stamped: false,
        activeContent: [],
      },
    ],
  };
}

export function assignment(partial: Partial<Assignment> & Pick<Assignment, 'id'>): Assignment {
  return {
    parentId: null,
    role: 'CHU_TRI',
    unit: { id: 'qn-vp-th', name: 'Phòng Tổng hợp' },
    organisation: null,
    forwarded: null,
    resultFiles: [],
    resultOutgoingId: null,
    user: null,
    dueDate: '2025-03-20',
    instruction: 'Phòng Tổng hợp chủ trì tham mưu',
    status: 'OPEN',
    resultNote: null,
    assignedBy: { id: 'u-ld', fullName: 'Trần Văn Lãnh' },
    assignedAt: '2025-03-06T01:00:00.000Z',
    completedAt: null,
    active: true,
    ...partial,
  };
}

export function processingDoc(partial: Partial<IncomingDocument> = {}): IncomingDocument {
  return {
    ...summary({ id: 'd1', status: 'SUBMITTED' }),
    files: [
      {
        id: 'f-main',
        role: 'MAIN',
        originalName: 'cv-05.pdf',
        mediaType: 'application/pdf',
        size: 1234,
        sha256: 'aa',
        pageCount: 2,
        extractionState: 'DONE',
        stamped: true,
        activeContent: [],
      },
    ],
    submittedTo: { id: 'u-ld', fullName: 'Trần Văn Lãnh', position: 'Phó Chủ tịch' },
    assignments: [],
    comments: [
      {
        id: 'c1',
        author: { id: 'u-vt', fullName: 'Nguyễn Thị Văn' },
        body: 'Đã trình đồng chí Lãnh.',
        createdAt: '2025-03-05T04:00:00.000Z',
      },
    ],
    history: [
      { at: '2025-03-05T02:30:00.000Z', actorName: 'Nguyễn Thị Văn', actorRole: 'VAN_THU', action: 'incoming.create', data: {} },
      {
        at: '2025-03-05T03:00:00.000Z',
        actorName: 'Nguyễn Thị Văn',
        actorRole: 'VAN_THU',
        action: 'incoming.register',
        data: { number: 41 },
      },
      {
        at: '2025-03-05T03:10:00.000Z',
        actorName: 'Nguyễn Thị Văn',
        actorRole: 'VAN_THU',
        action: 'incoming.submit',
        data: { note: 'Kính trình' },
      },
    ],
    allowedActions: [],
    forwardedFrom: null,
    replies: [],
    signatures: null,
    exchange: null,
    ...partial,
  };
}

export const ROUTING: RoutingOptions = {
  leaders: [{ id: 'u-ld', fullName: 'Trần Văn Lãnh', position: 'Phó Chủ tịch' }],
  units: [
    {
      id: 'qn-vp-th',
      name: 'Phòng Tổng hợp',
      organisationName: null,
      heads: [{ id: 'u-tp', fullName: 'Lê Thị Trưởng', position: 'Trưởng phòng' }],
    },
    { id: 'qn-vp-kt', name: 'Phòng Kinh tế', organisationName: null, heads: [] },
    { id: 'qn-vp-vx', name: 'Phòng Văn xã', organisationName: null, heads: [] },
  ],
  people: [
    { id: 'u-tp', fullName: 'Lê Thị Trưởng', position: 'Trưởng phòng', unitId: 'qn-vp-th', unitName: 'Phòng Tổng hợp' },
    { id: 'u-cv1', fullName: 'Phạm Văn Chuyên', position: 'Chuyên viên', unitId: 'qn-vp-th', unitName: 'Phòng Tổng hợp' },
    { id: 'u-cv2', fullName: 'Hoàng Thị Kinh', position: 'Chuyên viên', unitId: 'qn-vp-kt', unitName: 'Phòng Kinh tế' },
  ],
  organisations: [],
};

export function queueItem(partial: Partial<QueueItem> & Pick<QueueItem, 'documentId'>): QueueItem {
  return {
    assignmentId: null,
    kind: 'ASSIGNMENT',
    role: 'CHU_TRI',
    arrivalNumber: 41,
    subject: 'V/v hướng dẫn công tác văn thư năm 2025',
    issuerName: 'Bộ Nội vụ',
    number: '05',
    symbol: 'BNV-VP',
    urgency: 'THUONG',
    dueDate: '2025-03-20',
    overdue: false,
    status: 'ASSIGNED',
    ...partial,
  };
}
