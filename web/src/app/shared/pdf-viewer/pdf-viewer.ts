import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { TranslationService } from '../../i18n/translation.service';

export type PdfjsModule = typeof import('pdfjs-dist');

/** Where the pdf.js files are served from: copied from node_modules/pdfjs-dist by angular.json (same origin, CSP 'self'). */
export const PDFJS_ASSETS = '/pdfjs/';

/** Loads pdf.js on first use (lazy chunk); replaced by a fake in unit tests. */
export const PDFJS_LOADER = new InjectionToken<() => Promise<PdfjsModule>>('PDFJS_LOADER', {
  providedIn: 'root',
  factory: () => loadPdfjs,
});

let loaded: Promise<PdfjsModule> | null = null;
function loadPdfjs(): Promise<PdfjsModule> {
  loaded ??= import('pdfjs-dist').then((pdfjs) => {
    // A module worker from our own origin: a strict CSP (worker-src 'self') allows it, no blob: needed.
    pdfjs.GlobalWorkerOptions.workerSrc = `${PDFJS_ASSETS}pdf.worker.min.mjs`;
    return pdfjs;
  });
  return loaded;
}

/** Zoom steps in percent of the printed size (100 % = the page at 96 dpi, as pdf.js's own viewer counts it). */
export const ZOOM_STEPS = [50, 75, 100, 125, 150, 200, 300, 400] as const;
const CSS_PX_PER_PT = 96 / 72;
/** Above this many canvas pixels the device-pixel sharpening is reduced (a 400 % page on a 2x screen is ~60 Mpx). */
const MAX_CANVAS_PIXELS = 16_777_216;

export type Zoom = 'fit' | number;

/** The next zoom step above the percent shown now (from "fit width" too); stays at the largest. */
export function zoomIn(percent: number): number {
  return ZOOM_STEPS.find((s) => s > percent + 0.5) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1];
}

/** The next zoom step below the percent shown now; stays at the smallest. */
export function zoomOut(percent: number): number {
  return [...ZOOM_STEPS].reverse().find((s) => s < percent - 0.5) ?? ZOOM_STEPS[0];
}

/** Percent at which a page `pageWidthPt` wide fills `availablePx`. */
export function fitWidthPercent(availablePx: number, pageWidthPt: number): number {
  return (availablePx / (pageWidthPt * CSS_PX_PER_PT)) * 100;
}

/**
 * Shows a same-origin PDF with pdf.js, one page at a time on a canvas: previous / next page with "page n of N",
 * zoom (fit width, + / −), keys (← → pages, Home / End, + − 0 zoom) while focus is in the viewer, and a link to
 * open the file in a new tab. Fit width follows the container, so the viewer fills a phone's width.
 */
@Component({
  selector: 'vt-pdf-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './pdf-viewer.html',
  styleUrl: './pdf-viewer.css',
  // What is on the canvas, for tests and styling: "page@zoom%" once drawn.
  host: {
    '[attr.data-state]': 'state()',
    '[attr.data-pages]': 'pages()',
    '[attr.data-rendered]': 'rendered()',
    '(keydown)': 'onKey($event)',
  },
})
export class PdfViewer {
  protected readonly i18n = inject(TranslationService);
  private readonly loader = inject(PDFJS_LOADER);

  /** Same-origin URL of the PDF (the `?disposition=inline` form, so "open in a new tab" shows it too). */
  readonly src = input.required<string>();
  /** Which copy this is ("stamped copy", "version 2"…), shown above the page and naming the page area. */
  readonly caption = input('');

  protected readonly page = signal(1);
  protected readonly pages = signal(0);
  protected readonly state = signal<'loading' | 'ready' | 'error'>('loading');
  protected readonly zoom = signal<Zoom>('fit');
  /** The zoom of the page on screen, in percent (fit width resolves to the width available). */
  protected readonly percent = signal(100);
  protected readonly rendered = signal<string | null>(null);
  private static instances = 0;
  protected readonly stageId = `pdf-stage-${++PdfViewer.instances}`;
  protected readonly keysId = `${this.stageId}-keys`;
  protected readonly label = computed(() => this.caption() || this.i18n.t('viewer.title'));

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly stage = viewChild.required<ElementRef<HTMLElement>>('stage');
  private doc: PDFDocumentProxy | null = null;
  private task: RenderTask | null = null;
  private generation = 0;
  private rendering = false;
  private dirty = false;
  private renderedWidth = 0;

