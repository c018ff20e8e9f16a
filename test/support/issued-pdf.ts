import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { extractTextPositions } from '../../api/src/incoming/pdf';
import { overlaps, type Box, type DocumentLayout } from '../../api/src/outgoing/layout';

/*
 * Checks of an issued PDF against its draft's layout, from the file alone: the text as printed (annotations
 * flattened by qpdf, then pdf.js text positions), the signature widgets and the seal image in its appearance.
 */

/** Every text box of the issued file as printed: annotations (stamps, captions) flattened into the pages by qpdf. */
export async function printedText(file: string) {
  const flat = `${file}.flat.pdf`;
  const run = spawnSync('qpdf', ['--flatten-annotations=all', file, flat], { encoding: 'utf8' });
  expect([0, 3]).toContain(run.status);
  const pages = await extractTextPositions(fs.readFileSync(flat));
  return pages.map((p) =>
    p!.runs
      .filter((r) => r.str.trim())
      .map((r) => ({ str: r.str.trim(), box: [r.x, r.y - 0.2 * r.size, r.x + r.width, r.y + 0.75 * r.size] as Box, y: r.y })),
  );
}

export function expectNoOverlap(pages: Awaited<ReturnType<typeof printedText>>) {
  for (const runs of pages) {
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        if (overlaps(runs[i].box, runs[j].box, 1)) throw new Error(`"${runs[i].str}" overlaps "${runs[j].str}"`);
      }
    }
  }
}

/** The number, day and month (and year) printed inside the draft's blanks, on their line. */
export function expectFilled(pages: Awaited<ReturnType<typeof printedText>>, layout: DocumentLayout, number: number, isoDate: string) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const at = (text: string, blank: Box, page: number) => {
    const run = pages[page].find((r) => r.str === text && overlaps(r.box, blank, 0));
    expect({ text, found: !!run }).toEqual({ text, found: true });
    expect(run!.box[0]).toBeGreaterThanOrEqual(blank[0] - 0.5);
    expect(run!.box[2]).toBeLessThanOrEqual(blank[2] + 0.5);
    expect(Math.abs(run!.y - (blank[1] + 0.22 * (blank[3] - blank[1])))).toBeLessThan(1.5);
  };
  at(number < 10 ? `0${number}` : String(number), layout.number!.blank, layout.number!.page);
  at(d < 10 ? `0${d}` : String(d), layout.date!.day, layout.date!.page);
  at(m <= 2 ? `0${m}` : String(m), layout.date!.month, layout.date!.page);
  if (layout.date!.year) at(String(y), layout.date!.year, layout.date!.page);
}

/** The signature widgets: the leader's between the position line and the name; the seal image over its left third. */
export async function expectPlacement(pdf: Buffer, layout: DocumentLayout) {
  const doc = await PDFDocument.load(pdf);
  const page = doc.getPage(layout.signature!.page);
  const annots = page.node.lookup(PDFName.of('Annots'), PDFArray);
  const widgets: { rect: Box; ap: string }[] = [];
  for (let i = 0; i < annots.size(); i++) {
    const a = annots.lookup(i, PDFDict);
    if (a.lookupMaybe(PDFName.of('FT'), PDFName)?.asString() !== '/Sig') continue;
    const r = a.lookup(PDFName.of('Rect'), PDFArray);
    const ap = a.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N')) as PDFRawStream;
    widgets.push({
      rect: [0, 1, 2, 3].map((k) => r.lookup(k, PDFNumber).asNumber()) as Box,
      ap: Buffer.from(decodePDFRawStream(ap).decode()).toString('latin1'),
    });
  }
  expect(widgets).toHaveLength(2);
  const [leader, seal] = widgets;
  const gap = layout.signature!.gap;
  // Between the position line and the name, centred on the block.
  expect(leader.rect[1]).toBeGreaterThanOrEqual(gap[1] - 0.5);
  expect(leader.rect[3]).toBeLessThanOrEqual(gap[3] + 0.5);
  expect(Math.abs((leader.rect[0] + leader.rect[2]) / 2 - (gap[0] + gap[2]) / 2)).toBeLessThan(2);
  // The seal image: where its appearance draws it.
  const m = /([\d.]+) 0 0 ([\d.]+) ([\d.-]+) ([\d.-]+) cm\s*\/Im1 Do/.exec(seal.ap)!;
  const [w, h, dx, dy] = m.slice(1).map(Number);
  const image: Box = [seal.rect[0] + dx, seal.rect[1] + dy, seal.rect[0] + dx + w, seal.rect[1] + dy + h];
  expect(w).toBeCloseTo((35 * 72) / 25.4, 0); // real size: 35 mm
  const lw = leader.rect[2] - leader.rect[0];
  expect(image[2]).toBeGreaterThan(leader.rect[0] + 0.2 * lw);
  expect(image[2]).toBeLessThan(leader.rect[0] + 0.5 * lw);
  const cy = (leader.rect[1] + leader.rect[3]) / 2;
  expect(image[1]).toBeLessThan(cy);
  expect(image[3]).toBeGreaterThan(cy);
  return { leader: leader.rect, seal: image };
}
