import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { q, text, type } from '../../testing/dom';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import type { IncomingComment } from '../incoming.models';
import { CommentsPanel } from './comments-panel';

const COMMENTS: IncomingComment[] = [
  {
    id: 'c1',
    author: { id: 'u-tp', fullName: 'Trịnh Văn Nam' },
    body: 'Đề nghị phòng Kinh tế\nphối hợp.',
    createdAt: '2026-12-01T02:00:00Z',
  },
  { id: 'c2', author: { id: 'u-cv', fullName: 'Cao Văn Hùng' }, body: 'Đã nhận.', createdAt: '2026-12-02T03:30:00Z' },
];

describe('CommentsPanel', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<CommentsPanel>;
  let el: HTMLElement;
  let posted: number;

  async function render(comments: IncomingComment[], canComment: boolean): Promise<void> {
    fixture = TestBed.createComponent(CommentsPanel);
    fixture.componentRef.setInput('documentId', 'd1');
    fixture.componentRef.setInput('comments', comments);
    fixture.componentRef.setInput('canComment', canComment);
    posted = 0;
    fixture.componentInstance.posted.subscribe(() => posted++);
    el = fixture.nativeElement;
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    q<HTMLButtonElement>(el, '[data-testid="action-comment"]').click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it('lists the comments with author and time; no box when the server does not allow commenting', async () => {
    await render(COMMENTS, false);
    const items = Array.from(el.querySelectorAll('[data-testid="comment"]')).map((c) => [
      c.querySelector('strong')?.textContent,
      c.querySelector('.muted')?.textContent,
      c.querySelector('.body')?.textContent,
    ]);
    expect(items).toEqual([
      ['Trịnh Văn Nam', '01/12/2026 09:00', 'Đề nghị phòng Kinh tế\nphối hợp.'],
      ['Cao Văn Hùng', '02/12/2026 10:30', 'Đã nhận.'],
    ]);
    // The author and the time read as two words, not "Trịnh Văn Nam01/12/2026".
    expect(el.querySelector('[data-testid="comment"]')!.textContent).toContain('Trịnh Văn Nam 01/12/2026 09:00');
    expect(el.querySelector('[data-testid="comment-body"]')).toBeNull();
    expect(el.querySelector('[data-testid="action-comment"]')).toBeNull();
  });

  it('with no comments says so', async () => {
    await render([], false);
    expect(el.querySelector('[data-testid="comment"]')).toBeNull();
    expect(text(el, '[data-testid="comments"]')).toContain('Chưa có ý kiến nào.');
  });

  it('sends nothing for an empty comment and asks for one', async () => {
    await render([], true);
    type(el, '[data-testid="comment-body"]', '   ');
    await submit();
    expect(text(el, '.field-error')).toBe('Vui lòng nhập thông tin này.');
    expect(posted).toBe(0);
  });

  it('posts the trimmed comment, clears the box and tells the page', async () => {
    await render(COMMENTS, true);
    type(el, '[data-testid="comment-body"]', '  Xin ý kiến lãnh đạo.  ');
    await submit();
    const req = http.expectOne('/api/incoming/d1/comments');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ body: 'Xin ý kiến lãnh đạo.' });
    req.flush({
      id: 'c3',
      author: { id: 'u-vt', fullName: 'Nguyễn Thị Lan' },
      body: 'Xin ý kiến lãnh đạo.',
      createdAt: '2026-12-03T01:00:00Z',
    });
    await fixture.whenStable();
    expect(posted).toBe(1);
    expect(q<HTMLTextAreaElement>(el, '[data-testid="comment-body"]').value).toBe('');
    expect(el.querySelector('.field-error')).toBeNull();
  });

  it("shows the server's refusal beside the box and keeps the text", async () => {
    await render([], true);
    type(el, '[data-testid="comment-body"]', 'x'.repeat(4001));
    await submit();
    http.expectOne('/api/incoming/d1/comments').flush(
      problem(422, 'validation', 'Dữ liệu gửi lên không hợp lệ', 'Invalid request body: body: Too big', {
        errors: [{ path: 'body', message: 'Too big: expected string to have <=4000 characters' }],
      }),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Dữ liệu gửi lên không hợp lệ');
    expect(text(el, '.field-error[data-path="body"]')).toBe('Không quá 4000 ký tự.');
    expect(q<HTMLTextAreaElement>(el, '[data-testid="comment-body"]').value).toHaveLength(4001);
    expect(posted).toBe(0);
  });
});
