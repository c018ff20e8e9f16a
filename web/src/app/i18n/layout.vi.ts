/** Texts of the layout report (where issuance puts the number, date and signatures), Vietnamese. */
export const layoutVi = {
  title: 'Thể thức văn bản',
  found:
    'Số và ngày ban hành sẽ điền vào chỗ trống của dự thảo; chữ ký đặt giữa "{position}" và "{name}" (trang {page}), dấu chồng lên khoảng 1/3 chữ ký về bên trái.',
  notFound: 'Chữ ký và dấu sẽ đặt ở cuối trang cuối.',
  block: 'Khối chữ ký trong dự thảo',
  preview: 'Xem trước: chỗ điền số, ngày (xanh), chữ ký và dấu (đỏ)',
  previewFirst: 'Trang 1',
  previewSignature: 'Trang có chữ ký',
  expected: 'Theo người ký',
};
