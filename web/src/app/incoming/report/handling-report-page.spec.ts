import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { choose, q, text, type } from '../../testing/dom';
import { ME_CLERK } from '../../testing/fixtures';
import { verifyHttpAfterEach } from '../../testing/http';
import { HandlingReportPage, type HandlingReport } from './handling-report-page';

const grant = (id: string, role: 'LANH_DAO_CO_QUAN' | 'VAN_THU', organisationId: string, organisationName: string) => ({
  id,
  role,
  organisationId,
  organisationName,
  unitId: null,
  unitName: null,
});

const REPORT: HandlingReport = {
  organisationId: 'qn-stc',
  organisationName: 'Sở Tài chính tỉnh Quảng Ninh',
  shortName: 'STC',
  from: '2026-01-01',
  to: '2026-06-30',
  asOf: '2026-11-25',
  items: [
    { unitId: 'qn-stc-ns', unitName: 'Phòng Ngân sách', received: 5, completedOnTime: 3, completedLate: 1, openOverdue: 1, openInTime: 0 },
    { unitId: 'qn-stc-vp', unitName: 'Văn phòng Sở', received: 2, completedOnTime: 1, completedLate: 0, openOverdue: 0, openInTime: 1 },
  ],
  total: { received: 7, completedOnTime: 4, completedLate: 1, openOverdue: 1, openInTime: 1 },
};

describe('HandlingReportPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<HandlingReportPage>;
  let el: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [HandlingReportPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    vi.spyOn(TestBed.inject(AuthService), 'me').mockReturnValue({
      ...ME_CLERK,
      roles: [
        grant('g1', 'VAN_THU', 'qn-vpubnd', 'Văn phòng UBND tỉnh'),
        grant('g2', 'LANH_DAO_CO_QUAN', 'qn-stc', 'Sở Tài chính tỉnh Quảng Ninh'),
        grant('g3', 'LANH_DAO_CO_QUAN', 'qn-sxd', 'Sở Xây dựng'),
      ],
    });
    fixture = TestBed.createComponent(HandlingReportPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
  });

  verifyHttpAfterEach();

  it('offers the leader organisations, shows the per-unit counts and links the PDF and Excel files for the chosen range', async () => {
    const options = Array.from(el.querySelectorAll<HTMLOptionElement>('[data-testid="report-org"] option')).map((o) =>
      o.textContent!.trim(),
    );
    expect(options).toEqual(['Sở Tài chính tỉnh Quảng Ninh', 'Sở Xây dựng']);
    const first = http.expectOne((r) => r.url === '/api/reports/handling');
    expect(first.request.params.get('organisationId')).toBe('qn-stc');
    expect(first.request.params.get('from')).toMatch(/^\d{4}-01-01$/);
    first.flush(REPORT);
    await fixture.whenStable();

    const rows = Array.from(el.querySelectorAll('[data-testid="report-row"]'));
    expect(rows).toHaveLength(2);
    expect(Array.from(rows[0].querySelectorAll('td')).map((td) => td.textContent!.trim())).toEqual([
      'Phòng Ngân sách',
      '5',
      '3',
      '1',
      '0',
      '1',
    ]);
    expect(text(el, '[data-testid="report-total"]')).toContain('Tổng cộng');
    expect(text(el, '[data-testid="report-caption"]')).toContain('25/11/2026');

    // Another organisation and range: the table reloads and the downloads follow the criteria.
    type(el, '[data-testid="report-from"]', '2026-01-01');
    type(el, '[data-testid="report-to"]', '2026-06-30');
    choose(el, '[data-testid="report-org"]', 'qn-sxd');
    const again = http.expectOne((r) => r.url === '/api/reports/handling');
    expect(Object.fromEntries(again.request.params.keys().map((k) => [k, again.request.params.get(k)]))).toEqual({
      organisationId: 'qn-sxd',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    again.flush({ ...REPORT, organisationId: 'qn-sxd', organisationName: 'Sở Xây dựng', items: [] });
    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="report-row"]')).toHaveLength(0);
    expect(q<HTMLAnchorElement>(el, '[data-testid="report-pdf"]').getAttribute('href')).toBe(
      '/api/reports/handling.pdf?organisationId=qn-sxd&from=2026-01-01&to=2026-06-30',
    );
    expect(q<HTMLAnchorElement>(el, '[data-testid="report-xlsx"]').getAttribute('href')).toBe(
      '/api/reports/handling.xlsx?organisationId=qn-sxd&from=2026-01-01&to=2026-06-30',
    );
  });
});
