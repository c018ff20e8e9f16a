import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { draft } from '../../testing/incoming-fixtures';
import { IncomingUploadPage } from './incoming-upload-page';

function pick(el: HTMLElement, testId: string, files: File[]): void {
  const input = q<HTMLInputElement>(el, `[data-testid="${testId}"]`);
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
}

const pdf = (name: string) => new File(['%PDF-1.7'], name, { type: 'application/pdf' });

describe('IncomingUploadPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<IncomingUploadPage>;
  let el: HTMLElement;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [IncomingUploadPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(IncomingUploadPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
  });

  verifyHttpAfterEach();

  it('posts multipart with main, attachments and channel, then opens the registration page', async () => {
    const main = pdf('cv-05.pdf');
    const a1 = pdf('phu-luc-1.pdf');
    const a2 = new File(['x'], 'bang.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    pick(el, 'upload-main', [main]);
    pick(el, 'upload-attachments', [a1, a2]);
    choose(el, '[data-testid="upload-channel"]', 'EMAIL');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="upload-submit"]').click();
    await fixture.whenStable();

    const req = http.expectOne((r) => r.url === '/api/incoming');
    expect(req.request.method).toBe('POST');
    expect(req.request.params.keys()).toEqual([]);
    const body = req.request.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((body.get('main') as File).name).toBe('cv-05.pdf');
    expect(body.getAll('attachments').map((f) => (f as File).name)).toEqual(['phu-luc-1.pdf', 'bang.xlsx']);
    expect(body.get('channel')).toBe('EMAIL');
    expect(body.has('receivedAt')).toBe(false);
    expect([...body.keys()].sort()).toEqual(['attachments', 'attachments', 'channel', 'main']);
    expect(q<HTMLButtonElement>(el, '[data-testid="upload-submit"]').disabled).toBe(true);

    req.flush(draft('new-doc'), { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/incoming', 'new-doc', 'register']);
  });

  it('takes a scanned image (PNG, JPEG or TIFF) as the main document', async () => {
    expect(q<HTMLInputElement>(el, '[data-testid="upload-main"]').accept).toContain('image/tiff');
    pick(el, 'upload-main', [new File(['II*'], 'cong-van-quet.tif', { type: 'image/tiff' })]);
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="upload-submit"]').click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === '/api/incoming');
    expect(((req.request.body as FormData).get('main') as File).name).toBe('cong-van-quet.tif');
    req.flush(draft('scan-doc'), { status: 201, statusText: 'Created' });
    await fixture.whenStable();
  });

  it('refuses a main file that is neither a PDF nor a scan without calling the API', async () => {
    q<HTMLButtonElement>(el, '[data-testid="upload-submit"]').click();
    await fixture.whenStable();
    expect(el.textContent).toContain('Vui lòng chọn tệp văn bản chính (PDF hoặc ảnh quét).');
    pick(el, 'upload-main', [new File(['x'], 'scan.docx', { type: 'application/msword' })]);
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="upload-submit"]').click();
    await fixture.whenStable();
    expect(el.textContent).toContain('Văn bản chính phải là tệp PDF hoặc ảnh quét PNG, JPEG, TIFF.');
    http.expectNone('/api/incoming');
  });

  it('shows the 415 problem from the server', async () => {
    pick(el, 'upload-main', [pdf('fake.pdf')]);
    q<HTMLButtonElement>(el, '[data-testid="upload-submit"]').click();
    await fixture.whenStable();
    http.expectOne('/api/incoming').flush(
      problem(415, 'upload.unsupported_type', 'Tệp không đúng định dạng PDF', 'The main file is not a PDF', {
        errors: [{ path: 'main', message: 'not a PDF (content sniffed)' }],
      }),
      { status: 415, statusText: 'Unsupported Media Type', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(text(el, '[data-testid="upload-error"]')).toBe('Tệp không đúng định dạng PDF');
    expect(el.querySelector('[data-path="main"]')?.textContent).toContain('Không phải tệp PDF');
    expect(navigate).not.toHaveBeenCalled();
  });
});
