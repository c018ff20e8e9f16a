import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, map, shareReplay, throwError } from 'rxjs';
import type { ItemsResponse, OrganisationPerson } from './api.models';

/** People sharing a unit (`unitId` null: people attached to the organisation itself, e.g. its leaders). */
export interface PeopleGroup {
  unitId: string | null;
  unitName: string | null;
  people: OrganisationPerson[];
}

/**
 * Active people of an organisation (`GET /api/organisations/:id/people`) for reviewer, deputy and
 * forward pickers: fetched once per organisation and shared; a failed load is not cached.
 */
@Injectable({ providedIn: 'root' })
export class PeopleService {
  private readonly http = inject(HttpClient);
  private readonly cache = new Map<string, Observable<OrganisationPerson[]>>();

  people(organisationId: string): Observable<OrganisationPerson[]> {
    let cached = this.cache.get(organisationId);
    if (!cached) {
      cached = this.http.get<ItemsResponse<OrganisationPerson>>(`/api/organisations/${encodeURIComponent(organisationId)}/people`).pipe(
        map((res) => res.items),
        catchError((err: unknown) => {
          this.cache.delete(organisationId);
          return throwError(() => err);
        }),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
      this.cache.set(organisationId, cached);
    }
    return cached;
  }

  /** Forget cached lists (all, or one organisation's). */
  clear(organisationId?: string): void {
    if (organisationId) this.cache.delete(organisationId);
    else this.cache.clear();
  }
}

/** Group people by unit: people without a unit first, then units by name; people keep their order (by name). */
export function groupByUnit(people: readonly OrganisationPerson[]): PeopleGroup[] {
  const groups = new Map<string | null, PeopleGroup>();
  for (const p of people) {
    let g = groups.get(p.unitId);
    if (!g) groups.set(p.unitId, (g = { unitId: p.unitId, unitName: p.unitName, people: [] }));
    g.people.push(p);
  }
  return [...groups.values()].sort((a, b) =>
    a.unitId === null ? -1 : b.unitId === null ? 1 : (a.unitName ?? '').localeCompare(b.unitName ?? '', 'vi'),
  );
}

/** "Full name — position" (position left out when empty), for options and checkboxes. */
export function personLabel(p: OrganisationPerson): string {
  return p.position ? `${p.fullName} — ${p.position}` : p.fullName;
}
