import { PDFDocument, PDFRef, type PDFObject } from 'pdf-lib';

/**
 * pdf-lib cannot save incrementally: `save()` rewrites the file, which breaks earlier signatures. This writes
 * only the given objects after the original bytes as a PDF incremental update (classic xref section, /Prev to
 * the previous one), so every earlier revision stays byte-for-byte intact.
 */
export function writeIncrementalUpdate(original: Buffer, doc: PDFDocument, refs: PDFRef[]): Buffer {
  const prev = lastStartXref(original);
  const parts: Buffer[] = [original];
  let offset = original.length;
  if (original[original.length - 1] !== 0x0a) {
    parts.push(Buffer.from('\n'));
    offset += 1;
  }
  const unique = [...new Map(refs.map((r) => [`${r.objectNumber} ${r.generationNumber}`, r])).values()].sort(
    (a, b) => a.objectNumber - b.objectNumber,
  );
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (const ref of unique) {
    const obj = doc.context.lookup(ref) as PDFObject | undefined;
    if (!obj) throw new Error(`object ${ref} is missing`);
    const head = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1');
    const body = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    const tail = Buffer.from('\nendobj\n', 'latin1');
    entries.push({ num: ref.objectNumber, gen: ref.generationNumber, offset });
    parts.push(head, Buffer.from(body), tail);
    offset += head.length + body.length + tail.length;
  }
  const xrefOffset = offset;
  let xref = 'xref\n';
  for (let i = 0; i < entries.length;) {
    let j = i;
    while (j + 1 < entries.length && entries[j + 1].num === entries[j].num + 1) j++;
    xref += `${entries[i].num} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) xref += `${String(entries[k].offset).padStart(10, '0')} ${String(entries[k].gen).padStart(5, '0')} n\r\n`;
    i = j + 1;
  }
  const t = doc.context.trailerInfo;
  const size = Math.max(doc.context.largestObjectNumber + 1, previousSize(original));
  let trailer = `trailer\n<< /Size ${size} /Root ${t.Root}`;
  if (t.Info) trailer += ` /Info ${t.Info}`;
  if (t.ID) trailer += ` /ID ${t.ID}`;
  trailer += ` /Prev ${prev} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  parts.push(Buffer.from(xref + trailer, 'latin1'));
  return Buffer.concat(parts);
}

export function lastStartXref(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const all = [...tail.matchAll(/startxref\s+(\d+)/g)];
  if (!all.length) throw new Error('no startxref: not a PDF or truncated');
  return Number(all[all.length - 1][1]);
}

function previousSize(pdf: Buffer): number {
  const text = pdf.subarray(Math.max(0, pdf.length - 65536)).toString('latin1');
  const all = [...text.matchAll(/\/Size\s+(\d+)/g)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
}
