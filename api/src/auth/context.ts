import type { Role } from '../users/roles';

export interface RoleGrantView {
  id: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  unitId: string | null;
  unitName: string | null;
}

/** Who is calling: resolved from the session cookie once per request. */
export interface AuthContext {
  userId: string;
  username: string;
  sessionTokenHash: string;
  csrfToken: string;
  roles: RoleGrantView[];
  isAdmin: boolean;
  /** An administrator set the password (new account, reset): only the change is allowed until then. */
  mustChangePassword: boolean;
}

/** The signed-in user acting in a request, as services see it (no Express types). */
export interface Actor {
  userId: string;
  roles: RoleGrantView[];
  requestId?: string;
  /** Client address, for the audit log. */
  ip?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}
