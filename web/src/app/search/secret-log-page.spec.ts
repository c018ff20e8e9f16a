import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { q, text, type } from '../testing/dom';
import { verifyHttpAfterEach } from '../testing/http';
import { SecretLogPage } from './secret-log-page';
import type { SecretSearchEntry } from './search.models';

const entry = (over: Partial<SecretSearchEntry> = {}): SecretSearchEntry => ({
  id: 1,
  at: '2025-03-05T02:30:00Z',
  userId: 'u1',
  userName: 'Phan Thị Thảo',
  action: 'SEARCH',
  query: 'phương án bảo vệ',
  filters: { secrecy: 'MAT', kind: 'INCOMING', dateFrom: '2025-01-01' },
  total: 3,
  secretCount: 1,
  ...over,
});

describe('SecretLogPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SecretLogPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  async function open() {
    TestBed.configureTestingModule({
      imports: [SecretLogPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SecretLogPage);
    el = fixture.nativeElement;
    await settle();
  }

  verifyHttpAfterEach();

  it('lists who searched what, with the filters in words, and narrows by dates', async () => {
    await open();
    http.expectOne('/api/search/secret-log').flush({ items: [entry(), entry({ id: 2, action: 'EXPORT', query: null, filters: {} })] });
    await settle();
    const rows = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="secret-log-row"]'));
    expect(rows.map((r) => r.dataset['action'])).toEqual(['SEARCH', 'EXPORT']);
    expect(rows[0].textContent).toContain('Phan Thị Thảo');
    expect(rows[0].textContent).toContain('Tra cứu');
    expect(text(rows[0], '[data-testid="secret-log-query"]')).toBe('phương án bảo vệ');
    expect(rows[0].textContent).toContain('Độ mật: Mật; Văn bản đến / đi: Văn bản đến; Từ ngày: 01/01/2025');
    expect(rows[1].textContent).toContain('Xuất danh sách');

    type(el, '[data-testid="secret-log-from"]', '2025-03-01');
    type(el, '[data-testid="secret-log-to"]', '2025-03-31');
    q<HTMLButtonElement>(el, '[data-testid="secret-log-show"]').click();
    const narrowed = http.expectOne((r) => r.url === '/api/search/secret-log');
    expect(narrowed.request.params.get('from')).toBe('2025-03-01');
    expect(narrowed.request.params.get('to')).toBe('2025-03-31');
    narrowed.flush({ items: [] });
    await settle();
    expect(el.querySelector('[data-testid="secret-log-empty"]')).not.toBeNull();
  });

  it('shows the refusal to someone who heads no organisation', async () => {
    await open();
    http
      .expectOne('/api/search/secret-log')
      .flush(
        { type: 'about:blank', title: 'Bạn không có quyền thực hiện thao tác này', detail: 'x', status: 403, code: 'forbidden' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    expect(text(el, '[data-testid="secret-log-error"]')).toContain('Bạn không có quyền');
  });
});
