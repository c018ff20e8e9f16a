import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { q } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { queueItem } from '../../testing/incoming-fixtures';
import { IncomingQueuePage } from './incoming-queue-page';

describe('IncomingQueuePage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<IncomingQueuePage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();
  const counts = { todo: 3, overdue: 1, done: 7, info: 2 };
  const items = () => Array.from(el.querySelectorAll<HTMLElement>('[data-testid="queue-item"]'));
  const expectQueue = (tab: string) => http.expectOne((r) => r.url === '/api/incoming/queue' && r.params.get('tab') === tab);

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [IncomingQueuePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IncomingQueuePage);
    el = fixture.nativeElement;
    await settle();
    expectQueue('todo').flush({
      items: [
        queueItem({ documentId: 'd2', kind: 'AWAITING_DIRECTION', role: null, status: 'SUBMITTED', dueDate: null }),
        queueItem({ documentId: 'd1', overdue: true, urgency: 'HOA_TOC', dueDate: '2025-03-01' }),
        queueItem({ documentId: 'd3', role: 'PHOI_HOP' }),
      ],
      counts,
    });
    await settle();
  });

  verifyHttpAfterEach();

  it('shows the counts and puts overdue items first, highlighted', () => {
    expect(q(el, '[data-testid="queue-tab-todo"]').textContent).toContain('3');
    expect(q(el, '[data-testid="queue-tab-overdue"]').textContent).toContain('1');
    expect(q(el, '[data-testid="queue-tab-done"]').textContent).toContain('7');
    expect(q(el, '[data-testid="queue-tab-info"]').textContent).toContain('2');
    expect(items().map((r) => r.dataset['documentId'])).toEqual(['d1', 'd2', 'd3']);
    expect(items()[0].classList).toContain('row-overdue');
    expect(items()[0].dataset['overdue']).toBe('true');
    expect(items()[0].textContent).toContain('Quá hạn');
    expect(items()[1].classList).not.toContain('row-overdue');
    expect(items()[1].textContent).toContain('Chờ chỉ đạo');
    expect(items()[2].textContent).toContain('Phối hợp');
    expect(q<HTMLAnchorElement>(items()[0], 'a').getAttribute('href')).toBe('/incoming/d1');
  });

  it('switches tabs and loads each from the server', async () => {
    q<HTMLButtonElement>(el, '[data-testid="queue-tab-info"]').click();
    await settle();
    expectQueue('info').flush({ items: [queueItem({ documentId: 'd9', role: 'DE_BIET', dueDate: null })], counts: { ...counts, info: 1 } });
    await settle();
    expect(q(el, '[data-testid="queue-tab-info"]').getAttribute('aria-selected')).toBe('true');
    expect(q(el, '[data-testid="queue-tab-todo"]').getAttribute('aria-selected')).toBe('false');
    expect(items().map((r) => r.dataset['documentId'])).toEqual(['d9']);
    expect(items()[0].textContent).toContain('Để biết');
    expect(items()[0].textContent).toContain('Không có hạn');

    q<HTMLButtonElement>(el, '[data-testid="queue-tab-done"]').click();
    await settle();
    expectQueue('done').flush({ items: [], counts });
    await settle();
    expect(items()).toHaveLength(0);
    expect(el.textContent).toContain('Không có văn bản nào.');
  });

  it('filters the loaded items by words of the subject, issuer or symbol, without diacritics', async () => {
    fixture.componentRef.instance['items'].set([
      queueItem({ documentId: 'a', subject: 'V/v lập dự toán ngân sách năm 2027', symbol: 'UBND-KT' }),
      queueItem({ documentId: 'b', subject: 'Kế hoạch chuyển đổi số', symbol: 'KH-STTTT' }),
    ]);
    const input = el.querySelector<HTMLInputElement>('[data-testid="queue-filter"]')!;
    input.value = 'ngan SACH';
    input.dispatchEvent(new Event('input'));
    await settle();
    expect(items().map((r) => r.dataset['documentId'])).toEqual(['a']);
    input.value = 'kh-sttt chuyen';
    input.dispatchEvent(new Event('input'));
    await settle();
    expect(items().map((r) => r.dataset['documentId'])).toEqual(['b']);
  });
});
