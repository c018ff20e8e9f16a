import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { q, text, type } from '../testing/dom';
import { verifyHttpAfterEach } from '../testing/http';
import { LegalHoldsPage } from './legal-holds-page';
import { LegalHoldsPanel } from './legal-holds-panel';

const hold = (over: object = {}) => ({
  id: 'h1',
  scope: 'DOCUMENT',
  organisationId: 'qn-snv',
  caseFileId: null,
  documentKind: 'INCOMING',
  documentId: 'in1',
  year: null,
  reason: 'Vụ án đang điều tra',
  placedAt: '2026-12-01T02:00:00Z',
  placedByName: 'Tạ Thị Hồng',
  liftedAt: null,
  liftedByName: null,
  liftReason: null,
  ...over,
});

describe('legal holds', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  verifyHttpAfterEach();

  it('on a document page: lists the holds over it and lets an archivist place a hold on the document', async () => {
    const fixture = TestBed.createComponent(LegalHoldsPanel);
    fixture.componentRef.setInput('target', { documentKind: 'OUTGOING', documentId: 'out1' });
    const el: HTMLElement = fixture.nativeElement;
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="holds-load"]').click();
    http.expectOne('/api/legal-holds?documentKind=OUTGOING&documentId=out1').flush({ items: [], mayManage: true });
    await fixture.whenStable();
    expect(text(el, '[data-testid="hold-none"]')).toBe('Văn bản không bị phong toả.');
    q<HTMLButtonElement>(el, '[data-testid="hold-place"]').click();
    await fixture.whenStable();
    type(el, '[data-testid="hold-reason"]', 'Vụ án đang điều tra');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="hold-submit"]').click();
    const placed = http.expectOne('/api/legal-holds');
    expect(placed.request.body).toEqual({ scope: 'DOCUMENT', documentKind: 'OUTGOING', documentId: 'out1', reason: 'Vụ án đang điều tra' });
    placed.flush(hold({ documentKind: 'OUTGOING', documentId: 'out1' }));
    http.expectOne('/api/legal-holds?documentKind=OUTGOING&documentId=out1').flush({ items: [hold()], mayManage: true });
    await fixture.whenStable();
    expect(text(el, '[data-testid="hold"]')).toContain('Phong toả văn bản — Vụ án đang điều tra');
    // Its own hold exists: no second one offered, lifting is.
    expect(el.querySelector('[data-testid="hold-place"]')).toBeNull();
    expect(el.querySelector('[data-testid="hold-lift"]')).not.toBeNull();
  });

  it('the organisation-year screen: every hold of the organisation, a year placed with a reason, one lifted with a reason', async () => {
    const fixture = TestBed.createComponent(LegalHoldsPage);
    const el: HTMLElement = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne('/api/legal-holds/organisations').flush({ items: [{ id: 'qn-snv', name: 'Sở Nội vụ tỉnh Quảng Ninh' }] });
    http.expectOne('/api/legal-holds?organisationId=qn-snv').flush({
      items: [hold({ liftedAt: '2026-12-03T02:00:00Z', liftedByName: 'Quản trị', liftReason: 'Đình chỉ điều tra' })],
      mayManage: true,
    });
    await fixture.whenStable();
    const lifted = q(el, '[data-testid="hold-row"]');
    expect(lifted.getAttribute('data-lifted')).toBe('true');
    expect(lifted.textContent).toContain('Đã gỡ: Quản trị');
    expect(lifted.querySelector('a')?.getAttribute('href')).toBe('/incoming/in1');

    type(el, '[data-testid="hold-year"]', '2025');
    type(el, '[data-testid="hold-reason"]', 'Kiểm toán năm 2025');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="hold-submit"]').click();
    const placed = http.expectOne('/api/legal-holds');
    expect(placed.request.body).toEqual({ scope: 'ORGANISATION_YEAR', organisationId: 'qn-snv', year: 2025, reason: 'Kiểm toán năm 2025' });
    placed.flush(hold({ id: 'h2', scope: 'ORGANISATION_YEAR', year: 2025 }));
    const yearHold = hold({
      id: 'h2',
      scope: 'ORGANISATION_YEAR',
      year: 2025,
      documentKind: null,
      documentId: null,
      reason: 'Kiểm toán năm 2025',
    });
    http.expectOne('/api/legal-holds?organisationId=qn-snv').flush({ items: [yearHold], mayManage: true });
    await fixture.whenStable();
    expect(text(el, '[data-testid="hold-row"][data-scope="ORGANISATION_YEAR"]')).toContain('Phong toả toàn bộ năm 2025 của cơ quan');

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

  it('tells someone who manages no organisation’s holds', async () => {
    const fixture = TestBed.createComponent(LegalHoldsPage);
    fixture.detectChanges();
    http.expectOne('/api/legal-holds/organisations').flush({ items: [] });
    await fixture.whenStable();
    expect(text(fixture.nativeElement, '[data-testid="holds-no-organisations"]')).toBe('Bạn không quản lý phong toả của cơ quan nào.');
  });
});
