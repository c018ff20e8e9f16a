import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { q, text, until } from '../../testing/dom';
import { type FakePdfjs, fakePdfjs } from '../../testing/pdfjs';
import { PDFJS_LOADER, PdfViewer, ZOOM_STEPS, fitWidthPercent, zoomIn, zoomOut } from './pdf-viewer';

/** pdf.js's scale for a zoom in percent: 100 % is the page at 96 dpi. */
const scaleOf = (percent: number) => (percent / 100) * (96 / 72);

describe('zoom steps', () => {
  it('go to the next step up or down from any zoom, fit width included, and stop at the ends', () => {
    expect(zoomIn(100)).toBe(125);
    expect(zoomIn(87)).toBe(100);
    expect(zoomIn(400)).toBe(400);
    expect(zoomOut(100)).toBe(75);
    expect(zoomOut(87)).toBe(75);
    expect(zoomOut(50)).toBe(50);
    expect(zoomIn(99.7)).toBe(125);
    expect(ZOOM_STEPS[0]).toBe(50);
  });

  it('fit width: an A4 page (595 pt) fills 793 px at 100 %', () => {
    expect(fitWidthPercent(793.3, 595)).toBeCloseTo(100, 0);
    expect(fitWidthPercent(374, 595)).toBeCloseTo(47.1, 1);
  });
});

describe('PdfViewer', () => {
  let fixture: ComponentFixture<PdfViewer>;
  let el: HTMLElement;
  let pdfjs: FakePdfjs;

  async function open(fake: FakePdfjs, stageWidth = 816): Promise<void> {
    pdfjs = fake;
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [PdfViewer], providers: [{ provide: PDFJS_LOADER, useValue: async () => fake.module }] });
    fixture = TestBed.createComponent(PdfViewer);
    fixture.componentRef.setInput('src', '/api/incoming/d1/files/f1/stamped?disposition=inline');
    fixture.componentRef.setInput('caption', 'Bản có dấu ĐẾN');
    el = fixture.nativeElement;
    // jsdom lays nothing out: the page area is given the width a browser would.
    Object.defineProperty(q(el, '[data-testid="pdf-stage"]'), 'clientWidth', { configurable: true, value: stageWidth });
    fixture.detectChanges();
    await settle();
  }

  async function settle(): Promise<void> {
    await until(() => el.getAttribute('data-state') !== 'loading' && fixture.isStable());
    await fixture.whenStable();
  }

  async function click(testid: string): Promise<void> {
    q<HTMLButtonElement>(el, `[data-testid="${testid}"]`).click();
    await settle();
  }

  /** A key pressed with the focus on the page area, or on a toolbar button: the whole viewer listens. */
  async function key(k: string, on = 'pdf-stage'): Promise<void> {
    q(el, `[data-testid="${on}"]`).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    await settle();
  }

  const disabled = (testid: string) => q<HTMLButtonElement>(el, `[data-testid="${testid}"]`).disabled;
  const lastRender = () => pdfjs.renders.at(-1)!;

  afterEach(() => TestBed.resetTestingModule());

  it('opens the file from our own origin with the fonts, cMaps and no eval, and shows page 1 of N fitted to the width', async () => {
    await open(fakePdfjs(3, 600));
    expect(pdfjs.opened).toEqual([
      expect.objectContaining({
        url: '/api/incoming/d1/files/f1/stamped?disposition=inline',
        isEvalSupported: false,
        standardFontDataUrl: '/pdfjs/standard_fonts/',
        cMapUrl: '/pdfjs/cmaps/',
      }),
    ]);
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 1/3');
    expect(text(el, '[data-testid="pdf-caption"]')).toBe('Bản có dấu ĐẾN');
    expect(q(el, '[data-testid="pdf-stage"]').getAttribute('aria-label')).toBe('Bản có dấu ĐẾN');
    // 816 px less 16 px of padding for a 600 pt page: 100 %.
    expect(text(el, '[data-testid="pdf-zoom"]')).toBe('100%');
    expect(lastRender()).toEqual({ page: 1, scale: scaleOf(100) });
    expect(disabled('pdf-prev')).toBe(true);
    expect(disabled('pdf-next')).toBe(false);
    expect(q(el, '[data-testid="pdf-open"]').getAttribute('href')).toBe('/api/incoming/d1/files/f1/stamped?disposition=inline');
  });

  it('turns pages with the buttons and the keys, never past the first or the last', async () => {
    await open(fakePdfjs(3));
    await click('pdf-next');
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 2/3');
    expect(lastRender().page).toBe(2);
    await key('End');
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 3/3');
    expect(disabled('pdf-next')).toBe(true);
    const renders = pdfjs.renders.length;
    await key('ArrowRight');
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 3/3');
    expect(pdfjs.renders.length).toBe(renders);
    await key('ArrowLeft');
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 2/3');
    await key('Home');
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 1/3');
    expect(lastRender().page).toBe(1);
  });

  it('zooms in and out by steps from fit width, and back to fit width, with the buttons and + − 0', async () => {
    // A phone: 390 px wide less the card's padding; a 595 pt page fits at about 43 %.
    await open(fakePdfjs(2, 595), 358);
    expect(text(el, '[data-testid="pdf-zoom"]')).toBe('43%');
    expect(q(el, '[data-testid="pdf-fit"]').getAttribute('aria-pressed')).toBe('true');
    await click('pdf-zoom-in');
    expect(text(el, '[data-testid="pdf-zoom"]')).toBe('50%');
    expect(lastRender().scale).toBeCloseTo(scaleOf(50));
    expect(q(el, '[data-testid="pdf-fit"]').getAttribute('aria-pressed')).toBe('false');
    await key('+', 'pdf-zoom-in');
    expect(text(el, '[data-testid="pdf-zoom"]')).toBe('75%');
    await click('pdf-zoom-out');
    await click('pdf-zoom-out');
    expect(text(el, '[data-testid="pdf-zoom"]')).toBe('50%');
    expect(disabled('pdf-zoom-out')).toBe(false);
    await key('0');
    expect(text(el, '[data-testid="pdf-zoom"]')).toBe('43%');
    expect(lastRender().scale).toBeCloseTo(scaleOf(fitWidthPercent(342, 595)));
    // Zoom keeps the page.
    await click('pdf-next');
    await key('=');
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 2/2');
    expect(lastRender()).toEqual({ page: 2, scale: scaleOf(50) });
  });

  it('opens another file when the source changes, from its first page', async () => {
    await open(fakePdfjs(3));
    await click('pdf-next');
    fixture.componentRef.setInput('src', '/api/outgoing/o1/issued?disposition=inline');
    fixture.detectChanges();
    await until(() => pdfjs.opened.length === 2);
    await settle();
    expect(pdfjs.opened[1].url).toBe('/api/outgoing/o1/issued?disposition=inline');
    expect(text(el, '[data-testid="pdf-page"]')).toBe('Trang 1/3');
  });

  it('says so when the file cannot be shown, with the buttons off', async () => {
    await open(fakePdfjs(3, 600, true));
    expect(text(el, '[data-testid="pdf-error"]')).toBe('Không hiển thị được tệp PDF. Vui lòng tải tệp về để xem.');
    expect(disabled('pdf-next')).toBe(true);
    expect(disabled('pdf-zoom-in')).toBe(true);
  });
});
