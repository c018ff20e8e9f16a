import type { Provider } from '@angular/core';
import { PDFJS_LOADER, type PdfjsModule } from '../shared/pdf-viewer/pdf-viewer';

/** pdf.js needs a real canvas: pages that show the viewer get a loader that never finishes. */
export const pendingPdfjs: Provider = { provide: PDFJS_LOADER, useValue: () => new Promise(() => undefined) };

/** What a fake pdf.js saw: the documents opened and each page render with its scale (1 = 72 dpi). */
export interface FakePdfjs {
  module: PdfjsModule;
  opened: { url: string; isEvalSupported: boolean; standardFontDataUrl: string; cMapUrl: string }[];
  renders: { page: number; scale: number }[];
}

/** A pdf.js stand-in with documents of `numPages` pages `pageWidth` points wide; `fail` makes opening fail. */
export function fakePdfjs(numPages = 3, pageWidth = 600, fail = false): FakePdfjs {
  const fake: FakePdfjs = { module: null as unknown as PdfjsModule, opened: [], renders: [] };
  const page = (n: number) => ({
    getViewport: ({ scale }: { scale: number }) => ({ width: pageWidth * scale, height: pageWidth * 1.41 * scale }),
    render: ({ viewport }: { viewport: { width: number } }) => {
      fake.renders.push({ page: n, scale: viewport.width / pageWidth });
      return { promise: Promise.resolve(), cancel: () => undefined };
    },
  });
  const doc = { numPages, getPage: async (n: number) => page(n), destroy: async () => undefined };
  fake.module = {
    getDocument: (params: FakePdfjs['opened'][number]) => {
      fake.opened.push(params);
      return { promise: fail ? Promise.reject(new Error('Invalid PDF structure')) : Promise.resolve(doc) };
    },
  } as unknown as PdfjsModule;
  return fake;
}
