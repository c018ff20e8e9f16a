import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { findActiveContent, type ActiveContentKind } from './active-content';
import { problem } from '../http/problems';

/** Throws a 422 Problem for an encrypted or unreadable PDF; otherwise returns its page count and the active content it holds. */
export async function inspectPdf(bytes: Uint8Array, name: string): Promise<{ pageCount: number; activeContent: ActiveContentKind[] }> {
  // A truncated file loses its trailer; pdf-lib would quietly rebuild what it can, so check first.
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  let doc: PDFDocument | undefined;
  if (tail.includes('%%EOF')) {
    // ignoreEncryption, then ask: pdf-lib's error classes are ES5-compiled, so `instanceof` cannot tell them apart.
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: true, updateMetadata: false }).catch(
      () => undefined,
    );
    if (doc?.isEncrypted) {
      throw problem('upload.pdf_encrypted', { name }, { errors: [{ path: name, message: 'encrypted PDF' }] });
    }
  }
  const pageCount = doc?.getPageCount() ?? 0;
  if (!doc || pageCount === 0) {
    throw problem('upload.pdf_invalid', { name }, { errors: [{ path: name, message: 'damaged PDF' }] });
  }
  return { pageCount, activeContent: findActiveContent(doc) };
}

let fontBytes: Buffer | undefined;
/** DejaVu Sans covers every Vietnamese letter; from npm so the server needs no system fonts. */
function stampFont(): Buffer {
  fontBytes ??= fs.readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'));
  return fontBytes;
}

/** Embeds the Vietnamese-capable stamp font (subset) into a document that is about to be drawn on. */
export async function embedStampFont(doc: PDFDocument): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  return doc.embedFont(stampFont(), { subset: true });
}

export const MM = 72 / 25.4;
