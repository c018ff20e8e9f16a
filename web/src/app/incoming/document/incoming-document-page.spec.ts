import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { ROUTING, assignment, processingDoc } from '../../testing/incoming-fixtures';
import type { IncomingDocument } from '../incoming.models';
import { TranslationService } from '../../i18n/translation.service';
import { IncomingDocumentPage } from './incoming-document-page';
import { pendingPdfjs } from '../../testing/pdfjs';

describe('IncomingDocumentPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<IncomingDocumentPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const actionIds = () => Array.from(el.querySelectorAll('[data-testid^="action-"]')).map((b) => b.getAttribute('data-testid'));

  async function open(doc: IncomingDocument): Promise<void> {
    fixture = TestBed.createComponent(IncomingDocumentPage);
    fixture.componentRef.setInput('id', 'd1');
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/incoming/d1').flush(doc);
    await settle();
    // The copies panel of a registered document lists its copies (bản sao): none here.
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
      imports: [IncomingDocumentPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), pendingPdfjs],
    });
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  it('shows the số đến, metadata, files, translated history and comments', async () => {
    await open(processingDoc());
    expect(text(el, '[data-testid="arrival-number"]')).toBe('41/2025');
    expect(text(el, '[data-testid="document-status"]')).toBe('Chờ chỉ đạo');
    expect(text(el, '[data-testid="submitted-to"]')).toBe('Trần Văn Lãnh — Phó Chủ tịch');
    expect(q<HTMLAnchorElement>(el, '[data-testid="download-original"]').getAttribute('href')).toBe('/api/incoming/d1/files/f-main');
    expect(q<HTMLAnchorElement>(el, '[data-testid="download-stamped"]').getAttribute('href')).toBe('/api/incoming/d1/files/f-main/stamped');
    const history = Array.from(el.querySelectorAll('[data-testid="history-entry"] strong')).map((s) => s.textContent);
    expect(history).toEqual(['Tiếp nhận văn bản', 'Vào sổ văn bản đến', 'Trình lãnh đạo']);
    expect(text(el, '[data-testid="history"]')).toContain('Kính trình');
    expect(text(el, '[data-testid="history"]')).toContain('(Văn thư)');
    expect(text(el, '[data-testid="comments"]')).toContain('Đã trình đồng chí Lãnh.');
    // Nothing allowed: no buttons, no comment box.
    expect(actionIds()).toEqual([]);
    expect(el.querySelector('[data-testid="comment-body"]')).toBeNull();
    expect(el.querySelector('[data-testid="active-content"]')).toBeNull();
  });

  it("shows the signer's name and position with the comma right after the name", async () => {
    await open({ ...processingDoc(), signerAuthority: 'KT. CHỦ TỊCH', signerName: 'Trần Minh Khoa', signerPosition: 'Phó Chủ tịch' });
    expect(text(el, '[data-testid="signer"]')).toBe('KT. CHỦ TỊCH Trần Minh Khoa, Phó Chủ tịch');
    await open({ ...processingDoc(), signerAuthority: null, signerName: 'Trần Minh Khoa', signerPosition: null });
    expect(text(el, '[data-testid="signer"]')).toBe('Trần Minh Khoa');
  });

  it('warns, in Vietnamese and in English, about a PDF that arrived with scripts or launch actions', async () => {
    const doc = processingDoc();
    await open({ ...doc, files: doc.files.map((f) => (f.role === 'MAIN' ? { ...f, activeContent: ['javascript', 'launch'] } : f)) });
    const warning = () => text(el, '[data-testid="file"][data-file-id="f-main"] [data-testid="active-content"]');
    expect(warning()).toContain('nội dung tự chạy: mã JavaScript, lệnh mở chương trình (Launch)');
    expect(warning()).toContain('Tệp gốc được giữ nguyên như khi nhận');
    TestBed.inject(TranslationService).setLang('en');
    await settle();
    expect(warning()).toContain('This PDF has active content: JavaScript, a program launch (Launch).');
  });

  it('shows the stamped copy of the main file in the viewer once registered, the file as received before', async () => {
    await open(processingDoc());
    expect(q(el, '[data-testid="document-viewer"]').getAttribute('data-copy')).toBe('stamped');
    expect(text(el, '[data-testid="pdf-caption"]')).toBe('Bản có dấu ĐẾN');
    expect(q(el, '[data-testid="pdf-open"]').getAttribute('href')).toBe('/api/incoming/d1/files/f-main/stamped?disposition=inline');

    fixture.destroy();
    await open({ ...processingDoc(), status: 'DRAFT', files: processingDoc().files.map((f) => ({ ...f, stamped: false })) });
    expect(q(el, '[data-testid="document-viewer"]').getAttribute('data-copy')).toBe('received');
    expect(q(el, '[data-testid="pdf-open"]').getAttribute('href')).toBe('/api/incoming/d1/files/f-main?disposition=inline');
  });

  it('opens a row’s dialog in the panel beside the viewer and brings it into view', async () => {
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    try {
      await open(
        processingDoc({
          status: 'ASSIGNED',
          assignments: [assignment({ id: 'a1' })],
          allowedActions: [{ action: 'delegate', assignmentId: 'a1' }],
        }),
      );
      await click('[data-testid="action-delegate"][data-assignment-id="a1"]');
      http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
      await settle();
      const dialog = q(el, '.reading-side vt-action-dialog');
      expect(scrolled).toEqual([dialog]);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });

  it('shows only the allowed actions, per assignment where they belong', async () => {
    await open(
      processingDoc({
        status: 'ASSIGNED',
        assignments: [
          assignment({ id: 'a1' }),
          assignment({ id: 'a2', role: 'PHOI_HOP', unit: { id: 'qn-vp-kt', name: 'Phòng Kinh tế' } }),
        ],
        allowedActions: [
          { action: 'reassign' },
          { action: 'comment' },
          { action: 'extend', assignmentId: 'a1' },
          { action: 'extend', assignmentId: 'a2' },
        ],
      }),
    );
    expect(actionIds().sort()).toEqual(['action-comment', 'action-extend', 'action-extend', 'action-reassign']);
    const extends_ = Array.from(el.querySelectorAll('[data-testid="action-extend"]')).map((b) => b.getAttribute('data-assignment-id'));
    expect(extends_).toEqual(['a1', 'a2']);
    expect(q(el, '[data-assignment-id="a2"][data-testid="assignment-row"]').textContent).toContain('Phối hợp');
    expect(el.querySelector('[data-testid="action-reassign"]')!.hasAttribute('data-assignment-id')).toBe(false);
  });

  it('shows where an exchange document came from, its revocation and replacement, and refuses it back to the sender', async () => {
    const exchange = {
      documentId: '000.00.00.H49,2025/03/05,123/UBND-VX',
      sender: { organId: '000.00.00.H49', organName: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      receiverOrganCode: '000.00.01.H49',
      businessType: 0,
      receivedAt: '2025-03-05T03:00:00Z',
      packageSignature: {
        verdict: 'valid' as const,
        algorithm: 'rsa-sha256',
        signer: 'Ủy ban nhân dân tỉnh Quảng Ninh',
        organisation: 'Ủy ban nhân dân tỉnh Quảng Ninh',
        chain: ['UBND', 'CA', 'Root'],
        revocation: 'good',
        verifiedAt: '2025-03-05T03:00:00Z',
      },
      revoked: { at: '2025-03-06T03:00:00Z', reason: 'Sai sót nội dung' },
      updatedAt: null,
      changes: [],
      replacedBy: { id: 'd2', number: '130', symbol: 'UBND-VX', subject: 'Thay thế' },
      replaces: [],
      refused: null,
      notices: [] as { code: 'attachments_not_covered' | 'envelope_unsigned'; text: string; textEn: string; attachments: string[] }[],
      statuses: [
        {
          code: '01',
          description: 'Đã đến',
          state: 'SENT' as const,
          createdAt: '2025-03-05T03:00:00Z',
          sentAt: '2025-03-05T03:00:01Z',
          error: null,
        },
      ],
    };
    await open(processingDoc({ status: 'DRAFT', channel: 'AXIS', exchange, allowedActions: [{ action: 'refuse' }] }));
    expect(text(el, '[data-testid="exchange-sender"]')).toBe('Ủy ban nhân dân tỉnh Quảng Ninh (000.00.00.H49)');
    expect(text(el, '[data-testid="exchange-document-id"]')).toBe('000.00.00.H49,2025/03/05,123/UBND-VX');
    expect(text(el, '[data-testid="exchange-signature"]')).toBe('Hợp lệ — Ủy ban nhân dân tỉnh Quảng Ninh (rsa-sha256)');
    expect(text(el, '[data-testid="exchange-revoked"]')).toContain('Sai sót nội dung');
    expect(text(el, '[data-testid="exchange-replaced-by"]')).toContain('130/UBND-VX');
    expect(text(el, '[data-testid="exchange-statuses"]')).toContain('01 — Đã đến (Đã gửi)');

    expect(actionIds()).toEqual(['action-refuse']);
    await click('[data-testid="action-refuse"]');
    type(el, '[data-testid="dialog-reason"]', ' Không đúng thẩm quyền ');
    await settle();
    await click('[data-testid="dialog-submit"]');
    const req = http.expectOne('/api/incoming/d1/refuse');
    expect(req.request.body).toEqual({ reason: 'Không đúng thẩm quyền' });
    req.flush(null);
    await settle();
    http.expectOne('/api/incoming/d1').flush(
      processingDoc({
        status: 'DRAFT',
        channel: 'AXIS',
        exchange: { ...exchange, refused: { at: '2025-03-05T04:00:00Z', reason: 'Không đúng thẩm quyền' } },
      }),
    );
    await settle();
    expect(text(el, '[data-testid="exchange-refused"]')).toContain('Không đúng thẩm quyền');
  });

  it('shows the intake notices of a received package: attachments its signature does not cover, no package signature', async () => {
    const notices = [
      {
        code: 'attachments_not_covered' as const,
        text: 'Lưu ý: tệp đính kèm không được chữ ký gói tin bảo vệ (123-UBND-VX.signed.pdf)',
        textEn: 'Note',
        attachments: ['123-UBND-VX.signed.pdf', 'phu-luc.pdf'],
      },
    ];
    const base = {
      documentId: '000.00.00.H49,2025/03/05,123/UBND-VX',
      sender: { organId: '000.00.00.H49', organName: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      receiverOrganCode: '000.00.01.H49',
      businessType: 0,
      receivedAt: '2025-03-05T03:00:00Z',
      packageSignature: null,
      revoked: null,
      updatedAt: null,
      changes: [],
      replacedBy: null,
      replaces: [],
      refused: null,
      statuses: [],
    };
    await open(processingDoc({ status: 'DRAFT', channel: 'AXIS', exchange: { ...base, notices } }));
    expect(text(el, '[data-testid="exchange-notice"]')).toBe(
      'Lưu ý: tệp đính kèm không được chữ ký gói tin bảo vệ (123-UBND-VX.signed.pdf, phu-luc.pdf); tính toàn vẹn của tệp dựa vào chữ ký số trên chính tệp PDF.',
    );
    expect(el.querySelector('[data-testid="exchange-notice"]')!.classList).toContain('alert-warning');
    expect(text(el, '[data-testid="exchange-signature"]')).toBe('Không có — gói tin được tiếp nhận không có chữ ký số');
  });

  it('assigns: lead unit, cooperating unit, informed person, deadline and direction', async () => {
    await open(processingDoc({ allowedActions: [{ action: 'assign' }, { action: 'return' }] }));
    expect(actionIds()).toEqual(['action-assign', 'action-return']);
    await click('[data-testid="action-assign"]');
    const dialog = q(el, '[data-testid="assign-dialog"]');
    http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
    await settle();

    choose(dialog, '[data-testid="assign-lead"]', 'unit:qn-vp-th');
    await settle();
    // The lead is not offered again as cooperating / informed.
    expect(dialog.querySelector('[data-testid="assign-cooperate"][value="unit:qn-vp-th"]')).toBeNull();
    q<HTMLInputElement>(dialog, '[data-testid="assign-cooperate"][value="unit:qn-vp-kt"]').click();
    q<HTMLInputElement>(dialog, '[data-testid="assign-inform"][value="user:u-cv2"]').click();
    await settle();
    type(dialog, '[data-testid="assign-due-date"]', '2099-04-30');
    type(dialog, '[data-testid="assign-instruction"]', '  Giao Phòng Tổng hợp chủ trì, báo cáo trước 30/4. ');
    await settle();
    expect(dialog.querySelector('[data-testid="assign-reason"]')).toBeNull();
    await click('[data-testid="assign-submit"]');

    const req = http.expectOne('/api/incoming/d1/assign');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      lead: { unitId: 'qn-vp-th' },
      cooperate: [{ unitId: 'qn-vp-kt' }],
      inform: [{ userId: 'u-cv2' }],
      dueDate: '2099-04-30',
      instruction: 'Giao Phòng Tổng hợp chủ trì, báo cáo trước 30/4.',
    });
    req.flush({});
    await settle();
    http.expectOne('/api/incoming/d1').flush(processingDoc({ status: 'ASSIGNED', assignments: [assignment({ id: 'a1' })] }));
    await settle();
    expect(el.querySelector('[data-testid="assign-dialog"]')).toBeNull();
    expect(text(el, '[data-testid="document-notice"]')).toBe('Đã thực hiện.');
    expect(el.querySelectorAll('[data-testid="assignment-row"]')).toHaveLength(1);
  });

  it('re-assigns from the direction in force and requires a reason', async () => {
    await open(
      processingDoc({
        status: 'ASSIGNED',
        assignments: [
          assignment({ id: 'a1' }),
          assignment({ id: 'a2', role: 'DE_BIET', unit: null, user: { id: 'u-cv2', fullName: 'Hoàng Thị Kinh' }, dueDate: null }),
        ],
        allowedActions: [{ action: 'reassign' }],
      }),
    );
    await click('[data-testid="action-reassign"]');
    http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
    await settle();
    const dialog = q(el, '[data-testid="assign-dialog"]');
    expect(q<HTMLSelectElement>(dialog, '[data-testid="assign-lead"]').value).toBe('unit:qn-vp-th');
    expect(q<HTMLInputElement>(dialog, '[data-testid="assign-inform"][value="user:u-cv2"]').checked).toBe(true);

    await click('[data-testid="assign-submit"]');
    http.expectNone('/api/incoming/d1/assign');
    expect(dialog.textContent).toContain('Vui lòng nhập thông tin này.');

    choose(dialog, '[data-testid="assign-lead"]', 'unit:qn-vp-vx');
    type(dialog, '[data-testid="assign-reason"]', 'Đúng chức năng Phòng Văn xã');
    await settle();
    await click('[data-testid="assign-submit"]');
    const req = http.expectOne('/api/incoming/d1/assign');
    expect(req.request.body).toEqual({
      lead: { unitId: 'qn-vp-vx' },
      cooperate: [],
      inform: [{ userId: 'u-cv2' }],
      dueDate: '2025-03-20',
      instruction: 'Phòng Tổng hợp chủ trì tham mưu',
      reason: 'Đúng chức năng Phòng Văn xã',
    });
    req.flush(
      problem(422, 'validation', 'Dữ liệu không hợp lệ', 'Invalid data', {
        errors: [{ path: 'dueDate', message: 'must not be in the past' }],
      }),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await settle();
    expect(q(el, '[data-testid="assign-dialog"]').textContent).toContain('Không được là ngày đã qua');
  });

  it('submits to a leader, delegates to a specialist of the unit, completes and comments', async () => {
    await open(processingDoc({ status: 'REGISTERED', allowedActions: [{ action: 'submit' }] }));
    await click('[data-testid="action-submit"]');
    http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
    await settle();
    choose(el, '[data-testid="dialog-leader"]', 'u-ld');
    await settle();
    await click('[data-testid="dialog-submit"]');
    const submit = http.expectOne('/api/incoming/d1/submit');
    expect(submit.request.body).toEqual({ leaderId: 'u-ld' });
    submit.flush({});
    await settle();
    http.expectOne('/api/incoming/d1').flush(
      processingDoc({
        status: 'ASSIGNED',
        assignments: [assignment({ id: 'a1' })],
        allowedActions: [{ action: 'delegate', assignmentId: 'a1' }, { action: 'complete', assignmentId: 'a1' }, { action: 'comment' }],
      }),
    );
    await settle();

    await click('[data-testid="action-delegate"][data-assignment-id="a1"]');
    http.expectOne('/api/incoming/d1/routing-options').flush(ROUTING);
    await settle();
    const specialists = Array.from(q<HTMLSelectElement>(el, '[data-testid="dialog-user"]').options).map((o) => o.value);
    expect(specialists).toEqual(['', 'u-tp', 'u-cv1']);
    choose(el, '[data-testid="dialog-user"]', 'u-cv1');
    type(el, '[data-testid="dialog-note"]', 'Đồng chí Chuyên xử lý');
    await settle();
    await click('[data-testid="dialog-submit"]');
    const delegate = http.expectOne('/api/incoming/assignments/a1/delegate');
    expect(delegate.request.body).toEqual({ userId: 'u-cv1', note: 'Đồng chí Chuyên xử lý' });
    delegate.flush({});
    await settle();
    http.expectOne('/api/incoming/d1').flush(
      processingDoc({
        assignments: [assignment({ id: 'a1' })],
        allowedActions: [{ action: 'complete', assignmentId: 'a1' }, { action: 'comment' }],
      }),
    );
    await settle();

    await click('[data-testid="action-complete"]');
    await click('[data-testid="dialog-submit"]');
    http.expectNone('/api/incoming/assignments/a1/complete');
    type(el, '[data-testid="dialog-result-note"]', 'Đã trả lời bằng Công văn 120/VP-TH');
    await settle();
    await click('[data-testid="dialog-submit"]');
    const complete = http.expectOne('/api/incoming/assignments/a1/complete');
    expect(complete.request.body).toEqual({ resultNote: 'Đã trả lời bằng Công văn 120/VP-TH' });
    complete.flush({});
    await settle();
    http.expectOne('/api/incoming/d1').flush(processingDoc({ allowedActions: [{ action: 'comment' }] }));
    await settle();

    type(el, '[data-testid="comment-body"]', 'Đề nghị lưu hồ sơ');
    await settle();
    await click('[data-testid="action-comment"]');
    const comment = http.expectOne('/api/incoming/d1/comments');
    expect(comment.request.body).toEqual({ body: 'Đề nghị lưu hồ sơ' });
    comment.flush({
      id: 'c2',
      author: { id: 'u-cv1', fullName: 'Phạm Văn Chuyên' },
      body: 'Đề nghị lưu hồ sơ',
      createdAt: '2025-03-07T01:00:00Z',
    });
    await settle();
    http.expectOne('/api/incoming/d1').flush(processingDoc({ allowedActions: [{ action: 'comment' }] }));
    await settle();
  });
});
