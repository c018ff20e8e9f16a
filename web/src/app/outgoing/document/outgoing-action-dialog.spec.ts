import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { choose, q, text } from '../../testing/dom';
import { verifyHttpAfterEach } from '../../testing/http';
import { AUTHOR, DEPUTY, HEAD, outgoingDoc, stcPeople } from '../../testing/outgoing-fixtures';
import type { OutgoingDocument } from '../outgoing.models';
import { type DialogAction, OutgoingActionDialog } from './outgoing-action-dialog';

describe('OutgoingActionDialog: people pickers', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<OutgoingActionDialog>;
  let el: HTMLElement;
  let done: OutgoingDocument[];
  const settle = () => fixture.whenStable();
  const PEOPLE_URL = '/api/organisations/qn-stc/people';

  async function open(action: DialogAction, doc: OutgoingDocument): Promise<void> {
    fixture = TestBed.createComponent(OutgoingActionDialog);
    fixture.componentRef.setInput('document', doc);
    fixture.componentRef.setInput('action', action);
    done = [];
    fixture.componentInstance.done.subscribe((d) => done.push(d));
    el = fixture.nativeElement;
    // Not whenStable(): a loading people list is a pending task until the test answers it.
    TestBed.tick();
  }

  async function click(selector: string): Promise<void> {
    q<HTMLElement>(el, selector).click();
    await settle();
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [OutgoingActionDialog], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  describe('forward', () => {
    it("offers everyone of the document's organisation, grouped by unit with their position, and no free ID input", async () => {
      await open('forward', outgoingDoc({ allowedActions: ['forward'] }));
      expect(text(el, '[data-testid="action-dialog"]')).toContain('Đang tải danh sách cán bộ…');
      http.expectOne(PEOPLE_URL).flush({ items: stcPeople() });
      await settle();

      const groups = Array.from(el.querySelectorAll('[data-testid="dialog-user"] optgroup')).map((g) => [
        g.getAttribute('label'),
        Array.from(g.querySelectorAll('option')).map((o) => o.textContent?.trim()),
      ]);
      expect(groups).toEqual([
        ['Lãnh đạo, không thuộc phòng ban', ['Bùi Văn Long — Giám đốc', 'Đặng Thị Hương — Phó Giám đốc']],
        ['Phòng Quản lý ngân sách', ['Lý Thị Ngọc — Chuyên viên', 'Trịnh Văn Nam — Trưởng phòng']],
        ['Văn phòng Sở', ['Phạm Minh Tuấn — Chánh Văn phòng']],
      ]);
      const values = Array.from(q<HTMLSelectElement>(el, '[data-testid="dialog-user"]').options).map((o) => o.value);
      expect(values).toEqual(['', 'u-gd', 'u-pgd', 'u-cv', 'u-tp', 'u-vp']);
      expect(values).not.toContain('other');
      expect(el.querySelector('[data-testid="dialog-user-id"]')).toBeNull();
      expect(el.querySelector('input[name="userId"]')).toBeNull();
    });

    it('requires a choice, then forwards to the chosen person with the note', async () => {
      await open('forward', outgoingDoc({ allowedActions: ['forward'] }));
      http.expectOne(PEOPLE_URL).flush({ items: stcPeople() });
      await settle();

      await click('[data-testid="dialog-submit"]');
      http.expectNone('/api/outgoing/d1/forward');
      expect(text(el, '[data-testid="action-dialog"]')).toContain('Vui lòng chọn một mục.');

      choose(el, '[data-testid="dialog-user"]', 'u-vp');
      const note = q<HTMLTextAreaElement>(el, '[data-testid="dialog-note"]');
      note.value = 'Nhờ anh xem giúp';
      note.dispatchEvent(new Event('input'));
      await click('[data-testid="dialog-submit"]');
      const req = http.expectOne('/api/outgoing/d1/forward');
      expect(req.request.body).toEqual({ userId: 'u-vp', note: 'Nhờ anh xem giúp' });
      req.flush(outgoingDoc());
      await settle();
      expect(done.map((d) => d.id)).toEqual(['d1']);
    });

    it('shows a failed people list as the dialog problem', async () => {
      await open('forward', outgoingDoc({ allowedActions: ['forward'] }));
      http.expectOne(PEOPLE_URL).flush(problem(404, 'not_found', 'Không tìm thấy cơ quan', 'Organisation not found'), {
        status: 404,
        statusText: 'Not Found',
        headers: PROBLEM_HEADERS,
      });
      await settle();
      expect(text(el, '[data-testid="dialog-error"]')).toBe('Không tìm thấy cơ quan');
      expect(q<HTMLSelectElement>(el, '[data-testid="dialog-user"]').options).toHaveLength(1);
    });
  });

  describe('submit', () => {
    it('lets the author pick extra reviewers from the organisation (not themselves) and sends their IDs', async () => {
      await open('submit', outgoingDoc({ status: 'DRAFT', steps: [], allowedActions: ['submit'] }));
      http.expectOne(PEOPLE_URL).flush({ items: stcPeople() });
      await settle();

      const box = q(el, '[data-testid="dialog-extra-reviewers"]');
      expect(box.querySelector('input:not([type="checkbox"])')).toBeNull();
      const boxes = () => Array.from(box.querySelectorAll<HTMLInputElement>('[data-testid="dialog-extra-reviewer"]'));
      expect(boxes().map((b) => b.value)).toEqual(['u-gd', 'u-pgd', 'u-tp', 'u-vp']);
      expect(boxes().map((b) => b.getAttribute('value'))).not.toContain(AUTHOR.id);
      expect(boxes().every((b) => b.type === 'checkbox' && !b.checked)).toBe(true);
      expect(box.textContent).toContain('Trịnh Văn Nam — Trưởng phòng');
      expect(box.textContent).toContain('Phòng Quản lý ngân sách');

      // Tick three, untick one: the body carries the other two, as an array of user IDs.
      for (const id of ['u-vp', HEAD.id, DEPUTY.id]) box.querySelector<HTMLInputElement>(`[value="${id}"]`)!.click();
      box.querySelector<HTMLInputElement>(`[value="${DEPUTY.id}"]`)!.click();
      await settle();
      await click('[data-testid="dialog-submit"]');
      const req = http.expectOne('/api/outgoing/d1/submit');
      expect(req.request.body).toEqual({ extraReviewers: [HEAD.id, 'u-vp'] });
      req.flush(
        problem(422, 'outgoing.reviewer_invalid', 'Người góp ý không thuộc cơ quan', 'outside', {
          errors: [{ path: 'extraReviewers', message: 'outside the organisation' }],
        }),
        {
          status: 422,
          statusText: 'Unprocessable Entity',
          headers: PROBLEM_HEADERS,
        },
      );
      await settle();
      expect(text(el, '[data-testid="dialog-error"]')).toBe('Người góp ý không thuộc cơ quan');
      expect(box.querySelector('[data-path="extraReviewers"]')?.textContent).toContain('Không thuộc cơ quan');
      expect(
        boxes()
          .filter((b) => b.checked)
          .map((b) => b.value),
      ).toEqual([HEAD.id, 'u-vp']);
    });

    it('submits with no extra reviewers when none is ticked', async () => {
      await open('submit', outgoingDoc({ status: 'DRAFT', steps: [], allowedActions: ['submit'] }));
      http.expectOne(PEOPLE_URL).flush({ items: stcPeople() });
      await settle();
      await click('[data-testid="dialog-submit"]');
      const req = http.expectOne('/api/outgoing/d1/submit');
      expect(req.request.body).toEqual({ extraReviewers: [] });
      req.flush(outgoingDoc());
      await settle();
      expect(done).toHaveLength(1);
    });

    it('does not load people for a resubmission or for actions without a picker', async () => {
      await open('submit', outgoingDoc({ status: 'RETURNED', allowedActions: ['submit'] }));
      http.expectNone(PEOPLE_URL);
      expect(el.querySelector('[data-testid="dialog-extra-reviewers"]')).toBeNull();
      fixture.destroy();
      await open('approve', outgoingDoc());
      http.expectNone(PEOPLE_URL);
    });
  });
});
