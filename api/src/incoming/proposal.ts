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

/**
 * How sure the reading of each field is, 0–1 (null: not read): from where and how the field was found (the
 * "Số:" line or anywhere, the worded date or digits, a known issuer or not, the trích yếu's end seen or
 * guessed). The registration form marks those below 0.8 for the clerk to check.
 */
export type ProposalConfidence = { [K in keyof RegistrationProposal]: number | null };

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
const NUMBER_LINE = /\bS[ốôoó6ỐÔOÓ][\s.:;]*(\d{1,6})\s*\/\s*([0-9A-ZĐƯƠ][0-9A-ZĐƯƠa-z.-]*[0-9A-ZĐƯƠa-z])/u;
// The same line when OCR lost the slash and lowered the symbol: "Số: 301ubnd-vp".
const NUMBER_NO_SLASH = /^S[ốôoó6ỐÔOÓ][\s.:;]+(\d{1,6})\s*([A-Za-zĐđ]{1,10}(?:-[A-Za-zĐđ0-9]{1,12})+)\b/u;
const NUMBER_ANY = /\b(\d{1,6})\s*\/\s*((?:\d{4}\/)?[A-ZĐ]{1,10}(?:-[A-ZĐ0-9]{1,12})+)\b/u;
// "…, ngày 15 tháng 10 năm 2026", also with lost diacritics.
const DATE_WORDS = /ng[àaá]y\s*(\d{1,2})\s*th[áaà]ng\s*(\d{1,2})\s*n[ăaâ]m\s*(\d{4})/iu;
const DATE_DIGITS = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/u;
const NATIONAL = /C[ỘOÔ]NG[\s.,]+H[ÒOÓ]A[\s.,]+X[ÃA].*$|[ĐD][ỘOÔ]C[\s.,]+L[ẬAÂ]P.*$/iu;

const iso = (d: string, m: string, y: string) => {
  const [dd, mm, yy] = [Number(d), Number(m), Number(y)];
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31 || yy < 1945 || yy > 2100) return null;
  const date = new Date(Date.UTC(yy, mm - 1, dd));
  if (date.getUTCDate() !== dd) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
};

const clean = (l: string) =>
  l
    .replace(/[|¬_“”"·•]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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

/** Edit distance (Levenshtein), for names OCR misread by a letter or two ("SOY TE" for "SỞ Y TẾ"). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
/** Folded and without spaces, "UBND"/"HĐND" written out: how header text and known names are compared. */
const matchKey = (s: string) =>
  squeeze(
    foldName(s)
      .replace(/\bUBND\b/g, 'UY BAN NHAN DAN')
      .replace(/\bHDND\b/g, 'HOI DONG NHAN DAN'),
  );

// Words that open an organisation's name in an ND 30 header (folded): a header line starting with one starts a
// new name; any other line continues the name above it ("ỦY BAN NHÂN DÂN / HUYỆN VÂN ĐỒN").
const ORGAN =
  /^(UBND|HDND|UY BAN|HOI DONG|SO|BO|PHONG|BAN|CHI CUC|TONG CUC|CUC|VAN PHONG|TRUNG TAM|THANH TRA|CONG AN|TRUONG|BENH VIEN|DAI|VIEN|BAO|TOA AN|VIEN KIEM SAT|KHO BAC|DANG UY|HUYEN UY|TINH UY|THANH UY)\b/;
// Administrative units (folded) after which a name is a place: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" → "tỉnh Quảng Ninh".
const UNIT = /\b(TINH|THANH PHO|HUYEN|QUAN|THI XA|XA|PHUONG|THI TRAN)\b/;

/**
 * An organisation's name as the registers write it: "ỦY BAN NHÂN DÂN HUYỆN VÂN ĐỒN" → "Ủy ban nhân dân huyện
 * Vân Đồn", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG" → "Sở Tài nguyên và Môi trường" (the organ word and the first word of
 * each field capitalised, the place name capitalised, the rest in lower case).
 */
export function registerCase(upper: string): string {
  const words = upper
    .replace(/\bUBND\b/gu, 'ỦY BAN NHÂN DÂN')
    .replace(/\bHĐND\b/gu, 'HỘI ĐỒNG NHÂN DÂN')
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  let place = false;
  let capNext = true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i].toLocaleLowerCase('vi');
    const folded = foldName(w);
    const two = i + 1 < words.length ? `${folded} ${foldName(words[i + 1])}` : '';
    const isUnit =
      !place && i > 0 && (UNIT.test(folded) && !/^(THANH|THI)$/.test(folded) ? true : /^(THANH PHO|THI XA|THI TRAN)$/.test(two));
    if (isUnit) {
      out.push(w);
      if (/^(THANH PHO|THI XA|THI TRAN)$/.test(two)) out.push(words[++i].toLocaleLowerCase('vi'));
      place = true;
      continue;
    }
    const cap = place || capNext || (i === 1 && /^(SO|BO|PHONG|CUC|BAN|VIEN|TRUNG)$/.test(foldName(words[0])));
    out.push(cap ? w.charAt(0).toLocaleUpperCase('vi') + w.slice(1) : w);
    // A new field after "và" or a dash: "Tài chính - Kế hoạch", "Tài nguyên và Môi trường".
    capNext = !place && (folded === 'VA' || w === '-') && i > 1;
    if (i === 0 && /^(UY|HOI)$/.test(folded)) capNext = false;
  }
  return out.join(' ');
}

