import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { OutgoingSummary } from '../../outgoing/outgoing.models';
import { choose, q, text } from '../../testing/dom';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { outgoingDoc } from '../../testing/outgoing-fixtures';
import { LinkReply } from './link-reply';

const MINE_URL = '/api/outgoing?mine=true&limit=100';
// A full document stands in for the list's summary: the extra fields do not matter to the picker.
const mine = (id: string, over: Partial<OutgoingSummary> = {}): OutgoingSummary => outgoingDoc({ id, status: 'DRAFT', ...over });
const ISSUED = {
  registerId: 'r-stc',
  year: 2026,
  number: 15,
  numberAndSymbol: '15/STC-QLNS',
  symbol: 'STC-QLNS',
  issueDate: '2026-12-01',
  paperSignature: false,
};

describe('LinkReply', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<LinkReply>;
  let el: HTMLElement;
  let done: number;

  async function render(items: OutgoingSummary[], linked: string[] = []): Promise<void> {
    fixture = TestBed.createComponent(LinkReply);
    fixture.componentRef.setInput('incomingId', 'in1');
    fixture.componentRef.setInput('organisationId', 'qn-stc');
    fixture.componentRef.setInput('linked', linked);
    done = 0;
    fixture.componentInstance.done.subscribe(() => done++);
    el = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne(MINE_URL).flush({ items, total: items.length });
    await fixture.whenStable();
  }

  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it("offers my outgoing documents of the document's organisation, not those already linked, rejected or of another organisation", async () => {
    await render(
      [
        mine('o1', { subject: 'V/v góp ý dự thảo quy chế' }),
        mine('o2', { subject: 'V/v báo cáo quyết toán', status: 'ISSUED', issued: ISSUED }),
        mine('o3', { subject: 'Đã liên kết' }),
        mine('o4', { subject: 'Bị từ chối', status: 'REJECTED' }),
        mine('o5', { subject: 'Của cơ quan khác', organisationId: 'qn-snv' }),
      ],
      ['o3'],
    );
    const options = Array.from(el.querySelectorAll('[data-testid="link-reply-select"] option')).map((o) => o.textContent?.trim());
    expect(options).toEqual([
      '— Chọn văn bản đi của tôi —',
      'Chưa ban hành — V/v góp ý dự thảo quy chế',
      '15/STC-QLNS — V/v báo cáo quyết toán',
    ]);
    expect(q<HTMLButtonElement>(el, '[data-testid="link-reply-submit"]').disabled).toBe(true);
  });

  it('shows nothing when I have no document to link', async () => {
    await render([mine('o4', { status: 'REJECTED' })]);
    expect(el.querySelector('[data-testid="link-reply"]')).toBeNull();
  });

  it('links the chosen document, completing on issue unless unticked, and tells the page', async () => {
    await render([mine('o1'), mine('o2', { status: 'ISSUED', issued: ISSUED })]);
    choose(el, '[data-testid="link-reply-select"]', 'o2');
    const box = q<HTMLInputElement>(el, 'input[name="completeOnIssue"]');
    expect(box.checked).toBe(true);
    box.click();
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="link-reply-submit"]').click();
    const req = http.expectOne('/api/outgoing/o2/replies');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ incomingId: 'in1', completeOnIssue: false });
    req.flush(outgoingDoc({ id: 'o2' }));
    await fixture.whenStable();
    expect(done).toBe(1);
  });

  it("shows the server's refusal and does not tell the page", async () => {
    await render([mine('o1')]);
    choose(el, '[data-testid="link-reply-select"]', 'o1');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="link-reply-submit"]').click();
    http
      .expectOne('/api/outgoing/o1/replies')
      .flush(problem(409, 'outgoing.reply_already_linked', 'Văn bản đã được liên kết trả lời', 'Already linked as a reply'), {
        status: 409,
        statusText: 'Conflict',
        headers: PROBLEM_HEADERS,
      });
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Văn bản đã được liên kết trả lời');
    expect(done).toBe(0);
    expect(q<HTMLButtonElement>(el, '[data-testid="link-reply-submit"]').disabled).toBe(false);
  });
});
