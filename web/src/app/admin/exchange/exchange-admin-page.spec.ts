import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { ExchangeAdminPage } from './exchange-admin-page';
import type { ExchangeDeadLetter, ExchangeFailedJob, ExchangeTraffic } from './exchange-admin-api.service';

const TRAFFIC: ExchangeTraffic = {
  organisations: [
    {
      organisationId: 'qn-ubnd',
      name: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      organCode: '000.00.00.H49',
      sent: 3,
      delivered: 1,
      refused: 1,
      failed: 1,
      pending: 0,
      received: 2,
      receivedRefused: 1,
    },
  ],
  latest: [
    {
      direction: 'OUT',
      organisationId: 'qn-ubnd',
      counterpart: 'UBND TP Hạ Long (000.00.30.H49)',
      label: '05/UBND-VX',
      subject: 'V/v liên thông',
      status: 'REFUSED',
      reason: 'Không đúng thẩm quyền',
      at: '2026-03-04T03:00:00Z',
      link: '/outgoing/d1',
    },

    {
      direction: 'IN',
      organisationId: 'qn-ubnd',
      counterpart: 'Bộ Tài chính',
      label: '',
      subject: null,
      status: 'REGISTERED',
      reason: null,
      at: '2026-03-04T02:00:00Z',
      link: '/incoming/i1',
    },
  ],
};
const JOB: ExchangeFailedJob = {
  queue: 'exchange-send',
  id: 'send-o1',
  name: 'send-document',
  data: { outboxId: 'o1' },
  failedReason: 'Unknown receiver organ code(s): 000.00.00.G22',
  attemptsMade: 1,
  attempts: 10,
  failedAt: '2026-03-04T03:00:00Z',
};
const LETTER: ExchangeDeadLetter = {
  id: 'exchange-send-send-o2',
  queue: 'exchange-send',
  jobId: 'send-o2',
  name: 'send-document',
  data: { outboxId: 'o2' },
  failedReason: 'fetch failed',
  attemptsMade: 10,
  failedAt: '2026-03-04T02:00:00Z',
  movedAt: '2026-03-04T02:30:00Z',
};

describe('ExchangeAdminPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ExchangeAdminPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  const flushAll = async (failed: ExchangeFailedJob[], dead: ExchangeDeadLetter[]) => {
    http.expectOne('/api/admin/exchange/traffic').flush(TRAFFIC);
    http.expectOne('/api/admin/exchange/jobs/failed').flush({ items: failed });
    http.expectOne('/api/admin/exchange/dead-letter').flush({ items: dead });
    await settle();
  };

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [ExchangeAdminPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ExchangeAdminPage);
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('shows traffic per organisation, the latest packages, failed jobs with their reason and the dead-letter list', async () => {
    await flushAll([JOB], [LETTER]);
    const cells = Array.from(q(el, '[data-testid="traffic-row"]').querySelectorAll('td')).map((td) => td.textContent?.trim());
    expect(cells).toEqual(['Ủy ban nhân dân tỉnh Quảng Ninh (000.00.00.H49)', '3', '1', '1', '1', '0', '2', '1']);
    expect(text(el, '[data-testid="latest-row"]')).toContain('Từ chối tiếp nhận');
    expect(text(el, '[data-testid="latest-row"]')).toContain('Không đúng thẩm quyền');
    // A package the administrator may not open is named by its counterpart and status only.
    const rows = el.querySelectorAll<HTMLElement>('[data-testid="latest-row"]');
    expect(rows[0].textContent).toContain('V/v liên thông');
    expect(text(rows[1], '[data-testid="hidden-document"]')).toBe('(không có quyền xem nội dung văn bản)');
    expect(rows[1].querySelector('a')).toBeNull();
    expect(text(el, '[data-testid="failed-reason"]')).toContain('000.00.00.G22');
    expect(q(el, '[data-testid="dead-row"]').getAttribute('data-job')).toBe('send-o2');
  });

  it('retries a failed job, parks another, retries a parked one, and reloads after each', async () => {
    await flushAll([JOB], [LETTER]);
    q<HTMLButtonElement>(el, '[data-testid="failed-retry"]').click();
    http
      .expectOne({ method: 'POST', url: '/api/admin/exchange/jobs/exchange-send/send-o1/retry' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await flushAll([], [LETTER]);
    expect(text(el, '[data-testid="exchange-notice"]')).toBe('Đã đưa tác vụ send-o1 vào hàng đợi lại.');
    expect(el.querySelector('[data-testid="failed-row"]')).toBeNull();

    q<HTMLButtonElement>(el, '[data-testid="dead-retry"]').click();
    http
      .expectOne({ method: 'POST', url: '/api/admin/exchange/dead-letter/exchange-send-send-o2/retry' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await flushAll([JOB], []);

    q<HTMLButtonElement>(el, '[data-testid="failed-park"]').click();
    http
      .expectOne({ method: 'POST', url: '/api/admin/exchange/jobs/exchange-send/send-o1/dead-letter' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await flushAll([], [LETTER]);
    expect(text(el, '[data-testid="exchange-notice"]')).toContain('hàng chờ xử lý thủ công');
  });

  it('shows the problem when an action is refused', async () => {
    await flushAll([JOB], []);
    q<HTMLButtonElement>(el, '[data-testid="failed-retry"]').click();
    http
      .expectOne('/api/admin/exchange/jobs/exchange-send/send-o1/retry')
      .flush(problem(404, 'not_found', 'Không tìm thấy tác vụ lỗi', 'Failed job send-o1 not found'), {
        status: 404,
        statusText: 'Not Found',
        headers: PROBLEM_HEADERS,
      });
    await settle();
    expect(el.textContent).toContain('Không tìm thấy tác vụ lỗi');
  });
});
