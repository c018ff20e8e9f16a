import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { LEADER, queueItem } from '../../testing/outgoing-fixtures';
import { ApprovalsPage } from './approvals-page';

describe('ApprovalsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ApprovalsPage>;
  let el: HTMLElement;
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [ApprovalsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApprovalsPage);
    el = fixture.nativeElement;
    await settle();
  });

  verifyHttpAfterEach();

  it('lists what waits for me, with the step, the author and whom I stand in for', async () => {
    http.expectOne('/api/outgoing/approvals').flush({
      items: [
        queueItem({ version: 1 }),
        queueItem({
          documentId: 'd2',
          subject: 'Quyết định khen thưởng',
          urgency: 'HOA_TOC',
          onBehalfOf: LEADER,
          version: 2,
          step: { ordinal: 1, label: 'Kiểm tra', mode: 'ALL_OF', isSigner: false },
        }),
      ],
    });
    await settle();
    const rows = el.querySelectorAll<HTMLElement>('[data-testid="approval-item"]');
    expect(Array.from(rows).map((r) => r.getAttribute('data-document-id'))).toEqual(['d1', 'd2']);
    expect(q<HTMLAnchorElement>(rows[1], 'a').getAttribute('href')).toBe('/outgoing/d2');
    expect(rows[0].textContent).toContain('Bước 2: Lãnh đạo ký ban hành');
    expect(rows[0].textContent).toContain('Người ký');
    expect(rows[0].textContent).toContain('Lý Thị Ngọc');
    expect(rows[0].querySelector('[data-testid="approval-on-behalf"]')).toBeNull();
    expect(text(rows[1], '[data-testid="approval-on-behalf"]')).toBe('thay Bùi Văn Long');
    expect(rows[1].textContent).toContain('Hỏa tốc');
    expect(rows[1].textContent).toContain('Tất cả (song song)');
    // A revised version is marked: the reviewer sees what changed on the document page.
    expect(rows[0].querySelector('[data-testid="approval-revised"]')).toBeNull();
    expect(text(rows[1], '[data-testid="approval-revised"]')).toBe('Phiên bản đã sửa: xem phần thay đổi');
  });

  it('says why approving is not offered where separation of duties forbids it', async () => {
    http.expectOne('/api/outgoing/approvals').flush({
      items: [
        queueItem({ dutyConflict: 'OWN_DRAFT' }),
        queueItem({ documentId: 'd2', dutyConflict: 'APPROVED_BEFORE' }),
        queueItem({ documentId: 'd3' }),
      ],
    });
    await settle();
    const rows = el.querySelectorAll<HTMLElement>('[data-testid="approval-item"]');
    expect(text(rows[0], '[data-testid="approval-duty-conflict"]')).toContain('Bạn là người soạn thảo văn bản này');
    expect(text(rows[1], '[data-testid="approval-duty-conflict"]')).toContain('Bạn đã duyệt văn bản này ở bước trước');
    expect(rows[2].querySelector('[data-testid="approval-duty-conflict"]')).toBeNull();
  });

  it('says when nothing is waiting', async () => {
    http.expectOne('/api/outgoing/approvals').flush({ items: [] });
    await settle();
    expect(text(el, '[data-testid="approvals-empty"]')).toBe('Không có văn bản nào chờ bạn duyệt.');
  });
});
