import { TestBed } from '@angular/core/testing';
import { TranslationService } from '../../i18n/translation.service';
import type { Extraction } from '../incoming.models';
import { ExtractionBadge } from './extraction-badge';

const extraction = (over: Partial<Extraction> = {}): Extraction => ({
  state: 'DONE',
  pageCount: 3,
  error: null,
  extractedAt: '2026-12-01T02:00:00Z',
  textLength: 1200,
  ocr: null,
  ...over,
});

describe('ExtractionBadge', () => {
  beforeEach(() => localStorage.setItem('vanthu.lang', 'vi'));
  afterEach(() => localStorage.removeItem('vanthu.lang'));

  async function badge(e: Extraction): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ExtractionBadge);
    fixture.componentRef.setInput('extraction', e);
    await fixture.whenStable();
    return (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="extraction-state"]')!;
  }

  it('says how many pages were extracted, marked as done', async () => {
    const el = await badge(extraction());
    expect(el.textContent?.trim()).toBe('Đã trích xuất nội dung (3 trang)');
    expect(el.getAttribute('data-state')).toBe('DONE');
    expect(el.classList).toContain('badge-on');
    expect(el.getAttribute('title')).toBeNull();
  });

  it('for a scan sent to OCR shows the OCR progress rather than "no text", and its error on a failure', async () => {
    const running = await badge(extraction({ state: 'NO_TEXT', ocr: { state: 'RUNNING', error: null, at: null, searchablePdf: false } }));
    expect(running.textContent?.trim()).toBe('Đang nhận dạng chữ (OCR)…');
    expect(running.getAttribute('data-ocr')).toBe('RUNNING');
    expect(running.classList).not.toContain('badge-on');
    expect(running.classList).not.toContain('badge-off');

    const failed = await badge(
      extraction({ state: 'NO_TEXT', ocr: { state: 'FAILED', error: 'tesseract exited with code 1', at: null, searchablePdf: false } }),
    );
    expect(failed.textContent?.trim()).toBe('Nhận dạng chữ thất bại');
    expect(failed.classList).toContain('badge-off');
    expect(failed.getAttribute('title')).toBe('tesseract exited with code 1');
  });

  it('a scan without OCR says so; a failed extraction shows its error and follows the language', async () => {
    expect((await badge(extraction({ state: 'NO_TEXT', pageCount: null }))).textContent?.trim()).toBe('Bản quét, không có lớp chữ');
    const failed = await badge(extraction({ state: 'FAILED', error: 'qpdf: file is damaged' }));
    expect(failed.classList).toContain('badge-off');
    expect(failed.getAttribute('title')).toBe('qpdf: file is damaged');
    TestBed.inject(TranslationService).setLang('en');
    const done = await badge(extraction({ pageCount: 2 }));
    expect(done.textContent?.trim()).toBe('Text extracted (2 pages)');
  });
});
