import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { vi } from '../../web/src/app/i18n/vi';
import { en } from '../../web/src/app/i18n/en';

/**
 * Issue 17 item 9: what a Vietnamese user reads is Vietnamese. Every Vietnamese string of the API (problem
 * titles, notification titles, PDF text: any literal or template with a Vietnamese letter) and every value of
 * the web's vi dictionary is checked for an English sentence (a small dictionary of common English words), an
 * untranslated enum value or key (`WAITING_FOR_EXCHANGE`, `case_file.create`) and an ISO date put in as is
 * (`2026-12-11`: dates go through viDate, dd/MM/yyyy). Pragmatic, not a grammar check.
 */

/** Common English words that are not also Vietnamese syllables without diacritics ("to", "in", "do", "can" are). */
const ENGLISH = new Set(
  'the and of is are not with for must cannot nobody least characters required invalid please only should been was has have this that from your you which when will would there their than into be or no yes step file files document documents user users password must'.split(
    ' ',
  ),
);
const englishWords = (s: string) => [...new Set((s.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => ENGLISH.has(w)))];

/** An enum value (UPPER_SNAKE with an underscore) or a dotted internal key (case_file.create, outgoing.review). */
const RAW_KEY = /\b[A-Z]{2,}_[A-Z_]{2,}\b|\b[a-z]+(?:_[a-z]+)*\.[a-z]+_[a-z_]+\b|\b[a-z]+_[a-z]+\.[a-z]+\b/;
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

interface Found {
  file: string;
  line: number;
  text: string;
  /** Source of each ${…} of a template. */
  spans: string[];
}

/**
 * English on purpose: OpenAPI summaries and descriptions (English with the Vietnamese term in brackets),
 * internal errors (`new Error`), which no user reads, and the `en` twin of a `{ vi, en }` pair, which the English UI shows.
 */
function forDevelopers(node: ts.Node): boolean {
  const p = node.parent;
  if (ts.isPropertyAssignment(p) && ['summary', 'description', 'en'].includes(p.name.getText())) return true;
  if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && p.expression.name.text === 'describe') return true;
  return ts.isNewExpression(p) && p.expression.getText() === 'Error';
}

/** Bilingual on purpose: the OCR state stored on a file and shown as is in both languages. */
const BILINGUAL = new Set([
  'Máy chủ chưa cài OCRmyPDF: không nhận dạng được chữ trên bản quét (OCR unavailable: ocrmypdf is not installed)',
]);

function vietnameseStringsOf(file: string): Found[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: Found[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isTemplateLiteral(node)) && forDevelopers(node)) return;
    let text: string | undefined;
    let spans: string[] = [];
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) {
      text = node.head.text + node.templateSpans.map((s) => `\${${s.expression.getText(src)}}${s.literal.text}`).join('');
      spans = node.templateSpans.map((s) => s.expression.getText(src));
    }
    if (text !== undefined && VIETNAMESE.test(text) && !BILINGUAL.has(text))
      out.push({
        file: path.relative(process.cwd(), file),
        line: src.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        text,
        spans,
      });
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
    else node.templateSpans.forEach((s) => ts.forEachChild(s.expression, visit));
  };
  visit(src);
  return out;
}

const walk = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

/**
 * A date-like expression put into Vietnamese text without viDate / vietnamDateTime (a bare `date` or `time` is
 * the already formatted part of vietnamDateTime's answer).
 */
const rawDate = (span: string) =>
  /(date|Date|day|Day|validTo|validFrom|At)\b(?!\s*\()/.test(span) &&
  !/^(date|time)$/.test(span) &&
  !/viDate|vietnamDateTime|placeAndDate|\.date\b|\.time\b|Days?\.length|rangeLine/.test(span);

function problemsOf(text: string, spans: string[] = []): string[] {
  const problems: string[] = [];
  const words = englishWords(text.replace(/\$\{[^}]*\}/g, ' '));
  if (words.length >= 2) problems.push(`English words: ${words.join(', ')}`);
  const raw = RAW_KEY.exec(text.replace(/\$\{[^}]*\}/g, ' '));
  if (raw) problems.push(`raw key: ${raw[0]}`);
  if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) problems.push('ISO date');
  const dates = spans.filter(rawDate);
  if (dates.length) problems.push(`date not formatted dd/MM/yyyy: \${${dates.join('}, ${')}}`);
  return problems;
}

describe('Vietnamese text', () => {
  it('the checks catch what issue 17 saw in the Vietnamese UI', () => {
    expect(problemsOf('Mật khẩu: at least 10 characters')).toEqual(['English words: least, characters']);
    expect(problemsOf('chain: Nobody can take step 2 of the chain')).toEqual(['English words: nobody, step, of, the']);
    expect(problemsOf('Đã ghi nhật ký case_file.create')).toEqual(['raw key: case_file.create']);
    expect(problemsOf('Kênh: WAITING_FOR_EXCHANGE')).toEqual(['raw key: WAITING_FOR_EXCHANGE']);
    expect(problemsOf('Sắp đến hạn xử lý (2026-12-11)')).toEqual(['ISO date']);
    expect(problemsOf('Sắp đến hạn xử lý (${a.dueDate})', ['a.dueDate'])).toEqual(['date not formatted dd/MM/yyyy: ${a.dueDate}']);
    expect(problemsOf('Sắp đến hạn xử lý (${viDate(a.dueDate)})', ['viDate(a.dueDate)'])).toEqual([]);
    expect(problemsOf('Không thể ký văn bản: chứng thư số đã hết hạn')).toEqual([]);
  });

  it('API: problem titles, notification titles and printed text have no English sentence, raw key or ISO date', () => {
    const found = walk(path.join(process.cwd(), 'api/src'))
      .filter((f) => !f.includes(`${path.sep}seed${path.sep}`))
      .flatMap(vietnameseStringsOf);
    expect(found.length).toBeGreaterThan(300);
    const bad = found.flatMap((f) => problemsOf(f.text, f.spans).map((p) => `${f.file}:${f.line} ${p} — ${f.text}`));
    expect(bad).toEqual([]);
  });

  it('web: every value of the vi dictionary is Vietnamese, with the same keys as the en dictionary', () => {
    const flat = (o: object, prefix = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flat(v as object, `${prefix}${k}.`),
      );
    const viEntries = flat(vi);
    expect(viEntries.length).toBeGreaterThan(500);
    expect(new Set(flat(en).map(([k]) => k))).toEqual(new Set(viEntries.map(([k]) => k)));
    // Names of the other language and of the product are meant to be as they are.
    const asIs = new Set(['lang.switchTo', 'app.name']);
    const bad = viEntries.filter(([k]) => !asIs.has(k)).flatMap(([k, v]) => problemsOf(v).map((p) => `${k}: ${p} — ${v}`));
    expect(bad).toEqual([]);
  });
});
