// Saved searches, result columns, exports of a result list (PDF, DOCX) and the log of searches on secret
// material (NĐ 30 Phụ lục VI), on PostgreSQL through the real app.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type request from 'supertest';
import { addDays, todayInVietnam, viDate } from '../../api/src/calendar/working-days';
import { incomingAccessGrants } from '../../api/src/incoming/processing-schema';
import { outgoingDocuments } from '../../api/src/outgoing/schema';
import { secretSearchLog } from '../../api/src/search/saved-schema';
import { search } from '../../api/src/search/service';
import { searchQuery } from '../../api/src/search/validation';
import { roleGrantsOf } from '../../api/src/users/service';
import { users } from '../../api/src/users/schema';
import { insertRegisteredIncoming } from '../support/records';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
let dir: string;
const today = todayInVietnam();
const year = Number(today.slice(0, 4));
/** A word no seeded document carries: every fixture's subject has it. */
const MARK = 'xelvoranth';
const SUBJECT = {
  secret: `V/v phương án ${MARK} bảo vệ mục tiêu`,
  ordinary: `V/v kế hoạch ${MARK} chuyển đổi số năm ${year}`,
  outgoing: `V/v triển khai ${MARK} đợt hai`,
};
const DUE = addDays(today, 10);
const clients = new Map<string, ApiClient>();
async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}
const userId = async (username: string) =>
  (await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0].id;

/** Binary bodies as a Buffer. */
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** The text of a PDF as poppler reads it (an independent reader), lines joined. */
function pdfText(bytes: Buffer, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString().normalize('NFC');
}
/** The text of a DOCX's body, read back from its XML, paragraphs on lines. */
async function docxText(bytes: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .normalize('NFC');
}

