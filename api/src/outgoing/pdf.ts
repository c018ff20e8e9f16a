import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { MM, embedStampFont } from '../files/pdf';
import { fonts } from '../signing/appearance';
import type { Fill } from './layout';

export interface IssueStamp {
  /** "Số: 05/QĐ-UBND" */
  numberLine: string;
  /** "Quảng Ninh, ngày 05 tháng 01 năm 2026" */
  dateLine: string;
  /** The number and date written into the draft's own blanks (outgoing/layout.ts issueFills). */
  fills?: Fill[];
  /** What has no blank in the draft: drawn as a whole line where ND 30 puts it. */
  missing?: ('number' | 'date')[];
}

/**
 * A copy of the PDF (signed on paper) with the number and date: in the draft's blanks when it has them, else
 * the whole "Số: …" and place-and-date lines drawn on page 1 where ND 30 Phụ lục I puts them (số under the
 * issuer block on the left, date under the national motto on the right) on a white ground. The caller stores
 * it as a new blob; the original is never changed.
 */
export async function stampIssued(original: Uint8Array, stamp: IssueStamp): Promise<Uint8Array> {
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  const font = await embedStampFont(doc);
  const page = doc.getPage(0);
  const box = page.getCropBox();
  const top = box.y + box.height;
  const size = 11;
  const put = (text: string, x: number, fromTop: number, maxWidth: number) => {
    const width = Math.min(font.widthOfTextAtSize(text, size), maxWidth);
    const y = top - fromTop * MM;
    page.drawRectangle({ x: x - 1, y: y - 3, width: width + 2, height: size + 4, color: rgb(1, 1, 1) });
    page.drawText(text, { x, y, size, font, color: rgb(0, 0, 0), maxWidth });
  };
  const missing = stamp.fills ? (stamp.missing ?? []) : ['number', 'date'];
  if (missing.includes('number')) put(stamp.numberLine, box.x + 25 * MM, 38, 75 * MM);
  const dateWidth = Math.min(font.widthOfTextAtSize(stamp.dateLine, size), 95 * MM);
  if (missing.includes('date')) put(stamp.dateLine, box.x + box.width - 15 * MM - dateWidth, 38, 95 * MM);
  if (stamp.fills?.length) {
    doc.registerFontkit(fontkit);
    const serif = await doc.embedFont(fonts().serif, { subset: true });
    for (const f of stamp.fills) {
      const w = f.rect[2] - f.rect[0];
      const fsize = Math.min(f.size, (f.size * (w - 1)) / serif.widthOfTextAtSize(f.text, f.size));
      const x = f.rect[0] + (w - serif.widthOfTextAtSize(f.text, fsize)) / 2;
      doc.getPage(f.page).drawText(f.text, { x, y: f.rect[1] + f.baseline, size: fsize, font: serif, color: rgb(0, 0, 0) });
    }
  }
  return doc.save();
}
