import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { caseFileSummary } from '../../testing/case-file-fixtures';
import { q, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { DispositionPage } from './disposition-page';

describe('DispositionPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<DispositionPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [DispositionPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DispositionPage);
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('lists files past retention with the approvals given, and links the PDF and Excel for the chosen day', async () => {
    const item = {
      ...caseFileSummary({
        status: 'TRANSFERRED',
        retentionYears: 10,
        maintenance: '10 năm',
        endDate: '2014-12-31',
        disposalReviewDate: '2024-12-31',
      }),
      approvals: [
        {
          capacity: 'ARCHIVIST' as const,
          user: { id: 'u', fullName: 'Tạ Thị Hồng' },
          reason: 'Hết giá trị',
          approvedAt: '2026-11-20T02:00:00Z',
        },
      ],
    };
    http
      .expectOne((r) => r.url === '/api/case-files/disposition' && !r.params.has('asOf'))
      .flush({ organisationId: 'qn-snv', organisationName: 'Sở Nội vụ', asOf: '2026-12-01', items: [item] });
    await settle();
    const row = q(el, '[data-testid="disposition-row"]');
    expect(row.getAttribute('data-approvals')).toBe('1');
    expect(q(row, '[data-testid="disposition-approval"]').textContent).toContain('Lưu trữ: Tạ Thị Hồng');

    type(el, '[data-testid="disposition-as-of"]', '2025-06-30');
    await settle();
    expect(q<HTMLAnchorElement>(el, '[data-testid="disposition-pdf"]').getAttribute('href')).toBe(
      '/api/case-files/disposition.pdf?asOf=2025-06-30',
    );
    expect(q<HTMLAnchorElement>(el, '[data-testid="disposition-xlsx"]').getAttribute('href')).toBe(
      '/api/case-files/disposition.xlsx?asOf=2025-06-30',
    );
    q<HTMLButtonElement>(el, '[data-testid="disposition-show"]').click();
    await settle();
    http
      .expectOne((r) => r.url === '/api/case-files/disposition' && r.params.get('asOf') === '2025-06-30')
      .flush({ organisationId: 'qn-snv', organisationName: 'Sở Nội vụ', asOf: '2025-06-30', items: [] });
    await settle();
    expect(el.querySelector('[data-testid="disposition-empty"]')).not.toBeNull();
  });
});
