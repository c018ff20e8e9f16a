import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { choose, q, text, type } from '../../testing/dom';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { ROUTING, assignment, processingDoc } from '../../testing/incoming-fixtures';
import type { Assignment } from '../incoming.models';
import { ActionDialog, type SimpleAction } from './action-dialog';

describe('ActionDialog', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ActionDialog>;
  let el: HTMLElement;
  let done: number;
  let cancelled: number;

  async function open(action: SimpleAction, on: Assignment | null = null): Promise<void> {
    fixture = TestBed.createComponent(ActionDialog);
    fixture.componentRef.setInput('documentId', 'd1');
    fixture.componentRef.setInput('action', action);
    fixture.componentRef.setInput('assignmentId', on?.id ?? null);
    fixture.componentRef.setInput('assignment', on);
    done = 0;
    cancelled = 0;
    fixture.componentInstance.done.subscribe(() => done++);
    fixture.componentInstance.cancelled.subscribe(() => cancelled++);
    el = fixture.nativeElement;
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    q<HTMLButtonElement>(el, '[data-testid="dialog-submit"]').click();
    await fixture.whenStable();
  }

  const errors = () => Array.from(el.querySelectorAll('.field-error')).map((e) => e.textContent?.trim());

  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it('Trình lãnh đạo: offers the leaders, needs one, and leaves an empty note out', async () => {
    await open('submit');
    expect(q<HTMLButtonElement>(el, '[data-testid="dialog-submit"]').disabled).toBe(true);
    http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
    await fixture.whenStable();
    expect(text(el, '[data-testid="dialog-submit"]')).toBe('Trình lãnh đạo');
    expect(Array.from(el.querySelectorAll('[data-testid="dialog-leader"] option')).map((o) => o.textContent?.trim())).toEqual([
      '— Chọn lãnh đạo —',
      'Trần Văn Lãnh — Phó Chủ tịch',
    ]);
    await submit();
    expect(errors()).toEqual(['Vui lòng chọn một mục.']);

    choose(el, '[data-testid="dialog-leader"]', 'u-ld');
    await submit();
    const req = http.expectOne('/api/incoming/d1/submit');
    expect(req.request.body).toEqual({ leaderId: 'u-ld' });
    req.flush(processingDoc());
    await fixture.whenStable();
    expect(done).toBe(1);
  });

  it('Giao chuyên viên: only the specialists of the unit the assignment went to, with deadline and note', async () => {
    const a1 = assignment({ id: 'a1', unit: { id: 'qn-vp-kt', name: 'Phòng Kinh tế' } });
    await open('delegate', a1);
    http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
    await fixture.whenStable();
    expect(Array.from(el.querySelectorAll('[data-testid="dialog-user"] option')).map((o) => o.textContent?.trim())).toEqual([
      '— Chọn chuyên viên —',
      'Hoàng Thị Kinh — Chuyên viên',
    ]);
    choose(el, '[data-testid="dialog-user"]', 'u-cv2');
    type(el, '[data-testid="dialog-due-date"]', '2099-04-01');
    type(el, '[data-testid="dialog-note"]', ' Báo cáo trước ngày 01/4 ');
    await submit();
    const req = http.expectOne('/api/incoming/assignments/a1/delegate');
    expect(req.request.body).toEqual({ userId: 'u-cv2', dueDate: '2099-04-01', note: 'Báo cáo trước ngày 01/4' });
    req.flush({});
    await fixture.whenStable();
    expect(done).toBe(1);
  });

  it('a unit without specialists says so', async () => {
    await open('delegate', assignment({ id: 'a1', unit: { id: 'qn-vp-vx', name: 'Phòng Văn xã' } }));
    http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
    await fixture.whenStable();
    expect(text(el, '[data-testid="action-dialog"]')).toContain('Đơn vị chưa có chuyên viên nào.');
  });

  it('Gia hạn needs the new deadline and a reason before anything is sent', async () => {
    await open('extend', assignment({ id: 'a1' }));
    expect(text(el, 'label[for="dialog-due"]')).toBe('Hạn mới');
    await submit();
    expect(errors()).toEqual(['Vui lòng nhập thông tin này.', 'Vui lòng nhập thông tin này.']);
    type(el, '[data-testid="dialog-due-date"]', '2099-05-15');
    type(el, '[data-testid="dialog-reason"]', 'Chờ số liệu của Cục Thống kê');
    await submit();
    const req = http.expectOne('/api/incoming/assignments/a1/extend');
    expect(req.request.body).toEqual({ dueDate: '2099-05-15', reason: 'Chờ số liệu của Cục Thống kê' });
    req.flush({});
    await fixture.whenStable();
    expect(done).toBe(1);
  });

  it('Hoàn thành sends the result with its files as multipart', async () => {
    await open('complete', assignment({ id: 'a1' }));
    type(el, '[data-testid="dialog-result-note"]', 'Đã tham mưu văn bản trả lời');
    const input = q<HTMLInputElement>(el, '[data-testid="dialog-files"]');
    Object.defineProperty(input, 'files', { value: [new File(['%PDF'], 'bao-cao.pdf', { type: 'application/pdf' })], configurable: true });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(text(el, '[data-testid="action-dialog"]')).toContain('Đã chọn 1 tệp');
    await submit();
    const req = http.expectOne('/api/incoming/assignments/a1/complete');
    const form = req.request.body as FormData;
    expect(form.get('resultNote')).toBe('Đã tham mưu văn bản trả lời');
    expect((form.getAll('files') as File[]).map((f) => f.name)).toEqual(['bao-cao.pdf']);
    req.flush({});
    await fixture.whenStable();
    expect(done).toBe(1);
  });

  it("Trả lại văn thư: shows the server's refusal and stays open; Huỷ closes it", async () => {
    await open('return');
    type(el, '[data-testid="dialog-reason"]', 'Sai đơn vị nhận');
    await submit();
    http
      .expectOne('/api/incoming/d1/return')
      .flush(problem(409, 'incoming.wrong_status', 'Văn bản không ở trạng thái cho phép thao tác này', 'Wrong status'), {
        status: 409,
        statusText: 'Conflict',
        headers: PROBLEM_HEADERS,
      });
    await fixture.whenStable();
    expect(text(el, '[data-testid="dialog-error"]')).toBe('Văn bản không ở trạng thái cho phép thao tác này');
    expect(done).toBe(0);
    q<HTMLButtonElement>(el, '[data-testid="dialog-cancel"]').click();
    expect(cancelled).toBe(1);
  });
});
