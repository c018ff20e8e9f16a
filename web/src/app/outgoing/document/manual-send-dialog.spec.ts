import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { q, text, type } from '../../testing/dom';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { outgoingDoc } from '../../testing/outgoing-fixtures';
import { todayIso } from '../../incoming/shared/vt-date.pipe';
import type { ManualSend, OutgoingDocument, OutgoingRecipient } from '../outgoing.models';
import { ManualSendDialog } from './manual-send-dialog';

const recipient = (manual: ManualSend | null = null): OutgoingRecipient => ({
  id: 'r2',
  kind: 'EXTERNAL',
  organisationId: null,
  unitId: null,
  organCode: null,
  name: 'Công ty Than Hạ Long',
  delivery: {
    id: 'dl-2',
    status: manual ? 'SENT_MANUALLY' : 'AWAITING_MANUAL_SEND',
    incomingDocumentId: null,
    deliveredAt: null,
    manual,
  },
  exchange: null,
});

describe('ManualSendDialog', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ManualSendDialog>;
  let el: HTMLElement;
  let done: OutgoingDocument[];
  let cancelled: number;

  async function open(r: OutgoingRecipient): Promise<void> {
    fixture = TestBed.createComponent(ManualSendDialog);
    fixture.componentRef.setInput('document', outgoingDoc({ id: 'out1', status: 'DISPATCHED' }));
    fixture.componentRef.setInput('recipient', r);
    done = [];
    cancelled = 0;
    fixture.componentInstance.done.subscribe((d) => done.push(d));
    fixture.componentInstance.cancelled.subscribe(() => cancelled++);
    el = fixture.nativeElement;
    await fixture.whenStable();
  }

  async function save(): Promise<void> {
    q<HTMLButtonElement>(el, '[data-testid="manual-save"]').click();
    await fixture.whenStable();
  }

  const method = (m: string) => q<HTMLInputElement>(el, `[data-testid="manual-method"][data-method="${m}"]`);

  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it("records the send: by post, today in Vietnam, unless the clerk says otherwise; hands back the server's document", async () => {
    await open(recipient());
    expect(text(el, '#ms-title')).toBe('Ghi nhận gửi ngoài hệ thống: Công ty Than Hạ Long');
    expect(Array.from(el.querySelectorAll('[data-testid="manual-method"]')).map((m) => m.parentElement?.textContent?.trim())).toEqual([
      'Bưu chính',
      'Thư điện tử',
      'Giao trực tiếp',
    ]);
    expect(method('POST').checked).toBe(true);
    expect(q<HTMLInputElement>(el, '[data-testid="manual-sent-on"]').value).toBe(todayIso());

    method('EMAIL').click();
    type(el, '[data-testid="manual-sent-on"]', '2026-12-01');
    type(el, '[data-testid="manual-note"]', '  vanthu@thanhalong.vn  ');
    await save();
    const req = http.expectOne('/api/outgoing/out1/deliveries/dl-2/manual-send');
    expect(req.request.body).toEqual({ method: 'EMAIL', sentOn: '2026-12-01', note: 'vanthu@thanhalong.vn' });
    req.flush(outgoingDoc({ id: 'out1', status: 'DISPATCHED', updatedAt: '2026-12-01T05:00:00Z' }));
    await fixture.whenStable();
    expect(done.map((d) => d.updatedAt)).toEqual(['2026-12-01T05:00:00Z']);
  });

  it('correcting a record starts from what was recorded; an emptied note is left out', async () => {
    await open(
      recipient({ method: 'HAND', sentOn: '2026-11-28', note: 'Ông Bình nhận', recordedBy: { id: 'u-vt', fullName: 'Nguyễn Thị Lan' } }),
    );
    expect(method('HAND').checked).toBe(true);
    expect(q<HTMLInputElement>(el, '[data-testid="manual-sent-on"]').value).toBe('2026-11-28');
    expect(q<HTMLTextAreaElement>(el, '[data-testid="manual-note"]').value).toBe('Ông Bình nhận');
    type(el, '[data-testid="manual-note"]', '   ');
    await save();
    const req = http.expectOne('/api/outgoing/out1/deliveries/dl-2/manual-send');
    // What goes over the wire: no note at all rather than an empty one.
    expect(JSON.stringify(req.request.body)).toBe('{"method":"HAND","sentOn":"2026-11-28"}');
    req.flush(outgoingDoc({ id: 'out1' }));
    await fixture.whenStable();
    expect(done).toHaveLength(1);
  });

  it('asks for the day before sending, and shows where the server disagrees', async () => {
    await open(recipient());
    type(el, '[data-testid="manual-sent-on"]', '');
    await save();
    expect(text(el, '.field-error')).toBe('Vui lòng nhập thông tin này.');

    type(el, '[data-testid="manual-sent-on"]', '2026-12-05');
    await save();
    http.expectOne('/api/outgoing/out1/deliveries/dl-2/manual-send').flush(
      problem(422, 'validation', 'Dữ liệu gửi lên không hợp lệ', 'Invalid request body: sentOn: in the future', {
        errors: [{ path: 'sentOn', message: 'must not be after today' }],
      }),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(text(el, '[data-testid="manual-send-error"]')).toBe('Dữ liệu gửi lên không hợp lệ');
    expect(el.querySelector('.field-error[data-path="sentOn"]')).not.toBeNull();
    expect(done).toEqual([]);
  });

  it('Hủy closes without recording', async () => {
    await open(recipient());
    q<HTMLButtonElement>(el, '[data-testid="manual-cancel"]').click();
    expect(cancelled).toBe(1);
  });
});
