import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { choose, q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { outgoingDoc } from '../../testing/outgoing-fixtures';
import { OutgoingListPage } from './outgoing-list-page';

describe('OutgoingListPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<OutgoingListPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [OutgoingListPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OutgoingListPage);
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('lists documents with status, number and a link, and filters by status and "mine"', async () => {
    const issued = outgoingDoc({
      id: 'd2',
      status: 'ISSUED',
      issued: {
        registerId: 'r',
        year: 2026,
        number: 5,
        numberAndSymbol: '05/STC-QLNS',
        symbol: 'STC-QLNS',
        issueDate: '2026-03-03',
        paperSignature: true,
      },
    });
    http.expectOne((r) => r.url === '/api/outgoing' && r.params.keys().length === 0).flush({ items: [outgoingDoc(), issued], total: 2 });
    await settle();
    const rows = el.querySelectorAll('[data-testid="outgoing-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[1].getAttribute('data-status')).toBe('ISSUED');
    expect(rows[1].textContent).toContain('05/STC-QLNS');
    expect(rows[1].textContent).toContain('Đã ban hành');
    expect(q<HTMLAnchorElement>(rows[0] as HTMLElement, 'a').getAttribute('href')).toBe('/outgoing/d1');
    expect(text(el, '[data-testid="outgoing-total"]')).toBe('2 văn bản');

    choose(el, '[data-testid="outgoing-filter-status"]', 'RETURNED');
    q<HTMLInputElement>(el, '[data-testid="outgoing-filter-mine"]').click();
    await settle();
    q<HTMLButtonElement>(el, '[data-testid="outgoing-filter-submit"]').click();
    await settle();
    const req = http.expectOne((r) => r.url === '/api/outgoing');
    expect(req.request.params.get('status')).toBe('RETURNED');
    expect(req.request.params.get('mine')).toBe('true');
    req.flush({ items: [], total: 0 });
    await settle();
    expect(text(el, '[data-testid="outgoing-empty"]')).toBe('Không có văn bản nào.');
  });
});
