import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AdminUser } from '../../core/api.models';
import { TranslationService } from '../../i18n/translation.service';
import { choose, q, text, type } from '../../testing/dom';
import { ORGANISATIONS, PROBLEM_HEADERS, USERS, problem } from '../../testing/fixtures';
import { AdminUsersPage } from './admin-users-page';
import { verifyHttpAfterEach } from '../../testing/http';

describe('AdminUsersPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<AdminUsersPage>;
  let el: HTMLElement;

  const rows = () => Array.from(el.querySelectorAll<HTMLTableRowElement>('[data-testid="user-row"]'));
  const row = (id: string) => q<HTMLTableRowElement>(el, `[data-user-id="${id}"]`);

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AdminUsersPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminUsersPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
    const list = http.expectOne((r) => r.url === '/api/admin/users');
    expect(list.request.params.keys()).toEqual([]);
    list.flush({ items: USERS });
    await fixture.whenStable();
  });

  verifyHttpAfterEach();

  it('renders the users with organisation, position, translated roles and status', () => {
    expect(rows()).toHaveLength(2);
    const first = row('u1').textContent!;
    expect(first).toContain('vt.nguyen');
    expect(first).toContain('Nguyễn Thị Văn');
    expect(first).toContain('Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(first).toContain('Bộ phận Văn thư');
    expect(first).toContain('Văn thư');
    expect(text(row('u1'), '[data-testid="user-status"]')).toBe('Đang hoạt động');
    expect(text(row('u2'), '[data-testid="user-status"]')).toBe('Đã khoá');
    expect(row('u2').textContent).toContain('Chuyên viên');
    expect(text(el, '[data-testid="user-count"]')).toBe('Tìm thấy 2 người dùng');
  });

  it('lists organisations as an indented tree with dissolved ones marked', () => {
    const options = Array.from(q<HTMLSelectElement>(el, '[data-testid="filter-organisation"]').options);
    expect(options.map((o) => o.value)).toEqual(['', 'qn-ubnd', 'qn-vpubnd', 'qn-stttt', 'qn-stc']);
    const dissolved = options.find((o) => o.value === 'qn-stttt')!;
    expect(dissolved.textContent).toContain('(đã giải thể)');
    expect(dissolved.classList).toContain('dissolved');
  });

  it('disables an active user and enables a disabled one', async () => {
    const toggle = (id: string) => q<HTMLButtonElement>(row(id), '[data-testid="toggle-disabled"]');
    expect(toggle('u1').textContent!.trim()).toBe('Khoá');
    toggle('u1').click();
    await fixture.whenStable();

    const disable = http.expectOne('/api/admin/users/u1/disable');
    expect(disable.request.method).toBe('POST');
    expect(toggle('u1').disabled).toBe(true); // no double submit while in flight
    disable.flush({ ...USERS[0], disabled: true } satisfies AdminUser);
    await fixture.whenStable();

    expect(text(row('u1'), '[data-testid="user-status"]')).toBe('Đã khoá');
    expect(toggle('u1').textContent!.trim()).toBe('Mở khoá');
    expect(text(el, '[data-testid="admin-notice"]')).toBe('Đã khoá tài khoản vt.nguyen.');

    toggle('u2').click();
    await fixture.whenStable();
    http.expectOne({ method: 'POST', url: '/api/admin/users/u2/enable' }).flush({ ...USERS[1], disabled: false });
    await fixture.whenStable();
    expect(text(row('u2'), '[data-testid="user-status"]')).toBe('Đang hoạt động');
  });

  it('shows the API problem in the current language when disabling fails', async () => {
    TestBed.inject(TranslationService).setLang('en');
    q<HTMLButtonElement>(row('u1'), '[data-testid="toggle-disabled"]').click();
    await fixture.whenStable();
    http
      .expectOne('/api/admin/users/u1/disable')
      .flush(problem(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', 'You are not allowed to do this'), {
        status: 403,
        statusText: 'Forbidden',
        headers: PROBLEM_HEADERS,
      });
    await fixture.whenStable();
    expect(text(el, '[data-testid="admin-error"]')).toContain('You are not allowed to do this');
    expect(text(row('u1'), '[data-testid="user-status"]')).toBe('Active');
  });

  it('filters by organisation and searches by text', async () => {
    choose(el, '[data-testid="filter-organisation"]', 'qn-stc');
    await fixture.whenStable();
    const byOrg = http.expectOne((r) => r.url === '/api/admin/users');
    expect(byOrg.request.params.get('organisationId')).toBe('qn-stc');
    byOrg.flush({ items: [USERS[1]] });
    await fixture.whenStable();
    expect(rows().map((r) => r.dataset['userId'])).toEqual(['u2']);

    type(el, '[data-testid="filter-q"]', '  trần ');
    q<HTMLButtonElement>(el, '[data-testid="filter-submit"]').click();
    await fixture.whenStable();
    const byText = http.expectOne((r) => r.url === '/api/admin/users');
    expect(byText.request.params.get('organisationId')).toBe('qn-stc');
    expect(byText.request.params.get('q')).toBe('trần');
    byText.flush({ items: [] });
    await fixture.whenStable();
    expect(rows()).toHaveLength(0);
    expect(el.textContent).toContain('Không có người dùng phù hợp.');
  });

  it('marks a user whose password was reset from the edit panel as due to change it, the panel staying open', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    expect(row('u1').querySelector('[data-testid="user-must-change"]')).toBeNull();
    q<HTMLButtonElement>(row('u1'), '[data-testid="edit-user"]').click();
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="user-reset-password"]').click();
    http.expectOne('/api/admin/users/u1/reset-password').flush({ temporaryPassword: 'Tam-7x2Q-9kLm' });
    await fixture.whenStable();
    expect(text(row('u1'), '[data-testid="user-must-change"]')).toBe('Chờ đổi mật khẩu');
    expect(text(el, '[data-testid="temporary-password"]')).toBe('Tam-7x2Q-9kLm');
    vi.restoreAllMocks();
  });

  it('grants a role and revokes a granted one from the role panel', async () => {
    q<HTMLButtonElement>(row('u1'), '[data-testid="manage-roles"]').click();
    await fixture.whenStable();
    const panel = q(el, '[data-testid="role-grants"]');
    expect(panel.querySelectorAll('[data-testid="grant"]')).toHaveLength(1);

    choose(panel, '[data-testid="grant-role"]', 'TRUONG_PHONG');
    await fixture.whenStable();
    // Units offered are the active units of the user's organisation.
    const unitOptions = Array.from(q<HTMLSelectElement>(panel, '[data-testid="grant-unit"]').options).map((o) => o.value);
    expect(unitOptions).toEqual(['', 'qn-vp-vt', 'qn-vp-th']);
    choose(panel, '[data-testid="grant-unit"]', 'qn-vp-th');
    await fixture.whenStable();
    q<HTMLButtonElement>(panel, '[data-testid="grant-submit"]').click();
    await fixture.whenStable();

    const grant = http.expectOne('/api/admin/users/u1/roles');
    expect(grant.request.method).toBe('POST');
    expect(grant.request.body).toEqual({ role: 'TRUONG_PHONG', organisationId: 'qn-vpubnd', unitId: 'qn-vp-th' });
    grant.flush({
      id: 'g-new',
      role: 'TRUONG_PHONG',
      organisationId: 'qn-vpubnd',
      organisationName: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      unitId: 'qn-vp-th',
      unitName: 'Phòng Tổng hợp',
    });
    await fixture.whenStable();
    expect(q(el, '[data-testid="role-grants"]').querySelectorAll('[data-testid="grant"]')).toHaveLength(2);
    expect(row('u1').textContent).toContain('Lãnh đạo phòng');

    q<HTMLButtonElement>(el, '[data-testid="revoke-role"]').click();
    await fixture.whenStable();
    const revoke = http.expectOne('/api/admin/users/u1/roles/g1');
    expect(revoke.request.method).toBe('DELETE');
    revoke.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    const remaining = Array.from(el.querySelectorAll('[data-testid="grant"]')).map((g) => g.textContent);
    expect(remaining).toHaveLength(1);
    expect(remaining[0]).toContain('Lãnh đạo phòng');
  });
});
