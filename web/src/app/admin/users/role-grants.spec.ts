import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AdminUser, RoleGrant } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { choose, q, text } from '../../testing/dom';
import { ORGANISATIONS, PROBLEM_HEADERS, USERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { RoleGrants } from './role-grants';

describe('RoleGrants', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<RoleGrants>;
  let el: HTMLElement;
  let changes: AdminUser[];

  const render = async (user: AdminUser) => {
    fixture = TestBed.createComponent(RoleGrants);
    changes = [];
    fixture.componentInstance.userChange.subscribe((u) => changes.push(u));
    fixture.componentRef.setInput('user', user);
    el = fixture.nativeElement;
    await fixture.whenStable();
  };
  const options = (testid: string) =>
    Array.from(q<HTMLSelectElement>(el, `[data-testid="${testid}"]`).options).map((o) => o.textContent?.trim());

  beforeEach(() => {
    http = httpTestBed();
    TestBed.inject(OrganisationsService).load().subscribe();
    http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
  });

  verifyHttpAfterEach();

  it('lists the user’s roles with where they apply, or says there are none', async () => {
    await render(USERS[0]);
    expect(text(el, 'h3')).toBe('Vai trò của Nguyễn Thị Văn');
    expect(Array.from(el.querySelectorAll('[data-testid="grant"] > span')).map((s) => s.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Văn thư — Bộ phận Văn thư, Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
    ]);
    fixture.componentRef.setInput('user', { ...USERS[0], roles: [] });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="grant"]')).toBeNull();
    expect(el.textContent).toContain('Người dùng chưa có vai trò nào.');
  });

  it('asks for a role before granting; grants it in the user’s organisation and a chosen unit', async () => {
    await render(USERS[0]);
    // Defaults to the user's own organisation, whose active units are offered.
    expect(q<HTMLSelectElement>(el, '[data-testid="grant-organisation"]').value).toBe('qn-vpubnd');
    expect(options('grant-unit')).toEqual(['— Toàn cơ quan —', 'Bộ phận Văn thư', 'Phòng Tổng hợp']);

    q<HTMLButtonElement>(el, '[data-testid="grant-submit"]').click();
    await fixture.whenStable();
    expect(text(el, '.field-error')).toBe('Vui lòng chọn một mục.');

    choose(el, '[data-testid="grant-role"]', 'LANH_DAO_CO_QUAN');
    choose(el, '[data-testid="grant-unit"]', 'qn-vp-th');
    await fixture.whenStable();
    expect(el.querySelector('.field-error')).toBeNull();
    q<HTMLButtonElement>(el, '[data-testid="grant-submit"]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/admin/users/u1/roles' });
    expect(req.request.body).toEqual({ role: 'LANH_DAO_CO_QUAN', organisationId: 'qn-vpubnd', unitId: 'qn-vp-th' });
    const grant: RoleGrant = {
      id: 'g7',
      role: 'LANH_DAO_CO_QUAN',
      organisationId: 'qn-vpubnd',
      organisationName: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      unitId: 'qn-vp-th',
      unitName: 'Phòng Tổng hợp',
    };
    req.flush(grant);
    await fixture.whenStable();
    expect(text(el, '[role="status"]')).toBe('Đã cấp vai trò Lãnh đạo cơ quan.');
    expect(changes).toEqual([{ ...USERS[0], roles: [...USERS[0].roles, grant] }]);
    // The form is ready for the next grant.
    expect(q<HTMLSelectElement>(el, '[data-testid="grant-role"]').value).toBe('');
  });

  it('granting in another organisation offers that organisation’s units, and a refusal is shown', async () => {
    await render(USERS[0]);
    choose(el, '[data-testid="grant-role"]', 'CHUYEN_VIEN');
    choose(el, '[data-testid="grant-unit"]', 'qn-vp-th');
    choose(el, '[data-testid="grant-organisation"]', 'qn-stc');
    await fixture.whenStable();
    expect(options('grant-unit')).toEqual(['— Toàn cơ quan —', 'Phòng Quản lý ngân sách']);
    expect(q<HTMLSelectElement>(el, '[data-testid="grant-unit"]').value).toBe('');
    q<HTMLButtonElement>(el, '[data-testid="grant-submit"]').click();
    const req = http.expectOne('/api/admin/users/u1/roles');
    expect(req.request.body).toEqual({ role: 'CHUYEN_VIEN', organisationId: 'qn-stc', unitId: null });
    req.flush(problem(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', 'Not your organisation'), {
      status: 403,
      statusText: 'Forbidden',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Bạn không có quyền thực hiện thao tác này');
    expect(changes).toEqual([]);
  });

  it('revokes a role and hands the user without it up', async () => {
    await render(USERS[0]);
    q<HTMLButtonElement>(el, '[data-testid="revoke-role"]').click();
    await fixture.whenStable();
    const req = http.expectOne({ method: 'DELETE', url: '/api/admin/users/u1/roles/g1' });
    expect(q<HTMLButtonElement>(el, '[data-testid="revoke-role"]').disabled).toBe(true);
    req.flush(null);
    await fixture.whenStable();
    expect(text(el, '[role="status"]')).toBe('Đã thu hồi vai trò Văn thư.');
    expect(changes).toEqual([{ ...USERS[0], roles: [] }]);
  });
});
