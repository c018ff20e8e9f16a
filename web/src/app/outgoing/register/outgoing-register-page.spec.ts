import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { q, text, type } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { registerEntry } from '../../testing/outgoing-fixtures';
import { OutgoingRegisterPage } from './outgoing-register-page';

describe('OutgoingRegisterPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<OutgoingRegisterPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const year = new Date().getFullYear();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [OutgoingRegisterPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OutgoingRegisterPage);
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it("lists the year's issued documents with each recipient's delivery status", async () => {
    http.expectOne(`/api/outgoing/register?year=${year}`).flush({ year, items: [registerEntry()] });
    await settle();
    expect(text(el, '[data-testid="register-number"]')).toBe('05/STC-QLNS');
    expect(q<HTMLAnchorElement>(el, '[data-testid="register-number"]').getAttribute('href')).toBe('/outgoing/d1');
    const recipients = Array.from(el.querySelectorAll('[data-testid="register-recipient"]')).map((r) => [
      r.getAttribute('data-status'),
      r.textContent?.trim(),
    ]);
    expect(recipients).toEqual([
      ['DELIVERED', 'Sở Nội vụ tỉnh Quảng Ninh — Đã gửi đến'],
      ['WAITING_FOR_EXCHANGE', 'Bộ Tài chính — Chờ gửi qua trục liên thông'],
    ]);
    expect(text(el, '[data-testid="register-row"]')).toContain('Chữ ký tay (bản giấy)');
    const pdf = q<HTMLAnchorElement>(el, '[data-testid="register-pdf"]').getAttribute('href');
    expect(pdf).toBe(`/api/registers/${registerEntry().registerId}/book.pdf?from=${year}-01-01&to=${year}-12-31`);
    expect(q<HTMLAnchorElement>(el, '[data-testid="register-xlsx"]').getAttribute('href')).toContain('/book.xlsx?');
  });

  it('shows the exchange status of a recipient reached over the axis, with the reason of a refusal', async () => {
    const entry = registerEntry();
    entry.recipients[1].exchange = {
      status: 'REFUSED',
      statusCode: '02',
      reason: 'Không đúng thẩm quyền',
      lastError: null,
      sentAt: '2026-03-04T03:00:00Z',
      updatedAt: '2026-03-04T04:00:00Z',
      history: [],
    };
    http.expectOne(`/api/outgoing/register?year=${year}`).flush({ year, items: [entry] });
    await settle();
    expect(q(el, '[data-testid="exchange-status"]').getAttribute('data-status')).toBe('REFUSED');
    expect(text(el, '[data-testid="register-recipient"][data-status="WAITING_FOR_EXCHANGE"]')).toContain('Từ chối tiếp nhận');
    expect(text(el, '[data-testid="exchange-reason"]')).toBe('Lý do: Không đúng thẩm quyền');
  });

  it('reloads for another year and shows a 403', async () => {
    http.expectOne(`/api/outgoing/register?year=${year}`).flush({ year, items: [registerEntry()] });
    await settle();
    type(el, '[data-testid="register-year"]', '2025');
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="register-show"]').click();
    await settle();
    http.expectOne('/api/outgoing/register?year=2025').flush(problem(403, 'forbidden', 'Bạn không có quyền xem sổ này', 'Forbidden'), {
      status: 403,
      statusText: 'Forbidden',
      headers: PROBLEM_HEADERS,
    });
    await settle();
    expect(text(el, '[data-testid="register-error"]')).toBe('Bạn không có quyền xem sổ này');
    expect(el.querySelector('[data-testid="register-row"]')).toBeNull();
  });
});
