import { PDFDocument, rgb } from 'pdf-lib';
import { MM, embedStampFont } from '../files/pdf';

export interface IssueStamp {
  /** "Số: 05/QĐ-UBND" */
  numberLine: string;
  /** "Quảng Ninh, ngày 05 tháng 01 năm 2026" */
  dateLine: string;
}

/**
 * A copy of the PDF with số, ký hiệu and the place-and-date line drawn on page 1 where ND 30 Phụ lục I puts
 * them (số under the issuer block on the left, date under the national motto on the right), on a white
 * ground so they read over blank template fields. Drawn before the organisation's seal signature, which
 * then covers them. The caller stores it as a new blob; the original is never changed.
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
  put(stamp.numberLine, box.x + 25 * MM, 38, 75 * MM);
  const dateWidth = Math.min(font.widthOfTextAtSize(stamp.dateLine, size), 95 * MM);
  put(stamp.dateLine, box.x + box.width - 15 * MM - dateWidth, 38, 95 * MM);
  return doc.save();
}
