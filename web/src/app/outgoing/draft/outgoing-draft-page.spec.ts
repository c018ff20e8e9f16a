import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { ORGANISATIONS, PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { outgoingDoc } from '../../testing/outgoing-fixtures';
import { OutgoingDraftPage } from './outgoing-draft-page';

const TYPES = [
  { code: 'QD', abbrev: 'QĐ', name: 'Quyết định' },
  { code: 'CV', abbrev: null, name: 'Công văn' },
];

function pick(el: HTMLElement, testId: string, files: File[]): void {
  const input = q<HTMLInputElement>(el, `[data-testid="${testId}"]`);
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
}

const pdf = (name: string) => new File(['%PDF-1.7'], name, { type: 'application/pdf' });

describe('OutgoingDraftPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<OutgoingDraftPage>;
  let el: HTMLElement;
  let navigate: ReturnType<typeof vi.spyOn>;
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [OutgoingDraftPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(OutgoingDraftPage);
    el = fixture.nativeElement;
    await settle();
    http.expectOne('/api/outgoing/document-types').flush({ items: TYPES });
    http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
    await settle();
  });

  verifyHttpAfterEach();

  async function addRecipient(fill: () => void): Promise<void> {
    fill();
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="recipient-add"]').click();
    await settle();
  }

  it('collects internal and external recipients and posts the draft, then opens it', async () => {
    choose(el, '[data-testid="draft-type"]', 'CV');
    type(el, '[data-testid="draft-subject"]', '  V/v lập dự toán ngân sách năm 2027 ');
    choose(el, '[data-testid="draft-urgency"]', 'KHAN');
    await settle();

    await addRecipient(() => choose(el, '[data-testid="recipient-organisation"]', 'qn-stc'));
    choose(el, '[data-testid="recipient-kind"]', 'UNIT');
    await settle();
    // Inactive units are not offered.
    expect(el.querySelector('[data-testid="recipient-unit"] option[value="qn-vp-old"]')).toBeNull();
    await addRecipient(() => choose(el, '[data-testid="recipient-unit"]', 'qn-vp-th'));
    choose(el, '[data-testid="recipient-kind"]', 'EXTERNAL');
    await settle();
    expect(q<HTMLButtonElement>(el, '[data-testid="recipient-add"]').disabled).toBe(true);
    await addRecipient(() => {
      type(el, '[data-testid="recipient-organ-code"]', '000.00.00.G12');
      type(el, '[data-testid="recipient-name"]', 'Bộ Tài chính');
    });
    const items = Array.from(el.querySelectorAll('[data-testid="recipient-item"]')).map((i) => i.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'Cơ quan: Sở Tài chính tỉnh Quảng Ninh ×',
      'Đơn vị: Phòng Tổng hợp — Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh ×',
      'Ngoài hệ thống: Bộ Tài chính (000.00.00.G12) ×',
    ]);
    // Remove the unit again.
    (el.querySelectorAll('[data-testid="recipient-remove"]')[1] as HTMLButtonElement).click();
    await settle();

    pick(el, 'draft-main', [pdf('du-thao.pdf')]);
    pick(el, 'draft-source', [new File(['PK'], 'du-thao.docx')]);
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="draft-submit"]').click();
    await settle();

    const req = http.expectOne('/api/outgoing');
    const body = req.request.body as FormData;
    expect(JSON.parse(body.get('metadata') as string)).toEqual({
      documentType: 'CV',
      subject: 'V/v lập dự toán ngân sách năm 2027',
      recipients: [
        { kind: 'ORGANISATION', organisationId: 'qn-stc' },
        { kind: 'EXTERNAL', organCode: '000.00.00.G12', name: 'Bộ Tài chính' },
      ],
      urgency: 'KHAN',
      secrecy: 'KHONG',
    });
    expect((body.get('main') as File).name).toBe('du-thao.pdf');
    expect((body.get('source') as File).name).toBe('du-thao.docx');
    expect(body.has('organisationId')).toBe(false);
    req.flush(outgoingDoc({ id: 'new-1', status: 'DRAFT' }), { status: 201, statusText: 'Created' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/outgoing', 'new-1']);
  });

  it('requires type, subject and a PDF before calling the API', async () => {
    q<HTMLButtonElement>(el, '[data-testid="draft-submit"]').click();
    await settle();
    expect(el.textContent).toContain('Vui lòng chọn tệp PDF của dự thảo.');
    expect(el.textContent).toContain('Vui lòng chọn một mục.');
    choose(el, '[data-testid="draft-type"]', 'QD');
    type(el, '[data-testid="draft-subject"]', 'Quyết định thử');
    pick(el, 'draft-main', [new File(['x'], 'du-thao.docx')]);
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="draft-submit"]').click();
    await settle();
    expect(el.textContent).toContain('Dự thảo chính phải là tệp PDF.');
    http.expectNone('/api/outgoing');
  });

  it('shows the server problem, with field errors next to their fields', async () => {
    choose(el, '[data-testid="draft-type"]', 'QD');
    type(el, '[data-testid="draft-subject"]', 'Quyết định thử');
    pick(el, 'draft-main', [pdf('scan.pdf')]);
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="draft-submit"]').click();
    await settle();
    http.expectOne('/api/outgoing').flush(
      problem(415, 'upload.unsupported_type', 'Tệp không đúng định dạng PDF', 'The main file is not a PDF', {
        errors: [{ path: 'main', message: 'not a PDF' }],
      }),
      { status: 415, statusText: 'Unsupported Media Type', headers: PROBLEM_HEADERS },
    );
    await settle();
    expect(text(el, '[data-testid="draft-error"]')).toBe('Tệp không đúng định dạng PDF');
    expect(el.querySelector('[data-path="main"]')?.textContent).toContain('Không phải tệp PDF');
    expect(navigate).not.toHaveBeenCalled();
  });
});
