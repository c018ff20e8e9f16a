/** Types of the vanthu HTTP API (see the API contract). */

export const ROLE_CODES = [
  'VAN_THU',
  'CHUYEN_VIEN',
  'TRUONG_PHONG',
  'CHANH_VAN_PHONG',
  'KIEM_TRA_THE_THUC',
  'LANH_DAO_CO_QUAN',
  'LUU_TRU',
  'QUAN_TRI',
  'COPY_SIGN',
] as const;

export type RoleCode = (typeof ROLE_CODES)[number];

export interface RoleGrant {
  id: string;
  role: RoleCode;
  organisationId: string;
  organisationName: string;
  unitId: string | null;
  unitName: string | null;
}

export interface Me {
  id: string;
  username: string;
  fullName: string;
  position: string;
  organisation: { id: string; name: string; shortName: string };
  unit: { id: string; name: string } | null;
  email: string | null;
  phone: string | null;
  roles: RoleGrant[];
  isAdmin: boolean;
  /** An administrator set the password: the user must change it before anything else. */
  mustChangePassword: boolean;
}

/** `GET /api/me`: the signed-in user, or that nobody is signed in (an answer, not an error). */
export type MeAnswer = (Me & { authenticated: true }) | { authenticated: false };

/** One active person of an organisation (`GET /api/organisations/:id/people`), for pickers. */
export interface OrganisationPerson {
  id: string;
  fullName: string;
  position: string;
  unitId: string | null;
  unitName: string | null;
}

export interface Unit {
  id: string;
  name: string;
  abbrev: string;
  active: boolean;
}

export interface Organisation {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string;
  organCode: string | null;
  kind: string;
  placeName: string;
  validFrom: string | null;
  validTo: string | null;
  /** Author ≠ approver ≠ signer on its outgoing documents (only an administrator turns it off, audited). */
  separationOfDuties: boolean;
  units: Unit[];
}

export interface AdminUser {
  id: string;
  username: string;
  fullName: string;
  position: string;
  organisationId: string;
  organisationName: string;
  /** Sent by the backend although not in the written contract; not required by the UI. */
  organisationShortName?: string;
  unitId: string | null;
  unitName: string | null;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  roles: RoleGrant[];
  createdAt: string;
}

export interface UserUpdateRequest {
  fullName?: string;
  position?: string;
  unitId?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface ItemsResponse<T> {
  items: T[];
}

export interface RoleGrantRequest {
  role: RoleCode;
  organisationId: string;
  unitId?: string | null;
}

export interface CreateUserRequest {
  username: string;
  fullName: string;
  position: string;
  organisationId: string;
  unitId?: string | null;
  password: string;
  roles?: RoleGrantRequest[];
}

export interface CreateUnitRequest {
  name: string;
  abbrev: string;
}

/** RFC 9457 problem details as sent by the API: `title` is Vietnamese, `detail` is English. */
export interface Problem {
  type?: string;
  title: string;
  detail: string;
  status: number;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
}

export interface FieldProblem {
  path: string;
  message: string;
}
