/** Vietnamese texts of the PDF viewer (`viewer.*`). */
export const viewerVi = {
  title: 'Nội dung văn bản',
  toolbar: 'Công cụ xem văn bản',
  previous: 'Trang trước',
  next: 'Trang sau',
  page: 'Trang {page}/{pages}',
  pageImage: 'Trang {page} trên {pages} của văn bản',
  zoomIn: 'Phóng to',
  zoomOut: 'Thu nhỏ',
  fitWidth: 'Vừa khung',
  open: 'Mở thẻ mới',
  openTitle: 'Mở tệp PDF trong thẻ mới của trình duyệt',
  loading: 'Đang mở tệp PDF…',
  error: 'Không hiển thị được tệp PDF. Vui lòng tải tệp về để xem.',
  keys: 'Phím tắt trong khung xem: mũi tên trái/phải để chuyển trang, Home/End về trang đầu/cuối, + và − để phóng to/thu nhỏ, 0 để vừa khung.',
  copy: {
    stamped: 'Bản có dấu ĐẾN',
    received: 'Bản nhận được',
    version: 'Dự thảo — phiên bản {n}',
    signed: 'Bản đã ký số',
    issued: 'Bản ban hành {number}',
  },
};