async function exportAs(username: string, format: 'pdf' | 'docx', query: string) {
  const res = await binary((await as(username)).agent.get(`/api/search/export.${format}?${query}`));
  return res;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-search-saved-'));
  t = await startTestApp();
  const db = t.database.db;
  const clerk = await userId('stc.vanthu');
  const incoming = (subject: string, secret: boolean, arrivalNumber: number) =>
    insertRegisteredIncoming(db, { subject, secret, registerId: 'qn-stc-den', arrivalNumber: 9000 + arrivalNumber, clerk, dueDate: DUE });
  const secretId = await incoming(SUBJECT.secret, true, 71);
  await incoming(SUBJECT.ordinary, false, 72);
  // The clerk holds the secret document's grant (as registering gives it); the director does not.
  await db.insert(incomingAccessGrants).values({ documentId: secretId, userId: clerk, grantedBy: clerk });
  await db.insert(outgoingDocuments).values({
    organisationId: 'qn-stc',
    draftingUnitId: 'stc-qlns',
    authorId: await userId('stc.cv.qlns'),
    status: 'ISSUED',
    documentType: 'CV',
    subject: SUBJECT.outgoing,
    secrecy: 'KHONG',
    signerId: await userId('stc.pgd'),
    registerId: 'qn-stc-di',
    issuedYear: year,
    issuedNumber: 73,
    symbol: 'STC-QLNS',
    issueDate: today,
    issuedAt: new Date(),
    paperSignature: true,
  });
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('saved searches', () => {
  it('saves, lists, runs, renames and deletes one’s own; nobody else reads or touches it', async () => {
    const clerk = await as('stc.vanthu');
    const created = await clerk.post('/api/search/saved', {
      name: 'Văn bản xelvoranth',
      criteria: { q: MARK, kind: 'INCOMING', sort: 'date' },
      columns: ['reference', 'subject', 'secrecy', 'dueDate'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Văn bản xelvoranth',
      criteria: { q: MARK, kind: 'INCOMING', sort: 'date' },
      columns: ['reference', 'subject', 'secrecy', 'dueDate'],
    });
    const id = created.body.id as string;

    const listed = await clerk.get('/api/search/saved');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([id]);

    // Run: its criteria go to the search as they are.
    const run = await clerk.get(`/api/search?${new URLSearchParams(listed.body.items[0].criteria)}`);
    expect(run.status).toBe(200);
    expect(run.body.items.map((i: { subject: string }) => i.subject).sort()).toEqual([SUBJECT.ordinary, SUBJECT.secret].sort());
    expect(run.body.items.every((i: { dueDate: string }) => i.dueDate === DUE)).toBe(true);

    // Another user of the same organisation: not listed, not renamed, not deleted (404, as if it did not exist).
    const director = await as('stc.gd');
    expect((await director.get('/api/search/saved')).body.items).toEqual([]);
    const theirs = await director.send('patch', `/api/search/saved/${id}`, { name: 'Của tôi' });
    expect({ status: theirs.status, code: theirs.body.code }).toEqual({ status: 404, code: 'not_found' });
    expect((await director.delete(`/api/search/saved/${id}`)).status).toBe(404);

    // A second one with the same name is refused; a rename to a free name works.
    const twin = await clerk.post('/api/search/saved', { name: 'Văn bản xelvoranth', criteria: {}, columns: ['subject'] });
    expect({ status: twin.status, code: twin.body.code }).toEqual({ status: 409, code: 'saved_search.duplicate_name' });
    const renamed = await clerk.send('patch', `/api/search/saved/${id}`, { name: 'Kế hoạch mật', columns: ['subject', 'status'] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: 'Kế hoạch mật', columns: ['subject', 'status'], criteria: { q: MARK } });

    expect((await clerk.delete(`/api/search/saved/${id}`)).status).toBe(204);
    expect((await clerk.get('/api/search/saved')).body.items).toEqual([]);
    expect((await clerk.delete(`/api/search/saved/${id}`)).status).toBe(404);
  });

  it('validates the name, the criteria and the columns', async () => {
    const clerk = await as('stc.vanthu');
    const refused = async (body: unknown) => {
      const res = await clerk.post('/api/search/saved', body);
      return { status: res.status, paths: (res.body.errors ?? []).map((e: { path: string }) => e.path) };
    };
    expect(await refused({ name: 'x', criteria: {}, columns: ['subject', 'colour'] })).toEqual({ status: 422, paths: ['columns.1'] });
    expect(await refused({ name: 'x', criteria: {}, columns: ['subject', 'subject'] })).toEqual({ status: 422, paths: ['columns'] });
    expect(await refused({ name: 'x', criteria: {}, columns: [] })).toEqual({ status: 422, paths: ['columns'] });
    expect(await refused({ name: '  ', criteria: {}, columns: ['subject'] })).toEqual({ status: 422, paths: ['name'] });
    expect(await refused({ name: 'x', criteria: { secrecy: 'BI_MAT' }, columns: ['subject'] })).toEqual({
      status: 422,
      paths: ['criteria.secrecy'],
    });
    expect(await refused({ name: 'x', criteria: { dateFrom: '2026-02-01', dateTo: '2026-01-01' }, columns: ['subject'] })).toEqual({
      status: 422,
      paths: ['criteria.dateTo'],
    });
    const empty = await clerk.send('patch', '/api/search/saved/whatever', {});
    expect(empty.status).toBe(422);
    const badExport = await clerk.get(`/api/search/export.pdf?q=${MARK}&columns=subject,colour`);
    expect(badExport.status).toBe(422);
    expect((await clerk.get(`/api/search/export.xlsx?q=${MARK}&columns=subject`)).status).toBe(422);
  });
});

describe('export of a result list', () => {
  const query = `q=${MARK}&sort=date&columns=reference,date,subject,issuer,secrecy,status,dueDate`;

  it('prints the result list to PDF: title, who exported it and when, the criteria, the chosen columns', async () => {
    const res = await exportAs('stc.vanthu', 'pdf', query);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=ket-qua-tra-cuu_\d{4}-\d{2}-\d{2}_\d{4}\.pdf$/);
    const text = pdfText(res.body as Buffer, 'clerk.pdf');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('KẾT QUẢ TRA CỨU VĂN BẢN');
    expect(flat).toContain('SỞ TÀI CHÍNH');
    expect(flat).toMatch(/Người xuất: Phan Thị Thảo — lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\)/);
    expect(flat).toContain(`Điều kiện tìm kiếm: Từ khóa: “${MARK}”; Sắp xếp: mới nhất`);
    expect(flat).toContain('Số văn bản: 3');
    for (const header of ['STT', 'Số, ký hiệu', 'Ngày', 'Trích yếu nội dung', 'Cơ quan ban hành', 'Độ mật', 'Trạng thái', 'Hạn xử lý'])
      expect(flat).toContain(header);
    // Columns not chosen are not printed.
    expect(flat).not.toContain('Người ký');
    for (const word of ['phương án', 'chuyển đổi số', 'đợt hai', 'Mật', 'Đã vào sổ', 'Đã ban hành', '73/STC-QLNS', viDate(DUE)])
      expect(flat).toContain(word);
  });

  it('prints the order the list is in: without words it is newest first, whatever sort says', async () => {
    for (const [q, printed] of [
      ['columns=subject', 'Điều kiện tìm kiếm: tất cả văn bản được xem; Sắp xếp: mới nhất'],
      ['sort=relevance&kind=INCOMING&columns=subject', 'Điều kiện tìm kiếm: Văn bản: đến; Sắp xếp: mới nhất'],
      [`q=${MARK}&columns=subject`, `Điều kiện tìm kiếm: Từ khóa: “${MARK}”; Sắp xếp: phù hợp nhất`],
    ]) {
      const res = await exportAs('stc.vanthu', 'docx', q);
      expect(res.status).toBe(200);
      expect(await docxText(res.body as Buffer)).toContain(printed);
    }
  });

  it('writes the same list to DOCX, read back from the document', async () => {
    const res = await exportAs('stc.vanthu', 'docx', query);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = await docxText(res.body as Buffer);
    expect(text).toContain('KẾT QUẢ TRA CỨU VĂN BẢN');
    expect(text).toMatch(/Người xuất: Phan Thị Thảo — lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\)/);
    expect(text).toContain(`Từ khóa: “${MARK}”`);
    for (const s of Object.values(SUBJECT)) expect(text).toContain(s);
    expect(text).toContain(viDate(DUE));
    // Three rows under one repeated heading row.
    const xml = await (await JSZip.loadAsync(res.body as Buffer)).file('word/document.xml')!.async('string');
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(xml.match(/<w:tr>|<w:tr /g)).toHaveLength(4);
  });

  it('reads the list without highlights: the same documents, no ts_headline over their texts', async () => {
    const id = await userId('stc.vanthu');
    const actor = { userId: id, roles: (await roleGrantsOf(t.database.db, [id])).get(id) ?? [] };
    const params = searchQuery.parse({ q: MARK });
    const [plain, marked] = [await search(t.database.db, actor, params, { highlights: false }), await search(t.database.db, actor, params)];
    expect(plain.items.map((i) => i.id)).toEqual(marked.items.map((i) => i.id));
    expect(plain.items.every((i) => i.subjectHighlight === null && i.snippet === null)).toBe(true);
    expect(marked.items.every((i) => i.subjectHighlight !== null)).toBe(true);
  });

  it('leaves out a secret document the exporter may not open, in both formats', async () => {
    for (const format of ['pdf', 'docx'] as const) {
      const res = await exportAs('stc.gd', format, `${query}&secrecy=MAT`);
      expect(res.status).toBe(200);
      const text = format === 'pdf' ? pdfText(res.body as Buffer, 'director.pdf') : await docxText(res.body as Buffer);
      expect(text).not.toContain('phương án');
      expect(text.replace(/\s+/g, ' ')).toContain('Không có văn bản nào.');
      const all = await exportAs('stc.gd', format, query);
      const allText = format === 'pdf' ? pdfText(all.body as Buffer, 'director-all.pdf') : await docxText(all.body as Buffer);
      expect(allText).not.toContain('phương án');
      expect(allText).toContain('chuyển đổi số');
      expect(allText.replace(/\s+/g, ' ')).toContain('Số văn bản: 2');
    }
    // Another organisation's leader gets an empty list.
    const foreign = pdfText((await exportAs('snv.gd', 'pdf', query)).body as Buffer, 'foreign.pdf');
    expect(foreign.replace(/\s+/g, ' ')).toContain('Số văn bản: 0');
    for (const word of ['phương án', 'chuyển đổi số', 'đợt hai']) expect(foreign).not.toContain(word);
  });
});

