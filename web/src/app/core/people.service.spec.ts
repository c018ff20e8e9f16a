import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { verifyHttpAfterEach } from '../testing/http';
import type { OrganisationPerson } from './api.models';
import { PeopleService, groupByUnit, personLabel } from './people.service';

const person = (
  id: string,
  fullName: string,
  unitId: string | null,
  unitName: string | null,
  position = 'Chuyên viên',
): OrganisationPerson => ({ id, fullName, position, unitId, unitName });

describe('PeopleService', () => {
  let http: HttpTestingController;
  let service: PeopleService;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(PeopleService);
  });

  verifyHttpAfterEach();

  it('loads the people of an organisation once and serves later callers from the cache', async () => {
    const items = [person('u1', 'An', 'unit-a', 'Phòng A')];
    const first = firstValueFrom(service.people('org-1'));
    const second = firstValueFrom(service.people('org-1'));
    const req = http.expectOne('/api/organisations/org-1/people');
    expect(req.request.method).toBe('GET');
    req.flush({ items });
    expect(await first).toEqual(items);
    expect(await second).toEqual(items);
    expect(await firstValueFrom(service.people('org-1'))).toEqual(items);
    http.expectNone('/api/organisations/org-1/people');

    // Another organisation is a separate list.
    const other = firstValueFrom(service.people('org-2'));
    http.expectOne('/api/organisations/org-2/people').flush({ items: [] });
    expect(await other).toEqual([]);
  });

  it('does not cache a failed load', async () => {
    const failed = firstValueFrom(service.people('org-1'));
    http.expectOne('/api/organisations/org-1/people').flush(null, { status: 500, statusText: 'Server Error' });
    await expect(failed).rejects.toMatchObject({ status: 500 });
    const retried = firstValueFrom(service.people('org-1'));
    http.expectOne('/api/organisations/org-1/people').flush({ items: [person('u1', 'An', null, null)] });
    expect((await retried).map((p) => p.id)).toEqual(['u1']);
  });
});

describe('groupByUnit / personLabel', () => {
  it('puts people without a unit first, then units by name, keeping the order inside each unit', () => {
    const groups = groupByUnit([
      person('u1', 'An', 'u-vp', 'Văn phòng'),
      person('u2', 'Bình', null, null, 'Giám đốc'),
      person('u3', 'Chi', 'u-kh', 'Phòng Kế hoạch'),
      person('u4', 'Dũng', 'u-vp', 'Văn phòng'),
    ]);
    expect(groups.map((g) => [g.unitName, g.people.map((p) => p.id)])).toEqual([
      [null, ['u2']],
      ['Phòng Kế hoạch', ['u3']],
      ['Văn phòng', ['u1', 'u4']],
    ]);
  });

  it('labels a person with the position when there is one', () => {
    expect(personLabel(person('u1', 'An', null, null, 'Phó Giám đốc'))).toBe('An — Phó Giám đốc');
    expect(personLabel(person('u1', 'An', null, null, ''))).toBe('An');
  });
});
