import { TestBed } from '@angular/core/testing';
import { text } from '../../testing/dom';
import type { ExchangeDelivery } from '../outgoing.models';
import { ExchangeStatusView } from './exchange-status';

const delivery = (over: Partial<ExchangeDelivery> = {}): ExchangeDelivery => ({
  status: 'SENT',
  statusCode: null,
  reason: null,
  lastError: null,
  sentAt: '2026-12-01T02:00:00Z',
  updatedAt: '2026-12-01T02:00:00Z',
  history: [],
  ...over,
});

describe('ExchangeStatusView', () => {
  beforeEach(() => localStorage.setItem('vanthu.lang', 'vi'));

  async function render(exchange: ExchangeDelivery, withHistory = false): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ExchangeStatusView);
    fixture.componentRef.setInput('exchange', exchange);
    fixture.componentRef.setInput('withHistory', withHistory);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the status; a refusal in red with its reason', async () => {
    const sent = await render(delivery());
    expect(text(sent, '[data-testid="exchange-status"]')).toBe('Đã gửi lên trục');
    expect(sent.querySelector('[data-testid="exchange-status"]')!.classList).not.toContain('danger');
    expect(sent.querySelector('[data-testid="exchange-reason"]')).toBeNull();

    const refused = await render(delivery({ status: 'REFUSED', statusCode: '02', reason: 'Gửi nhầm cơ quan' }));
    expect(text(refused, '[data-testid="exchange-status"]')).toBe('Từ chối tiếp nhận');
    expect(refused.querySelector('[data-testid="exchange-status"]')!.classList).toContain('danger');
    expect(text(refused, '[data-testid="exchange-reason"]')).toBe('Lý do: Gửi nhầm cơ quan');
  });

  it('while retrying or once failed, shows the last send error (not once it got through)', async () => {
    const queued = await render(delivery({ status: 'QUEUED', lastError: 'fetch failed' }));
    expect(text(queued, '[data-testid="exchange-error"]')).toBe('Lỗi gần nhất: fetch failed');
    const failed = await render(delivery({ status: 'FAILED', lastError: 'HTTP 503' }));
    expect(failed.querySelector('[data-testid="exchange-status"]')!.classList).toContain('danger');
    expect(text(failed, '[data-testid="exchange-error"]')).toBe('Lỗi gần nhất: HTTP 503');
    const delivered = await render(delivery({ status: 'RECEIVED', lastError: 'fetch failed' }));
    expect(delivered.querySelector('[data-testid="exchange-error"]')).toBeNull();
  });

  it('lists the history only when asked, with status codes and late statuses marked', async () => {
    const exchange = delivery({
      status: 'IN_PROGRESS',
      statusCode: '05',
      history: [
        { status: 'RECEIVED', statusCode: '01', description: null, at: '2026-12-01T03:00:00Z', applied: true },
        { status: 'IN_PROGRESS', statusCode: '05', description: 'Đang giải quyết', at: '2026-12-02T03:00:00Z', applied: true },
        { status: 'ASSIGNED', statusCode: '04', description: null, at: '2026-12-03T03:00:00Z', applied: false },
      ],
    });
    expect((await render(exchange)).querySelector('[data-testid="exchange-history"]')).toBeNull();
    const el = await render(exchange, true);
    const items = Array.from(el.querySelectorAll('[data-testid="exchange-history"] li')).map((li) =>
      (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    expect(items).toEqual([
      '01/12/2026 10:00 — Đã đến (01)',
      '02/12/2026 10:00 — Đang xử lý (05): Đang giải quyết',
      '03/12/2026 10:00 — Đã phân công (04) (đến muộn, không đổi trạng thái)',
    ]);
  });
});
