import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { q, text, type } from '../../testing/dom';
import { ORGANISATIONS, PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { UnitsPage } from './units-page';

describe('UnitsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<UnitsPage>;
  let el: HTMLElement;

  const node = (name: string) =>
    Array.from(el.querySelectorAll<HTMLButtonElement>('[data-testid="org-tree"] button')).find((b) => b.textContent!.includes(name))!;
  const pick = async (name: string) => {
    node(name).click();
    await fixture.whenStable();
  };
  const units = () =>
    Array.from(el.querySelectorAll('[data-testid="unit-list"] li')).map((li) =>
      Array.from(li.querySelectorAll('span'))
        .map((s) => s.textContent!.trim())
        .join(' | '),
    );

  beforeEach(async () => {
    http = httpTestBed();
    fixture = TestBed.createComponent(UnitsPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => vi.restoreAllMocks());
  verifyHttpAfterEach();

  const loaded = async () => {
    http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
    await fixture.whenStable();
  };

  it('shows the organisation tree and, for the one picked, its units', async () => {
    await loaded();
    expect(text(el, '.card:nth-of-type(2) p')).toBe('Chọn một cơ quan để xem và thêm đơn vị trực thuộc.');
    expect(
      Array.from(el.querySelectorAll('[data-testid="org-tree"] button')).map((b) => b.textContent!.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      'Ủy ban nhân dân tỉnh Quảng Ninh',
      'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      'Sở Thông tin và Truyền thông tỉnh Quảng Ninh (đã giải thể)',
      'Sở Tài chính tỉnh Quảng Ninh',
    ]);
    await pick('Văn phòng');
    expect(node('Văn phòng').getAttribute('aria-pressed')).toBe('true');
    expect(text(el, 'h2.section-title:not(.card-head)')).toBe('Đơn vị của Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(units()).toEqual(['Bộ phận Văn thư | VT', 'Phòng Tổng hợp | TH', 'Phòng cũ | OLD | (ngừng hoạt động)']);

    await pick('Ủy ban');
    expect(el.textContent).toContain('Cơ quan chưa có đơn vị nào.');
    // The top of the tree cannot be dissolved.
    expect(el.querySelector('[data-testid="dissolve-form"]')).toBeNull();
  });

  it('asks for a name and an abbreviation, then adds the unit to the list', async () => {
    await loaded();
    await pick('Sở Tài chính');
    q<HTMLButtonElement>(el, '[data-testid="unit-submit"]').click();
    await fixture.whenStable();
    expect(Array.from(el.querySelectorAll('.field-error')).map((e) => e.textContent)).toEqual([
      'Vui lòng nhập thông tin này.',
      'Vui lòng nhập thông tin này.',
    ]);

    type(el, '#unit-name', ' Phòng Tin học - Thống kê ');
    type(el, '#unit-abbrev', 'THTK');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="unit-submit"]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/admin/organisations/qn-stc/units' });
    expect(req.request.body).toEqual({ name: 'Phòng Tin học - Thống kê', abbrev: 'THTK' });
    req.flush({ id: 'stc-thtk', name: 'Phòng Tin học - Thống kê', abbrev: 'THTK', active: true });
    await fixture.whenStable();
    expect(units()).toEqual(['Phòng Quản lý ngân sách | QLNS', 'Phòng Tin học - Thống kê | THTK']);
    expect(text(el, '[data-testid="unit-notice"]')).toBe('Đã thêm đơn vị Phòng Tin học - Thống kê.');
    expect(q<HTMLInputElement>(el, '#unit-name').value).toBe('');
    expect(el.querySelector('.field-error')).toBeNull();
  });

  it('shows the server’s refusal of an abbreviation beside its field', async () => {
    await loaded();
    await pick('Sở Tài chính');
    type(el, '#unit-name', 'Phòng Kế hoạch');
    type(el, '#unit-abbrev', 'qlns');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="unit-submit"]').click();
    http.expectOne('/api/admin/organisations/qn-stc/units').flush(
      problem(400, 'validation', 'Dữ liệu không hợp lệ', 'Invalid request', {
        errors: [{ path: 'abbrev', message: 'Use upper-case letters, digits, & or -' }],
      }),
      { status: 400, statusText: 'Bad Request', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(text(el, '.field-error[data-path="abbrev"]')).toBe('Chỉ dùng chữ in hoa, chữ số, dấu & hoặc gạch ngang.');
    expect(text(el, 'vt-problem-message')).toBe('Dữ liệu không hợp lệ');
  });

  it('adds nothing to a dissolved organisation', async () => {
    await loaded();
    await pick('Sở Thông tin');
    expect(el.textContent).toContain('Cơ quan đã giải thể, không thể thêm đơn vị.');
    expect(el.querySelector('[data-testid="unit-submit"]')).toBeNull();
    expect(el.querySelector('[data-testid="dissolve"]')).toBeNull();
  });

  it('dissolves an organisation on the day given, once confirmed, and reloads the tree', async () => {
    await loaded();
    await pick('Sở Tài chính');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    type(el, '[data-testid="dissolve-on"]', '2026-06-30');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="dissolve"]').click();
    expect(confirm).toHaveBeenCalledWith(
      'Đánh dấu Sở Tài chính tỉnh Quảng Ninh đã giải thể? Mọi tài khoản đang hoạt động của cơ quan này sẽ bị khóa; văn bản và hồ sơ vẫn được lưu giữ.',
    );
    const req = http.expectOne({ method: 'POST', url: '/api/admin/organisations/qn-stc/dissolve' });
    expect(req.request.body).toEqual({ lastDay: '2026-06-30' });
    req.flush({ organisationId: 'qn-stc', validTo: '2026-06-30', disabledUsers: 3 });
    http
      .expectOne('/api/organisations')
      .flush({ items: ORGANISATIONS.map((o) => (o.id === 'qn-stc' ? { ...o, validTo: '2020-06-30' } : o)) });
    await fixture.whenStable();
    expect(el.textContent).toContain('Đã đánh dấu giải thể; 3 tài khoản đã bị khóa.');
    expect(node('Sở Tài chính').textContent).toContain('(đã giải thể)');
    expect(el.querySelector('[data-testid="unit-submit"]')).toBeNull();
  });

  it('shows why the organisations could not be read', async () => {
    http.expectOne('/api/organisations').flush(problem(503, 'unavailable', 'Hệ thống đang bận', 'Service unavailable'), {
      status: 503,
      statusText: 'Unavailable',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Hệ thống đang bận');
  });
});
