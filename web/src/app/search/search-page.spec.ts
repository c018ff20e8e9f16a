import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { choose, q, text, type } from '../testing/dom';
import { verifyHttpAfterEach } from '../testing/http';
import { SearchPage } from './search-page';
import type { SavedSearch, SearchHit, SearchResponse } from './search.models';

const hit = (over: Partial<SearchHit> = {}): SearchHit => ({
  kind: 'INCOMING',
  id: 'd1',
  organisationId: 'qn-snv',
  documentType: 'Quyết định',
  issuer: 'Ủy ban nhân dân tỉnh Quảng Ninh',
  signer: 'Phạm Quốc Bảo',
  reference: '125/QĐ-UBND',
  arrival: { year: 2025, number: 45 },
  date: '2025-03-05',
  status: 'REGISTERED',
  secrecy: 'KHONG',
  subject: 'Quyết định phê duyệt kế hoạch chuyển đổi số',
  subjectHighlight: [
    { text: 'Quyết định', hit: true },
    { text: ' phê duyệt kế hoạch chuyển đổi số', hit: false },
  ],
  snippet: [
    { text: 'Điều 1. Ban hành kèm theo ', hit: false },
    { text: 'quyết định', hit: true },
    { text: ' này <b>quy chế</b>', hit: false },
  ],
  rank: 0.6,
  dueDate: '2025-03-20',
  ...over,
});

const response = (over: Partial<SearchResponse> = {}): SearchResponse => ({
  items: [
    hit(),
    hit({
      kind: 'OUTGOING',
      id: 'o1',
      arrival: null,
      status: 'ISSUED',
      subjectHighlight: null,
      snippet: null,
      subject: 'V/v chuyển đổi số',
    }),
  ],
  total: 2,
  exact: true,
  page: 1,
  pageSize: 20,
  match: 'TEXT',
  corrected: null,
  facets: {
    kind: [
      { value: 'INCOMING', label: 'INCOMING', count: 1 },
      { value: 'OUTGOING', label: 'OUTGOING', count: 1 },
    ],
    type: [{ value: 'quyet dinh', label: 'Quyết định', count: 2 }],
    issuer: [{ value: 'uy ban nhan dan tinh quang ninh', label: 'Ủy ban nhân dân tỉnh Quảng Ninh', count: 2 }],
    year: [{ value: '2025', label: '2025', count: 2 }],
    status: [
      { value: 'REGISTERED', label: 'REGISTERED', count: 1 },
      { value: 'ISSUED', label: 'ISSUED', count: 1 },
    ],
    secrecy: [{ value: 'KHONG', label: 'KHONG', count: 2 }],
  },
  ...over,
});

