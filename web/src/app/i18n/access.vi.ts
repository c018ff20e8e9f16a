/** Texts about who may see and do what (visibility rule, separation of duties), in Vietnamese. */
export const accessVi = {
  /** In place of a document's number and subject the reader may not open. */
  hiddenDocument: '(không có quyền xem nội dung văn bản)',
  separation: {
    title: 'Phân tách nhiệm vụ',
    on: 'Đang áp dụng: người soạn thảo không tự duyệt, ký văn bản đi của mình; người đã duyệt ở bước trước không ký (kể cả khi được ủy quyền).',
    off: 'Đã tắt: người soạn thảo có thể tự duyệt và ký văn bản của mình. Việc tắt đã được ghi nhật ký.',
    reason: 'Lý do (ghi vào nhật ký hệ thống, ít nhất 10 ký tự)',
    turnOff: 'Tắt phân tách nhiệm vụ',
    turnOn: 'Áp dụng lại phân tách nhiệm vụ',
    /** Why the approve action is not offered to the author or to an earlier approver. */
    ownDraft: 'Bạn là người soạn thảo văn bản này nên không được duyệt hoặc ký (phân tách nhiệm vụ).',
    approvedBefore: 'Bạn đã duyệt văn bản này ở bước trước nên không được ký (phân tách nhiệm vụ).',
  },
};
