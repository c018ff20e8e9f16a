import { documentTypes } from '../outgoing/document-types';

/** Registration fields read from a document's text (OCR or text layer); the clerk confirms or corrects them. */
export interface RegistrationProposal {
  number: string | null;
  symbol: string | null;
  issueDate: string | null;
  issuerName: string | null;
  documentType: string | null;
  subject: string | null;
}

/** Upper-case, no diacritics, single spaces: for comparing OCR output with known names. */
export const foldName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9/ -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

// "Số: 12/UBND-KT", also as OCR misreads it: "S6:", "Sô", "So".
const NUMBER_LINE = /\bS[ốôoó6ỐÔOÓ][\s.:;]*(\d{1,6})\s*\/\s*([0-9A-ZĐƯƠ][0-9A-ZĐƯƠa-z.\-]*[0-9A-ZĐƯƠa-z])/u;
const NUMBER_ANY = /\b(\d{1,6})\s*\/\s*((?:\d{4}\/)?[A-ZĐ]{1,10}(?:-[A-ZĐ0-9]{1,12})+)\b/u;
// "…, ngày 15 tháng 10 năm 2026", also with lost diacritics.
const DATE_WORDS = /ng[àaá]y\s*(\d{1,2})\s*th[áaà]ng\s*(\d{1,2})\s*n[ăaâ]m\s*(\d{4})/iu;
const DATE_DIGITS = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/u;
const NATIONAL = /C[ỘOÔ]NG[\s.,]+H[ÒOÓ]A[\s.,]+X[ÃA].*$|Đ[ỘO]C[\s.,]+L[ẬA]P.*$/iu;

const iso = (d: string, m: string, y: string) => {
  const [dd, mm, yy] = [Number(d), Number(m), Number(y)];
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31 || yy < 1945 || yy > 2100) return null;
  const date = new Date(Date.UTC(yy, mm - 1, dd));
  if (date.getUTCDate() !== dd) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
};

const clean = (l: string) => l.replace(/[|¬_“”"·•]+/g, ' ').replace(/\s+/g, ' ').trim();
/** Mostly capitals (OCR lowers the odd letter of a heading). */
const isUpper = (l: string) => {
  const letters = [...l].filter((c) => /\p{L}/u.test(c));
  return letters.length > 0 && letters.filter((c) => c === c.toUpperCase()).length / letters.length >= 0.85;
};
const squeeze = (s: string) => foldName(s).replace(/[\s-]/g, '');
/** OCR reads the Đ of an abbreviation (QĐ, NĐ) as D: put back the abbreviations ND 30 Phụ lục III prescribes. */
const ABBREVS = new Map(documentTypes.flatMap((t) => (t.abbrev && /Đ/.test(t.abbrev) ? [[foldName(t.abbrev), t.abbrev] as const] : [])));
const fixSymbol = (symbol: string) =>
  symbol
    .replace(/\.$/, '')
    .split('-')
    .map((part) => ABBREVS.get(part.toUpperCase()) ?? part)
    .join('-');

/**
 * Proposes số/ký hiệu, date, issuing organisation, type and subject from the first page of a document laid
 * out per ND 30/2020 (domain.md §2): issuer at the top left above "Số: …/…", the place-and-date line, the
 * type name in capitals with its subject below it, or "V/v …" under the number of a công văn.
 * `knownIssuers` (organisation names on this system) turn an OCR'd "UY BAN NHAN DAN…" into the exact name.
 */
export function proposeRegistration(text: string, knownIssuers: string[] = []): RegistrationProposal {
  const firstPage = text.split('\f')[0].normalize('NFC');
  const lines = firstPage.split('\n').map(clean).filter(Boolean);
  const out: RegistrationProposal = { number: null, symbol: null, issueDate: null, issuerName: null, documentType: null, subject: null };

  let numberAt = lines.findIndex((l) => NUMBER_LINE.test(l));
  const numbered = numberAt >= 0 ? NUMBER_LINE.exec(lines[numberAt]) : NUMBER_ANY.exec(firstPage);
  if (numbered) {
    out.number = numbered[1];
    out.symbol = fixSymbol(numbered[2]);
  }
  const dated = DATE_WORDS.exec(firstPage) ?? DATE_DIGITS.exec(firstPage);
  if (dated) out.issueDate = iso(dated[1], dated[2], dated[3]);

  // Issuer: the capitalised lines above the number (without the national motto printed beside them).
  if (numberAt < 0) numberAt = Math.min(lines.length, 3);
  const head = lines
    .slice(0, numberAt)
    .map((l) => clean(l.replace(NATIONAL, '')))
    .filter((l) => l.length > 2 && isUpper(l));
  // Compared without diacritics or spaces: OCR drops both ("THÀNH PHO HALONG").
  const known = new Map(knownIssuers.map((n) => [squeeze(n), n]));
  const issuer = head.at(-1);
  if (issuer) {
    const folded = squeeze(issuer);
    out.issuerName = known.get(folded) ?? [...known.entries()].find(([k]) => k.length > 6 && (folded.endsWith(k) || folded.startsWith(k)))?.[1] ?? issuer;
  }

  // Type and subject.
  const types = documentTypes.map((t) => ({ name: t.name, folded: foldName(t.name) }));
  const after = numberAt >= 0 ? lines.slice(numberAt + 1) : lines;
  const stop = (l: string) => /^[\s\-–•.]*(K[íi]nh\s+g[ửu]i|C[ăa]n\s+c[ứu]|Th[ựu]c\s+hi[ệe]n|Theo\s)/iu.test(l) || DATE_WORDS.test(l);
  for (let i = 0; i < after.length; i++) {
    const l = after[i];
    if (/^V\s*\/\s*v\b/iu.test(l)) {
      out.documentType = 'Công văn';
      out.subject = collect(after, i, stop);
      break;
    }
    const type = isUpper(l) ? types.find((t) => foldName(l) === t.folded) : undefined;
    if (type) {
      out.documentType = type.name;
      if (after[i + 1] && !stop(after[i + 1])) out.subject = collect(after, i + 1, stop);
      // A công văn's capitals line is not its type: keep looking for "V/v".
      if (type.name !== 'Công văn' || out.subject) break;
    }
  }
  return out;
}

/** The subject line and its continuation lines (a long trích yếu wraps), up to the salutation or the body. */
function collect(lines: string[], from: number, stop: (l: string) => boolean): string {
  const parts = [lines[from]];
  for (let i = from + 1; i < Math.min(lines.length, from + 3); i++) {
    // A body line is long and ends a sentence; a subject's continuation is short.
    if (stop(lines[i]) || isUpper(lines[i]) || /[.:;]$/.test(parts.at(-1)!) || /[.:;]$/.test(lines[i]) || lines[i].length > 90) break;
    parts.push(lines[i]);
  }
  return parts.join(' ').replace(/^[\s\-–•]+/, '').replace(/\s*-+\s*$/, '').trim();
}
