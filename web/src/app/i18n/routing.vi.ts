/**
 * Texts of handing documents to units and organisations, replies, result files and discarding uploads
 * (`routing.*`).
 */
export const routingVi = {
  assign: {
    organisations: 'Cơ quan, đơn vị trực thuộc',
    unitOf: '{unit} ({organisation})',
    organisationHint: 'Cơ quan được giao nhận văn bản vào sổ văn bản đến của mình, kèm hạn xử lý; tiến độ hiển thị tại đây.',
  },
  progress: {
    label: 'Tiến độ tại cơ quan',
    DRAFT: 'Chờ văn thư vào sổ',
    REGISTERED: 'Đã vào sổ, số đến {arrival}',
    SUBMITTED: 'Đã vào sổ, số đến {arrival}; chờ lãnh đạo chỉ đạo',
    ASSIGNED: 'Đã phân công xử lý (số đến {arrival})',
    IN_PROGRESS: 'Đang xử lý (số đến {arrival})',
    COMPLETED: 'Đã hoàn thành ngày {at}',
    result: 'Kết quả',
    reply: 'Văn bản trả lời',
  },
  forwardedFrom: {
    title: 'Văn bản do cơ quan cấp trên giao',
    text: '{organisation} giao {role}',
    by: 'Người giao: {name} — {position}, ngày {at}',
    due: 'Hạn xử lý',
    instruction: 'Ý kiến chỉ đạo',
    replaced: 'Cơ quan cấp trên đã phân công lại; phân công này không còn hiệu lực.',
  },
  register: {
    fromSender: 'Thông tin văn bản do cơ quan gửi cung cấp qua hệ thống đã được điền sẵn. Vui lòng kiểm tra và bấm «Vào sổ».',
    signerAuthority: 'Quyền hạn ký',
    signerAuthorityHint: 'Ví dụ: TM. ỦY BAN NHÂN DÂN, KT. GIÁM ĐỐC',
  },
  replies: {
    title: 'Văn bản trả lời',
    empty: 'Chưa có văn bản trả lời.',
    draft: 'Soạn văn bản trả lời',
    notIssued: 'Chưa ban hành',
    linkExisting: 'Liên kết văn bản đi đã soạn làm văn bản trả lời',
    choose: '— Chọn văn bản đi của tôi —',
    link: 'Liên kết',
    completesOnIssue: 'Ban hành sẽ hoàn thành xử lý văn bản đến',
    keepsOpen: 'Ban hành không tự hoàn thành xử lý',
    completed: 'Đã hoàn thành xử lý bằng văn bản này',
    answers: 'Trả lời văn bản đến',
    completeOnIssue: 'Khi ban hành văn bản này, hoàn thành xử lý văn bản đến',
    replyTo: 'Văn bản này trả lời: {document}',
    subject: 'V/v trả lời văn bản số {document} của {issuer}',
    dueDate: 'Hạn trả lời',
    dueDateHint: 'Ngày đề nghị nơi nhận trả lời (không bắt buộc)',
  },
  complete: {
    files: 'Tệp kết quả',
    filesHint: 'PDF, DOCX, XLSX, ODT, PNG, JPEG; có thể chọn nhiều tệp (không bắt buộc).',
    selected: 'Đã chọn {count} tệp',
  },
  discard: {
    title: 'Huỷ văn bản tải lên nhầm',
    intro: 'Văn bản chưa vào sổ sẽ bị xoá khỏi danh sách; lý do được ghi vào nhật ký. Tệp chỉ bị xoá nếu không văn bản nào khác dùng.',
    reason: 'Lý do huỷ',
    confirm: 'Huỷ văn bản',
    done: 'Đã huỷ văn bản tải lên nhầm.',
  },
  resultFiles: 'Tệp kết quả',
};
