/** Texts about who may see and do what (visibility rule, separation of duties), in Vietnamese. */
export const accessVi = {
  /** In place of a document's number and subject the reader may not open. */
  hiddenDocument: '(không có quyền xem nội dung văn bản)',
  separation: {
    /** Why the approve action is not offered to the author or to an earlier approver. */
    ownDraft: 'Bạn là người soạn thảo văn bản này nên không được duyệt hoặc ký (phân tách nhiệm vụ).',
    approvedBefore: 'Bạn đã duyệt văn bản này ở bước trước nên không được ký (phân tách nhiệm vụ).',
  },
};
