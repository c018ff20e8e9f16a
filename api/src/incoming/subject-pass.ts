import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { foldName, proposeRegistration } from './proposal';

const run = promisify(execFile);

/**
 * The trích yếu re-read at 400 dpi: a 200 dpi scan gives Tesseract letters of ~16 px, too small for bold
 * diacritics ("chuyển đối" for "chuyển đổi"). Measured on the three subjects of the bench:ocr scans the page pass
 * misread (issue 24): the top of the page at 150 % changed nothing, at 200 % it fixed "đổi" (not "quý IH", which
 * proposal.ts repairs); page segmentation mode 3, 4 or 6 gave the same text at every scale. Re-reading only the
 * subject's words keeps the cost at a strip of the first page: 0.85 s a document, 9 % of the OCR time, on the
 * loaded 2-core machine of the 2026-12-06 bench run, where subjects went from 19/20 (17/20 before proposal.ts
 * repaired Roman numerals) to 20/20.
 */
const PASS_DPI = 400;

interface Word {
  text: string;
  box: [number, number, number, number];
}

/** The words of the first page of a searchable PDF, in reading order, with their boxes in points (pdftotext). */
async function firstPageWords(pdfPath: string): Promise<Word[]> {
  const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', '-bbox-layout', pdfPath, '-'], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const words: Word[] = [];
  for (const m of stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    const text = m[5]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    words.push({ text: text.normalize('NFC'), box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] });
  }
  return words;
}

/**
 * Each word of `wanted`, in order, found in `among` from `from` on (a word the first pass cleaned away is
 * skipped): the positions, or null when fewer than all but one were found.
 */
function findInOrder(wanted: string[], among: string[], from = 0): number[] | null {
  const at: number[] = [];
  let p = from;
  for (const w of wanted) {
    const k = among.indexOf(w, p);
    if (k < 0) continue;
    at.push(k);
    p = k + 1;
  }
  return at.length >= wanted.length - 1 ? at : null;
}

/**
 * Re-reads the trích yếu of an OCR'd document at PASS_DPI and puts the new reading of its words into the text. `searchable` is OCRmyPDF's output (its invisible text layer gives the words' boxes),
 * `dir` a scratch folder, `language` Tesseract's (OCR_LANGUAGES). Returns the text unchanged when there is no subject to re-read.
 */
export async function rereadSubject(searchable: string, text: string, dir: string, language = 'vie'): Promise<string> {
  const subject = proposeRegistration(text).subject;
  if (!subject) return text;
  const first = subject.split(' ');
  const words = await firstPageWords(searchable);
  const numberAt = words.findIndex((w) => /^S[ốôoó6ỐÔOÓ][.:;]?$/u.test(w.text));
  const found = findInOrder(
    first,
    words.map((w) => w.text),
    Math.max(0, numberAt),
  );
  if (!found?.length) return text;
  const boxes = found.map((k) => words[k].box);
  const lineHeight = Math.max(...boxes.map((b) => b[3] - b[1]));
  const [x0, y0] = [Math.min(...boxes.map((b) => b[0])) - lineHeight / 2, Math.min(...boxes.map((b) => b[1])) - lineHeight / 6];
  const [x1, y1] = [Math.max(...boxes.map((b) => b[2])) + lineHeight / 2, Math.max(...boxes.map((b) => b[3])) + lineHeight / 6];
  const px = (pt: number) => String(Math.max(0, Math.round((pt * PASS_DPI) / 72)));
  const strip = path.join(dir, 'subject');
  await run(
    'pdftoppm',
    [
      '-f',
      '1',
      '-l',
      '1',
      '-r',
      String(PASS_DPI),
      '-gray',
      '-png',
      '-singlefile',
      '-x',
      px(x0),
      '-y',
      px(y0),
      '-W',
      px(x1 - x0),
      '-H',
      px(y1 - y0),
      searchable,
      strip,
    ],
    {
      timeout: 60_000,
    },
  );
  // One uniform block of text (--psm 6); one thread, as for the pages (repeatable).
  const { stdout } = await run('tesseract', [`${strip}.png`, '-', '-l', language, '--psm', '6', '--dpi', String(PASS_DPI)], {
    timeout: 60_000,
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  await fs.rm(`${strip}.png`, { force: true });
  // The strip also holds specks and the edges of the lines around it, read as stray tokens: each first-pass
  // word takes the next word of the new reading that has the same letters (only the marks may differ), and
  // stays as it was when there is none; a strip that caught something else changes nothing. Marks only: when
  // a differing letter was also taken, the pass turned a right "quý III" into "quý II" (bench #8).
  const again = stdout.normalize('NFC').split(/\s+/).filter(Boolean);
  let out = text.normalize('NFC');
  let p = Math.max(0, out.search(/\bS[ốôoó6ỐÔOÓ][\s.:;]/u));
  let q = 0;
  for (const word of first) {
    const k = wordAt(out, word, p);
    if (k < 0) continue;
    const j = again.findIndex((w, at) => at >= q && (q === 0 || at < q + 4) && foldName(w) === foldName(word));
    const better = j >= 0 ? again[j] : word;
    if (j >= 0) q = j + 1;
    out = out.slice(0, k) + better + out.slice(k + word.length);
    p = k + better.length;
  }
  return out;
}

/** Where `word` stands as a whole word in `text` from `from` on (-1: nowhere). */
function wordAt(text: string, word: string, from: number): number {
  for (let k = text.indexOf(word, from); k >= 0; k = text.indexOf(word, k + 1)) {
    if ((k === 0 || /\s/.test(text[k - 1])) && (k + word.length === text.length || /\s/.test(text[k + word.length]))) return k;
  }
  return -1;
}