export interface IssuerReading {
  /** The proposed name: a known organisation's exact name, or the header's words in register casing. */
  name: string;
  /** The cơ quan chủ quản printed above it, when any. */
  parent: string | null;
  /** 0–1: how closely the header matched a known name (1 = exactly, diacritics aside); 0.5 when none matched. */
  confidence: number;
}

/**
 * The issuer from the header lines above "Số:" (ô 2 of ND 30): parent line(s), then the issuer line(s). Each
 * way of splitting the lines into parent and issuer is matched (diacritics and spaces aside, with a few
 * misread letters tolerated) against the known names, the issuer alone and with the parent's place ("SỞ TÀI
 * CHÍNH" under "UBND TỈNH QUẢNG NINH" → "Sở Tài chính tỉnh Quảng Ninh"); the best match at ≥ 0.8 wins.
 * Otherwise the last name in the header, its lines joined, in register casing with the parent's place.
 */
export function readIssuer(head: string[], knownIssuers: string[]): IssuerReading | null {
  if (!head.length) return null;
  const known = knownIssuers.map((name) => ({ name, key: matchKey(name) }));
  const placeOf = (parent: string) => {
    const folded = foldName(parent);
    const at = folded.search(UNIT);
    if (at < 0 || !/^(UBND|UY BAN|HOI DONG|HDND)/.test(folded)) return '';
    // The same words in the parent as printed (with its diacritics), from the unit word on.
    const words = parent.split(/\s+/);
    const skip = folded.slice(0, at).split(/\s+/).filter(Boolean).length;
    return words.slice(skip).join(' ');
  };
  let best: { name: string; parent: string | null; confidence: number } | null = null;
  for (let k = 0; k < head.length; k++) {
    const issuer = head.slice(k).join(' ');
    const parent = k ? head.slice(0, k).join(' ') : null;
    const place = parent ? placeOf(parent) : '';
    for (const candidate of place ? [issuer, `${issuer} ${place}`] : [issuer]) {
      const key = matchKey(candidate);
      if (key.length < 4) continue;
      for (const o of known) {
        const confidence = 1 - distance(key, o.key) / Math.max(key.length, o.key.length);
        if (!best || confidence > best.confidence) best = { name: o.name, parent, confidence };
      }
    }
  }
  if (best && best.confidence >= 0.8) return { ...best, confidence: Math.round(best.confidence * 100) / 100 };

  // No known name: split the header into names at the organ words, join each name's lines.
  const names: string[] = [];
  for (const line of head) {
    if (!names.length || ORGAN.test(foldName(line))) names.push(line);
    else names[names.length - 1] += ` ${line}`;
  }
  const issuer = names.at(-1)!;
  const parent = names.length > 1 ? names.at(-2)! : null;
  const place = parent && !UNIT.test(foldName(issuer)) ? placeOf(parent) : '';
  return { name: registerCase(place ? `${issuer} ${place}` : issuer), parent: parent && registerCase(parent), confidence: 0.5 };
}

