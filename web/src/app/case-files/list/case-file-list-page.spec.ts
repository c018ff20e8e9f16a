import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { caseFileSummary } from '../../testing/case-file-fixtures';
import { choose, q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { CaseFileListPage } from './case-file-list-page';

describe('CaseFileListPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CaseFileListPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [CaseFileListPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CaseFileListPage);
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('lists case files with retention, status and the due-for-transfer badge, and filters by year, unit and status', async () => {
    const closed = caseFileSummary({
      id: 'cf2',
      status: 'CLOSED',
      retentionYears: 20,
      maintenance: '20 năm',
      endDate: '2025-03-31',
      transfer: { dueDate: '2026-03-31', state: 'OVERDUE' },
      docTotal: 3,
    });
    http
      .expectOne((r) => r.url === '/api/case-files' && r.params.keys().length === 0)
      .flush({ items: [caseFileSummary(), closed], total: 2 });
    await settle();
    const rows = el.querySelectorAll('[data-testid="case-file-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Vĩnh viễn');
    expect(rows[0].querySelector('[data-testid="transfer-badge"]')).toBeNull();
    expect(q(rows[1] as HTMLElement, '[data-testid="transfer-badge"]').getAttribute('data-state')).toBe('OVERDUE');
    expect(q(rows[1] as HTMLElement, '[data-testid="transfer-badge"]').textContent).toContain('31/03/2026');
    expect(rows[1].textContent).toContain('Quá hạn nộp lưu');
    expect(q<HTMLAnchorElement>(rows[1] as HTMLElement, 'a').getAttribute('href')).toBe('/case-files/cf2');
    expect(text(el, '[data-testid="case-file-total"]')).toBe('2 hồ sơ');
    expect(q<HTMLAnchorElement>(el, '[data-testid="case-file-catalogue-pdf"]').getAttribute('href')).toBe(
      '/api/case-files/catalogue.pdf?year=2025',
    );

    const year = q<HTMLInputElement>(el, '[data-testid="case-file-filter-year"]');
    year.value = '2025';
    year.dispatchEvent(new Event('input'));
    choose(el, '[data-testid="case-file-filter-unit"]', 'snv-tcbc');
    choose(el, '[data-testid="case-file-filter-status"]', 'CLOSED');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="case-file-filter-submit"]').click();
    await settle();
    const req = http.expectOne((r) => r.url === '/api/case-files');
    expect(req.request.params.get('year')).toBe('2025');
    expect(req.request.params.get('unitId')).toBe('snv-tcbc');
    expect(req.request.params.get('status')).toBe('CLOSED');
    req.flush({ items: [], total: 0 });
    await settle();
    expect(text(el, '[data-testid="case-file-empty"]')).toBe('Không có hồ sơ nào.');
  });
});
