import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { DEPUTY, LEADER, outgoingDoc, stcPeople, steps } from '../../testing/outgoing-fixtures';
import type { OutgoingDocument } from '../outgoing.models';
import { OutgoingDocumentPage } from './outgoing-document-page';
import { pendingPdfjs } from '../../testing/pdfjs';

describe('OutgoingDocumentPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<OutgoingDocumentPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const actionIds = () => Array.from(el.querySelectorAll('[data-testid^="action-"]')).map((b) => b.getAttribute('data-testid'));

  async function open(doc: OutgoingDocument): Promise<void> {
    fixture = TestBed.createComponent(OutgoingDocumentPage);
    fixture.componentRef.setInput('id', 'd1');
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/outgoing/d1').flush(doc);
    await settle();
    // The copies panel of an issued document lists its copies (bản sao): none here.
    for (const req of http.match((r) => r.url === '/api/copies')) req.flush({ items: [] });
    await settle();
  }

  async function click(selector: string): Promise<void> {
    q<HTMLElement>(el, selector).click();
    await settle();
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [OutgoingDocumentPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), pendingPdfjs],
    });
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  it('shows the approval timeline, versions with downloadable files and comments, and history', async () => {
    await open(outgoingDoc());
    expect(text(el, '[data-testid="document-status"]')).toBe('Đang trình duyệt');
    const stepStates = Array.from(el.querySelectorAll('[data-testid="approval-step"]')).map((s) => [
      s.getAttribute('data-ordinal'),
      s.getAttribute('data-status'),
    ]);
    expect(stepStates).toEqual([
      ['1', 'DONE'],
      ['2', 'ACTIVE'],
    ]);
    expect(text(el, '[data-testid="approval-step"][data-ordinal="2"]')).toContain('Người ký');
    const first = q(el, '[data-testid="approval-step"][data-ordinal="1"] [data-testid="step-assignee"]');
    expect(first.getAttribute('data-decision')).toBe('APPROVED');
    expect(first.textContent).toContain('Trịnh Văn Nam');
    expect(first.textContent).toContain('Đồng ý');
    // Newest version first, each with its files; the older one keeps its comment.
    expect(Array.from(el.querySelectorAll('[data-testid="version"]')).map((v) => v.getAttribute('data-version'))).toEqual(['2', '1']);
    expect(text(el, '[data-testid="version"][data-version="2"] [data-testid="version-reason"]')).toBe('Đã bổ sung căn cứ');
    const v2Files = Array.from(el.querySelectorAll('[data-testid="version"][data-version="2"] [data-testid="download-file"]')).map((a) =>
      a.getAttribute('href'),
    );
    expect(v2Files).toEqual(['/api/outgoing/d1/files/f2', '/api/outgoing/d1/files/f3']);
    expect(q<HTMLAnchorElement>(el, '[data-testid="version"][data-version="1"] [data-testid="download-file"]').getAttribute('href')).toBe(
      '/api/outgoing/d1/files/f1',
    );
    expect(text(el, '[data-testid="version"][data-version="1"] [data-testid="version-comment"]')).toContain('Bổ sung căn cứ pháp lý.');
    const history = Array.from(el.querySelectorAll('[data-testid="history-entry"] strong')).map((s) => s.textContent);
    expect(history).toEqual(['Tạo dự thảo', 'Trả lại để sửa']);
    expect(text(el, '[data-testid="history"]')).toContain('(Lãnh đạo cơ quan)');
    // Only "comment" is allowed: no action buttons, but the comment box.
    expect(actionIds()).toEqual([]);
    expect(el.querySelector('[data-testid="comment-body"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="issuance"]')).toBeNull();
  });

  it('shows the current version in the viewer while in review, then the signed copy, then the issued copy', async () => {
    const viewed = () => [
      q(el, '[data-testid="document-viewer"]').getAttribute('data-copy'),
      q(el, '[data-testid="pdf-open"]').getAttribute('href'),
      text(el, '[data-testid="pdf-caption"]'),
    ];
    await open(outgoingDoc());
    expect(viewed()).toEqual(['version', '/api/outgoing/d1/files/f2?disposition=inline', 'Dự thảo — phiên bản 2']);

    fixture.destroy();
    await open(outgoingDoc({ status: 'SIGNED', signed: true }));
    expect(viewed()).toEqual(['signed', '/api/outgoing/d1/signed?disposition=inline', 'Bản đã ký số']);

    fixture.destroy();
    const issued = {
      registerId: 'r1',
      year: 2026,
      number: 12,
      numberAndSymbol: '12/STC-QLNS',
      symbol: 'STC-QLNS',
      issueDate: '2026-03-03',
      paperSignature: false,
    };
    await open(outgoingDoc({ status: 'ISSUED', signed: true, issued, issuedFileAvailable: true }));
    expect(viewed()).toEqual(['issued', '/api/outgoing/d1/issued?disposition=inline', 'Bản ban hành 12/STC-QLNS']);
    // The signature panel asks for its report of each signed document; not this test's subject.
    http.match('/api/outgoing/d1/signatures');
  });

  it('shows who acted on behalf of whom under ủy quyền', async () => {
    const s = steps();
    s[1].status = 'DONE';
    s[1].assignees[0] = { ...s[1].assignees[0], decision: 'APPROVED', actedBy: DEPUTY, decidedAt: '2026-03-03T02:00:00Z' };
    await open(outgoingDoc({ status: 'APPROVED_AWAITING_SIGNATURE', steps: s, signer: DEPUTY, signedOnBehalfOf: LEADER }));
    expect(text(el, '[data-testid="on-behalf-of"]')).toBe('ký thay Bùi Văn Long');
    expect(text(el, '[data-testid="approval-step"][data-ordinal="2"] [data-testid="step-assignee"]')).toContain(
      'Đặng Thị Hương thay Bùi Văn Long',
    );
    expect(text(el, '[data-testid="signer"]')).toBe('Đặng Thị Hương (ký thay Bùi Văn Long)');
  });

  it('explains why approving is not offered to the author (separation of duties)', async () => {
    await open(outgoingDoc({ allowedActions: ['return', 'forward', 'reject', 'comment'], dutyConflict: 'OWN_DRAFT' }));
    expect(actionIds()).not.toContain('action-approve');
    expect(actionIds()).toContain('action-forward');
    expect(text(el, '[data-testid="duty-conflict"]')).toContain('không được duyệt hoặc ký (phân tách nhiệm vụ)');
  });

  it('approves with a note and shows the document the server returns', async () => {
    await open(outgoingDoc({ allowedActions: ['approve', 'return', 'forward', 'reject', 'comment'] }));
    expect(actionIds()).toEqual(['action-approve', 'action-return', 'action-forward', 'action-reject']);
    await click('[data-testid="action-approve"]');
    type(el, '[data-testid="dialog-note"]', ' Đồng ý ban hành. ');
    await click('[data-testid="dialog-submit"]');
    const req = http.expectOne('/api/outgoing/d1/approve');
    expect(req.request.body).toEqual({ note: 'Đồng ý ban hành.' });
    req.flush(outgoingDoc({ status: 'APPROVED_AWAITING_SIGNATURE', allowedActions: ['comment'] }));
    await settle();
    expect(el.querySelector('[data-testid="action-dialog"]')).toBeNull();
    expect(text(el, '[data-testid="document-notice"]')).toBe('Đã thực hiện.');
    expect(text(el, '[data-testid="document-status"]')).toBe('Đã duyệt, chờ ký');
    expect(actionIds()).toEqual([]);
  });

  it('returns for revision only with a comment, and shows a 409 from the server', async () => {
    await open(outgoingDoc({ allowedActions: ['approve', 'return', 'comment'] }));
    await click('[data-testid="action-return"]');
    await click('[data-testid="dialog-submit"]');
    http.expectNone('/api/outgoing/d1/return');
    expect(text(el, '[data-testid="action-dialog"]')).toContain('Vui lòng nhập thông tin này.');
    type(el, '[data-testid="dialog-comment"]', 'Bổ sung căn cứ');
    await click('[data-testid="dialog-submit"]');
    const req = http.expectOne('/api/outgoing/d1/return');
    expect(req.request.body).toEqual({ comment: 'Bổ sung căn cứ' });
    req.flush(problem(409, 'outgoing.invalid_state', 'Văn bản không còn chờ bạn duyệt', 'Not your turn'), {
      status: 409,
      statusText: 'Conflict',
      headers: PROBLEM_HEADERS,
    });
    await settle();
    expect(text(el, '[data-testid="dialog-error"]')).toBe('Văn bản không còn chờ bạn duyệt');
    expect(el.querySelector('[data-testid="action-dialog"]')).not.toBeNull();
  });

  it("forwards to someone of the document's organisation", async () => {
    await open(outgoingDoc({ allowedActions: ['forward'] }));
    // Not whenStable(): the loading people list is a pending task until answered.
    q<HTMLElement>(el, '[data-testid="action-forward"]').click();
    TestBed.tick();
    http.expectOne('/api/organisations/qn-stc/people').flush({ items: stcPeople() });
    await settle();
    const options = Array.from(el.querySelectorAll('[data-testid="dialog-user"] option')).map((o) => o.textContent?.trim());
    expect(options).toContain('Đặng Thị Hương — Phó Giám đốc');
    expect(options).toContain('Phạm Minh Tuấn — Chánh Văn phòng');
    choose(el, '[data-testid="dialog-user"]', DEPUTY.id);
    await click('[data-testid="dialog-submit"]');
    const req = http.expectOne('/api/outgoing/d1/forward');
    expect(req.request.body).toEqual({ userId: DEPUTY.id });
    req.flush(outgoingDoc());
    await settle();
  });

  it('revises: reason required, new main PDF, then resubmits', async () => {
    await open(outgoingDoc({ status: 'RETURNED', allowedActions: ['revise', 'submit', 'comment'] }));
    await click('[data-testid="action-revise"]');
    type(el, '[data-testid="dialog-reason"]', 'Đã sửa');
    const input = q<HTMLInputElement>(el, '[data-testid="dialog-main"]');
    Object.defineProperty(input, 'files', { value: [new File(['%PDF'], 'v3.pdf', { type: 'application/pdf' })] });
    input.dispatchEvent(new Event('change'));
    await click('[data-testid="dialog-submit"]');
    const req = http.expectOne('/api/outgoing/d1/versions');
    const body = req.request.body as FormData;
    expect(body.get('reason')).toBe('Đã sửa');
    expect((body.get('main') as File).name).toBe('v3.pdf');
    expect(body.has('metadata')).toBe(false);
    req.flush(outgoingDoc({ status: 'RETURNED', currentVersion: 3, allowedActions: ['revise', 'submit', 'comment'] }));
    await settle();
    expect(text(el, '[data-testid="current-version"]')).toBe('3');

    await click('[data-testid="action-submit"]');
    // A resubmission cannot add reviewers (the chain is already on the document).
    expect(el.querySelector('[data-testid="dialog-extra-reviewers"]')).toBeNull();
    await click('[data-testid="dialog-submit"]');
    const submit = http.expectOne('/api/outgoing/d1/submit');
    expect(submit.request.body).toEqual({ extraReviewers: [] });
    submit.flush(outgoingDoc());
    await settle();
  });

  it('lets the clerk issue on a paper signature (confirmation required) and shows the number and symbol', async () => {
    await open(outgoingDoc({ status: 'APPROVED_AWAITING_SIGNATURE', allowedActions: ['issue_paper_signature', 'comment'] }));
    expect(text(el, '[data-testid="issuance"]')).toContain('đang chờ ký số');
    await click('[data-testid="action-issue_paper_signature"]');
    expect(q<HTMLButtonElement>(el, '[data-testid="dialog-submit"]').disabled).toBe(true);
    q<HTMLInputElement>(el, '[data-testid="dialog-paper-confirm"]').click();
    await settle();
    await click('[data-testid="dialog-submit"]');
    const req = http.expectOne('/api/outgoing/d1/issue');
    expect(req.request.body).toEqual({ paperSignature: true });
    req.flush(
      outgoingDoc({
        status: 'ISSUED',
        issued: {
          registerId: 'r',
          year: 2026,
          number: 123,
          numberAndSymbol: '123/QĐ-UBND',
          symbol: 'QĐ-UBND',
          issueDate: '2026-03-04',
          paperSignature: true,
        },
        issuedFileAvailable: true,
        allowedActions: ['dispatch', 'comment'],
      }),
    );
    await settle();
    // Issued: the copies panel appears and lists the document's copies (none yet).
    for (const r of http.match((r) => r.url === '/api/copies')) r.flush({ items: [] });
    expect(el.querySelector('[data-testid="copies"]')).not.toBeNull();
    expect(text(el, '[data-testid="issued-number"]')).toBe('123/QĐ-UBND');
    expect(text(el, '[data-testid="document-notice"]')).toBe('Đã ban hành: 123/QĐ-UBND');
    expect(text(el, '[data-testid="paper-signature"]')).toBe('Chữ ký tay (bản giấy)');
    expect(q<HTMLAnchorElement>(el, '[data-testid="download-issued"]').getAttribute('href')).toBe('/api/outgoing/d1/issued');

    q<HTMLElement>(el, '[data-testid="action-dispatch"]').click();
    fixture.detectChanges();
    // The dialog says how each recipient will be reached: the ministry cannot go electronically here.
    http.expectOne('/api/outgoing/d1/dispatch-plan').flush({
      exchangeConfigured: false,
      items: [
        { recipientId: 'r1', name: 'Sở Nội vụ tỉnh Quảng Ninh', kind: 'ORGANISATION', organCode: null, channel: 'INTERNAL', reason: null },
        {
          recipientId: 'r2',
          name: 'Bộ Tài chính',
          kind: 'EXTERNAL',
          organCode: '000.00.00.G12',
          channel: 'MANUAL',
          reason: 'EXCHANGE_OFF',
        },
      ],
    });
    await settle();
    expect(text(el, '[data-testid="dispatch-manual-warning"]')).toContain('1 nơi nhận không gửi điện tử được');
    expect(text(el, '[data-testid="dispatch-plan"]')).toContain('trục liên thông chưa được cấu hình');
    await click('[data-testid="dialog-submit"]');
    const dispatched = http.expectOne('/api/outgoing/d1/dispatch');
    const doc = outgoingDoc({ status: 'DISPATCHED', allowedActions: ['comment'] });
    doc.recipients[0].delivery = {
      id: 'dl-1',
      status: 'DELIVERED',
      incomingDocumentId: 'in-1',
      deliveredAt: '2026-03-04T03:00:00Z',
      manual: null,
    };
    doc.recipients[1].delivery = { id: 'dl-2', status: 'WAITING_FOR_EXCHANGE', incomingDocumentId: null, deliveredAt: null, manual: null };
    dispatched.flush(doc);
    await settle();
    const delivery = Array.from(el.querySelectorAll('[data-testid="delivery-status"]')).map((d) => [
      d.getAttribute('data-status'),
      d.getAttribute('data-incoming-id'),
    ]);
    expect(delivery).toEqual([
      ['DELIVERED', 'in-1'],
      ['WAITING_FOR_EXCHANGE', null],
    ]);
    expect(text(el, '[data-testid="recipient-row"][data-kind="EXTERNAL"]')).toContain('Chờ gửi qua trục liên thông');
  });

  it('shows each exchange recipient’s status and the history the receiver sent back', async () => {
    const doc = outgoingDoc({ status: 'DISPATCHED', allowedActions: ['comment'] });
    doc.recipients[1].delivery = { id: 'dl-2', status: 'WAITING_FOR_EXCHANGE', incomingDocumentId: null, deliveredAt: null, manual: null };
    doc.recipients[1].exchange = {
      status: 'IN_PROGRESS',
      statusCode: '05',
      reason: null,
      lastError: null,
      sentAt: '2026-03-04T03:00:00Z',
      updatedAt: '2026-03-04T05:00:00Z',
      history: [
        { status: 'SENT', statusCode: null, description: null, at: '2026-03-04T03:00:00Z', applied: true },
        { status: 'RECEIVED', statusCode: '01', description: 'Đã đến', at: '2026-03-04T03:01:00Z', applied: true },
        { status: 'IN_PROGRESS', statusCode: '05', description: 'Đang xử lý', at: '2026-03-04T05:00:00Z', applied: true },
        { status: 'REGISTERED', statusCode: '03', description: 'Vào sổ số 12', at: '2026-03-04T04:00:00Z', applied: false },
      ],
    };
    await open(doc);
    const row = q(el, '[data-testid="recipient-row"][data-kind="EXTERNAL"]');
    expect(q(row, '[data-testid="exchange-status"]').getAttribute('data-status')).toBe('IN_PROGRESS');
    expect(text(row, '[data-testid="exchange-status"]')).toBe('Đang xử lý');
    const history = Array.from(row.querySelectorAll('[data-testid="exchange-history"] li')).map((li) => li.getAttribute('data-code'));
    expect(history).toEqual([null, '01', '05', '03']);
    expect(text(row, '[data-testid="exchange-history"]')).toContain('đến muộn, không đổi trạng thái');
  });

  it('posts a comment on the chosen version', async () => {
    await open(outgoingDoc());
    type(el, '[data-testid="comment-body"]', 'Xem lại đoạn 2');
    choose(el, '[data-testid="comment-version"]', '1: 1');
    await settle();
    await click('[data-testid="comment-submit"]');
    const req = http.expectOne('/api/outgoing/d1/comments');
    expect(req.request.body).toEqual({ body: 'Xem lại đoạn 2', version: 1 });
    req.flush(outgoingDoc());
    await settle();
    expect(q<HTMLTextAreaElement>(el, '[data-testid="comment-body"]').value).toBe('');
  });

  it('shows a 404 as a problem', async () => {
    fixture = TestBed.createComponent(OutgoingDocumentPage);
    fixture.componentRef.setInput('id', 'd1');
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/outgoing/d1').flush(problem(404, 'not_found', 'Không tìm thấy văn bản đi', 'Outgoing document d1 not found'), {
      status: 404,
      statusText: 'Not Found',
      headers: PROBLEM_HEADERS,
    });
    await settle();
    expect(text(el, '[data-testid="document-error"]')).toBe('Không tìm thấy văn bản đi');
  });
});
