import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { choose, q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { REGISTERS, summary } from '../../testing/incoming-fixtures';
import { IncomingListPage } from './incoming-list-page';

describe('IncomingListPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<IncomingListPage>;
  let el: HTMLElement;

  const rows = () => Array.from(el.querySelectorAll<HTMLTableRowElement>('[data-testid="incoming-row"]'));
  const expectList = (): TestRequest => http.expectOne((r) => r.url === '/api/incoming' && r.method === 'GET');
  const params = (req: TestRequest) => Object.fromEntries(req.request.params.keys().map((k) => [k, req.request.params.get(k)]));
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [IncomingListPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IncomingListPage);
    el = fixture.nativeElement;
    await settle();
    const registers = http.expectOne((r) => r.url === '/api/registers');
    expect(registers.request.params.get('direction')).toBe('DEN');
    registers.flush({ items: REGISTERS });
    const first = expectList();
    expect(params(first)).toEqual({ limit: '50' });
    first.flush({
      items: [
        summary({ id: 'a', urgency: 'HOA_TOC', dueDate: '2025-03-10' }),
        summary({ id: 'b', urgency: 'KHAN', status: 'DRAFT', register: null, subject: null }),
      ],
      total: 2,
    });
    await settle();
  });

  verifyHttpAfterEach();

  it('shows số đến, dates, issuer, số/ký hiệu, urgency badges and status', () => {
    expect(rows()).toHaveLength(2);
    const [a, b] = rows();
    expect(a.textContent).toContain('41/2025');
    expect(a.textContent).toContain('05/BNV-VP');
    expect(a.textContent).toContain('Bộ Nội vụ');
    expect(a.textContent).toContain('10/03/2025');
    expect(text(a, '[data-testid="incoming-status"]')).toBe('Đã vào sổ');
    const express = q(a, '[data-testid="urgency"]');
    expect(express.textContent!.trim()).toBe('Hỏa tốc');
    expect(express.classList).toContain('badge-red');
    const urgent = q(b, '[data-testid="urgency"]');
    expect(urgent.classList).not.toContain('badge-red');
    // A draft opens the registration page.
    expect(q<HTMLAnchorElement>(b, 'a').getAttribute('href')).toBe('/incoming/b/register');
    expect(q<HTMLAnchorElement>(a, 'a').getAttribute('href')).toBe('/incoming/a');
    expect(q<HTMLAnchorElement>(el, '[data-testid="incoming-new"]').getAttribute('href')).toBe('/incoming/new');
    expect(q<HTMLAnchorElement>(el, '[data-testid="incoming-my-queue"]').getAttribute('href')).toBe('/incoming/queue');
    expect(text(el, '[data-testid="incoming-count"]')).toBe('Tìm thấy 2 văn bản');
  });

  it('links the printed register (PDF and XLSX) of the first register and this year', () => {
    const y = new Date().getFullYear();
    expect(q<HTMLAnchorElement>(el, '[data-testid="incoming-register-pdf"]').getAttribute('href')).toBe(
      `/api/registers/reg-den/book.pdf?from=${y}-01-01&to=${y}-12-31`,
    );
    expect(q<HTMLAnchorElement>(el, '[data-testid="incoming-register-xlsx"]').getAttribute('href')).toBe(
      `/api/registers/reg-den/book.xlsx?from=${y}-01-01&to=${y}-12-31`,
    );
  });

  it('builds the query from the status tab, text, year and register filters', async () => {
    q<HTMLButtonElement>(el, '[data-testid="incoming-tab-in_progress"]').click();
    await settle();
    const byStatus = expectList();
    expect(params(byStatus)).toEqual({ status: 'IN_PROGRESS', limit: '50' });
    byStatus.flush({ items: [], total: 0 });
    await settle();
    expect(q(el, '[data-testid="incoming-tab-in_progress"]').getAttribute('aria-selected')).toBe('true');
    expect(el.textContent).toContain('Không có văn bản đến phù hợp.');

    choose(el, '[data-testid="incoming-filter-year"]', '2025');
    await settle();
    expectList().flush({ items: [], total: 0 });
    choose(el, '[data-testid="incoming-filter-register"]', 'reg-mat');
    await settle();
    expectList().flush({ items: [], total: 0 });

    type(el, '[data-testid="incoming-filter-q"]', '  văn thư ');
    q<HTMLButtonElement>(el, '[data-testid="incoming-filter-submit"]').click();
    await settle();
    const all = expectList();
    expect(params(all)).toEqual({ status: 'IN_PROGRESS', registerId: 'reg-mat', year: '2025', q: 'văn thư', limit: '50' });
    all.flush({ items: [], total: 0 });
    await settle();

    q<HTMLButtonElement>(el, '[data-testid="incoming-tab-all"]').click();
    await settle();
    const cleared = expectList();
    expect(cleared.request.params.has('status')).toBe(false);
    expect(cleared.request.params.get('registerId')).toBe('reg-mat');
    cleared.flush({ items: [], total: 0 });
  });

  it('pages through long results with offset', async () => {
    q<HTMLButtonElement>(el, '[data-testid="incoming-tab-registered"]').click();
    await settle();
    expectList().flush({ items: [summary({ id: 'x' })], total: 120 });
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="incoming-next"]').click();
    await settle();
    const page2 = expectList();
    expect(params(page2)).toEqual({ status: 'REGISTERED', limit: '50', offset: '50' });
    page2.flush({ items: [summary({ id: 'y' })], total: 120 });
    await settle();
    expect(el.textContent).toContain('Trang 2/3');
  });
});
