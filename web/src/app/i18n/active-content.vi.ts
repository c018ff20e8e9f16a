/** Vietnamese texts of the active-content warning on received and drafted PDFs (`activeContent.*`). */
export const activeContentVi = {
  incoming:
    'Tệp PDF này có nội dung tự chạy: {kinds}. Tệp gốc được giữ nguyên như khi nhận; bản đóng dấu ĐẾN và bản nhận dạng chữ do hệ thống tạo đã được gỡ bỏ nội dung này. Không mở tệp gốc bằng phần mềm cho phép chạy mã.',
  outgoing:
    'Tệp tải lên có nội dung tự chạy: {kinds}. Bản được trình duyệt, ký số và ban hành là bản đã gỡ bỏ nội dung này; tệp tải lên được lưu lại.',
  result: 'Tệp kết quả tải lên có nội dung tự chạy: {kinds}. Bản tải về là bản đã gỡ bỏ nội dung này; tệp tải lên được lưu lại.',
  kind: {
    javascript: 'mã JavaScript',
    launch: 'lệnh mở chương trình (Launch)',
    open_action: 'hành động tự chạy khi mở tệp',
    additional_actions: 'hành động gắn với sự kiện (AA)',
    other_action: 'hành động gửi hoặc nhận dữ liệu',
  },
};
