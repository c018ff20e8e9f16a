import fs from 'node:fs/promises';
import type { CheckedFile } from '../files/check';
import { mediaTypes } from '../files/media-type';
import { inspectPdf } from '../files/pdf';
import { ConverterMissing, imageToPdf, isImage, UnreadableImage } from './ocr';
import { problem } from '../http/problems';

/** What the desk accepts as the main document of an incoming upload: a PDF, or a scan received as an image. */
export const INCOMING_MAIN_TYPES = [mediaTypes.PDF, mediaTypes.PNG, mediaTypes.JPEG, mediaTypes.TIFF];

type Upload = CheckedFile<'MAIN' | 'ATTACHMENT'> & { scanOriginal?: true };

/**
 * A scan uploaded as the main document (PNG/JPEG/TIFF): the main file becomes a PDF wrapping it (what the ĐẾN
 * stamp, the viewer and OCR work on), and the image as received follows it as an attachment marked as the
 * scan's original, so it is kept but not OCR'd a second time. A PDF main file passes unchanged.
 * The derived PDF is written beside the upload; `discard` removes it.
 */
export async function wrapScannedMain(main: CheckedFile<'MAIN'>): Promise<{ files: Upload[]; discard: () => Promise<void> }> {
  if (!isImage(main.mediaType)) return { files: [main], discard: async () => {} };
  let pdf: Uint8Array;
  try {
    pdf = await imageToPdf(await fs.readFile(main.path), main.mediaType);
  } catch (e) {
    if (e instanceof UnreadableImage) {
      throw problem(
        'upload.unreadable_image',
        { originalName: main.originalName, message: e.message },
        { errors: [{ path: 'main', message: 'unreadable image' }] },
      );
    }
    if (e instanceof ConverterMissing) {
      throw problem('upload.unsupported_type#img2pdf_is_not_installed', {}, { errors: [{ path: 'main', message: 'TIFF needs img2pdf' }] });
    }
    throw e;
  }
  const pdfPath = `${main.path}.pdf`;
  await fs.writeFile(pdfPath, pdf);
  const name = `${main.originalName.replace(/\.[^.]*$/, '')}.pdf`;
  // The wrapped PDF is made here from an image: no scripts or actions in it.
  const wrapped: Upload = {
    role: 'MAIN',
    path: pdfPath,
    originalName: name,
    mediaType: mediaTypes.PDF,
    pageCount: (await inspectPdf(pdf, name)).pageCount,
    activeContent: null,
  };
  return {
    files: [wrapped, { ...main, role: 'ATTACHMENT', scanOriginal: true }],
    discard: () => fs.rm(pdfPath, { force: true }),
  };
}
