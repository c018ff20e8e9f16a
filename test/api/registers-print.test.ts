import ExcelJS from 'exceljs';
import type request from 'supertest';
import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { extractPdfText } from '../../api/src/incoming/pdf';
import { incomingAssignments } from '../../api/src/incoming/processing-schema';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { outgoingDocuments, outgoingRecipients } from '../../api/src/outgoing/schema';
import { users } from '../../api/src/users/schema';
import { loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
const ids = new Map<string, string>();
const today = todayInVietnam();
const year = Number(today.slice(0, 4));
const at = (iso: string, hour = 9) => new Date(`${iso}T${String(hour).padStart(2, '0')}:00:00+07:00`);
const as = (username: string) => loggedIn(t.app, username);
const LONG_SUBJECT =
  'V/v hướng dẫn xây dựng dự toán ngân sách nhà nước năm 2027 và kế hoạch tài chính – ngân sách nhà nước 03 năm 2027–2029 của các cơ quan, đơn vị thuộc tỉnh Quảng Ninh';

/** Binary bodies (PDF, XLSX) as a Buffer. */
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function download(username: string, path: string) {
  const client = await as(username);
  return binary(client.agent.get(path));
}

async function openXlsx(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { ws, rows };
}

let n = 0;
async function incoming(over: Partial<typeof incomingDocuments.$inferInsert> = {}) {
  n += 1;
  const [doc] = await t.database.db
    .insert(incomingDocuments)
    .values({
      organisationId: 'qn-stc',
      status: 'REGISTERED',
      channel: 'PAPER',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      number: String(100 + n),
      symbol: 'UBND-KT',
      issueDate: addDays(today, -3),
      documentType: 'Công văn',
      subject: `V/v lập dự toán ngân sách đợt ${n}`,
      registerId: 'qn-stc-den',
      arrivalYear: year,
      arrivalNumber: n,
      receivedAt: at(today),
      registeredAt: new Date(),
      registeredBy: ids.get('stc.vanthu')!,
      createdBy: ids.get('stc.vanthu')!,
      ...over,
    })
    .returning();
  return doc;
}

async function assign(documentId: string, over: Partial<typeof incomingAssignments.$inferInsert>) {
  await t.database.db
    .insert(incomingAssignments)
    .values({ documentId, role: 'CHU_TRI', assignedBy: ids.get('stc.gd')!, assignedAt: at(today, 8), ...over });
}

beforeAll(async () => {
  t = await startTestApp();
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
});
afterAll(() => t.close());

describe('printed registers (sổ đăng ký văn bản đến / đi)', () => {
  let inRange: typeof incomingDocuments.$inferSelect;
  beforeAll(async () => {
    inRange = await incoming({ subject: LONG_SUBJECT, urgency: 'HOA_TOC' });
    await assign(inRange.id, { unitId: 'stc-qlns' });
    await incoming({ subject: 'Văn bản đến từ tháng trước', receivedAt: at(addDays(today, -40)) });
    // Another organisation's register: never in this one.
    await incoming({ organisationId: 'qn-snv', registerId: 'qn-snv-den', subject: 'Văn bản của Sở Nội vụ', arrivalNumber: 1 });

    const [out] = await t.database.db
      .insert(outgoingDocuments)
      .values({
        organisationId: 'qn-stc',
        draftingUnitId: 'stc-qlns',
        authorId: ids.get('stc.cv.qlns')!,
        status: 'DISPATCHED',
        documentType: 'CV',
        subject: 'V/v đôn đốc quyết toán vốn đầu tư công',
        signerId: ids.get('stc.gd')!,
        registerId: 'qn-stc-di',
        issuedYear: year,
        issuedNumber: 57,
        symbol: 'STC-QLNS',
        issueDate: today,
        issuedAt: new Date(),
        paperSignature: true,
        dispatchedAt: at(today, 15),
      })
      .returning();
    await t.database.db.insert(outgoingRecipients).values([
      { documentId: out.id, ordinal: 0, kind: 'EXTERNAL', name: 'Kho bạc Nhà nước Quảng Ninh' },
      { documentId: out.id, ordinal: 1, kind: 'ORGANISATION', organisationId: 'qn-snv', name: 'Sở Nội vụ' },
    ]);
  });

  const range = `from=${addDays(today, -7)}&to=${today}`;

  it('prints the incoming register for a range as an A4 landscape PDF with the ND 30 columns and the registered rows', async () => {
    const res = await download('stc.vanthu', `/api/registers/qn-stc-den/book.pdf?${range}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?so-van-ban-den_STC_.*\.pdf"?/);
    const { text, pageCount } = await extractPdfText(new Uint8Array(res.body));
    expect(pageCount).toBe(1);
    const flat = text.replace(/\s+/g, ' ');
    for (const heading of [
      'SỞ TÀI CHÍNH',
      'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN',
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký hiệu',
      'Ký nhận',
      'Ghi chú',
      'Trang 1/1',
    ]) {
      expect(flat).toContain(heading);
    }
    expect(flat).toContain(`Từ ngày ${addDays(today, -7).split('-').reverse().join('/')}`);
    expect(flat).toContain(`${inRange.number}/UBND-KT`);
    expect(flat).toContain('Ủy ban nhân dân tỉnh Quảng Ninh');
    expect(flat).toContain('Phòng Quản lý ngân sách (chủ trì)');
    expect(flat).toContain('Hỏa tốc');
    // The long subject is wrapped over several lines, every word of it still there.
    for (const word of ['hướng', 'dẫn', '2027–2029', 'Quảng', 'Ninh']) expect(flat).toContain(word);
    expect(flat).not.toContain('Văn bản đến từ tháng trước');
    expect(flat).not.toContain('Sở Nội vụ');

    const pdf = await import('pdf-lib').then((m) => m.PDFDocument.load(res.body));
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
  });

  it('gives the same rows as XLSX that opens with exceljs', async () => {
    const res = await download('stc.gd', `/api/registers/qn-stc-den/book.xlsx?${range}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const { ws, rows } = await openXlsx(res.body);
    expect(ws.pageSetup.orientation).toBe('landscape');
    const header = rows.findIndex((r) => r[0] === 'Ngày đến');
    expect(rows[header]).toHaveLength(10);
    expect(rows[header + 1]).toEqual(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)']);
    const data = rows.slice(header + 2);
    expect(data).toHaveLength(1);
    expect(data[0][1]).toBe(String(inRange.arrivalNumber));
    expect(data[0][3]).toBe(`${inRange.number}/UBND-KT`);
    expect(data[0][5]).toBe(`Công văn — ${LONG_SUBJECT}`);
    expect(data[0][6]).toBe('Phòng Quản lý ngân sách (chủ trì)');
  });

  it('prints the outgoing register with its recipients, signer and drafting unit', async () => {
    const pdf = await download('stc.vanthu', `/api/registers/qn-stc-di/book.pdf?from=${today}&to=${today}`);
    expect(pdf.status).toBe(200);
    const flat = (await extractPdfText(new Uint8Array(pdf.body))).text.replace(/\s+/g, ' ');
    for (const s of [
      'SỔ ĐĂNG KÝ VĂN BẢN ĐI',
      'Người ký',
      'Nơi nhận văn bản',
      'Số lượng bản',
      '57/STC-QLNS',
      'Bùi Văn Long',
      'Kho bạc Nhà nước Quảng Ninh',
    ]) {
      expect(flat).toContain(s);
    }
    const xlsx = await download('stc.gd', `/api/registers/qn-stc-di/book.xlsx?from=${today}&to=${today}`);
    const { rows } = await openXlsx(xlsx.body);
    const row = rows.find((r) => r[0] === '57/STC-QLNS')!;
    expect(row).toEqual([
      '57/STC-QLNS',
      today.split('-').reverse().join('/'),
      'Công văn — V/v đôn đốc quyết toán vốn đầu tư công',
      'Bùi Văn Long',
      'Kho bạc Nhà nước Quảng Ninh; Sở Nội vụ',
      'Phòng Quản lý ngân sách',
      '2',
      today.split('-').reverse().join('/'),
      '',
      'Ký tay',
    ]);
  });

  it('prints an empty range with a plain note instead of rows', async () => {
    const res = await download('stc.vanthu', `/api/registers/qn-stc-di/book.pdf?from=2001-01-01&to=2001-12-31`);
    expect(res.status).toBe(200);
    expect((await extractPdfText(new Uint8Array(res.body))).text).toContain('Không có văn bản nào');
  });

  it('answers 404 to anyone but clerks and leaders of the register’s organisation, 400 to a backwards range, 422 to an unknown format', async () => {
    for (const [user, path] of [
      ['stc.cv.qlns', '/api/registers/qn-stc-den/book.pdf'],
      ['stc.tp.qlns', '/api/registers/qn-stc-di/book.xlsx'],
      ['snv.vanthu', '/api/registers/qn-stc-den/book.xlsx'],
      ['snv.gd', '/api/registers/qn-stc-di/book.pdf'],
      ['stc.vanthu', '/api/registers/no-such-register/book.pdf'],
    ]) {
      const res = await (await as(user)).get(path);
      expect({ user, path, status: res.status }).toEqual({ user, path, status: 404 });
    }
    expect((await (await as('stc.vanthu')).get('/api/registers/qn-stc-den/book.pdf?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await (await as('stc.vanthu')).get('/api/registers/qn-stc-den/book.doc')).status).toBe(422);
  });

  it('prints 1,000 rows over numbered pages, each with the headings', async () => {
    const base = 5000;
    await t.database.db.insert(incomingDocuments).values(
      Array.from({ length: 1000 }, (_, i) => ({
        organisationId: 'qn-stc',
        status: 'REGISTERED' as const,
        channel: 'PAPER' as const,
        issuerName: 'Ủy ban nhân dân huyện Vân Đồn',
        number: String(i + 1),
        symbol: 'UBND-TCKH',
        issueDate: '2020-03-01',
        documentType: 'Công văn',
        subject: i % 3 ? `Báo cáo số ${i + 1}` : LONG_SUBJECT,
        registerId: 'qn-stc-den',
        arrivalYear: 2020,
        arrivalNumber: base + i,
        receivedAt: at('2020-03-02'),
        createdBy: ids.get('stc.vanthu')!,
      })),
    );
    const started = performance.now();
    const res = await download('stc.vanthu', '/api/registers/qn-stc-den/book.pdf?from=2020-03-01&to=2020-03-31');
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const { text, pageCount } = await extractPdfText(new Uint8Array(res.body));
    expect(pageCount).toBeGreaterThan(20);
    expect(text).toContain(`Trang ${pageCount}/${pageCount}`);
    expect(text.split('Số đến').length - 1).toBe(pageCount);
    expect(text).toContain(String(base + 999));
    process.stdout.write(`register PDF, 1000 rows: ${Math.round(ms)} ms, ${(res.body.length / 1024).toFixed(0)} KiB, ${pageCount} pages\n`);
    const x0 = performance.now();
    const xlsx = await download('stc.vanthu', '/api/registers/qn-stc-den/book.xlsx?from=2020-03-01&to=2020-03-31');
    const xms = performance.now() - x0;
    expect((await openXlsx(xlsx.body)).rows.filter((r) => r[2] === 'Ủy ban nhân dân huyện Vân Đồn')).toHaveLength(1000);
    process.stdout.write(`register XLSX, 1000 rows: ${Math.round(xms)} ms, ${(xlsx.body.length / 1024).toFixed(0)} KiB\n`);
  });
});

describe('per-unit handling report', () => {
  beforeAll(async () => {
    const d = () => incoming({ organisationId: 'qn-stc', registerId: null, arrivalNumber: null, arrivalYear: null });
    // Phòng QLNS: on time, late, open overdue, open in time; one line to its specialist counts for the unit.
    await assign((await d()).id, { unitId: 'stc-qlns', status: 'DONE', dueDate: addDays(today, -1), completedAt: at(addDays(today, -2)) });
    await assign((await d()).id, { unitId: 'stc-qlns', status: 'DONE', dueDate: addDays(today, -5), completedAt: at(addDays(today, -1)) });
    await assign((await d()).id, { unitId: 'stc-qlns', status: 'IN_PROGRESS', dueDate: addDays(today, -1) });
    await assign((await d()).id, { userId: ids.get('stc.cv.qlns')!, status: 'OPEN', dueDate: addDays(today, 3) });
    // Phòng HCSN: one done without a deadline (on time), one co-handling line overdue; để biết lines never count.
    const shared = await d();
    await assign(shared.id, { unitId: 'stc-hcsn', status: 'DONE', completedAt: at(today) });
    await assign((await d()).id, { unitId: 'stc-hcsn', role: 'PHOI_HOP', status: 'OPEN', dueDate: addDays(today, -2) });
    await assign(shared.id, { unitId: 'stc-gcs', role: 'DE_BIET', status: 'READ' });
    // Before the range, and a replaced (inactive) line: neither counts.
    await assign((await d()).id, { unitId: 'stc-qlns', assignedAt: at(addDays(today, -60)), dueDate: addDays(today, -50) });
    await assign((await d()).id, { unitId: 'stc-qlns', active: false, dueDate: addDays(today, -1) });
  });

  const range = `organisationId=qn-stc&from=${addDays(today, -7)}&to=${today}`;

  it('counts received, completed on time, completed late and open overdue per unit', async () => {
    const res = await (await as('stc.gd')).get(`/api/reports/handling?${range}`);
    expect(res.status).toBe(200);
    const unit = (id: string) => res.body.items.find((u: { unitId: string }) => u.unitId === id);
    // The register test above directed one document to Phòng QLNS today as well.
    expect(unit('stc-qlns')).toMatchObject({
      unitName: 'Phòng Quản lý ngân sách',
      received: 5,
      completedOnTime: 1,
      completedLate: 1,
      openOverdue: 1,
      openInTime: 2,
    });
    expect(unit('stc-hcsn')).toMatchObject({ received: 2, completedOnTime: 1, completedLate: 0, openOverdue: 1, openInTime: 0 });
    expect(unit('stc-gcs')).toMatchObject({ received: 0 });
    expect(res.body.total).toEqual({ received: 7, completedOnTime: 2, completedLate: 1, openOverdue: 2, openInTime: 2 });
  });

  it('comes as PDF and XLSX with the same figures', async () => {
    const pdf = await download('stc.pgd', `/api/reports/handling.pdf?${range}`);
    expect(pdf.status).toBe(200);
    const flat = (await extractPdfText(new Uint8Array(pdf.body))).text.replace(/\s+/g, ' ');
    for (const s of [
      'BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN THEO ĐƠN VỊ',
      'Phòng Quản lý ngân sách',
      'Đã giải quyết quá hạn',
      'Tổng cộng',
    ])
      expect(flat).toContain(s);
    const xlsx = await download('stc.gd', `/api/reports/handling.xlsx?${range}`);
    const { rows } = await openXlsx(xlsx.body);
    expect(rows.find((r) => r[1] === 'Phòng Quản lý ngân sách')!.slice(2, 7)).toEqual(['5', '1', '1', '2', '1']);
    expect(rows.find((r) => r[1] === 'Tổng cộng')!.slice(2, 7)).toEqual(['7', '2', '1', '2', '2']);
  });

  it('is for leaders of the organisation only', async () => {
    for (const user of ['stc.vanthu', 'stc.tp.qlns', 'snv.gd']) {
      expect((await (await as(user)).get(`/api/reports/handling?${range}`)).status).toBe(403);
      expect((await (await as(user)).get(`/api/reports/handling.pdf?${range}`)).status).toBe(403);
    }
  });
});
