import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { legalHold } from '../testing/records-fixtures';
import { q, text, type } from '../testing/dom';
import { httpTestBed, verifyHttpAfterEach } from '../testing/http';
import { type HoldTarget, LegalHoldsPanel } from './legal-holds-panel';

describe('LegalHoldsPanel', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<LegalHoldsPanel>;
  let el: HTMLElement;
  let changed: number;

  const render = async (target: HoldTarget) => {
    fixture = TestBed.createComponent(LegalHoldsPanel);
    changed = 0;
    fixture.componentInstance.changed.subscribe(() => changed++);
    fixture.componentRef.setInput('target', target);
    el = fixture.nativeElement;
    await fixture.whenStable();
  };
  const click = async (testid: string) => {
    q<HTMLButtonElement>(el, `[data-testid="${testid}"]`).click();
    await fixture.whenStable();
  };

  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it('on a document page: lists the holds over it and lets an archivist place a hold on the document', async () => {
    await render({ documentKind: 'OUTGOING', documentId: 'out1' });
    await click('holds-load');
    http.expectOne('/api/legal-holds?documentKind=OUTGOING&documentId=out1').flush({ items: [], mayManage: true });
    await fixture.whenStable();
    expect(text(el, '[data-testid="hold-none"]')).toBe('Văn bản không bị phong toả.');
    expect(text(el, '[data-testid="hold-place"]')).toBe('Phong toả văn bản');
    await click('hold-place');
    expect(q<HTMLButtonElement>(el, '[data-testid="hold-submit"]').disabled).toBe(true);
    type(el, '[data-testid="hold-reason"]', 'Vụ án đang điều tra ');
    await fixture.whenStable();
    await click('hold-submit');
    const placed = http.expectOne('/api/legal-holds');
    expect(placed.request.body).toEqual({ scope: 'DOCUMENT', documentKind: 'OUTGOING', documentId: 'out1', reason: 'Vụ án đang điều tra' });
    placed.flush(legalHold());
    expect(changed).toBe(1);
    http.expectOne('/api/legal-holds?documentKind=OUTGOING&documentId=out1').flush({ items: [legalHold()], mayManage: true });
    await fixture.whenStable();
    expect(text(el, '[data-testid="hold"]')).toContain('Phong toả văn bản — Vụ án đang điều tra');
    expect(text(el, '[data-testid="hold"]')).toContain('Người phong toả: Tạ Thị Hồng, lúc 01/12/2026 09:00');
    expect(text(el, '[data-testid="hold-active"]')).toBe('Đang phong toả: không được di chuyển, hủy, xóa hay sửa đổi.');
    // Its own hold exists: no second one offered, lifting is.
    expect(el.querySelector('[data-testid="hold-place"]')).toBeNull();
    expect(el.querySelector('[data-testid="hold-lift"]')).not.toBeNull();
  });

  it('on a case file, to a reader: the holds over it (its organisation’s year too), with nothing to place or lift', async () => {
    await render({ caseFileId: 'cf1' });
    await click('holds-load');
    http
      .expectOne('/api/legal-holds?caseFileId=cf1')
      .flush({ items: [legalHold({ id: 'h2', scope: 'ORGANISATION_YEAR', year: 2025, reason: 'Thanh tra năm 2025' })], mayManage: false });
    await fixture.whenStable();
    expect(text(el, '[data-testid="hold"][data-scope="ORGANISATION_YEAR"]')).toContain(
      'Phong toả toàn bộ năm 2025 của cơ quan — Thanh tra năm 2025',
    );
    expect(el.querySelector('[data-testid="hold-lift"]')).toBeNull();
    expect(el.querySelector('[data-testid="hold-place"]')).toBeNull();
  });

  it('on a case file, to an archivist: places a case-file hold beside the year’s, lifts one with a reason, shows a refusal', async () => {
    await render({ caseFileId: 'cf1' });
    await click('holds-load');
    const yearHold = legalHold({ id: 'h2', scope: 'ORGANISATION_YEAR', year: 2025 });
    http.expectOne('/api/legal-holds?caseFileId=cf1').flush({ items: [yearHold], mayManage: true });
    await fixture.whenStable();
    // The year's hold is not the case file's own: placing one is still offered.
    expect(text(el, '[data-testid="hold-place"]')).toBe('Phong toả hồ sơ');

    await click('hold-lift');
    expect(q<HTMLButtonElement>(el, '[data-testid="lift-submit"]').disabled).toBe(true);
    type(el, '[data-testid="lift-reason"]', 'Kết thúc thanh tra');
    await fixture.whenStable();
    await click('lift-submit');
    const lift = http.expectOne({ method: 'POST', url: '/api/legal-holds/h2/lift' });
    expect(lift.request.body).toEqual({ reason: 'Kết thúc thanh tra' });
    lift.flush(problem(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', 'Only the organisation’s archivists'), {
      status: 403,
      statusText: 'Forbidden',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Bạn không có quyền thực hiện thao tác này');
    expect(changed).toBe(0);

    await click('lift-submit');
    http.expectOne('/api/legal-holds/h2/lift').flush({});
    expect(changed).toBe(1);
    http.expectOne('/api/legal-holds?caseFileId=cf1').flush({ items: [], mayManage: true });
    await fixture.whenStable();
    expect(text(el, '[data-testid="hold-none"]')).toBe('Hồ sơ không bị phong toả.');
    expect(el.querySelector('vt-problem-message')).toBeNull();
  });
});
