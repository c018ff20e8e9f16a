/**
 * Administrative document types of ND 30/2020 Điều 7 with their Phụ lục III abbreviations (docs/domain.md §2.1).
 * Codes are ASCII for programs; `abbrev` is what goes into the ký hiệu (note the lowercase in QyĐ, CTr, TTr).
 * Công văn and Thư công have none: their ký hiệu is issuer + drafting unit (docs/domain.md §2.3).
 */
export const documentTypes = [
  { code: 'NQ', abbrev: 'NQ', name: 'Nghị quyết' },
  { code: 'QD', abbrev: 'QĐ', name: 'Quyết định' },
  { code: 'CT', abbrev: 'CT', name: 'Chỉ thị' },
  { code: 'QC', abbrev: 'QC', name: 'Quy chế' },
  { code: 'QYD', abbrev: 'QyĐ', name: 'Quy định' },
  { code: 'TC', abbrev: 'TC', name: 'Thông cáo' },
  { code: 'TB', abbrev: 'TB', name: 'Thông báo' },
  { code: 'HD', abbrev: 'HD', name: 'Hướng dẫn' },
  { code: 'CTR', abbrev: 'CTr', name: 'Chương trình' },
  { code: 'KH', abbrev: 'KH', name: 'Kế hoạch' },
  { code: 'PA', abbrev: 'PA', name: 'Phương án' },
  { code: 'DEA', abbrev: 'ĐA', name: 'Đề án' },
  { code: 'DA', abbrev: 'DA', name: 'Dự án' },
  { code: 'BC', abbrev: 'BC', name: 'Báo cáo' },
  { code: 'BB', abbrev: 'BB', name: 'Biên bản' },
  { code: 'TTR', abbrev: 'TTr', name: 'Tờ trình' },
  { code: 'HDG', abbrev: 'HĐ', name: 'Hợp đồng' },
  { code: 'CV', abbrev: null, name: 'Công văn' },
  { code: 'CD', abbrev: 'CĐ', name: 'Công điện' },
  { code: 'BGN', abbrev: 'BGN', name: 'Bản ghi nhớ' },
  { code: 'BTT', abbrev: 'BTT', name: 'Bản thỏa thuận' },
  { code: 'GUQ', abbrev: 'GUQ', name: 'Giấy ủy quyền' },
  { code: 'GM', abbrev: 'GM', name: 'Giấy mời' },
  { code: 'GGT', abbrev: 'GGT', name: 'Giấy giới thiệu' },
  { code: 'GNP', abbrev: 'GNP', name: 'Giấy nghỉ phép' },
  { code: 'PG', abbrev: 'PG', name: 'Phiếu gửi' },
  { code: 'PC', abbrev: 'PC', name: 'Phiếu chuyển' },
  { code: 'PB', abbrev: 'PB', name: 'Phiếu báo' },
  { code: 'THC', abbrev: null, name: 'Thư công' },
] as const;

export type DocumentTypeCode = (typeof documentTypes)[number]['code'];
export const documentTypeCodes = documentTypes.map((t) => t.code) as [DocumentTypeCode, ...DocumentTypeCode[]];
export const documentTypeOf = (code: string) => documentTypes.find((t) => t.code === code);

/** Số: numbers below 10 get a leading zero (Phụ lục I, II.3). */
export function formatNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new Error('số must be a positive integer');
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Ký hiệu: type abbreviation + issuer ("QĐ-UBND"); for a công văn (no type abbreviation) issuer + drafting
 * unit ("UBND-VX"), or the issuer alone when the document has no drafting unit.
 */
export function buildSymbol(typeCode: string, issuerAbbrev: string, unitAbbrev?: string | null): string {
  const type = documentTypeOf(typeCode);
  if (!type) throw new Error(`unknown document type ${typeCode}`);
  if (type.abbrev) return `${type.abbrev}-${issuerAbbrev}`;
  return unitAbbrev ? `${issuerAbbrev}-${unitAbbrev}` : issuerAbbrev;
}

/** "05/QĐ-UBND": number and ký hiệu as printed, no spaces. */
export const numberAndSymbol = (n: number, symbol: string) => `${formatNumber(n)}/${symbol}`;

/** "Quảng Ninh, ngày 05 tháng 01 năm 2026": day padded below 10, month only for January and February (docs/domain.md §2.5). */
export function placeAndDate(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${place}, ngày ${d < 10 ? `0${d}` : d} tháng ${m <= 2 ? `0${m}` : m} năm ${y}`;
}

/** Collective bodies sign "TM." (thay mặt) of the body, by its name in capitals (docs/domain.md §2.6). */
const collectiveBodies: Record<string, string> = {
  PROVINCE_PC: 'ỦY BAN NHÂN DÂN',
  DISTRICT_PC: 'ỦY BAN NHÂN DÂN',
  COMMUNE_PC: 'ỦY BAN NHÂN DÂN',
  PROVINCE_COUNCIL: 'HỘI ĐỒNG NHÂN DÂN',
};

/**
 * Quyền hạn ký printed above the signer's position (docs/domain.md §2.6): "TM. ỦY BAN NHÂN DÂN" for a collective
 * body; "KT. <head>" when a deputy signs for the head — a deputy signing under ủy quyền (the head's position),
 * or a "Phó …" signing in their own right (the position without "Phó"). Null: the head of a non-collective
 * organisation signs in their own name. Lines joined by " / ", top first.
 */
export function signingAuthority(
  organisationKind: string,
  signerPosition: string | null,
  onBehalfOfPosition?: string | null,
): string | null {
  const lines: string[] = [];
  const body = collectiveBodies[organisationKind];
  if (body) lines.push(`TM. ${body}`);
  const head = onBehalfOfPosition ?? (signerPosition && /^phó\s+/iu.test(signerPosition) ? signerPosition.replace(/^phó\s+/iu, '') : null);
  if (head) lines.push(`KT. ${head.toLocaleUpperCase('vi')}`);
  return lines.length ? lines.join(' / ') : null;
}
