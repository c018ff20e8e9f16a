import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { TranslationService } from '../../i18n/translation.service';

export type PdfjsModule = typeof import('pdfjs-dist');

/** Where the pdf.js files are served from: copied from node_modules/pdfjs-dist by angular.json (same origin). */
export const PDFJS_ASSETS = '/pdfjs/';

/** Loads pdf.js on first use (lazy chunk); replaced by a fake in unit tests. */
export const PDFJS_LOADER = new InjectionToken<() => Promise<PdfjsModule>>('PDFJS_LOADER', {
  providedIn: 'root',
  factory: () => loadPdfjs,
});

let loaded: Promise<PdfjsModule> | null = null;
function loadPdfjs(): Promise<PdfjsModule> {
  loaded ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = `${PDFJS_ASSETS}pdf.worker.min.mjs`;
    return pdfjs;
  });
  return loaded;
}

/** Renders a same-origin PDF page by page onto a canvas, with previous / next page. */
@Component({
  selector: 'vt-pdf-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; }
    .bar { display: flex; align-items: center; gap: 10px; margin-bottom: 8px; }
    .stage { overflow: auto; border: 1px solid var(--border); background: #e9ecf2; min-height: 240px; }
    canvas { display: block; margin: 0 auto; background: #fff; max-width: 100%; }
  `,
  template: `
    <div class="bar" role="toolbar" [attr.aria-label]="i18n.t('incoming.pdf.viewer')">
      <button type="button" class="btn btn-small" data-testid="pdf-prev" [disabled]="page() <= 1 || !pages()" (click)="go(-1)">
        ‹ {{ i18n.t('incoming.pdf.previous') }}
      </button>
      <span data-testid="pdf-page" aria-live="polite">
        @if (pages()) {
          {{ i18n.t('incoming.pdf.page', { page: page(), pages: pages() }) }}
        }
      </span>
      <button type="button" class="btn btn-small" data-testid="pdf-next" [disabled]="page() >= pages()" (click)="go(1)">
        {{ i18n.t('incoming.pdf.next') }} ›
      </button>
    </div>
    @if (state() === 'loading') {
      <p class="muted">{{ i18n.t('incoming.pdf.loading') }}</p>
    } @else if (state() === 'error') {
      <p class="alert alert-error" data-testid="pdf-error">{{ i18n.t('incoming.pdf.error') }}</p>
    }
    <div class="stage" #stage>
      <canvas #canvas data-testid="pdf-canvas"></canvas>
    </div>
  `,
})
export class PdfViewer {
  protected readonly i18n = inject(TranslationService);
  private readonly loader = inject(PDFJS_LOADER);

  /** Same-origin URL of the PDF. */
  readonly src = input.required<string>();

  protected readonly page = signal(1);
  protected readonly pages = signal(0);
  protected readonly state = signal<'loading' | 'ready' | 'error'>('loading');

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly stage = viewChild.required<ElementRef<HTMLElement>>('stage');
  private doc: PDFDocumentProxy | null = null;
  private task: RenderTask | null = null;
  private generation = 0;

  constructor() {
    effect(() => {
      const src = this.src();
      void this.open(src);
    });
    inject(DestroyRef).onDestroy(() => this.close());
  }

  protected go(delta: number): void {
    const next = this.page() + delta;
    if (next < 1 || next > this.pages()) return;
    this.page.set(next);
    void this.render();
  }

  private async open(src: string): Promise<void> {
    const generation = ++this.generation;
    this.close();
    this.state.set('loading');
    this.page.set(1);
    this.pages.set(0);
    try {
      const pdfjs = await this.loader();
      const doc = await pdfjs.getDocument({
        url: src,
        withCredentials: true,
        isEvalSupported: false,
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
      this.state.set('ready');
      await this.render();
    } catch {
      if (generation === this.generation) this.state.set('error');
    }
  }

  private async render(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    this.task?.cancel();
    try {
      const page = await doc.getPage(this.page());
      const canvas = this.canvas().nativeElement;
      const width = Math.max(this.stage().nativeElement.clientWidth - 2, 320);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: width / base.width });
      const ratio = globalThis.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      this.task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await this.task.promise;
    } catch (err: unknown) {
      if ((err as { name?: string } | null)?.name !== 'RenderingCancelledException') this.state.set('error');
    }
  }

  private close(): void {
    this.task?.cancel();
    this.task = null;
    void this.doc?.destroy();
    this.doc = null;
  }
}