describe('SearchPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SearchPage>;
  let el: HTMLElement;

  const expectSearch = (): TestRequest => http.expectOne((r) => r.url === '/api/search' && r.method === 'GET');
  const params = (req: TestRequest) => Object.fromEntries(req.request.params.keys().map((k) => [k, req.request.params.get(k)]));
  const settle = () => fixture.whenStable();
  const results = () => Array.from(el.querySelectorAll<HTMLElement>('[data-testid="search-result"]'));

  const expectSaved = () => http.expectOne((r) => r.url === '/api/search/saved' && r.method === 'GET');

  async function open(query: Record<string, string> = {}, saved: SavedSearch[] = []) {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SearchPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(query) } } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SearchPage);
    el = fixture.nativeElement;
    await settle();
    expectSaved().flush({ items: saved });
    await settle();
  }

  verifyHttpAfterEach();

  it('searches from the box and shows results with marked words, links, số/ký hiệu and số đến', async () => {
    await open();
    const first = expectSearch();
    expect(params(first)).toEqual({ pageSize: '20', sort: 'relevance', page: '1' });
    first.flush(response({ items: [], total: 0 }));
    await settle();
    expect(el.querySelector('[data-testid="search-empty"]')).not.toBeNull();

    type(el, '[data-testid="search-box"]', 'quyet dinh');
    q<HTMLButtonElement>(el, '[data-testid="search-submit"]').click();
    const req = expectSearch();
    expect(params(req)).toEqual({ pageSize: '20', q: 'quyet dinh', sort: 'relevance', page: '1' });
    req.flush(response());
    await settle();

    expect(text(el, '[data-testid="search-total"]')).toBe('Tìm thấy 2 văn bản');
    const [incoming, outgoing] = results();
    expect(q<HTMLAnchorElement>(incoming, '[data-testid="search-result-link"]').getAttribute('href')).toBe('/incoming/d1');
    expect(q<HTMLAnchorElement>(outgoing, '[data-testid="search-result-link"]').getAttribute('href')).toBe('/outgoing/o1');
    expect(Array.from(incoming.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['Quyết định', 'quyết định']);
    expect(text(incoming, '[data-testid="search-result-reference"]')).toBe('125/QĐ-UBND');
    expect(q(incoming, '[data-column="arrival"]').textContent?.trim()).toBe('45/2025');
    expect(incoming.textContent).toContain('05/03/2025');
    expect(incoming.textContent).toContain('Đã vào sổ');
    expect(outgoing.textContent).toContain('Đã ban hành');
    // Text from documents is text, never markup.
    const snippet = q(incoming, '[data-testid="search-snippet"]');
    expect(snippet.querySelector('b')).toBeNull();
    expect(snippet.textContent).toContain('<b>quy chế</b>');
    expect(text(outgoing, '[data-testid="search-result-link"]')).toBe('V/v chuyển đổi số');
  });

  it('lists facet counts; a click narrows the search and shows a removable filter', async () => {
    await open({ q: 'chuyen doi so', year: '2025' });
    const first = expectSearch();
    expect(params(first)).toEqual({ pageSize: '20', q: 'chuyen doi so', year: '2025', sort: 'relevance', page: '1' });
    first.flush(response());
    await settle();
    const type = q(el, '[data-testid="facet-type"]');
    expect(type.textContent).toContain('Quyết định');
    expect(type.textContent).toContain('2');
    expect(text(el, '[data-testid="facet-kind"]')).toContain('Văn bản đến');
    expect(text(el, '[data-testid="facet-status"]')).toContain('Đã vào sổ');

    q<HTMLButtonElement>(type, '[data-testid="facet-value"]').click();
    const narrowed = expectSearch();
    expect(params(narrowed)).toMatchObject({ q: 'chuyen doi so', year: '2025', type: 'quyet dinh', page: '1' });
    narrowed.flush(response());
    await settle();
    const chips = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="search-active-filter"]'));
    expect(chips.map((c) => c.dataset['facet'])).toEqual(['year', 'type']);
    expect(chips[1].textContent).toContain('Quyết định');

    q<HTMLButtonElement>(chips[0], 'button').click();
    const widened = expectSearch();
    expect(params(widened)).toEqual({ pageSize: '20', q: 'chuyen doi so', type: 'quyet dinh', sort: 'relevance', page: '1' });
    widened.flush(response());
    await settle();
  });

  it('sends filters and sort, pages through results, and says which corrected words it searched', async () => {
    await open();
    expectSearch().flush(response());
    await settle();
    type(el, '[data-testid="search-box"]', 'chuyen doii so');
    type(el, '[data-testid="search-signer"]', 'pham quoc');
    type(el, '[data-testid="search-date-from"]', '2025-01-01');
    type(el, '[data-testid="search-date-to"]', '2025-12-31');
    choose(el, '[data-testid="search-sort"]', 'date');
    const sorted = expectSearch();
    expect(params(sorted)).toEqual({
      pageSize: '20',
      q: 'chuyen doii so',
      signer: 'pham quoc',
      dateFrom: '2025-01-01',
      dateTo: '2025-12-31',
      sort: 'date',
      page: '1',
    });
    sorted.flush(response({ match: 'FUZZY', corrected: 'chuyen doi so', total: 45 }));
    await settle();
    expect(text(el, '[data-testid="search-total"]')).toBe('Tìm thấy 45 văn bản');
    expect(text(el, '[data-testid="search-fuzzy"]')).toBe('Không có văn bản chứa đúng các từ đã gõ; kết quả dưới đây cho “chuyen doi so”.');
    expect(text(el, '[data-testid="search-page"]')).toBe('Trang 1/3');

    q<HTMLButtonElement>(el, '[data-testid="search-next"]').click();
    const next = expectSearch();
    expect(params(next)).toMatchObject({ page: '2', sort: 'date' });
    next.flush(response({ total: 45, page: 2, exact: false }));
    await settle();
    expect(text(el, '[data-testid="search-page"]')).toBe('Trang 2/3');
    expect(text(el, '[data-testid="search-total"]')).toContain('Tìm thấy hơn 45 văn bản');
  });

  it('shows the problem when the API refuses the criteria', async () => {
    await open({ caseFileId: 'x' });
    expectSearch().flush(
      { type: 'about:blank', title: 'Dữ liệu gửi lên không hợp lệ', detail: 'Invalid request query', status: 422, code: 'validation' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();
    expect(text(el, '[data-testid="search-error"]')).toContain('Dữ liệu gửi lên không hợp lệ');
  });

  it('shows the chosen columns, remembers them, and exports the shown search in them', async () => {
    await open({ q: 'chuyen doi so', secrecy: 'MAT' });
    expectSearch().flush(response());
    await settle();
    const headers = () => Array.from(el.querySelectorAll('[data-testid="search-results"] th')).map((th) => th.textContent?.trim());
    expect(headers()).toEqual(['Số, ký hiệu', 'Số đến', 'Ngày', 'Trích yếu', 'Cơ quan ban hành', 'Trạng thái']);

    q<HTMLInputElement>(el, '[data-testid="column-dueDate"]').click();
    q<HTMLInputElement>(el, '[data-testid="column-arrival"]').click();
    await settle();
    expect(headers()).toEqual(['Số, ký hiệu', 'Ngày', 'Trích yếu', 'Cơ quan ban hành', 'Trạng thái', 'Hạn xử lý']);
    expect(q(results()[0], '[data-column="dueDate"]').textContent?.trim()).toBe('20/03/2025');
    expect(JSON.parse(localStorage.getItem('vt.search.columns')!)).toEqual(['reference', 'date', 'subject', 'issuer', 'status', 'dueDate']);

    const pdf = new URL(q<HTMLAnchorElement>(el, '[data-testid="export-pdf"]').href);
    expect(pdf.pathname).toBe('/api/search/export.pdf');
    expect(Object.fromEntries(pdf.searchParams)).toEqual({
      q: 'chuyen doi so',
      secrecy: 'MAT',
      sort: 'relevance',
      columns: 'reference,date,subject,issuer,status,dueDate',
    });
    expect(new URL(q<HTMLAnchorElement>(el, '[data-testid="export-docx"]').href).pathname).toBe('/api/search/export.docx');
  });

  it('saves the search shown with its columns, runs a saved one, renames and deletes it', async () => {
    const stored: SavedSearch = {
      id: 's1',
      name: 'Quyết định năm 2025',
      criteria: { q: 'quyet dinh', year: '2025', sort: 'date' },
      columns: ['subject', 'dueDate'],
      createdAt: '2025-03-01T00:00:00Z',
      updatedAt: '2025-03-01T00:00:00Z',
    };
    await open({}, [stored]);
    expectSearch().flush(response());
    await settle();

    // Run: its criteria go to the search, its columns are shown.
    choose(el, '[data-testid="saved-pick"]', 's1');
    const run = expectSearch();
    expect(params(run)).toEqual({ pageSize: '20', q: 'quyet dinh', year: '2025', sort: 'date', page: '1' });
    run.flush(response());
    await settle();
    expect(Array.from(el.querySelectorAll('[data-testid="search-results"] th')).map((th) => th.textContent?.trim())).toEqual([
      'Trích yếu',
      'Hạn xử lý',
    ]);
    expect(q<HTMLInputElement>(el, '[data-testid="saved-name"]').value).toBe('Quyết định năm 2025');

    // Rename (update) it.
    type(el, '[data-testid="saved-name"]', 'Quyết định 2025');
    q<HTMLButtonElement>(el, '[data-testid="saved-update"]').click();
    const patch = http.expectOne('/api/search/saved/s1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({
      name: 'Quyết định 2025',
      criteria: { q: 'quyet dinh', year: '2025', sort: 'date' },
      columns: ['subject', 'dueDate'],
    });
    patch.flush({ ...stored, name: 'Quyết định 2025' });
    await settle();
    expect(text(el, '[data-testid="saved-notice"]')).toBe('Đã cập nhật tìm kiếm “Quyết định 2025”.');

    // Save the search shown as a new one.
    type(el, '[data-testid="saved-name"]', 'Bản sao');
    q<HTMLButtonElement>(el, '[data-testid="saved-save"]').click();
    const post = http.expectOne((r) => r.url === '/api/search/saved' && r.method === 'POST');
    expect(post.request.body).toEqual({
      name: 'Bản sao',
      criteria: { q: 'quyet dinh', year: '2025', sort: 'date' },
      columns: ['subject', 'dueDate'],
    });
    post.flush({ ...stored, id: 's2', name: 'Bản sao' });
    await settle();
    expect(Array.from(q<HTMLSelectElement>(el, '[data-testid="saved-pick"]').options).map((o) => o.textContent?.trim())).toEqual([
      '— Chọn để chạy lại —',
      'Bản sao',
      'Quyết định 2025',
    ]);

    // Delete the selected one (the new one).
    q<HTMLButtonElement>(el, '[data-testid="saved-delete"]').click();
    const del = http.expectOne('/api/search/saved/s2');
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(Array.from(q<HTMLSelectElement>(el, '[data-testid="saved-pick"]').options).map((o) => o.textContent?.trim())).toEqual([
      '— Chọn để chạy lại —',
      'Quyết định 2025',
    ]);
  });
});
