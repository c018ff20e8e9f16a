import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { caseFile, caseFileSummary } from '../../testing/case-file-fixtures';
import { q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { ArchivePage } from './archive-page';

describe('ArchivePage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ArchivePage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const flushLists = async (holdings = [caseFileSummary({ id: 'a1', status: 'TRANSFERRED', transferredAt: '2026-01-05T03:00:00Z' })]) => {
    http.expectOne('/api/case-files/transfers-due').flush({
      organisationId: 'qn-snv',
      items: [caseFileSummary({ id: 'd1', status: 'CLOSED', transfer: { dueDate: '2026-12-20', state: 'SOON' } })],
    });
    http.expectOne('/api/case-files/archive').flush({ organisationId: 'qn-snv', items: holdings });
    await settle();
  };

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [ArchivePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ArchivePage);
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('lists the files due for transfer and the holdings, and imports a package', async () => {
    await flushLists();
    expect(q(el, '[data-testid="archive-due"] [data-testid="transfer-badge"]').getAttribute('data-state')).toBe('SOON');
    expect(q(el, '[data-testid="archive-holding"]').getAttribute('data-status')).toBe('TRANSFERRED');

    const input = q<HTMLInputElement>(el, '[data-testid="archive-import-file"]');
    const pkg = new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'ho-so.zip', { type: 'application/zip' });
    Object.defineProperty(input, 'files', { value: [pkg] });
    input.dispatchEvent(new Event('change'));
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="archive-import-submit"]').click();
    await settle();
    const req = http.expectOne('/api/case-files/import');
    expect((req.request.body as FormData).get('package')).toBeInstanceOf(File);
    req.flush(caseFile({ id: 'imp', code: '000.00.03.H49.2025.30.TCBC', status: 'TRANSFERRED', imported: true }));
    await settle();
    expect(text(el, '[data-testid="archive-notice"]')).toBe('Đã nhập hồ sơ 000.00.03.H49.2025.30.TCBC.');
    await flushLists();
  });

  it('adds a heading to a year’s catalogue', async () => {
    await flushLists([]);
    expect(el.querySelector('[data-testid="archive-empty"]')).not.toBeNull();
    type(el, '[data-testid="heading-code"]', 'VTLT');
    type(el, '[data-testid="heading-title"]', 'Văn thư, lưu trữ');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="heading-submit"]').click();
    await settle();
    const req = http.expectOne('/api/case-files/headings');
    expect(req.request.body).toEqual({ year: new Date().getFullYear(), code: 'VTLT', title: 'Văn thư, lưu trữ' });
    req.flush({ id: 'h1', code: 'VTLT', title: 'Văn thư, lưu trữ', ordinal: 1 });
    await settle();
    expect(text(el, '[data-testid="archive-notice"]')).toBe('Đã thêm đề mục VTLT.');
  });
});
