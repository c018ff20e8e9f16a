import type { AdminUser, Me, Organisation, Problem } from '../core/api.models';
import type { AppNotification } from '../notifications/notifications.service';

/** Test data shaped like the API responses (Quảng Ninh demo tree). */

export const ME_CLERK: Me = {
  id: 'u-vt',
  username: 'vt.nguyen',
  fullName: 'Nguyễn Thị Văn',
  position: 'Văn thư',
  organisation: { id: 'qn-vpubnd', name: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh', shortName: 'VP' },
  unit: { id: 'qn-vp-vt', name: 'Bộ phận Văn thư' },
  email: null,
  phone: null,
  mustChangePassword: false,
  roles: [
    {
      id: 'g1',
      role: 'VAN_THU',
      organisationId: 'qn-vpubnd',
      organisationName: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      unitId: 'qn-vp-vt',
      unitName: 'Bộ phận Văn thư',
    },
  ],
  isAdmin: false,
};

export const ME_ADMIN: Me = {
  ...ME_CLERK,
  id: 'u-admin',
  username: 'admin',
  fullName: 'Trần Quản Trị',
  position: 'Chuyên viên CNTT',
  unit: null,
  roles: [
    {
      id: 'g9',
      role: 'QUAN_TRI',
      organisationId: 'qn-vpubnd',
      organisationName: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      unitId: null,
      unitName: null,
    },
  ],
  isAdmin: true,
};

export function org(partial: Partial<Organisation> & Pick<Organisation, 'id' | 'name'>): Organisation {
  return {
    parentId: null,
    shortName: partial.name,
    organCode: null,
    kind: 'DEPARTMENT',
    placeName: 'Quảng Ninh',
    validFrom: null,
    validTo: null,
    separationOfDuties: true,
    depth: partial.parentId ? 1 : 0,
    units: [],
    ...partial,
  };
}

export const ORGANISATIONS: Organisation[] = [
  org({ id: 'qn-ubnd', name: 'Ủy ban nhân dân tỉnh Quảng Ninh', kind: 'PROVINCE_PC' }),
  org({
    id: 'qn-vpubnd',
    parentId: 'qn-ubnd',
    name: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
    units: [
      { id: 'qn-vp-vt', name: 'Bộ phận Văn thư', abbrev: 'VT', active: true },
      { id: 'qn-vp-th', name: 'Phòng Tổng hợp', abbrev: 'TH', active: true },
      { id: 'qn-vp-old', name: 'Phòng cũ', abbrev: 'OLD', active: false },
    ],
  }),
  org({
    id: 'qn-stttt',
    parentId: 'qn-ubnd',
    name: 'Sở Thông tin và Truyền thông tỉnh Quảng Ninh',
    validTo: '2025-02-28',
    units: [{ id: 'stttt-vp', name: 'Văn phòng Sở', abbrev: 'VP', active: true }],
  }),
  org({
    id: 'qn-stc',
    parentId: 'qn-ubnd',
    name: 'Sở Tài chính tỉnh Quảng Ninh',
    units: [{ id: 'stc-qlns', name: 'Phòng Quản lý ngân sách', abbrev: 'QLNS', active: true }],
  }),
];

export const USERS: AdminUser[] = [
  {
    id: 'u1',
    username: 'vt.nguyen',
    fullName: 'Nguyễn Thị Văn',
    position: 'Văn thư',
    organisationId: 'qn-vpubnd',
    organisationName: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
    organisationShortName: 'VP UBND tỉnh',
    unitId: 'qn-vp-vt',
    unitName: 'Bộ phận Văn thư',
    email: null,
    phone: null,
    disabled: false,
    mustChangePassword: false,
    roles: [ME_CLERK.roles[0]],
    createdAt: '2026-01-05T08:00:00Z',
  },
  {
    id: 'u2',
    username: 'cv.tran',
    fullName: 'Trần Văn Chuyên',
    position: 'Chuyên viên',
    organisationId: 'qn-stc',
    organisationName: 'Sở Tài chính tỉnh Quảng Ninh',
    organisationShortName: 'Sở Tài chính',
    unitId: null,
    unitName: null,
    email: null,
    phone: null,
    disabled: true,
    mustChangePassword: false,
    roles: [
      {
        id: 'g2',
        role: 'CHUYEN_VIEN',
        organisationId: 'qn-stc',
        organisationName: 'Sở Tài chính tỉnh Quảng Ninh',
        unitId: null,
        unitName: null,
      },
    ],
    createdAt: '2026-01-06T08:00:00Z',
  },
];

export function problem(status: number, code: string, title: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `https://vanthu.local/problems/${code}`, title, detail, status, code, requestId: 'req-1', ...extra };
}

export const PROBLEM_HEADERS = { 'Content-Type': 'application/problem+json' };

export function notification(partial: Partial<AppNotification> & Pick<AppNotification, 'id'>): AppNotification {
  return {
    kind: 'incoming.assigned',
    titleVi: `Văn bản đến ${partial.id}`,
    titleEn: `Incoming document ${partial.id}`,
    link: `/incoming/${partial.id}`,
    data: null,
    createdAt: '2026-03-02T07:05:00Z',
    read: false,
    ...partial,
  };
}
