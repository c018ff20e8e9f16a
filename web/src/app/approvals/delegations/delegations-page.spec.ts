import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { ME_CLERK, PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { DEPUTY, LEADER, delegation } from '../../testing/outgoing-fixtures';
import { DelegationsPage } from './delegations-page';

describe('DelegationsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<DelegationsPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [DelegationsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    const auth = TestBed.inject(AuthService);
    vi.spyOn(auth, 'me').mockReturnValue({ ...ME_CLERK, id: LEADER.id, fullName: LEADER.fullName });
    fixture = TestBed.createComponent(DelegationsPage);
    el = fixture.nativeElement;
    // Not whenStable(): the loading people list is a pending task until each test answers it.
    TestBed.tick();
  });

  verifyHttpAfterEach();

  const PEOPLE_URL = '/api/organisations/qn-vpubnd/people';
  const people = [
    { ...LEADER, position: 'Chánh Văn phòng', unitId: null, unitName: null },
    { ...DEPUTY, position: 'Phó Chánh Văn phòng', unitId: null, unitName: null },
    { id: 'u-vt2', fullName: 'Hoàng Văn Thư', position: 'Văn thư', unitId: 'qn-vp-vt', unitName: 'Bộ phận Văn thư' },
  ];

  it('lists delegations; only the delegator may revoke, and revoking marks it revoked', async () => {
    http.expectOne(PEOPLE_URL).flush({ items: people });
    http.expectOne('/api/delegations').flush({
      items: [delegation(), delegation({ id: 'g2', delegator: { id: 'u-x', fullName: 'Người khác' }, deputy: LEADER, activeToday: false })],
    });
    await settle();
    const rows = el.querySelectorAll<HTMLElement>('[data-testid="delegation-row"]');
    expect(text(rows[0], '[data-testid="delegation-state"]')).toBe('Đang hiệu lực');
    expect(rows[0].textContent).toContain('01/03/2026 – 10/03/2026');
    expect(text(rows[1], '[data-testid="delegation-state"]')).toBe('Không hiệu lực');
    expect(rows[1].querySelector('[data-testid="delegation-revoke"]')).toBeNull();

    q<HTMLButtonElement>(rows[0], '[data-testid="delegation-revoke"]').click();
    await settle();
    const req = http.expectOne('/api/delegations/g1/revoke');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(text(el, '[data-testid="delegation-row"] [data-testid="delegation-state"]')).toBe('Đã thu hồi');
    expect(text(el, '[data-testid="delegation-notice"]')).toBe('Đã thu hồi ủy quyền.');
  });

  it("offers the people of the user's organisation, not the user, as deputies; no free ID input", async () => {
    http.expectOne('/api/delegations').flush({ items: [] });
    expect(text(el, 'form')).toContain('Đang tải danh sách cán bộ…');
    http.expectOne(PEOPLE_URL).flush({ items: people });
    await settle();
    const deputy = q<HTMLSelectElement>(el, '[data-testid="delegation-deputy"]');
    expect(deputy.tagName).toBe('SELECT');
    expect(Array.from(deputy.options).map((o) => [o.value, o.textContent?.trim()])).toEqual([
      ['', '— Chọn —'],
      [DEPUTY.id, 'Đặng Thị Hương — Phó Chánh Văn phòng'],
      ['u-vt2', 'Hoàng Văn Thư — Văn thư'],
    ]);
    expect(Array.from(deputy.querySelectorAll('optgroup')).map((g) => g.getAttribute('label'))).toEqual([
      'Lãnh đạo, không thuộc phòng ban',
      'Bộ phận Văn thư',
    ]);
    expect(el.querySelector('input[name="deputyId"]')).toBeNull();
  });

  it('delegates to a deputy for a date range, after checking the required fields', async () => {
    http.expectOne('/api/delegations').flush({ items: [] });
    http.expectOne(PEOPLE_URL).flush({ items: people });
    await settle();
    type(el, '[data-testid="delegation-from"]', '');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="delegation-submit"]').click();
    await settle();
    http.expectNone('/api/delegations');
    expect(el.querySelectorAll('.field-error').length).toBe(3);

    choose(el, '[data-testid="delegation-deputy"]', DEPUTY.id);
    type(el, '[data-testid="delegation-from"]', '2026-03-01');
    type(el, '[data-testid="delegation-to"]', '2026-03-10');
    type(el, '[data-testid="delegation-note"]', 'Đi công tác');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="delegation-submit"]').click();
    await settle();
    const req = http.expectOne((r) => r.url === '/api/delegations' && r.method === 'POST');
    expect(req.request.body).toEqual({
      deputyId: DEPUTY.id,
      fromDate: '2026-03-01',
      toDate: '2026-03-10',
      canSign: true,
      note: 'Đi công tác',
    });
    req.flush(
      problem(422, 'validation', 'Người được ủy quyền không hợp lệ', 'Invalid deputy', {
        errors: [{ path: 'deputyId', message: 'not in your organisation' }],
      }),
      {
        status: 422,
        statusText: 'Unprocessable Entity',
        headers: PROBLEM_HEADERS,
      },
    );
    await settle();
    expect(text(el, '[data-testid="delegation-error"]')).toBe('Người được ủy quyền không hợp lệ');
    expect(el.querySelector('[data-path="deputyId"]')?.textContent).toContain('Không thuộc cơ quan');

    q<HTMLButtonElement>(el, '[data-testid="delegation-submit"]').click();
    await settle();
    http
      .expectOne((r) => r.url === '/api/delegations' && r.method === 'POST')
      .flush(delegation({ id: 'g9' }), { status: 201, statusText: 'Created' });
    await settle();
    expect(el.querySelectorAll('[data-testid="delegation-row"]')).toHaveLength(1);
    expect(text(el, '[data-testid="delegation-notice"]')).toBe('Đã ủy quyền.');
  });
});
