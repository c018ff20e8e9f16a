import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, map, of, tap } from 'rxjs';
import type { ItemsResponse, Organisation, Unit } from './api.models';
import { type OrgNode, buildOrgTree } from './org-tree';

/** Cached organisation list (`GET /api/organisations`), shared by every page that needs it. */
@Injectable({ providedIn: 'root' })
export class OrganisationsService {
  private readonly http = inject(HttpClient);
  private readonly list = signal<Organisation[] | null>(null);

  readonly organisations = computed(() => this.list() ?? []);
  /** Organisations in tree order with depth and dissolved flag. */
  readonly tree = computed<OrgNode[]>(() => buildOrgTree(this.organisations()));
  readonly byId = computed(() => new Map(this.organisations().map((o) => [o.id, o])));

  /** Load once; pass `force` to reload. */
  load(force = false): Observable<Organisation[]> {
    const cached = this.list();
    if (cached && !force) return of(cached);
    return this.http.get<ItemsResponse<Organisation>>('/api/organisations').pipe(
      map((res) => res.items),
      tap((items) => this.list.set(items)),
    );
  }

  /** Record a unit created through the admin API without reloading everything. */
  addUnit(organisationId: string, unit: Unit): void {
    this.list.update((items) => items?.map((o) => (o.id === organisationId ? { ...o, units: [...o.units, unit] } : o)) ?? items);
  }

  /** Record a setting changed through the admin API without reloading everything. */
  setSeparationOfDuties(organisationId: string, enforced: boolean): void {
    this.list.update((items) => items?.map((o) => (o.id === organisationId ? { ...o, separationOfDuties: enforced } : o)) ?? items);
  }
}
