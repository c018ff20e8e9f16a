/** Role codes (docs/domain.md §4.1, §9.2). */
export const roles = [
  'VAN_THU', // văn thư — clerk
  'CHUYEN_VIEN', // chuyên viên — specialist
  'TRUONG_PHONG', // lãnh đạo phòng — unit head
  'CHANH_VAN_PHONG', // chánh văn phòng — head of office
  'KIEM_TRA_THE_THUC', // người kiểm tra thể thức — format checker
  'LANH_DAO_CO_QUAN', // lãnh đạo cơ quan — agency leader (chief and deputies)
  'LUU_TRU', // lưu trữ — archivist
  'QUAN_TRI', // quản trị hệ thống — administrator
  'COPY_SIGN', // người được giao ký bản sao (ND 30 Điều 27) — may sign the organisation's copies
] as const;
export type Role = (typeof roles)[number];
