import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFRef, rgb, type PDFEmbeddedPage } from 'pdf-lib';
import { writeIncrementalUpdate } from '../signing/incremental';
import { vietnamDateTime } from '../calendar/vietnam-time';
import { embedStampFont } from './pdf';

/** Who downloaded a copy for reading or printing, and when (ND 30 Phụ lục VI: a printed copy names its reader). */
export interface Reader {
  name: string;
  organisationName: string;
  at: Date;
}

export function watermarkText(reader: Reader): string {
  const { date, time } = vietnamDateTime(reader.at);
  return `Người tải: ${reader.name} — ${reader.organisationName} — ${date} ${time}`;
}

/**
 * The text in light grey across the page, at a quarter, half and three quarters of its height, as a one-page PDF
 * to embed as an appearance. Horizontal rather than diagonal: text extraction (pdftotext, search, screen readers)
 * reads horizontal lines whole, while a diagonal line comes out as scattered letters.
 */
async function watermarkPage(text: string, width: number, height: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await embedStampFont(doc);
  const page = doc.addPage([width, height]);
  // As large as fits the width with a margin, never shouting (max 16 pt) nor unreadable (min 7 pt).
  const size = Math.max(7, Math.min(16, (0.9 * width) / font.widthOfTextAtSize(text, 1)));
  const x = Math.max(2, (width - font.widthOfTextAtSize(text, size)) / 2);
  for (const at of [0.75, 0.5, 0.25]) page.drawText(text, { x, y: height * at, size, font, color: rgb(0.4, 0.4, 0.4), opacity: 0.35 });
  return doc.save();
}

/**
 * A copy of the PDF for reading or printing with the reader's name, organisation and the time across every page,
 * as a locked, printed annotation appended in an incremental update: the original bytes (and so every signature
 * over them) stay intact and still verify; the stored original is not touched.
 */
export async function watermarkPdf(original: Uint8Array, reader: Reader): Promise<Buffer> {
  const bytes = Buffer.from(original);
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  const largest = ctx.largestObjectNumber;
  const text = watermarkText(reader);
  const changed: PDFRef[] = [];
  const appearances = new Map<string, PDFEmbeddedPage>();
  for (const page of doc.getPages()) {
    const box = page.getCropBox();
    const key = `${box.width.toFixed(2)}x${box.height.toFixed(2)}`;
    let appearance = appearances.get(key);
    if (!appearance) {
      [appearance] = await doc.embedPdf(await watermarkPage(text, box.width, box.height));
      appearances.set(key, appearance);
    }
    const annotation = ctx.register(
      ctx.obj({
        Type: 'Annot',
        Subtype: 'Stamp',
        Rect: [box.x, box.y, box.x + box.width, box.y + box.height],
        // Print | ReadOnly-like Locked | LockedContents: printed with the page, not moved or edited in a viewer.
        F: 4 | 128 | 512,
        P: page.ref,
        NM: PDFHexString.fromText('vanthu-watermark'),
        Contents: PDFHexString.fromText(text),
        AP: { N: appearance.ref },
      }),
    );
    // /Annots is either inline in the page (the page object changes) or an object of its own (that one changes).
    const own = page.node.get(PDFName.of('Annots'));
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots) {
      annots.push(annotation);
      changed.push(own instanceof PDFRef ? own : page.ref);
    } else {
      page.node.set(PDFName.of('Annots'), ctx.obj([annotation]));
      changed.push(page.ref);
    }
  }
  await doc.flush();
  const added = ctx
    .enumerateIndirectObjects()
    .map(([ref]) => ref)
    .filter((ref) => ref.objectNumber > largest);
  return writeIncrementalUpdate(bytes, doc, [...changed, ...added]);
}
