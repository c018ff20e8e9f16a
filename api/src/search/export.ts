import { eq } from 'drizzle-orm';
import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { viDate } from '../calendar/working-days';
import { vietnamDateTime } from '../calendar/vietnam-time';
import { tableToPdf, type PrintTable } from '../reports/table';
import { users } from '../users/schema';
import { columnSpecs, secrecyLabel, statusLabel, withDueDates } from './columns';
import { CAP, search } from './service';
import type { ResultColumn, SearchCriteria, exportFormats } from './validation';

/** Every document the search answers, up to the bound the search itself reads (its newest CAP matches). */
const EXPORT_ROWS = CAP;

const criteriaLabels: Record<keyof SearchCriteria, string> = {
  q: 'Từ khóa',
  kind: 'Văn bản',
  type: 'Tên loại',
  issuer: 'Cơ quan ban hành',
  signer: 'Người ký',
  unitId: 'Đơn vị',
  status: 'Trạng thái',
  secrecy: 'Độ mật',
  organisationId: 'Cơ quan',
  caseFileId: 'Hồ sơ',
  dateFrom: 'Từ ngày',
  dateTo: 'Đến ngày',
  year: 'Năm',
  arrivalNumber: 'Số đến',
  arrivalYear: 'Năm đến',
  sort: 'Sắp xếp',
};

/** The criteria in words, as printed under the title ("Từ khóa: “kế hoạch”; Độ mật: Mật; Sắp xếp: mới nhất"). */
function describeCriteria(c: SearchCriteria): string {
  const value = (key: keyof SearchCriteria, v: unknown): string => {
    if (key === 'q') return `“${v}”`;
    if (key === 'kind') return v === 'INCOMING' ? 'đến' : 'đi';
    if (key === 'status') return statusLabel(String(v));
    if (key === 'secrecy') return secrecyLabel(String(v));
    if (key === 'dateFrom' || key === 'dateTo') return viDate(String(v));
    return String(v);
  };
  const parts = (Object.keys(criteriaLabels) as (keyof SearchCriteria)[])
    .filter((k) => k !== 'sort' && c[k] !== undefined && c[k] !== '')
    .map((k) => `${criteriaLabels[k]}: ${value(k, c[k])}`);
  // The order the list is in: without words there is no relevance, the search lists newest first (service.ts).
  const order = c.sort === 'date' || !c.q ? 'mới nhất' : 'phù hợp nhất';
  return `${parts.join('; ') || 'tất cả văn bản được xem'}; ${criteriaLabels.sort}: ${order}`;
}

export interface ExportFile {
  bytes: Buffer;
  fileName: string;
  mediaType: string;
  /** The search as it answered (for the usage log). */
  total: number;
  facets: Awaited<ReturnType<typeof search>>['facets'];
  rows: number;
}

/**
 * The result list of a search as a table (tìm kiếm → xuất danh sách): the same search, hence the same
 * visibility rules, as the search page, every matching document up to EXPORT_ROWS, in the chosen columns; titled
 * with who exported it, when (Vietnam time) and the criteria.
 */
export async function exportResults(
  db: Db,
  actor: Actor,
  criteria: SearchCriteria,
  columns: ResultColumn[],
  format: (typeof exportFormats)[number],
  now = new Date(),
): Promise<ExportFile> {
  const result = await search(db, actor, { ...criteria, page: 1, pageSize: EXPORT_ROWS }, { highlights: false });
  const rows = await withDueDates(db, result.items);
  const [me] = await db.select({ fullName: users.fullName }).from(users).where(eq(users.id, actor.userId));
  const { date, time } = vietnamDateTime(now);
  const table: PrintTable = {
    organisation: [...new Set(actor.roles.map((r) => r.organisationName))].join(' — '),
    title: 'KẾT QUẢ TRA CỨU VĂN BẢN',
    subtitles: [
      `Người xuất: ${me?.fullName ?? ''} — lúc ${time} ngày ${date} (giờ Việt Nam)`,
      `Điều kiện tìm kiếm: ${describeCriteria(criteria)}`,
      result.exact ? `Số văn bản: ${result.total}` : `Số văn bản: hơn ${result.total} (danh sách gồm ${rows.length} văn bản mới nhất)`,
    ],
    columns: [
      { header: 'STT', width: 5, align: 'center' },
      ...columns.map((c) => ({ header: columnSpecs[c].header, width: columnSpecs[c].width })),
    ],
    rows: rows.map((r, i) => [String(i + 1), ...columns.map((c) => columnSpecs[c].value(r))]),
    empty: 'Không có văn bản nào.',
  };
  const [d, m, y] = date.split('/');
  const stamp = `${y}-${m}-${d}_${time.replace(':', '')}`;
  const common = { fileName: `ket-qua-tra-cuu_${stamp}.${format}`, total: result.total, facets: result.facets, rows: rows.length };
  if (format === 'pdf') return { ...common, bytes: Buffer.from(await tableToPdf(table)), mediaType: 'application/pdf' };
  return {
    ...common,
    bytes: await tableToDocx(table),
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
}

const FONT = 'Times New Roman';
/** docx sizes are half-points. */
const pt = (n: number) => n * 2;

/** The table as a Word document: A4 landscape, the headings repeated on each page, "Trang x/y" at the foot. */
async function tableToDocx(t: PrintTable): Promise<Buffer> {
  const margin = convertMillimetersToTwip(12);
  const usable = convertMillimetersToTwip(297) - 2 * margin;
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((c.width / total) * usable));
  const line = (text: string, opts: { bold?: boolean; size: number; center?: boolean; after?: number }) =>
    new Paragraph({
      alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
      spacing: { after: opts.after ?? 0 },
      children: [new TextRun({ text, bold: opts.bold, size: pt(opts.size), font: FONT })],
    });
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 60, right: 60 },
      children: [
        new Paragraph({
          alignment: bold || t.columns[i].align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [new TextRun({ text, bold, size: pt(10), font: FONT })],
        }),
      ],
    });
  const head = new TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c, i) => cell(c.header, i, true)) });
  const body = t.rows.length
    ? t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i)) }))
    : [new TableRow({ children: [new TableCell({ columnSpan: t.columns.length, children: [line(t.empty, { size: 11 })] })] })];
  const doc = new Document({
    creator: 'vanthu',
    title: t.title,
    sections: [
      {
        properties: {
          page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: margin, bottom: margin, left: margin, right: margin } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Trang ', PageNumber.CURRENT, '/', PageNumber.TOTAL_PAGES], size: pt(9), font: FONT })],
              }),
            ],
          }),
        },
        children: [
          line(t.organisation.toUpperCase(), { bold: true, size: 12, after: 200 }),
          line(t.title, { bold: true, size: 15, center: true, after: 80 }),
          ...t.subtitles.map((s) => line(s, { size: 12, center: true, after: 40 })),
          line('', { size: 8, after: 120 }),
          new Table({
            layout: TableLayoutType.FIXED,
            width: { size: usable, type: WidthType.DXA },
            columnWidths: widths,
            rows: [head, ...body],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