// The place-and-date line, which OCR often runs into the line beside it ("V/v … Quảng Ninh, ngày 1 tháng 1 năm 2025").
const PLACE_DATE =
  /(?:\s|^)(?:\p{Lu}[\p{Ll}\d]*\.?\s+){0,3}\p{Lu}[\p{Ll}\d]*,\s*ng[àaá]y\s*\d{1,2}\s*th[áaà]ng\s*\d{1,2}\s*n[ăaâ]m\s*\d{4}\s*/u;
// Lines that are the body or the salutation, never the trích yếu.
const BODY_START = /^[\s\-–•.]*(K[íi]nh\s+g[ửu]i|C[ăa]n\s+c[ứu]|Th[ựu]c\s+hi[ệe]n|Theo\s|\d+\s*[.)]\s)/iu;

/**
 * Proposes số/ký hiệu, date, issuing organisation, type and subject from the first page of a document laid
 * out per ND 30/2020 (docs/domain.md §2): issuer at the top left above "Số: …/…", the place-and-date line, the
 * type name in capitals with its subject below it, or "V/v …" under the number of a công văn.
 * `knownIssuers` (the organisation tree, the issuers in the registers) turn an OCR'd "UY BAN NHAN DAN…" into the exact name.
 */
export function proposeRegistration(text: string, knownIssuers: string[] = []): RegistrationProposal & { confidence: ProposalConfidence } {
  const firstPage = text.split('\f')[0].normalize('NFC');
  // Blank lines are kept (as ''): they end a block, and the trích yếu is one block.
  const all = firstPage.split('\n').map((l) => clean(l.replace(PLACE_DATE, ' ')));
  const lines = all.filter(Boolean);
  const out: RegistrationProposal = { number: null, symbol: null, issueDate: null, issuerName: null, documentType: null, subject: null };
  const confidence: ProposalConfidence = {
    number: null,
    symbol: null,
    issueDate: null,
    issuerName: null,
    documentType: null,
    subject: null,
  };

  let numberAt = lines.findIndex((l) => NUMBER_LINE.test(l));
  if (numberAt < 0) numberAt = lines.findIndex((l) => NUMBER_NO_SLASH.test(l));
  const lowered = numberAt >= 0 && !NUMBER_LINE.test(lines[numberAt]) ? NUMBER_NO_SLASH.exec(lines[numberAt]) : null;
  const numbered = lowered ?? (numberAt >= 0 ? NUMBER_LINE.exec(lines[numberAt]) : NUMBER_ANY.exec(firstPage));
  if (numbered) {
    out.number = numbered[1];
    out.symbol = fixSymbol(lowered ? numbered[2].toLocaleUpperCase('vi') : numbered[2]);
    // On the "Số:" line as printed; with its slash lost and the symbol lowered; or any "12/UBND-VP" on the page.
    confidence.number = confidence.symbol = lowered ? 0.7 : numberAt >= 0 ? 1 : 0.5;
  }
  const worded = DATE_WORDS.exec(firstPage);
  const dated = worded ?? DATE_DIGITS.exec(firstPage);
  if (dated) out.issueDate = iso(dated[1], dated[2], dated[3]);
  // "ngày … tháng … năm …" is the place-and-date line; a bare 12/3/2026 may be any date in the text.
  if (out.issueDate) confidence.issueDate = worded ? 1 : 0.5;

  // Issuer: the capitalised lines above the number (without the national motto printed beside them).
  if (numberAt < 0) numberAt = Math.min(lines.length, 3);
  const head = lines
    .slice(0, numberAt)
    .map((l) => clean(l.replace(NATIONAL, '')))
    .filter((l) => l.length > 1 && isUpper(l));
  const issuer = readIssuer(head, knownIssuers);
  if (issuer) {
    out.issuerName = issuer.name;
    confidence.issuerName = issuer.confidence;
  }

  // Type and subject, from the lines after the number (blank lines kept).
  const numberLine = lines[numberAt];
  const from = numberLine ? all.indexOf(numberLine) + 1 : 0;
  const after = all.slice(from);
  const types = documentTypes.map((t) => ({ name: t.name, folded: foldName(t.name) }));
  const stop = (l: string) => BODY_START.test(l) || DATE_WORDS.test(l);
  for (let i = 0; i < after.length; i++) {
    const l = after[i];
    if (!l) continue;
    if (/^V\s*\/\s*v\b/iu.test(l)) {
      out.documentType = 'Công văn';
      confidence.documentType = 1;
      [out.subject, confidence.subject] = collect(after, i, stop);
      break;
    }
    const type = isUpper(l) ? types.find((t) => foldName(l) === t.folded) : undefined;
    if (type) {
      out.documentType = type.name;
      confidence.documentType = 1;
      const next = after.findIndex((x, k) => k > i && x);
      if (next > 0 && !stop(after[next])) [out.subject, confidence.subject] = collect(after, next, stop);
      // A công văn's capitals line is not its type: keep looking for "V/v".
      if (type.name !== 'Công văn' || out.subject) break;
    }
  }
  return { ...out, confidence };
}