describe('log of searches on secret material', () => {
  it('records searches and exports that touch secret documents or ask for them, for the heads of the organisation', async () => {
    const db = t.database.db;
    await db.delete(secretSearchLog);
    const clerk = await as('stc.vanthu');
    const director = await as('stc.gd');
    // The clerk's results hold the secret document she may open: logged.
    expect((await clerk.get(`/api/search?q=${MARK}`)).body.total).toBe(3);
    // Nothing secret asked or answered: not logged.
    await clerk.get(`/api/search?q=${MARK}&kind=OUTGOING`);
    await director.get(`/api/search?q=${MARK}`);
    // A secrecy filter is logged even when it answers nothing (it was looked for).
    expect((await director.get(`/api/search?q=${MARK}&secrecy=MAT`)).body.total).toBe(0);
    // An export of the secret document.
    expect((await exportAs('stc.vanthu', 'pdf', `q=${MARK}&secrecy=MAT&columns=subject`)).status).toBe(200);

    const log = await director.get('/api/search/secret-log');
    expect(log.status).toBe(200);
    const entries = log.body.items as {
      userName: string;
      action: string;
      query: string | null;
      filters: Record<string, unknown>;
      total: number;
      secretCount: number;
      at: string;
    }[];
    expect(
      entries.map(({ userName, action, query, filters, total, secretCount }) => ({ userName, action, query, filters, total, secretCount })),
    ).toEqual([
      { userName: 'Phan Thị Thảo', action: 'EXPORT', query: MARK, filters: { secrecy: 'MAT' }, total: 1, secretCount: 1 },
      { userName: 'Bùi Văn Long', action: 'SEARCH', query: MARK, filters: { secrecy: 'MAT' }, total: 0, secretCount: 0 },
      { userName: 'Phan Thị Thảo', action: 'SEARCH', query: MARK, filters: {}, total: 3, secretCount: 1 },
    ]);
    expect(Date.now() - Date.parse(entries[0].at)).toBeLessThan(60_000);

    // A range of days in Vietnam time.
    expect((await director.get(`/api/search/secret-log?from=${today}&to=${today}`)).body.items).toHaveLength(3);
    expect((await director.get(`/api/search/secret-log?to=${addDays(today, -1)}`)).body.items).toHaveLength(0);
    const backwards = await director.get(`/api/search/secret-log?from=${today}&to=${addDays(today, -1)}`);
    expect(backwards.status).toBe(400);

    // Not for the clerk, nor the administrator; another organisation's head sees none of these, and may not ask for them.
    for (const who of ['stc.vanthu', 'qn.admin']) expect((await (await as(who)).get('/api/search/secret-log')).status).toBe(403);
    const other = await as('snv.gd');
    expect((await other.get('/api/search/secret-log')).body.items).toEqual([]);
    expect((await other.get('/api/search/secret-log?organisationId=qn-stc')).status).toBe(403);
  });
});
