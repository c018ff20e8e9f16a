import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { q, text } from '../testing/dom';
import { httpTestBed, verifyHttpAfterEach } from '../testing/http';
import { DocumentViews } from './document-views';

describe('DocumentViews', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<DocumentViews>;
  let el: HTMLElement;

  const render = async (kind: 'incoming' | 'outgoing', documentId: string) => {
    fixture = TestBed.createComponent(DocumentViews);
    fixture.componentRef.setInput('kind', kind);
    fixture.componentRef.setInput('documentId', documentId);
    el = fixture.nativeElement;
    await fixture.whenStable();
    // Nothing is read until asked for.
    http.expectNone(() => true);
    q<HTMLButtonElement>(el, '[data-testid="views-load"]').click();
  };
  const fail = (status: number, code: string, title: string) =>
    http
      .expectOne('/api/incoming/in1/views')
      .flush(problem(status, code, title, code), { status, statusText: 'Error', headers: PROBLEM_HEADERS });

  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it('on request, lists who opened or downloaded the document, when, what and from where', async () => {
    await render('outgoing', 'out1');
    http.expectOne('/api/outgoing/out1/views').flush({
      items: [
        { at: '2026-12-01T02:30:00Z', userId: 'u1', userName: 'Nguyễn Thị Văn', fileId: null, what: 'PAGE', ip: '10.0.0.5' },
        { at: '2026-12-01T03:00:00Z', userId: 'u2', userName: 'Đặng Thị Hương', fileId: 'f1', what: 'SIGNED', ip: null },
      ],
    });
    await fixture.whenStable();
    const rows = Array.from(el.querySelectorAll('[data-testid="view-row"]')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()),
    );
    expect(rows).toEqual([
      ['01/12/2026 09:30', 'Nguyễn Thị Văn', 'Mở trang văn bản', '10.0.0.5'],
      ['01/12/2026 10:00', 'Đặng Thị Hương', 'Tải bản đã ký', ''],
    ]);
    expect(el.querySelector('[data-testid="views-load"]')).toBeNull();
  });

  it('says when nobody has viewed it yet', async () => {
    await render('incoming', 'in1');
    http.expectOne('/api/incoming/in1/views').flush({ items: [] });
    await fixture.whenStable();
    expect(text(el, '.empty')).toBe('Chưa có lượt xem nào được ghi nhận.');
  });

  it('tells someone refused who may read the history, and shows any other failure', async () => {
    await render('incoming', 'in1');
    fail(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này');
    await fixture.whenStable();
    expect(text(el, '[data-testid="views-not-allowed"]')).toBe('Chỉ văn thư và lãnh đạo cơ quan xem được lịch sử xem.');
    expect(el.querySelector('vt-problem-message')).toBeNull();

    await render('incoming', 'in1');
    fail(500, 'internal', 'Lỗi hệ thống');
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Lỗi hệ thống');
  });
});
