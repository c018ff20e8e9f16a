import { TestBed } from '@angular/core/testing';
import { text } from '../../testing/dom';
import type { OutgoingRevision } from '../outgoing.models';
import { RevisionView } from './revision-view';

const SHA_OLD = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SHA_NEW = 'ffee00112233445566778899aabbccddeeff00112233445566778899aabbccdd';
const SHA_SRC = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const revision: OutgoingRevision = {
  fromVersion: 1,
  toVersion: 3,
  reasons: [
    { version: 2, reason: 'Sửa số liệu theo ý kiến phòng' },
    { version: 3, reason: 'Bổ sung phụ lục' },
  ],
  files: [
    {
      role: 'MAIN',
      change: 'CHANGED',
      before: { originalName: 'du-thao-v1.pdf', sha256: SHA_OLD },
      after: { originalName: 'du-thao-v3.pdf', sha256: SHA_NEW },
    },
    {
      role: 'SOURCE',
      change: 'UNCHANGED',
      before: { originalName: 'du-thao.docx', sha256: SHA_SRC },
      after: { originalName: 'du-thao.docx', sha256: SHA_SRC },
    },
    { role: 'ATTACHMENT', change: 'ADDED', before: null, after: { originalName: 'phu-luc.xlsx', sha256: SHA_NEW } },
  ],
  commentsAnswered: [
    { version: 1, author: { id: 'u-tp', fullName: 'Trịnh Văn Nam' }, body: 'Số liệu mục II chưa khớp.', createdAt: '2026-03-02T03:00:00Z' },
  ],
};

describe('RevisionView', () => {
  beforeEach(() => localStorage.setItem('vanthu.lang', 'vi'));

  async function render(r: OutgoingRevision): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(RevisionView);
    fixture.componentRef.setInput('revision', r);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('compares the files with the version the reviewers saw, by role, with the start of each SHA-256', async () => {
    const el = await render(revision);
    expect(text(el, '.section-title')).toBe('Thay đổi so với phiên bản 1');
    const rows = Array.from(el.querySelectorAll('[data-testid="revision-file"]')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
    expect(rows).toEqual([
      ['Dự thảo chính', 'Đã thay đổi', 'du-thao-v1.pdf SHA-256 a1b2c3d4e5f60718…', 'du-thao-v3.pdf SHA-256 ffee001122334455…'],
      ['Tệp nguồn', 'Không đổi', 'du-thao.docx SHA-256 0123456789abcdef…', 'du-thao.docx SHA-256 0123456789abcdef…'],
      ['Phụ lục', 'Thêm mới', '—', 'phu-luc.xlsx SHA-256 ffee001122334455…'],
    ]);
    // The whole digest is there to compare, in the tooltip.
    expect(el.querySelector('[data-testid="revision-file"][data-role="MAIN"] .sha')!.getAttribute('title')).toBe(SHA_OLD);
  });

  it("lists the author's reasons and the comments the new version answers", async () => {
    const el = await render(revision);
    const parts = (li: Element) => [
      li.querySelector('.muted')?.textContent?.replace(/\s+/g, ' ').trim(),
      li.querySelector('.pre')?.textContent,
    ];
    expect(Array.from(el.querySelectorAll('[data-testid="revision-reasons"] li')).map(parts)).toEqual([
      ['phiên bản 2', 'Sửa số liệu theo ý kiến phòng'],
      ['phiên bản 3', 'Bổ sung phụ lục'],
    ]);
    const comment = el.querySelector('[data-testid="revision-comment"]')!;
    expect(comment.querySelector('strong')?.textContent).toBe('Trịnh Văn Nam');
    expect(parts(comment)).toEqual(['phiên bản 1 · 02/03/2026 10:00', 'Số liệu mục II chưa khớp.']);
  });

  it('says when no comment was made on the previous version, and shows no reasons heading without reasons', async () => {
    const el = await render({ ...revision, reasons: [], commentsAnswered: [] });
    expect(el.querySelector('[data-testid="revision-reasons"]')).toBeNull();
    expect(el.querySelector('[data-testid="revision-comment"]')).toBeNull();
    expect(text(el, '[data-testid="revision-comments"]')).toBe('Không có ý kiến nào trên phiên bản trước.');
  });
});
