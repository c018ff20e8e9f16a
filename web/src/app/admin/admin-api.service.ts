import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type {
  AdminUser,
  CreateUnitRequest,
  CreateUserRequest,
  ItemsResponse,
  RoleGrant,
  RoleGrantRequest,
  Unit,
} from '../core/api.models';

export interface UserFilter {
  organisationId?: string | null;
  q?: string | null;
}

/** Calls of the administration API (`/api/admin/...`). */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  listUsers(filter: UserFilter = {}): Observable<AdminUser[]> {
    let params = new HttpParams();
    if (filter.organisationId) params = params.set('organisationId', filter.organisationId);
    const q = filter.q?.trim();
    if (q) params = params.set('q', q);
    return this.http.get<ItemsResponse<AdminUser>>('/api/admin/users', { params }).pipe(map((res) => res.items));
  }

  createUser(body: CreateUserRequest): Observable<AdminUser> {
    return this.http.post<AdminUser>('/api/admin/users', body);
  }

  disableUser(userId: string): Observable<AdminUser> {
    return this.http.post<AdminUser>(`/api/admin/users/${encodeURIComponent(userId)}/disable`, null);
  }

  enableUser(userId: string): Observable<AdminUser> {
    return this.http.post<AdminUser>(`/api/admin/users/${encodeURIComponent(userId)}/enable`, null);
  }

  grantRole(userId: string, body: RoleGrantRequest): Observable<RoleGrant> {
    return this.http.post<RoleGrant>(`/api/admin/users/${encodeURIComponent(userId)}/roles`, body);
  }

  revokeRole(userId: string, grantId: string): Observable<void> {
    return this.http
      .delete<void>(`/api/admin/users/${encodeURIComponent(userId)}/roles/${encodeURIComponent(grantId)}`)
      .pipe(map(() => undefined));
  }

  setSeparationOfDuties(organisationId: string, body: { enforced: boolean; reason: string }): Observable<{ organisationId: string; separationOfDuties: boolean }> {
    return this.http.put<{ organisationId: string; separationOfDuties: boolean }>(`/api/admin/organisations/${encodeURIComponent(organisationId)}/separation-of-duties`, body);
  }

  createUnit(organisationId: string, body: CreateUnitRequest): Observable<Unit> {
    return this.http.post<Unit>(`/api/admin/organisations/${encodeURIComponent(organisationId)}/units`, body);
  }
}
