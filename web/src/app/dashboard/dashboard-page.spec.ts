import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Me } from '../core/api.models';
import { AuthService } from '../core/auth.service';
import { text } from '../testing/dom';
import { ME_CLERK } from '../testing/fixtures';
import { verifyHttpAfterEach } from '../testing/http';
import { DashboardPage } from './dashboard-page';

const SPECIALIST: Me = {
  ...ME_CLERK,
  fullName: 'Trần Văn Chuyên',
  position: '',
  unit: null,
  roles: [
    {
      id: 'g2',
      role: 'CHUYEN_VIEN',
      organisationId: 'qn-vpubnd',
      organisationName: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      unitId: null,
      unitName: null,
    },
  ],
};
const UNIT_HEAD: Me = {
  ...ME_CLERK,
  fullName: 'Đặng Thị Hương',
  position: 'Trưởng phòng',
  roles: [{ ...ME_CLERK.roles[0], id: 'g3', role: 'TRUONG_PHONG', unitId: 'qn-vp-th', unitName: 'Phòng Tổng hợp' }],
};

describe('DashboardPage', () => {
  let http: HttpTestingController;

  async function render(me: Me) {
    TestBed.inject(AuthService).login('x', 'y').subscribe();
    http.expectOne('/api/auth/login').flush(me);
    const fixture = TestBed.createComponent(DashboardPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  verifyHttpAfterEach();

  it('welcomes a specialist with where they work and their roles, without statistics or a signature', async () => {
    const el = await render(SPECIALIST);
    expect(text(el, '[data-testid="welcome"]')).toBe('Xin chào, Trần Văn Chuyên!');
    // No position, no unit: just the organisation.
    expect(text(el, 'section.card p.muted')).toBe('Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(text(el, '[data-testid="my-roles"] .chip-role')).toBe('Chuyên viên');
    expect(el.querySelector('[data-testid="my-signature"]')).toBeNull();
    expect(el.querySelector('[data-testid="dashboard-stats"]')).toBeNull();
  });

  it('tells a user without any role to ask the administrator', async () => {
    const el = await render({ ...SPECIALIST, roles: [] });
    expect(el.querySelector('[data-testid="my-roles"]')).toBeNull();
    expect(el.textContent).toContain('Bạn chưa được cấp vai trò nào. Vui lòng liên hệ quản trị hệ thống.');
  });

  it('gives a unit head their signature image and their unit’s statistics', async () => {
    const el = await render(UNIT_HEAD);
    expect(text(el, 'section.card p.muted')).toBe('Trưởng phòng — Bộ phận Văn thư, Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(el.querySelector('[data-testid="my-signature"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="dashboard-stats"]')).not.toBeNull();
    http.expectOne('/api/me/signature-image').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/organisations').flush({ items: [] });
    const stats = http.expectOne((r) => r.url === '/api/dashboard');
    expect(stats.request.params.get('unitId')).toBe('qn-vp-th');
  });
});
