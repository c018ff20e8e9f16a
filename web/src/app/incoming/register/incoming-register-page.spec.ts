import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { REGISTERS, draft, summary } from '../../testing/incoming-fixtures';
import type { IncomingDocument } from '../incoming.models';
import { pendingPdfjs } from '../../testing/pdfjs';
import { EXTRACTION_POLL_MS, IncomingRegisterPage } from './incoming-register-page';

describe('IncomingRegisterPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<IncomingRegisterPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const extractionUrl = '/api/incoming/d1/files/f-main/extraction';

  async function open(doc: IncomingDocument = draft()): Promise<void> {
    fixture = TestBed.createComponent(IncomingRegisterPage);
    fixture.componentRef.setInput('id', 'd1');
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/incoming/d1').flush(doc);
    http.expectOne((r) => r.url === '/api/registers').flush({ items: REGISTERS });
    await settle();
  }

  function fill(): void {
    type(el, '[data-testid="register-issuer"]', 'Bộ Nội vụ');
    type(el, '[data-testid="register-number"]', '05');
    type(el, '[data-testid="register-symbol"]', 'BNV-VP');
    type(el, '[data-testid="register-issue-date"]', '2025-03-03');
    type(el, '[data-testid="register-type"]', 'Công văn');
    type(el, '[data-testid="register-subject"]', ' V/v hướng dẫn công tác văn thư ');
    choose(el, '[data-testid="register-urgency"]', 'KHAN');
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [IncomingRegisterPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), pendingPdfjs],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => vi.useRealTimers());
  verifyHttpAfterEach();

  it('offers the registers of the receiving organisation and prefills the page count from the extraction', async () => {
    await open();
    http
      .expectOne(extractionUrl)
      .flush({ state: 'DONE', pageCount: 3, error: null, extractedAt: '2025-03-05T02:31:00Z', textLength: 1800 });
    await settle();
    const options = Array.from(q<HTMLSelectElement>(el, '[data-testid="register-register"]').options).map((o) => o.value);
    expect(options).toEqual(['', 'reg-den', 'reg-mat']);
    expect(q<HTMLSelectElement>(el, '[data-testid="register-register"]').value).toBe('reg-den');
    expect(q<HTMLInputElement>(el, '[data-testid="register-page-count"]').value).toBe('3');
    expect(text(el, '[data-testid="extraction-state"]')).toBe('Đã trích xuất nội dung (3 trang)');
    // A secret document moves to the secret register.
    choose(el, '[data-testid="register-secrecy"]', 'MAT');
    await settle();
    expect(q<HTMLSelectElement>(el, '[data-testid="register-register"]').value).toBe('reg-mat');
  });

  it('shows the OCR of a scan and fills the untouched fields from the proposal', async () => {
    await open();
    http.expectOne(extractionUrl).flush({
      state: 'DONE',
      pageCount: 1,
      error: null,
      extractedAt: '2025-03-05T02:31:00Z',
      textLength: 300,
      ocr: { state: 'DONE', error: null, at: '2025-03-05T02:31:00Z', searchablePdf: true },
    });
    await settle();
    expect(text(el, '[data-testid="extraction-state"]')).toBe('Đã nhận dạng chữ (OCR, 1 trang)');
    type(el, '[data-testid="register-issuer"]', 'Bộ Nội vụ');
    q<HTMLButtonElement>(el, '[data-testid="register-propose"]').click();
    await settle();
    http.expectOne('/api/incoming/d1/proposal').flush({
      source: 'OCR',
      number: '1234',
      symbol: 'UBND-KT',
      issueDate: '2026-10-15',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      documentType: 'Công văn',
      subject: 'V/v triển khai kế hoạch',
      confidence: { number: 1, symbol: 1, issueDate: 0.5, issuerName: 0.5, documentType: 1, subject: 0.6 },
    });
    await settle();
    expect(q<HTMLInputElement>(el, '[data-testid="register-number"]').value).toBe('1234');
    expect(q<HTMLInputElement>(el, '[data-testid="register-symbol"]').value).toBe('UBND-KT');
    expect(q<HTMLInputElement>(el, '[data-testid="register-issue-date"]').value).toBe('2026-10-15');
    // What the clerk typed stays.
    expect(q<HTMLInputElement>(el, '[data-testid="register-issuer"]').value).toBe('Bộ Nội vụ');
    expect(text(el, '[data-testid="register-proposal-note"]')).toContain('vui lòng kiểm tra lại');
    // Uncertain readings are marked on the fields they filled; not the issuer the clerk typed, not the sure ones.
    expect(text(el, '[data-testid="low-confidence-subject"]')).toBe('độ tin cậy thấp');
    expect(el.querySelector('[data-testid="low-confidence-issueDate"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="low-confidence-issuerName"]')).toBeNull();
    expect(el.querySelector('[data-testid="low-confidence-number"]')).toBeNull();
    // The label carries the mark, so a screen reader reads it with the field.
    expect(q(el, 'label[for="reg-subject"]').textContent).toContain('độ tin cậy thấp');
    // Corrected by the clerk: no longer in doubt.
    type(el, '[data-testid="register-subject"]', 'V/v triển khai kế hoạch chuyển đổi số');
    await settle();
    expect(el.querySelector('[data-testid="low-confidence-subject"]')).toBeNull();
    expect(el.querySelector('[data-testid="low-confidence-issueDate"]')).not.toBeNull();
  });

  it('says plainly when OCR is unavailable', async () => {
    await open();
    http.expectOne(extractionUrl).flush({
      state: 'NO_TEXT',
      pageCount: 2,
      error: null,
      extractedAt: null,
      textLength: null,
      ocr: { state: 'UNAVAILABLE', error: 'OCR unavailable: ocrmypdf is not installed', at: null, searchablePdf: false },
    });
    await settle();
    expect(text(el, '[data-testid="extraction-state"]')).toBe('Chưa có chức năng nhận dạng chữ (OCR) trên máy chủ');
    expect(q(el, '[data-testid="extraction-state"]').getAttribute('title')).toContain('ocrmypdf');
    expect(el.querySelector('[data-testid="register-propose"]')).toBeNull();
  });

  it('polls the extraction while it is pending and reports a scan without text', async () => {
    // rxjs timers run on setInterval; Angular's scheduler keeps its real setTimeout.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await open();
    http.expectOne(extractionUrl).flush({ state: 'PENDING', pageCount: null, error: null, extractedAt: null, textLength: null });
    await settle();
    expect(text(el, '[data-testid="extraction-state"]')).toBe('Đang trích xuất nội dung…');
    vi.advanceTimersByTime(EXTRACTION_POLL_MS);
    http
      .expectOne(extractionUrl)
      .flush({ state: 'NO_TEXT', pageCount: 4, error: null, extractedAt: '2025-03-05T02:31:00Z', textLength: 0 });
    await settle();
    expect(text(el, '[data-testid="extraction-state"]')).toBe('Bản quét, không có lớp chữ');
    expect(q<HTMLInputElement>(el, '[data-testid="register-page-count"]').value).toBe('4');
    vi.advanceTimersByTime(EXTRACTION_POLL_MS * 3);
    http.expectNone(extractionUrl);
  });

  it('requires the mandatory fields before calling the API', async () => {
    await open();
    http.expectOne(extractionUrl).flush({ state: 'DONE', pageCount: 1, error: null, extractedAt: null, textLength: 10 });
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="register-submit"]').click();
    await settle();
    expect(el.querySelectorAll('.field-error').length).toBe(4);
    http.expectNone('/api/incoming/d1/register');
  });

  it('shows probable duplicates on 409, registers anyway with confirmDuplicate and shows the số đến', async () => {
    await open();
    http.expectOne(extractionUrl).flush({ state: 'DONE', pageCount: 2, error: null, extractedAt: null, textLength: 900 });
    await settle();
    fill();
    q<HTMLButtonElement>(el, '[data-testid="register-submit"]').click();
    await settle();

    const first = http.expectOne('/api/incoming/d1/register');
    expect(first.request.method).toBe('POST');
    expect(first.request.body).toEqual({
      registerId: 'reg-den',
      issuerName: 'Bộ Nội vụ',
      number: '05',
      symbol: 'BNV-VP',
      issueDate: '2025-03-03',
      documentType: 'Công văn',
      subject: 'V/v hướng dẫn công tác văn thư',
      urgency: 'KHAN',
      secrecy: 'KHONG',
      pageCount: 2,
      channel: 'PAPER',
      confirmDuplicate: false,
    });
    first.flush(
      problem(
        409,
        'incoming.probable_duplicate',
        'Văn bản số 05/BNV-VP của Bộ Nội vụ ngày 03/03/2025 có thể đã được vào sổ',
        'A document … was already received',
        {
          errors: [{ path: 'duplicateOf', message: 'd0: số đến 12/2025 — V/v hướng dẫn công tác văn thư' }],
        },
      ),
      { status: 409, statusText: 'Conflict', headers: PROBLEM_HEADERS },
    );
    await settle();
    const dups = el.querySelectorAll('[data-testid="duplicate"]');
    expect(dups).toHaveLength(1);
    expect(dups[0].textContent).toContain('số đến 12/2025');
    expect(q<HTMLAnchorElement>(dups[0] as HTMLElement, 'a').getAttribute('href')).toBe('/incoming/d0');
    // The raw field error is not repeated inside the problem box.
    expect(text(el, '[data-testid="register-error"]')).toBe('Văn bản số 05/BNV-VP của Bộ Nội vụ ngày 03/03/2025 có thể đã được vào sổ');

    q<HTMLButtonElement>(el, '[data-testid="confirm-duplicate"]').click();
    await settle();
    const confirmed = http.expectOne('/api/incoming/d1/register');
    expect(confirmed.request.body).toEqual({ ...first.request.body, confirmDuplicate: true });
    confirmed.flush({
      ...draft(),
      ...summary({ id: 'd1', register: { id: 'reg-den', name: 'Sổ văn bản đến', scope: 'ALL', year: 2025, number: 42 } }),
      files: draft().files.map((f) => (f.role === 'MAIN' ? { ...f, stamped: true } : f)),
    });
    await settle();
    expect(text(el, '[data-testid="arrival-number"]')).toBe('42/2025');
    expect(q<HTMLAnchorElement>(el, '[data-testid="open-document"]').getAttribute('href')).toBe('/incoming/d1');
    expect(q<HTMLAnchorElement>(el, '[data-testid="download-stamped"]').getAttribute('href')).toBe('/api/incoming/d1/files/f-main/stamped');
    expect(el.querySelector('[data-testid="confirm-duplicate"]')).toBeNull();
  });

  it('shows the số đến straight away for a document that is already registered', async () => {
    await open({ ...draft(), ...summary({ id: 'd1' }), files: draft().files });
    expect(text(el, '[data-testid="arrival-number"]')).toBe('41/2025');
    http.expectNone(extractionUrl);
  });
});
