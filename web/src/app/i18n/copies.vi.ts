/** Vietnamese texts of copies (bản sao) and reading copies (`copies.*`). */
export const copiesVi = {
  title: 'Bản sao',
  none: 'Chưa có bản sao nào.',
  make: 'Sao văn bản',
  form: 'Hình thức sao',
  forms: { SAO_Y: 'Sao y', SAO_LUC: 'Sao lục', TRICH_SAO: 'Trích sao' },
  states: { AWAITING_SIGNATURE: 'Chờ ký', SIGNING: 'Đang ký số', SIGNED: 'Đã ký số' },
  extract: 'Tệp trích sao (PDF đã tạo lại)',
  secretAuthorisation: 'Ý kiến cho phép sao văn bản mật (người cho phép, số văn bản)',
  submit: 'Đăng ký bản sao',
  cancel: 'Hủy',
  sign: 'Ký bản sao',
  download: 'Tải về',
  readingCopy: 'Tải để đọc/in',
  readingCopyTitle: 'Bản có ghi tên người tải, đơn vị và thời gian trên mỗi trang',
  made: 'Đã đăng ký bản sao {number}.',
};
