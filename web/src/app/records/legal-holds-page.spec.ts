import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { legalHold } from '../testing/records-fixtures';
import { choose, q, text, type } from '../testing/dom';
import { verifyHttpAfterEach } from '../testing/http';
import { LegalHoldsPage } from './legal-holds-page';

const ORGS = [
  { id: 'qn-snv', name: 'Sở Nội vụ tỉnh Quảng Ninh' },
  { id: 'qn-stc', name: 'Sở Tài chính tỉnh Quảng Ninh' },
];

describe('LegalHoldsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<LegalHoldsPage>;
  let el: HTMLElement;

  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LegalHoldsPage);
    el = fixture.nativeElement;
    fixture.detectChanges();
  });
  verifyHttpAfterEach();

  it('every hold of the organisation, a year placed with a reason, one lifted with a reason', async () => {
    http.expectOne('/api/legal-holds/organisations').flush({ items: [ORGS[0]] });
    http.expectOne('/api/legal-holds?organisationId=qn-snv').flush({
      items: [legalHold({ liftedAt: '2026-12-03T02:00:00Z', liftedByName: 'Quản trị', liftReason: 'Đình chỉ điều tra' })],
      mayManage: true,
    });
    await fixture.whenStable();
    const lifted = q(el, '[data-testid="hold-row"]');
    expect(lifted.getAttribute('data-lifted')).toBe('true');
    expect(lifted.textContent).toContain('Đã gỡ: Quản trị, lúc 03/12/2026 09:00 — Đình chỉ điều tra');
    expect(lifted.querySelector('a')?.getAttribute('href')).toBe('/incoming/in1');
    expect(lifted.querySelector('[data-testid="hold-lift"]')).toBeNull();

    type(el, '[data-testid="hold-year"]', '2025');
    type(el, '[data-testid="hold-reason"]', 'Kiểm toán năm 2025');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="hold-submit"]').click();
    const placed = http.expectOne('/api/legal-holds');
    expect(placed.request.body).toEqual({ scope: 'ORGANISATION_YEAR', organisationId: 'qn-snv', year: 2025, reason: 'Kiểm toán năm 2025' });
    placed.flush(legalHold({ id: 'h2', scope: 'ORGANISATION_YEAR', year: 2025 }));
    const yearHold = legalHold({
      id: 'h2',
      scope: 'ORGANISATION_YEAR',
      year: 2025,
      documentKind: null,
      documentId: null,
      reason: 'Kiểm toán năm 2025',
    });
    http.expectOne('/api/legal-holds?organisationId=qn-snv').flush({ items: [yearHold], mayManage: true });
    await fixture.whenStable();
    const row = q(el, '[data-testid="hold-row"][data-scope="ORGANISATION_YEAR"]');
    expect(row.textContent).toContain('Phong toả toàn bộ năm 2025 của cơ quan');
    expect(row.textContent).toContain('Đang phong toả');
    // A whole year has no page of its own to open.
    expect(row.querySelector('a')).toBeNull();
    expect(q<HTMLInputElement>(el, '[data-testid="hold-reason"]').value).toBe('');

    q<HTMLButtonElement>(el, '[data-testid="hold-lift"]').click();
    await fixture.whenStable();
    type(el, '[data-testid="lift-reason"]', 'Kết thúc kiểm toán');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="lift-submit"]').click();
    const lift = http.expectOne('/api/legal-holds/h2/lift');
    expect(lift.request.body).toEqual({ reason: 'Kết thúc kiểm toán' });
    lift.flush(problem(409, 'legal_hold.lifted', 'Lệnh phong toả này đã được gỡ', 'lifted'), {
      status: 409,
      statusText: 'Conflict',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();
    expect(el.textContent).toContain('Lệnh phong toả này đã được gỡ');
  });

  it('switching organisation shows that organisation’s holds, a case file’s with a link to it', async () => {
    http.expectOne('/api/legal-holds/organisations').flush({ items: ORGS });
    http.expectOne('/api/legal-holds?organisationId=qn-snv').flush({ items: [], mayManage: true });
    await fixture.whenStable();
    expect(text(el, '[data-testid="holds-empty"]')).toBe('Cơ quan chưa có lệnh phong toả nào.');
    expect(q<HTMLButtonElement>(el, '[data-testid="hold-submit"]').disabled).toBe(true);

    choose(el, '[data-testid="hold-organisation"]', 'qn-stc');
    http.expectOne('/api/legal-holds?organisationId=qn-stc').flush({
      items: [legalHold({ scope: 'CASE_FILE', organisationId: 'qn-stc', caseFileId: 'cf9', documentKind: null, documentId: null })],
      mayManage: true,
    });
    await fixture.whenStable();
    const row = q(el, '[data-testid="hold-row"]');
    expect(row.textContent).toContain('Phong toả hồ sơ');
    expect(row.querySelector('a')?.getAttribute('href')).toBe('/case-files/cf9');
  });

  it('tells someone who manages no organisation’s holds', async () => {
    http.expectOne('/api/legal-holds/organisations').flush({ items: [] });
    await fixture.whenStable();
    expect(text(el, '[data-testid="holds-no-organisations"]')).toBe('Bạn không quản lý phong toả của cơ quan nào.');
    expect(el.querySelector('[data-testid="year-hold-form"]')).toBeNull();
  });
});
