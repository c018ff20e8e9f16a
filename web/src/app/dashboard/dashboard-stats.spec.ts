import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Me, Organisation, RoleCode } from '../core/api.models';
import { AuthService } from '../core/auth.service';
import { choose, q, text } from '../testing/dom';
import { ME_CLERK, PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { verifyHttpAfterEach } from '../testing/http';
import { DashboardPage } from './dashboard-page';
import { DashboardStats, dashboardOrganisations, periodLabel, type DashboardReport } from './dashboard-stats';

const grant = (
  id: string,
  role: RoleCode,
  organisationId: string,
  organisationName: string,
  unitId: string | null = null,
  unitName: string | null = null,
) => ({ id, role, organisationId, organisationName, unitId, unitName });
const LEADER_AND_HEAD: Me = {
  ...ME_CLERK,
  roles: [
    grant('g1', 'CHUYEN_VIEN', 'qn-stttt', 'Sở Thông tin và Truyền thông'),
    grant('g2', 'LANH_DAO_CO_QUAN', 'qn-stc', 'Sở Tài chính tỉnh Quảng Ninh'),
    grant('g3', 'TRUONG_PHONG', 'qn-snv', 'Sở Nội vụ tỉnh Quảng Ninh', 'snv-tcbc', 'Phòng Tổ chức biên chế'),
  ],
};
const unit = (id: string, name: string, active = true) => ({ id, name, abbrev: id, active });
const ORGANISATIONS: Organisation[] = [
  {
    id: 'qn-stc',
    parentId: 'qn-ubnd',
    name: 'Sở Tài chính tỉnh Quảng Ninh',
    shortName: 'STC',
    organCode: null,
    kind: 'DEPARTMENT',
    placeName: 'Quảng Ninh',
    validFrom: null,
    validTo: null,
    separationOfDuties: true,
    depth: 1,
    units: [unit('stc-qlns', 'Phòng Quản lý ngân sách'), unit('stc-old', 'Phòng đã giải thể', false), unit('stc-hcsn', 'Phòng HCSN')],
  },
];

const counts = (over: Partial<DashboardReport['totals']> = {}) => ({
  received: 0,
  receivedElectronic: 0,
  issued: 0,
  issuedSigned: 0,
  deliveries: 0,
  deliveriesElectronic: 0,
  completedWithDeadline: 0,
  completedOnTime: 0,
  onTimeRate: null,
  receivedElectronicRate: null,
  deliveriesElectronicRate: null,
  electronicRate: null,
  signedRate: null,
  ...over,
});
const REPORT: DashboardReport = {
  organisationId: 'qn-stc',
  organisationName: 'Sở Tài chính tỉnh Quảng Ninh',
  unitId: null,
  unitName: null,
  from: '2025-01-01',
  to: '2025-03-31',
  period: 'month',
  asOf: '2026-12-01',
  totals: {
    ...counts({
      received: 7,
      issued: 3,
      issuedSigned: 2,
      completedWithDeadline: 4,
      completedOnTime: 3,
      onTimeRate: 0.75,
      electronicRate: 0.5,
      signedRate: 2 / 3,
    }),
    overdueNow: 3,
  },
  series: [
    {
      key: '2025-01',
      start: '2025-01-01',
      end: '2025-01-31',
      ...counts({ received: 2, issued: 1, onTimeRate: 1, electronicRate: 0.5, signedRate: 0 }),
    },
    {
      key: '2025-02',
      start: '2025-02-01',
      end: '2025-02-28',
      ...counts({ received: 2, issued: 1, onTimeRate: 0.5, electronicRate: 1, signedRate: 1 }),
    },
    { key: '2025-03', start: '2025-03-01', end: '2025-03-31', ...counts({ received: 3, issued: 1, electronicRate: 0, signedRate: 1 }) },
  ],
};

const paramsOf = (r: TestRequest) => Object.fromEntries(r.request.params.keys().map((k) => [k, r.request.params.get(k)]));

describe('dashboard statistics', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  verifyHttpAfterEach();

  it('offers the organisations the user may see, whole or only their own unit', () => {
    expect(dashboardOrganisations(LEADER_AND_HEAD.roles)).toEqual([
      { id: 'qn-stc', name: 'Sở Tài chính tỉnh Quảng Ninh', whole: true, units: [] },
      { id: 'qn-snv', name: 'Sở Nội vụ tỉnh Quảng Ninh', whole: false, units: [{ id: 'snv-tcbc', name: 'Phòng Tổ chức biên chế' }] },
    ]);
    expect(['2025-03', '2025-Q1', '2025-W09'].map(periodLabel)).toEqual(['03/2025', 'Q1/2025', 'W09/2025']);
  });

  describe('the card', () => {
    let fixture: ComponentFixture<DashboardStats>;
    let el: HTMLElement;
    beforeEach(async () => {
      vi.spyOn(TestBed.inject(AuthService), 'me').mockReturnValue(LEADER_AND_HEAD);
      fixture = TestBed.createComponent(DashboardStats);
      el = fixture.nativeElement;
      fixture.detectChanges();
      http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
    });

    it('shows the KPI tiles and both charts for the first organisation, then narrows to a unit and a period', async () => {
      const first = http.expectOne((r) => r.url === '/api/dashboard');
      const params = paramsOf(first);
      expect(params).toMatchObject({ organisationId: 'qn-stc', period: 'month' });
      expect(params['unitId']).toBeUndefined();
      expect(params['to']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(params['from']).toMatch(/^\d{4}-\d{2}-01$/);
      first.flush(REPORT);
      await fixture.whenStable();

      expect(text(el, '[data-testid="dash-caption"]')).toContain(
        'Sở Tài chính tỉnh Quảng Ninh — từ 01/01/2025 đến 31/03/2025; quá hạn tính đến ngày 01/12/2026',
      );
      const kpi = (id: string) => text(el, `[data-testid="kpi-${id}"] .kpi-value`);
      expect(['received', 'issued', 'on-time', 'overdue', 'electronic', 'signed'].map(kpi)).toEqual(['7', '3', '75%', '3', '50%', '66,7%']);
      expect(text(el, '[data-testid="kpi-on-time"]')).toContain('3/4 việc có hạn đã hoàn thành');
      expect(text(el, '[data-testid="kpi-signed"]')).toContain('2/3 văn bản đi có chữ ký số');
      expect(q(el, '[data-testid="kpi-overdue"]').classList).toContain('kpi-alert');

      const bars = Array.from(el.querySelectorAll('[data-testid="chart-volume"] [data-testid="chart-bar"]'));
      expect(bars.map((b) => `${b.getAttribute('data-series')}:${b.getAttribute('data-value')}`)).toEqual([
        'Đến:2',
        'Đến:2',
        'Đến:3',
        'Đi:1',
        'Đi:1',
        'Đi:1',
      ]);
      expect(Array.from(el.querySelectorAll('[data-testid="chart-volume"] [data-testid="chart-label"]')).map((l) => l.textContent)).toEqual(
        ['01/2025', '02/2025', '03/2025'],
      );
      // Rates in percent; March has no completion with a deadline, so the on-time line has no point there.
      const points = Array.from(el.querySelectorAll('[data-testid="chart-rates"] [data-testid="chart-point"]'));
      expect(points.filter((p) => p.getAttribute('data-series') === 'Đúng hạn').map((p) => p.getAttribute('data-value'))).toEqual([
        '100',
        '50',
      ]);
      expect(points.filter((p) => p.getAttribute('data-series') === 'Điện tử').map((p) => p.getAttribute('data-value'))).toEqual([
        '50',
        '100',
        '0',
      ]);

      // Active units of the organisation, after "whole organisation".
      expect(Array.from(el.querySelectorAll('[data-testid="dash-unit"] option')).map((o) => o.textContent!.trim())).toEqual([
        'Toàn cơ quan',
        'Phòng Quản lý ngân sách',
        'Phòng HCSN',
      ]);
      choose(el, '[data-testid="dash-unit"]', 'stc-qlns');
      const byUnit = http.expectOne((r) => r.url === '/api/dashboard');
      expect(paramsOf(byUnit)).toMatchObject({ organisationId: 'qn-stc', unitId: 'stc-qlns', period: 'month' });
      byUnit.flush({ ...REPORT, unitId: 'stc-qlns', unitName: 'Phòng Quản lý ngân sách' });
      await fixture.whenStable();
      expect(text(el, '[data-testid="dash-caption"]')).toContain('Phòng Quản lý ngân sách — từ');

      choose(el, '[data-testid="dash-period"]', 'quarter');
      const byQuarter = http.expectOne((r) => r.url === '/api/dashboard');
      expect(paramsOf(byQuarter)).toMatchObject({ unitId: 'stc-qlns', period: 'quarter' });
      byQuarter.flush({ ...REPORT, period: 'quarter', series: [] });
      await fixture.whenStable();
      expect(el.querySelector('[data-testid="chart-volume"]')).toBeNull();
      expect(el.textContent).toContain('Không có dữ liệu trong khoảng thời gian này.');
    });

    it('gives a unit head only his unit, and shows a refusal plainly', async () => {
      http.expectOne((r) => r.url === '/api/dashboard').flush(REPORT);
      await fixture.whenStable();
      choose(el, '[data-testid="dash-organisation"]', 'qn-snv');
      await fixture.whenStable();
      expect(Array.from(el.querySelectorAll('[data-testid="dash-unit"] option')).map((o) => o.textContent!.trim())).toEqual([
        'Phòng Tổ chức biên chế',
      ]);
      const req = http.expectOne((r) => r.url === '/api/dashboard');
      expect(paramsOf(req)).toMatchObject({ organisationId: 'qn-snv', unitId: 'snv-tcbc' });
      req.flush(problem(422, 'dashboard.bad_range', 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc', '"from" must not be after "to"'), {
        status: 422,
        statusText: 'Unprocessable',
        headers: PROBLEM_HEADERS,
      });
      await fixture.whenStable();
      expect(text(el, '[data-testid="dash-error"]')).toContain('Ngày bắt đầu phải trước');
      expect(el.querySelector('[data-testid="kpi-received"]')).toBeNull();
    });
  });

  it('is on the dashboard page of those who may see it, below the welcome line and roles', async () => {
    const auth = TestBed.inject(AuthService);
    const me = vi.spyOn(auth, 'me').mockReturnValue({
      ...ME_CLERK,
      roles: [grant('g1', 'CHUYEN_VIEN', 'qn-stc', 'Sở Tài chính tỉnh Quảng Ninh', 'stc-qlns', 'Phòng QLNS')],
    });
    const specialist = TestBed.createComponent(DashboardPage);
    await specialist.whenStable();
    expect(specialist.nativeElement.querySelector('[data-testid="welcome"]')).not.toBeNull();
    expect(specialist.nativeElement.querySelector('[data-testid="dashboard-stats"]')).toBeNull();

    me.mockReturnValue(ME_CLERK);
    const clerk = TestBed.createComponent(DashboardPage);
    clerk.detectChanges();
    const page: HTMLElement = clerk.nativeElement;
    expect(page.querySelector('[data-testid="welcome"]')!.textContent).toContain('Nguyễn Thị Văn');
    expect(page.querySelector('[data-testid="my-roles"]')).not.toBeNull();
    expect(page.querySelector('[data-testid="dashboard-stats"]')).not.toBeNull();
    http.expectOne('/api/organisations').flush({ items: [] });
    expect(paramsOf(http.expectOne((r) => r.url === '/api/dashboard'))).toMatchObject({ organisationId: 'qn-vpubnd' });
  });
});