  constructor() {
    effect(() => {
      const src = this.src();
      void this.open(src);
    });
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => {
      this.generation++; // a document still loading is dropped when it arrives
      this.close();
    });
    // Fit width follows the container: a rotated phone, a resized window, the side panel opening.
    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver(() => {
        if (this.zoom() === 'fit' && this.doc && Math.abs(this.stageWidth() - this.renderedWidth) > 1) void this.requestRender();
      });
      afterNextRender(() => observer.observe(this.stage().nativeElement));
      destroyRef.onDestroy(() => observer.disconnect());
    }
  }

  protected goTo(page: number): void {
    const next = Math.min(Math.max(page, 1), this.pages());
    if (next === this.page() || !this.pages()) return;
    this.page.set(next);
    this.stage().nativeElement.scrollTo?.({ top: 0, left: 0 });
    void this.requestRender();
  }

  protected setZoom(zoom: Zoom): void {
    this.zoom.set(zoom);
    void this.requestRender();
  }

  protected zoomIn(): void {
    this.setZoom(zoomIn(this.percent()));
  }

  protected zoomOut(): void {
    this.setZoom(zoomOut(this.percent()));
  }

  /** Keys anywhere in the viewer (page area or toolbar); left / right only turn pages while there is nothing to scroll sideways. */
  protected onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const stage = this.stage().nativeElement;
    const sideways = stage.scrollWidth > stage.clientWidth + 1;
    const actions: Record<string, (() => void) | undefined> = {
      ArrowLeft: sideways ? undefined : () => this.goTo(this.page() - 1),
      ArrowRight: sideways ? undefined : () => this.goTo(this.page() + 1),
      Home: () => this.goTo(1),
      End: () => this.goTo(this.pages()),
      '+': () => this.zoomIn(),
      '=': () => this.zoomIn(),
      '-': () => this.zoomOut(),
      '0': () => this.setZoom('fit'),
    };
    const action = actions[event.key];
    if (!action || !this.pages()) return;
    event.preventDefault();
    action();
  }

  private stageWidth(): number {
    return this.stage().nativeElement.clientWidth;
  }

  private async open(src: string): Promise<void> {
    const generation = ++this.generation;
    this.close();
    this.state.set('loading');
    this.page.set(1);
    this.pages.set(0);
    this.rendered.set(null);
    try {
      const pdfjs = await this.loader();
      const doc = await pdfjs.getDocument({
        url: src,
        withCredentials: true,
        // No eval / new Function: the app runs under script-src 'self'.
        isEvalSupported: false,
        // Fonts a PDF does not embed (common in Vietnamese office files) are drawn from these, or the system's.
        cMapUrl: `${PDFJS_ASSETS}cmaps/`,
        cMapPacked: true,
        standardFontDataUrl: `${PDFJS_ASSETS}standard_fonts/`,
        wasmUrl: `${PDFJS_ASSETS}wasm/`,
        iccUrl: `${PDFJS_ASSETS}iccs/`,
      }).promise;
      if (generation !== this.generation) {
        void doc.destroy();
        return;
      }
      this.doc = doc;
      this.pages.set(doc.numPages);
      await this.requestRender();
    } catch {
      if (generation === this.generation) this.state.set('error');
    }
  }

  /** Renders the current page and zoom; a request during a render cancels it and renders again afterwards. */
  private async requestRender(): Promise<void> {
    this.dirty = true;
    this.task?.cancel();
    if (this.rendering) return;
    this.rendering = true;
    try {
      while (this.dirty) {
        this.dirty = false;
        await this.renderOnce();
      }
    } finally {
      this.rendering = false;
    }
  }

  private async renderOnce(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    try {
      const number = this.page();
      const page = await doc.getPage(number);
      if (doc !== this.doc) return;
      const base = page.getViewport({ scale: 1 });
      const zoom = this.zoom();
      // Fit width: the stage's width less its padding; a hidden or not-yet-laid-out stage gets a phone's width.
      const width = this.stageWidth();
      const percent = zoom === 'fit' ? fitWidthPercent(Math.max(width - 16, 240), base.width) : zoom;
      const viewport = page.getViewport({ scale: (percent / 100) * CSS_PX_PER_PT });
      const sharpen = Math.min(globalThis.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
      const canvas = this.canvas().nativeElement;
      canvas.width = Math.floor(viewport.width * sharpen);
      canvas.height = Math.floor(viewport.height * sharpen);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      this.percent.set(Math.round(percent));
      this.renderedWidth = width;
      this.task = page.render({ canvas, viewport, transform: sharpen === 1 ? undefined : [sharpen, 0, 0, sharpen, 0, 0] });
      await this.task.promise;
      this.state.set('ready');
      this.rendered.set(`${number}@${Math.round(percent)}`);
    } catch (err: unknown) {
      if ((err as { name?: string } | null)?.name !== 'RenderingCancelledException') this.state.set('error');
    } finally {
      this.task = null;
    }
  }

  private close(): void {
    this.task?.cancel();
    this.task = null;
    void this.doc?.destroy();
    this.doc = null;
  }
}