/**
 * The subject line and its continuation lines (a long trích yếu wraps), to the end of its block: a blank line
 * (the spacing before the salutation or the body), "Kính gửi", a body opener, a full-width line that starts a
 * sentence, or a line ending one. With a confidence: 1 when a blank line, the salutation, a body opener or a
 * line in capitals ended the block; 0.6 when the end was guessed from the line's shape or length; 0.5 when the subject holds
 * marks no trích yếu has (specks read as "¿", "®", "~"), whatever ended it.
 */
function collect(lines: string[], from: number, stop: (l: string) => boolean): [string, number] {
  const parts = [lines[from]];
  let confidence = 1;
  for (let i = from + 1; i < lines.length; i++) {
    const l = lines[i];
    if (!l || stop(l) || isUpper(l)) break;
    const guessed = i >= from + 4 || /[.:;]$/.test(parts.at(-1)!) || /[.:;]$/.test(l) || l.length > 90;
    // The body's first line: a capital opening a full-width line (a wrapped subject continues in lower case or is short).
    if (guessed || (/^\p{Lu}\p{Ll}/u.test(l) && l.length > 60)) {
      confidence = 0.6;
      break;
    }
    parts.push(l);
  }
  const subject = romanNumerals(
    parts
      .join(' ')
      .replace(/^[\s\-–•]+/, '')
      .replace(/\s*-+\s*$/, '')
      .trim(),
  );
  return [subject, /[^\p{L}\p{N}\s,.;:()/\-–'%&]/u.test(subject) ? 0.5 : confidence];
}

// Words an ordinal in Roman numerals follows in a trích yếu: "quý III", "khóa XV", "giai đoạn II", "phần I".
const ROMAN_AFTER =
  /(?<=(?:^|\s)(?:[qQ]u[ýy]|[kK]h[óo]a|[pP]h[ầa]n|[cC]h[ưu][ơo]ng|[gG]iai\s+[đd]o[ạa]n|[đĐ][ợo]t|[kK]ỳ)\s+)[IlH1|]{1,4}(?=[\s.,;:)]|$)/gu;
/**
 * Tesseract reads bold "III" as "IH", "II1" or "Il" (the serifs join the strokes; on the bench:ocr scans the
 * 400 dpi subject pass read "IH" as well): after a word an ordinal follows, l, 1 and | are I, and H is II.
 * Only I–IV come out of such a misreading (V and X are read right).
 */
function romanNumerals(subject: string): string {
  return subject.replace(ROMAN_AFTER, (n) => {
    // A plain digit stays ("quý 1" is written so too): only a token with an I or H in it is a misread numeral.
    const fixed = n.replace(/[l1|]/g, 'I').replace(/H/g, 'II');
    return /[IH]/.test(n) && fixed.length <= 3 ? fixed : n;
  });
}
