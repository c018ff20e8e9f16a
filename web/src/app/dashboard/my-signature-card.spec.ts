import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AuthService } from '../core/auth.service';
import { until } from '../testing/dom';
import { verifyHttpAfterEach } from '../testing/http';
import { ME_CLERK, PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { DashboardPage } from './dashboard-page';
import { MySignatureCard } from './my-signature-card';

const URL = '/api/me/signature-image';
const PNG = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: 'image/png' });

describe('my signature card', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  verifyHttpAfterEach();

  it('is on the dashboard of signers only', async () => {
    const auth = TestBed.inject(AuthService);
    const leader = { ...ME_CLERK, roles: [{ ...ME_CLERK.roles[0], role: 'LANH_DAO_CO_QUAN' as const }] };
    const me = vi.spyOn(auth, 'me').mockReturnValue(ME_CLERK);
    const clerk = TestBed.createComponent(DashboardPage);
    await clerk.whenStable();
    expect(clerk.nativeElement.querySelector('[data-testid="my-signature"]')).toBeNull();
    me.mockReturnValue(leader);
    const page = TestBed.createComponent(DashboardPage);
    page.detectChanges();
    expect(page.nativeElement.querySelector('[data-testid="my-signature"]')).not.toBeNull();
    http.expectOne(URL).flush(null, { status: 204, statusText: 'No Content' });
    // Both may see the statistics card too (dashboard-stats.spec.ts).
    expect(http.match((r) => r.url === '/api/dashboard').length).toBe(2);
    http.match('/api/organisations');
  });

  it('shows "none", uploads a PNG and previews it, shows a refusal, and removes it', async () => {
    const fixture = TestBed.createComponent(MySignatureCard);
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    http.expectOne(URL).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="my-signature-none"]')!.textContent).toContain('Chưa có ảnh chữ ký');
    expect(el.querySelector('[data-testid="my-signature-remove"]')).toBeNull();

    const input = el.querySelector<HTMLInputElement>('[data-testid="my-signature-file"]')!;
    const file = new File([PNG], 'chu-ky.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    const put = http.expectOne((r) => r.url === URL && r.method === 'PUT');
    expect((put.request.body as FormData).get('image')).toBeInstanceOf(File);
    put.flush({ mediaType: 'image/png', size: 8, sha256: 'a'.repeat(64), updatedAt: '' });
    http.expectOne((r) => r.url === URL && r.method === 'GET').flush(PNG);
    // The preview is read from the blob by a FileReader, which the test cannot flush.
    await until(() => {
      fixture.detectChanges();
      return el.querySelector('[data-testid="my-signature-preview"]') !== null;
    });
    expect(el.querySelector('[data-testid="my-signature-notice"]')!.textContent).toContain('Đã lưu ảnh chữ ký');
    expect(el.querySelector<HTMLImageElement>('[data-testid="my-signature-preview"]')!.src).toMatch(/^data:image\/png;base64,/);

    Object.defineProperty(input, 'files', { value: [new File(['%PDF-1.7'], 'x.png')], configurable: true });
    input.dispatchEvent(new Event('change'));
    http
      .expectOne((r) => r.method === 'PUT')
      .flush(
        problem(
          415,
          'upload.unsupported_type',
          'Ảnh chữ ký phải là tệp PNG hoặc JPEG ("x.png")',
          'The signature image must be PNG or JPEG',
        ),
        { status: 415, statusText: 'Unsupported', headers: PROBLEM_HEADERS },
      );
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="my-signature-error"]')!.textContent).toContain('PNG hoặc JPEG');

    el.querySelector<HTMLButtonElement>('[data-testid="my-signature-remove"]')!.click();
    http.expectOne((r) => r.method === 'DELETE').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne((r) => r.method === 'GET').flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="my-signature-preview"]')).toBeNull();
    expect(el.querySelector('[data-testid="my-signature-notice"]')!.textContent).toContain('Đã xóa');
  });
});
