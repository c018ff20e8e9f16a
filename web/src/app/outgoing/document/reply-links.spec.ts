import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { q, text } from '../../testing/dom';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { verifyHttpAfterEach } from '../../testing/http';
import { outgoingDoc } from '../../testing/outgoing-fixtures';
import type { AnsweredIncoming, OutgoingDocument } from '../outgoing.models';
import { ReplyLinks } from './reply-links';

const answer = (over: Partial<AnsweredIncoming> = {}): AnsweredIncoming => ({
  incomingId: 'in1',
  arrival: { number: 125, year: 2026 },
  number: '45',
  symbol: 'UBND-KT',
  issuerName: 'UBND tỉnh Quảng Ninh',
  subject: 'V/v lập dự toán năm 2027',
  completeOnIssue: true,
  completedAt: null,
  ...over,
});

describe('ReplyLinks', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ReplyLinks>;
  let el: HTMLElement;
  let changed: OutgoingDocument[];

  async function render(answers: AnsweredIncoming[]): Promise<void> {
    fixture = TestBed.createComponent(ReplyLinks);
    fixture.componentRef.setInput('documentId', 'out1');
    fixture.componentRef.setInput('answers', answers);
    changed = [];
    fixture.componentInstance.changed.subscribe((d) => changed.push(d));
    el = fixture.nativeElement;
    await fixture.whenStable();
  }

  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });
  verifyHttpAfterEach();

  it('lists the incoming documents answered, linked to their pages; a completed one says so instead of the choice', async () => {
    await render([
      answer(),
      answer({
        incomingId: 'in2',
        arrival: null,
        number: null,
        symbol: null,
        issuerName: 'Sở Nội vụ',
        subject: 'V/v biên chế',
        completedAt: '2026-12-01T02:00:00Z',
      }),
    ]);
    const items = Array.from(el.querySelectorAll('[data-testid="answer"]'));
    expect(items.map((i) => [i.querySelector('a')?.textContent, i.querySelector('a')?.getAttribute('href')])).toEqual([
      ['Số đến 125/2026 — 45/UBND-KT — UBND tỉnh Quảng Ninh — V/v lập dự toán năm 2027', '/incoming/in1'],
      ['Sở Nội vụ — V/v biên chế', '/incoming/in2'],
    ]);
    expect(q<HTMLInputElement>(items[0], '[data-testid="complete-on-issue"]').checked).toBe(true);
    expect(items[1].querySelector('[data-testid="complete-on-issue"]')).toBeNull();
    expect(text(items[1] as HTMLElement, '.muted')).toBe('Đã hoàn thành xử lý bằng văn bản này');
  });

  it('shows nothing when the document answers none', async () => {
    await render([]);
    expect(el.querySelector('[data-testid="answers"]')).toBeNull();
  });

  it('unticking keeps the incoming document open on issue, and hands the updated document to the page', async () => {
    await render([answer()]);
    q<HTMLInputElement>(el, '[data-testid="complete-on-issue"]').click();
    await fixture.whenStable();
    expect(q<HTMLInputElement>(el, '[data-testid="complete-on-issue"]').disabled).toBe(true);
    const req = http.expectOne('/api/outgoing/out1/replies/in1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ completeOnIssue: false });
    req.flush(outgoingDoc({ id: 'out1' }));
    await fixture.whenStable();
    expect(changed.map((d) => d.id)).toEqual(['out1']);
    expect(q<HTMLInputElement>(el, '[data-testid="complete-on-issue"]').disabled).toBe(false);
  });

  it("shows the server's refusal", async () => {
    await render([answer()]);
    q<HTMLInputElement>(el, '[data-testid="complete-on-issue"]').click();
    http
      .expectOne('/api/outgoing/out1/replies/in1')
      .flush(problem(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', 'Forbidden'), {
        status: 403,
        statusText: 'Forbidden',
        headers: PROBLEM_HEADERS,
      });
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Bạn không có quyền thực hiện thao tác này');
    expect(changed).toEqual([]);
  });
});
