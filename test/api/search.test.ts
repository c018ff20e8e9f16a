import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { migrateDatabase, openDatabase, queryRows } from '../../api/src/db/client';
import { visibilityBranches as incomingVisibility } from '../../api/src/incoming/access';
import { incomingAccessGrants } from '../../api/src/incoming/processing-schema';
import { viewerOf, visibilityBranches as outgoingVisibility } from '../../api/src/outgoing/access';
import { incomingDocuments, incomingFiles } from '../../api/src/incoming/schema';
import { documentTypes } from '../../api/src/outgoing/document-types';
import { registers } from '../../api/src/registers/schema';
import { parseQuery } from '../../api/src/search/query';
import { searchDocuments } from '../../api/src/search/schema';
import { CAP, correction, search, type SearchPath } from '../../api/src/search/service';
import { searchQuery } from '../../api/src/search/validation';
import { seedDemo } from '../../api/src/seed/seed';
import { roleGrantsOf } from '../../api/src/users/service';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { ApiClient, DEMO_PASSWORD, loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
const clients = new Map<string, ApiClient>();
async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

interface Segment {
  text: string;
  hit: boolean;
}
interface Hit {
  kind: string;
  id: string;
  organisationId: string;
  subject: string;
  reference: string | null;
  arrival: { year: number; number: number } | null;
  date: string;
  status: string;
  secrecy: string;
  rank: number;
  subjectHighlight: Segment[] | null;
  snippet: Segment[] | null;
}
interface Facet {
  value: string;
  label: string;
  count: number;
}
interface Result {
  items: Hit[];
  total: number;
  page: number;
  pageSize: number;
  match: string;
  corrected: string | null;
  facets: Record<'kind' | 'type' | 'issuer' | 'year' | 'status' | 'secrecy', Facet[]>;
}

async function find(username: string, params: Record<string, string | number>): Promise<Result> {
  const res = await (await as(username)).get(`/api/search?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`);
  expect(res.status).toBe(200);
  return res.body as Result;
}
const subjects = (r: Result) => r.items.map((i) => i.subject);
async function actorOf(username: string) {
  const [u] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return { userId: u.id, roles: (await roleGrantsOf(t.database.db, [u.id])).get(u.id) ?? [] };
}

/** Receives a PDF as `clerk` and registers it with `meta`; `text` stands for what extraction (or OCR) wrote. */
async function incoming(clerk: string, meta: Record<string, unknown>, text?: string): Promise<string> {
  const client = await as(clerk);
  if (!client.xsrf) await client.get('/api/me');
  const up = await client.agent
    .post('/api/incoming')
    .set('X-XSRF-TOKEN', client.xsrf!)
    .attach('main', await textPdf(['x']), 'van-ban.pdf');
  expect(up.status).toBe(201);
  const id = up.body.id as string;
  const reg = await client.post(`/api/incoming/${id}/register`, {
    issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
    issueDate: '2025-03-05',
    documentType: 'Công văn',
    urgency: 'THUONG',
    secrecy: 'KHONG',
    confirmDuplicate: true,
    ...meta,
  });
  expect(reg.status).toBe(200);
  if (text !== undefined)
    await t.database.db.update(incomingFiles).set({ extractedText: text, extractionState: 'DONE' }).where(eq(incomingFiles.documentId, id));
  return id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  await t.database.db
    .insert(registers)
    .values({ id: 'qn-stc-den-mat', organisationId: 'qn-stc', direction: 'DEN', name: 'Sổ văn bản đến mật', scope: 'SECRET' });
  const stc = (meta: Record<string, unknown>, text?: string) => incoming('stc.vanthu', { registerId: 'qn-stc-den', ...meta }, text);
  ids.qd = await stc(
    {
      number: '125',
      symbol: 'QĐ-UBND',
      documentType: 'Quyết định',
      subject: 'Quyết định phê duyệt Kế hoạch chuyển đổi số năm 2025',
      signerName: 'Phạm Quốc Bảo',
      issueDate: '2025-03-05',
    },
    'Điều 1. Phê duyệt kế hoạch chuyển đổi số của tỉnh. Giao Sở Thông tin và Truyền thông chủ trì <script>alert(1)</script> triển khai. Tỷ lệ < 5% & "đạt" thông tin.',
  );
  ids.halong = await stc({
    number: '07',
    symbol: 'UBND-VX',
    issuerName: 'Ủy ban nhân dân thành phố Hạ Long',
    subject: 'V/v triển khai công tác phòng, chống dịch bệnh',
    signerName: 'Quách Văn Sơn',
    issueDate: '2024-11-20',
  });
  ids.bangiao = await stc({
    number: '12',
    symbol: 'KH-STC',
    documentType: 'Kế hoạch',
    subject: 'Kế hoạch bàn giao tài sản công',
    issueDate: '2025-06-01',
  });
  ids.banhanh = await stc({
    number: '13',
    symbol: 'KH-STC',
    documentType: 'Kế hoạch',
    subject: 'Kế hoạch ban hành quy chế chi tiêu nội bộ',
    issueDate: '2025-06-02',
  });
  ids.ocr = await stc(
    { number: '05', symbol: 'STC-QLNS', subject: 'V/v hướng dẫn lập dự toán', issueDate: '2025-02-14' },
    'Đề nghị các đơn vị lập dự toán ngân sách theo biểu mẫu đính kèm, gửi về trước ngày 15 tháng 7 năm 2025 để tổng hợp báo cáo thẩm định.',
  );
  ids.secret = await stc({
    registerId: 'qn-stc-den-mat',
    number: '99',
    symbol: 'QĐ-BQP',
    secrecy: 'MAT',
    documentType: 'Quyết định',
    subject: 'Quyết định về phương án tác chiến phòng thủ',
  });
  // Another organisation's document (Sở Nội vụ), with words found nowhere else.
  ids.snv = await incoming('snv.vanthu', {
    registerId: 'qn-snv-den',
    number: '03',
    symbol: 'KH-SNV',
    documentType: 'Kế hoạch',
    subject: 'Kế hoạch công tác lưu trữ Đầm Hà năm 2025',
  });
  // An outgoing draft of Sở Tài chính: its author sees it, the director not until it is submitted.
  const author = await as('stc.cv.qlns');
  await author.get('/api/me');
  const out = await author.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', author.xsrf!)
    .field(
      'metadata',
      JSON.stringify({ documentType: 'QD', subject: 'Dự thảo quyết định về quỹ lương Vân Đồn', recipients: [], urgency: 'THUONG' }),
    )
    .attach('main', await textPdf(['Dự thảo']), 'du-thao.pdf');
  expect(out.status).toBe(201);
  ids.draft = out.body.id;
});
afterAll(async () => {
  await t.close();
});

describe('search typed without diacritics or case', () => {
  it('"quyet dinh" finds "Quyết định", "ha long" finds "Hạ Long", upper case and NFD input alike', async () => {
    expect(subjects(await find('stc.gd', { q: 'quyet dinh' }))).toContain('Quyết định phê duyệt Kế hoạch chuyển đổi số năm 2025');
    const halong = await find('stc.gd', { q: 'ha long' });
    expect(halong.items.map((i) => i.id)).toEqual([ids.halong]);
    expect(halong.match).toBe('TEXT');
    expect((await find('stc.gd', { q: 'QUYẾT ĐỊNH PHÊ DUYỆT' })).items[0].id).toBe(ids.qd);
    expect((await find('stc.gd', { q: 'Hạ Long'.normalize('NFD') })).items.map((i) => i.id)).toEqual([ids.halong]);
    expect((await find('stc.gd', { q: 'chuyen doi so' })).items.map((i) => i.id)).toEqual([ids.qd]);
  });

  it('ranks the exact spelling above folded matches: "bàn" puts "bàn giao" before "ban hành"', async () => {
    const r = await find('stc.gd', { q: 'kế hoạch bàn' });
    const order = r.items.map((i) => i.id);
    expect(order[0]).toBe(ids.bangiao);
    expect(order).toContain(ids.banhanh);
    expect(r.items[0].rank).toBeGreaterThan(r.items[order.indexOf(ids.banhanh)].rank);
  });

  it('finds words of the extracted text (text layer or OCR) and shows them as marked snippets, never as HTML', async () => {
    const r = await find('stc.gd', { q: 'bieu mau dinh kem' });
    expect(r.items.map((i) => i.id)).toEqual([ids.ocr]);
    const snippet = r.items[0].snippet!;
    expect(snippet.filter((s) => s.hit).map((s) => s.text)).toEqual(['biểu', 'mẫu', 'đính', 'kèm']);
    expect(snippet.map((s) => s.text).join('')).toContain('theo biểu mẫu đính kèm, gửi về');

    const html = await find('stc.gd', { q: 'thong tin truyen thong' });
    const text = html.items[0].snippet!.map((s) => s.text).join('');
    // ts_headline drops markup tags; other characters stay plain text for the client to render as text.
    expect(text).toContain('chủ trì');
    expect(text).not.toContain('<script>');
    expect(text).toContain('Tỷ lệ < 5% & "đạt"');
    expect(text).not.toMatch(/[\u0002\u0003]/);
    expect(html.items[0].subjectHighlight).toEqual([{ text: 'Quyết định phê duyệt Kế hoạch chuyển đổi số năm 2025', hit: false }]);
    const subject = (await find('stc.gd', { q: 'phe duyet' })).items[0].subjectHighlight!;
    expect(subject.filter((s) => s.hit).map((s) => s.text)).toEqual(['phê', 'duyệt']);
  });

  it('corrects words the index does not hold to the most similar ones it holds (a typo, a word cut short)', async () => {
    const typo = await find('stc.gd', { q: 'chuyen doi sso' });
    expect({ match: typo.match, corrected: typo.corrected }).toEqual({ match: 'FUZZY', corrected: 'chuyen doi so' });
    expect(typo.items[0].id).toBe(ids.qd);
    expect(typo.items[0].subjectHighlight!.filter((s) => s.hit).map((s) => s.text)).toEqual(['chuyển', 'đổi', 'số']);
    // The syntax around the words stays: a phrase stays a phrase.
    const gd = await actorOf('stc.gd');
    expect(await correction(t.database.db, gd, '"chuyen doii so" -ke')).toBe('"chuyen doi so" -ke');
    expect((await find('stc.gd', { q: 'chuyển đổi sô' })).corrected).toBeNull();
    // Numbers are looked up as typed, and a word with nothing similar stays: nothing found, nothing claimed.
    expect(await correction(t.database.db, gd, 'quyet dinh 98765')).toBeNull();
    const nothing = await find('stc.gd', { q: 'xyzzyq' });
    expect({ match: nothing.match, corrected: nothing.corrected, total: nothing.total }).toEqual({
      match: 'TEXT',
      corrected: null,
      total: 0,
    });
  });
});

describe('số/ký hiệu and số đến', () => {
  it('matches number/symbol exactly however typed: "125/QĐ-UBND", "125/qd-ubnd", "Số: 0125 / QĐ-UBND", "125/QĐ"', async () => {
    for (const q of ['125/QĐ-UBND', '125/qd-ubnd', 'Số: 0125 / QĐ-UBND', '125/QĐ']) {
      const r = await find('stc.gd', { q });
      expect({ q, ids: r.items.map((i) => i.id), match: r.match }).toEqual({ q, ids: [ids.qd], match: 'REFERENCE' });
    }
    expect((await find('stc.gd', { q: '125/QĐ-UB' })).total).toBe(0);
    expect((await find('stc.gd', { q: '5/STC-QLNS' })).items.map((i) => i.id)).toEqual([ids.ocr]);
  });

  it('matches a ký hiệu alone ("kh-stc") and puts a bare number first among words ("125")', async () => {
    const kh = await find('stc.gd', { q: 'kh-stc' });
    expect(kh.match).toBe('SYMBOL');
    expect(kh.items.map((i) => i.id).sort()).toEqual([ids.bangiao, ids.banhanh].sort());
    const n = await find('stc.gd', { q: '125' });
    expect(n.match).toBe('NUMBER');
    expect(n.items[0]).toMatchObject({ id: ids.qd, reference: '125/QĐ-UBND' });
  });

  it('finds an incoming document by its số đến ("đến 2", "den 2/<year>", arrivalNumber)', async () => {
    const [doc] = await t.database.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, ids.halong));
    const byWords = await find('stc.gd', { q: `đến ${doc.arrivalNumber}` });
    expect(byWords.match).toBe('ARRIVAL');
    expect(byWords.items.map((i) => i.id)).toEqual([ids.halong]);
    expect(byWords.items[0].arrival).toEqual({ year: doc.arrivalYear, number: doc.arrivalNumber });
    expect((await find('stc.gd', { q: `den ${doc.arrivalNumber}/${doc.arrivalYear}` })).items.map((i) => i.id)).toEqual([ids.halong]);
    expect((await find('stc.gd', { arrivalNumber: doc.arrivalNumber!, arrivalYear: doc.arrivalYear! })).items.map((i) => i.id)).toEqual([
      ids.halong,
    ]);
  });

  it('recognises the shapes of a query', () => {
    expect(parseQuery('20/2020/NĐ-CP')).toEqual({ kind: 'REFERENCE', number: '20', symbol: '2020/NĐ-CP' });
    expect(parseQuery('Số đến: 45')).toEqual({ kind: 'ARRIVAL', number: 45 });
    expect(parseQuery('UBND-VX')).toEqual({ kind: 'SYMBOL', symbol: 'UBND-VX' });
    expect(parseQuery('  ')).toEqual({ kind: 'NONE' });
    expect(parseQuery('ke hoach')).toEqual({ kind: 'TEXT', text: 'ke hoach', withDiacritics: false });
  });
});

describe('filters, facets, sorting and paging', () => {
  it('filters by type, issuer, signer, date range, status, kind and organisation', async () => {
    const ofType = await find('stc.gd', { type: 'ke hoach' });
    expect(ofType.items.map((i) => i.id).sort()).toEqual([ids.bangiao, ids.banhanh].sort());
    expect((await find('stc.gd', { issuer: 'Ủy ban nhân dân thành phố Hạ Long' })).items.map((i) => i.id)).toEqual([ids.halong]);
    expect((await find('stc.gd', { signer: 'pham quoc' })).items.map((i) => i.id)).toEqual([ids.qd]);
    expect((await find('stc.gd', { signer: '%' })).total).toBe(0);
    const range = await find('stc.gd', { dateFrom: '2025-02-01', dateTo: '2025-03-31' });
    expect(range.items.map((i) => i.id).sort()).toEqual([ids.qd, ids.ocr].sort());
    expect((await find('stc.gd', { year: 2024 })).items.map((i) => i.id)).toEqual([ids.halong]);
    expect((await find('stc.gd', { status: 'REGISTERED', q: 'ke hoach' })).total).toBe(3);
    expect((await find('stc.gd', { status: 'DRAFT' })).total).toBe(0);
    expect((await find('stc.gd', { kind: 'OUTGOING' })).total).toBe(0);
    expect((await find('stc.gd', { organisationId: 'qn-snv' })).total).toBe(0);
    expect((await find('stc.vanthu', { secrecy: 'MAT' })).items.map((i) => i.id)).toEqual([ids.secret]);
  });

  it('filters by unit: the drafting unit of an outgoing document', async () => {
    const mine = await find('stc.cv.qlns', { unitId: 'stc-qlns', kind: 'OUTGOING' });
    expect(mine.items.map((i) => i.id)).toEqual([ids.draft]);
    expect(mine.items[0]).toMatchObject({ kind: 'OUTGOING', status: 'DRAFT' });
    expect((await find('stc.cv.qlns', { unitId: 'stc-vp' })).total).toBe(0);
  });

  it('filters by case file: exactly the documents filed in it, for those who may open them', async () => {
    const leader = await as('stc.gd');
    const created = await leader.post('/api/case-files', {
      year: 2025,
      notation: '01.QLNS',
      title: 'Hồ sơ dự toán ngân sách năm 2025',
      retentionYears: 10,
      unitId: 'stc-qlns',
    });
    expect(created.status).toBe(201);
    const caseFileId = created.body.id as string;
    for (const documentId of [ids.qd, ids.halong]) {
      expect((await leader.post(`/api/case-files/${caseFileId}/documents`, { kind: 'INCOMING', documentId })).status).toBe(201);
    }
    const filed = await find('stc.gd', { caseFileId });
    expect(filed.items.map((i) => i.id).sort()).toEqual([ids.qd, ids.halong].sort());
    expect(filed.facets.kind).toEqual([expect.objectContaining({ value: 'INCOMING', count: 2 })]);
    expect((await find('stc.gd', { caseFileId, q: 'Hạ Long' })).items.map((i) => i.id)).toEqual([ids.halong]);
    // Another organisation's people learn nothing from the id, not even a count.
    expect((await find('snv.luutru', { caseFileId })).total).toBe(0);
    expect((await find('stc.gd', { caseFileId: 'no-such-case-file' })).total).toBe(0);
  });

  it('refuses bad ranges and unknown sort orders with the fields named', async () => {
    const range = await (await as('stc.gd')).get('/api/search?dateFrom=2025-05-01&dateTo=2025-01-01');
    expect(range.status).toBe(422);
    expect(range.body.errors.map((e: { path: string }) => e.path)).toEqual(['dateTo']);
    const sort = await (await as('stc.gd')).get('/api/search?sort=oldest&pageSize=1000');
    expect(sort.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['pageSize', 'sort']);
  });

  it('counts facets over the whole result, each summing to the total', async () => {
    const r = await find('stc.gd', { pageSize: 1 });
    expect(r.total).toBe(5);
    expect(r.items).toHaveLength(1);
    for (const facet of ['kind', 'year', 'status', 'secrecy'] as const) expect(r.facets[facet].reduce((n, f) => n + f.count, 0)).toBe(5);
    expect(r.facets.type).toEqual(
      expect.arrayContaining([
        { value: 'ke hoach', label: 'Kế hoạch', count: 2 },
        { value: 'cong van', label: 'Công văn', count: 2 },
        { value: 'quyet dinh', label: 'Quyết định', count: 1 },
      ]),
    );
    expect(r.facets.year).toEqual([
      { value: '2025', label: '2025', count: 4 },
      { value: '2024', label: '2024', count: 1 },
    ]);
    // A facet value sent back as the filter narrows to its count.
    const issuer = r.facets.issuer.find((f) => f.label.includes('Hạ Long'))!;
    expect((await find('stc.gd', { issuer: issuer.value })).total).toBe(issuer.count);
  });

  it('bounds its work: past the cap, total and facets cover the newest matches the caller may open, and say so', async () => {
    const [gd] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'stc.gd'));
    const actor = { userId: gd.id, roles: (await roleGrantsOf(t.database.db, [gd.id])).get(gd.id) ?? [] };
    const exact = await search(t.database.db, actor, searchQuery.parse({ sort: 'date' }));
    expect({ exact: exact.exact, total: exact.total }).toEqual({ exact: true, total: 5 });
    const capped = await search(t.database.db, actor, searchQuery.parse({ sort: 'date' }), { cap: 3 });
    expect({ exact: capped.exact, total: capped.total }).toEqual({ exact: false, total: 3 });
    expect(capped.items.map((i) => i.id)).toEqual(exact.items.slice(0, 3).map((i) => i.id));
    expect(capped.facets.year).toEqual([{ value: '2025', label: '2025', count: 3 }]);
  });

  it("reads an organisation's newest matches in date order through RUM, with the same answer as the plain path", async () => {
    const ODD_ISSUER = "Công ty O'Brien \\ Hạ Long";
    // qn.vanthu reaches documents of two organisations: one RUM scan each, merged.
    const [clerk] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'qn.vanthu'));
    const added = await t.database.db
      .insert(incomingDocuments)
      .values(
        // Dated years ahead (typing slips): still the newest. Two on one day: the bound may fall between them.
        (['qn-ubnd', 'qn-vpubnd', 'qn-ubnd', 'qn-ubnd', 'qn-ubnd', 'qn-ubnd'] as const).map((organisationId, i) => ({
          organisationId,
          channel: 'PAPER' as const,
          status: 'REGISTERED' as const,
          documentType: 'Kế hoạch',
          issueDate: ['2025-04-01', '2025-04-02', '2025-04-03', '2029-01-01', '2031-05-01', '2031-05-01'][i],
          // An issuer with a quote and a backslash: the issuer filter is a word of access_words too.
          issuerName: i === 5 ? ODD_ISSUER : 'Sở Tài chính tỉnh Quảng Ninh',
          subject: `Kế hoạch thực hiện quyết định số ${i + 1}`,
          createdBy: clerk.id,
        })),
      )
      .returning({ id: incomingDocuments.id });
    for (const username of ['stc.gd', 'qn.vanthu']) {
      const actor = await actorOf(username);
      // Through the index of the words under each way of access (access_words) with every operator a query can hold.
      // A NOT of a phrase keeps documents with its words apart ("thực hiện quyết định" has no "thuc dinh").
      const operators = [
        { q: '"thuc hien quyet"' },
        { q: '"quyet thuc"' },
        { q: 'ke hoach -quyet' },
        { q: 'ke hoach -"thuc dinh"' },
        { q: 'xyzzy or hoach' },
        { q: 'ke-hoach' },
      ];
      for (const q of [
        { q: 'ke hoach' },
        { q: 'ke hoach', sort: 'date' },
        { q: 'ke hoach', type: 'Kế hoạch' },
        { q: 'ke hoach', issuer: ODD_ISSUER },
        { q: 'ke hoach', page: 2, pageSize: 1 },
        { q: 'quyet dinh' },
        ...operators,
      ]) {
        const params = searchQuery.parse(q);
        // A bound equal to the matches: still exact, so no document may be read twice; bounds falling inside a day.
        for (const cap of [CAP, 1, 2, 3, (await search(t.database.db, actor, params)).total]) {
          const paths: SearchPath[] = [];
          const rum = await search(t.database.db, actor, params, { cap, served: (p) => paths.push(p) });
          const plain = await search(t.database.db, actor, params, { cap, plain: true, served: (p) => paths.push(p) });
          expect({ q, cap, rum }).toEqual({ q, cap, rum: plain });
          // RUM serves words, with an issuer or a type too; a NOT (or a ký hiệu) goes through the shared index.
          expect(paths).toEqual([params.q!.includes('-') ? 'plain' : 'rum', 'plain']);
          if (!params.type && !params.issuer && params.page === 1 && !operators.includes(q))
            expect({ username, q: params.q, found: rum.total > 0 }).toEqual({ username, q: params.q, found: true });
        }
      }
    }
    expect(new Set((await find('qn.vanthu', { q: 'ke hoach' })).items.map((i) => i.organisationId))).toEqual(
      new Set(['qn-ubnd', 'qn-vpubnd']),
    );
    expect((await find('qn.vanthu', { q: 'ke hoach', issuer: ODD_ISSUER })).items.map((i) => i.id)).toEqual([added[5].id]);
    expect((await find('qn.vanthu', { q: 'ke hoach', sort: 'date' })).items.slice(0, 2).map((i) => i.date)).toEqual([
      '2031-05-01',
      '2031-05-01',
    ]);
    // A số/ký hiệu or số đến is read the same way on both paths.
    const clerk2 = await actorOf('stc.vanthu');
    const everything = (await search(t.database.db, clerk2, searchQuery.parse({}))).total;
    for (const q of ['125/QĐ-UBND', 'kh-stc', 'đến 2']) {
      const params = searchQuery.parse({ q });
      const rum = await search(t.database.db, clerk2, params);
      expect({ q, rum }).toEqual({ q, rum: await search(t.database.db, clerk2, params, { plain: true }) });
      expect({ q, narrower: rum.total > 0 && rum.total < everything }).toEqual({ q, narrower: true });
    }
    await t.database.db.delete(incomingDocuments).where(
      inArray(
        incomingDocuments.id,
        added.map((d) => d.id),
      ),
    );
  });

  it("files each word under every way of access apart: a key's query matches exactly the documents reached through that key that the words match, in any order", async () => {
    // Phrases are matched in any order there (the index holds no positions); the row's tsv decides the order.
    const queries = ['ke hoach', '"ke hoach"', '"hoach ke"', 'ke hoach -quyet', 'xyzzy or hoach', "o'brien", 'ke-hoach'];
    const orgs = await queryRows<{ organisation_id: string }>(t.database.db, sql`select distinct organisation_id from search_documents`);
    expect(orgs.length).toBeGreaterThan(1);
    for (const q of queries) {
      const tsquery = sql`websearch_to_tsquery('public.vanthu_fold', ${q})`;
      const loose = sql`regexp_replace(${tsquery}::text, '<(-|[0-9]+)>', '&', 'g')::tsquery`;
      // Under its organisation and year, its author and each of its list keys; under nobody else's (its organisation
      // without the year or in another year, or a list key of the same kind for someone else).
      const rows = await queryRows<{
        own: boolean;
        author: boolean | null;
        listed: boolean[];
        other: boolean;
        words: boolean;
        keys: number;
      }>(
        t.database.db,
        sql`select access_words @@ search_access_query(organisation_id || '@' || extract(year from doc_date)::int, ${tsquery}) as own,
              case when author_id is not null then access_words @@ search_access_query('w:' || author_id, ${tsquery}) end as author,
              array(select access_words @@ search_access_query(k, ${tsquery}) from unnest(list_keys) k) as listed,
              (select bool_or(access_words @@ search_access_query(k, ${tsquery}))
                from unnest(array[organisation_id, organisation_id || '@' || extract(year from doc_date)::int + 1, 'w:' || coalesce(author_id, '') || 'x', 'g:nobody', 'u:nowhere']) k) as other,
              tsv @@ ${loose} as words, cardinality(list_keys) as keys
            from search_documents`,
      );
      expect(rows.some((r) => r.author !== null) && rows.some((r) => r.keys > 0)).toBe(true);
      expect({ q, other: rows.filter((r) => r.other).length }).toEqual({ q, other: 0 });
      for (const r of rows)
        expect({ q, own: r.own, author: r.author ?? r.words, listed: r.listed }).toEqual({
          q,
          own: r.words,
          author: r.words,
          listed: r.listed.map(() => r.words),
        });
    }
    // PostgreSQL here has the rum extension (.ci/run installs it): the migration built the RUM index, not the plain one.
    const indexes = await queryRows<{ rum: boolean; gin: boolean }>(
      t.database.db,
      sql`select to_regclass('search_documents_access_words_rum_idx') is not null as rum, to_regclass('search_documents_access_words_idx') is not null as gin`,
    );
    expect(indexes).toEqual([{ rum: true, gin: false }]);
  });

  it('gives every user the same answer on the RUM and the plain path', async () => {
    const people = await t.database.db.select({ id: users.id, username: users.username }).from(users);
    const grants = await roleGrantsOf(
      t.database.db,
      people.map((u) => u.id),
    );
    let found = 0;
    for (const u of people) {
      const actor = { userId: u.id, roles: grants.get(u.id) ?? [] };
      for (const q of ['ke hoach thuc hien', 'quyet dinh ke hoach', 'ngan sach nam', '"ke hoach"']) {
        // Dates are asked of the RUM index too (doc_ts).
        for (const params of [
          searchQuery.parse({ q }),
          searchQuery.parse({ q, sort: 'date', dateFrom: '2025-01-01' }),
          searchQuery.parse({ q, year: 2025, dateTo: '2025-03-05' }),
        ]) {
          const rum = await search(t.database.db, actor, params);
          expect({ user: u.username, q, rum }).toEqual({
            user: u.username,
            q,
            rum: await search(t.database.db, actor, params, { plain: true }),
          });
          found += rum.total;
        }
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('sorts by date (newest first) or relevance, and pages', async () => {
    const byDate = await find('stc.gd', { sort: 'date' });
    expect(byDate.items.map((i) => i.date)).toEqual(['2025-06-02', '2025-06-01', '2025-03-05', '2025-02-14', '2024-11-20']);
    const second = await find('stc.gd', { sort: 'date', page: 2, pageSize: 2 });
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: 5 });
    expect(second.items.map((i) => i.id)).toEqual([byDate.items[2].id, byDate.items[3].id]);
    const relevance = await find('stc.gd', { q: 'ke hoach' });
    expect(relevance.items.map((i) => i.rank)).toEqual([...relevance.items.map((i) => i.rank)].sort((a, b) => b - a));
  });
});

describe('access: search never shows more than the document pages', () => {
  it('hides a secret document, with its title and counts, from a leader without a grant; its clerk finds it', async () => {
    for (const q of ['phuong an tac chien', '99/QĐ-BQP', 'qd-bqp', '99']) {
      const r = await find('stc.gd', { q });
      expect({ q, total: r.total, ids: r.items.map((i) => i.id) }).toEqual({ q, total: 0, ids: [] });
      expect(JSON.stringify(r)).not.toContain('tác chiến');
    }
    const all = await find('stc.gd', {});
    expect(all.items.map((i) => i.id)).not.toContain(ids.secret);
    expect(all.facets.secrecy).toEqual([{ value: 'KHONG', label: 'KHONG', count: 5 }]);
    expect(all.facets.type.find((f) => f.value === 'quyet dinh')?.count).toBe(1);
    expect((await (await as('stc.gd')).get(`/api/incoming/${ids.secret}`)).status).toBe(404);

    const clerk = await find('stc.vanthu', { q: 'phuong an tac chien' });
    expect(clerk.items.map((i) => i.id)).toEqual([ids.secret]);
    expect((await (await as('stc.vanthu')).get(`/api/incoming/${ids.secret}`)).status).toBe(200);

    // A grant lets the leader open it, and find it, at once; taking the grant back hides it again.
    const [gd] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'stc.gd'));
    await t.database.db.insert(incomingAccessGrants).values({ documentId: ids.secret, userId: gd.id, grantedBy: gd.id });
    expect((await find('stc.gd', { q: 'phuong an tac chien' })).items.map((i) => i.id)).toEqual([ids.secret]);
    expect((await (await as('stc.gd')).get(`/api/incoming/${ids.secret}`)).status).toBe(200);
    await t.database.db
      .delete(incomingAccessGrants)
      .where(and(eq(incomingAccessGrants.documentId, ids.secret), eq(incomingAccessGrants.userId, gd.id)));
    expect((await find('stc.gd', { q: 'phuong an tac chien' })).total).toBe(0);
  });

  it("hides another organisation's document and an outgoing draft from those who may not open them", async () => {
    // "đầm hà" is only in Sở Nội vụ's document: its words may be corrected to his own, never found in theirs.
    expect((await find('stc.gd', { q: 'dam ha' })).items.map((i) => i.id)).not.toContain(ids.snv);
    expect((await find('stc.gd', { q: 'kh-snv' })).total).toBe(0);
    expect((await find('snv.gd', { q: 'dam ha' })).items.map((i) => i.id)).toEqual([ids.snv]);
    expect((await find('snv.gd', {})).facets.issuer.reduce((n, f) => n + f.count, 0)).toBe(1);

    expect((await find('stc.gd', { q: '"van don"' })).total).toBe(0);
    expect((await (await as('stc.gd')).get(`/api/outgoing/${ids.draft}`)).status).toBe(404);
    const author = await find('stc.cv.qlns', { q: 'quy luong van don' });
    expect(author.items.map((i) => i.id)).toEqual([ids.draft]);
    // The outgoing type code QD is searched and faceted by its name.
    expect(author.facets.type).toEqual([{ value: 'quyet dinh', label: 'Quyết định', count: 1 }]);
    // A specialist with nothing assigned sees no incoming document at all.
    expect((await find('stc.cv.qlns', { kind: 'INCOMING' })).total).toBe(0);
  });

  it("reaches through list keys exactly the documents the access rules' lists name, for every user", async () => {
    const people = await t.database.db.select({ id: users.id, username: users.username }).from(users);
    const grants = await roleGrantsOf(
      t.database.db,
      people.map((u) => u.id),
    );
    const sd = searchDocuments;
    const idsWhere = async (where: SQL) =>
      (await t.database.db.select({ id: sd.documentId }).from(sd).where(where).orderBy(sd.documentId)).map((r) => r.id);
    const keys = (values: string[]) =>
      sql`${sd.listKeys} && array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`;
    let reached = 0;
    for (const u of people) {
      const actor = { userId: u.id, roles: grants.get(u.id) ?? [] };
      const cols = { id: sd.documentId, organisationId: sd.organisationId, authorId: sd.authorId, secrecy: sd.secrecy, status: sd.status };
      const inc = incomingVisibility(actor, cols);
      const out = outgoingVisibility(await viewerOf(t.database.db, actor), cols);
      const byLists = await idsWhere(
        or(and(eq(sd.kind, 'INCOMING'), or(...inc.byLists)), and(eq(sd.kind, 'OUTGOING'), or(...out.byLists)))!,
      );
      const byKeys = await idsWhere(
        or(and(eq(sd.kind, 'INCOMING'), keys(inc.listKeys)), and(eq(sd.kind, 'OUTGOING'), keys(out.listKeys)))!,
      );
      expect({ user: u.username, ids: byKeys }).toEqual({ user: u.username, ids: byLists });
      reached += byLists.length;
    }
    expect(reached).toBeGreaterThan(0);
  });

  it('needs a session', async () => {
    expect((await new ApiClient(t.app).get('/api/search?q=ke')).status).toBe(401);
  });
});

describe('the index follows every write', () => {
  it('reflects a new status, changed text and new documents at once (database triggers)', async () => {
    const id = await incoming('stc.vanthu', {
      registerId: 'qn-stc-den',
      number: '31',
      symbol: 'TB-STC',
      documentType: 'Thông báo',
      subject: 'Thông báo lịch tiếp công dân',
    });
    expect((await find('stc.gd', { q: 'lich tiep cong dan' })).items[0]).toMatchObject({ id, status: 'REGISTERED' });
    await t.database.db.update(incomingDocuments).set({ status: 'COMPLETED' }).where(eq(incomingDocuments.id, id));
    expect((await find('stc.gd', { q: 'lich tiep cong dan' })).items[0].status).toBe('COMPLETED');
    await t.database.db
      .update(incomingFiles)
      .set({ extractedText: 'Tiếp công dân vào thứ Năm hằng tuần tại Cô Tô' })
      .where(eq(incomingFiles.documentId, id));
    expect((await find('stc.gd', { q: 'co to' })).items.map((i) => i.id)).toEqual([id]);
    await t.database.db.update(incomingFiles).set({ extractedText: null }).where(eq(incomingFiles.documentId, id));
    expect((await find('stc.gd', { q: 'co to' })).total).toBe(0);
  });

  it('follows a rename of the issuing organisation into its outgoing documents', async () => {
    await t.database.db.execute(sql`update organisations set name = 'Sở Tài chính tỉnh Quảng Ninh (mới)' where id = 'qn-stc'`);
    const r = await find('stc.cv.qlns', { kind: 'OUTGOING', q: 'moi' });
    expect(r.items.map((i) => i.id)).toEqual([ids.draft]);
    expect(r.facets.issuer.map((f) => f.label)).toEqual(['Sở Tài chính tỉnh Quảng Ninh (mới)']);
  });

  it('holds exactly what the source view computes, and knows the ND 30 type names of outgoing codes', async () => {
    const drift = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from (select kind, document_id, tsv::text, ref_key, status, unit_ids::text, list_keys::text from search_source
        except select kind, document_id, tsv::text, ref_key, status, unit_ids::text, list_keys::text from ${searchDocuments}) d`,
    );
    expect(drift[0].n).toBe(0);
    // Every word with a letter of an ordinary document is in its organisation's typo-correction lexicon (words of
    // removed rows may stay).
    const missing = await queryRows<{ word: string }>(
      t.database.db,
      sql`select d.organisation_id, w.word from search_documents d, unnest(tsvector_to_array(d.tsv)) w(word) where d.secrecy = 'KHONG' and search_word_kept(w.word)
        except select organisation_id, word from search_lexicon`,
    );
    expect(missing).toEqual([]);
    // Match tests read tsv in the row; the body (snippets of one page) is the first to go out of line.
    const storage = await queryRows<{ attname: string; attstorage: string }>(
      t.database.db,
      sql`select attname::text, attstorage::text from pg_attribute where attrelid = 'search_documents'::regclass and attname in ('tsv', 'body') order by attname`,
    );
    expect(storage).toEqual([
      { attname: 'body', attstorage: 'e' },
      { attname: 'tsv', attstorage: 'm' },
    ]);
    expect(
      (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(distinct word)::int as n from search_lexicon where word in ('chuyen', 'long', 'so')`,
        )
      )[0].n,
    ).toBeGreaterThanOrEqual(3);
    const names = await queryRows<{ code: string; name: string }>(
      t.database.db,
      sql`select code, name from search_document_type_names order by code`,
    );
    expect(names).toEqual(documentTypes.map((d) => ({ code: d.code, name: d.name })).sort((a, b) => a.code.localeCompare(b.code)));
  });

  it('logs each search in the audit log and documents the endpoint in OpenAPI', async () => {
    await find('stc.gd', { q: 'nhat ky tim kiem' });
    const [entry] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'search'))
      .orderBy(sql`${auditEvents.id} desc`)
      .limit(1);
    expect(entry.data).toMatchObject({ q: 'nhat ky tim kiem', total: 0 });
    const doc = (await new ApiClient(t.app).get('/api/openapi.json')).body;
    expect(
      Object.keys(doc.paths['/api/search'].get.parameters.reduce((o: object, p: { name: string }) => ({ ...o, [p.name]: 1 }), {})),
    ).toEqual(
      expect.arrayContaining([
        'q',
        'type',
        'issuer',
        'signer',
        'unitId',
        'status',
        'secrecy',
        'caseFileId',
        'dateFrom',
        'dateTo',
        'sort',
        'page',
        'pageSize',
      ]),
    );
  });
});

describe('on the embedded PGlite (PostgreSQL 18) as on PostgreSQL 15', () => {
  it('folds, matches số/ký hiệu, marks snippets and counts facets the same way', async () => {
    const lite = await openDatabase({ pgliteDir: null });
    try {
      await migrateDatabase(lite);
      await seedDemo(lite.db, DEMO_PASSWORD);
      const [clerk] = await lite.db.select({ id: users.id }).from(users).where(eq(users.username, 'stc.vanthu'));
      const [doc] = await lite.db
        .insert(incomingDocuments)
        .values({
          organisationId: 'qn-stc',
          channel: 'PAPER',
          status: 'REGISTERED',
          number: '05',
          symbol: 'QĐ-UBND',
          documentType: 'Quyết định',
          issueDate: '2025-03-05',
          issuerName: 'Ủy ban nhân dân thành phố Hạ Long',
          subject: 'Quyết định về du lịch Hạ Long',
          createdBy: clerk.id,
        })
        .returning();
      await lite.db.insert(incomingFiles).values({
        documentId: doc.id,
        role: 'MAIN',
        ordinal: 0,
        sha256: 'x',
        size: 1,
        originalName: 'a.pdf',
        mediaType: 'application/pdf',
        extractionState: 'DONE',
        extractedText: 'Phát triển du lịch vịnh Hạ Long bền vững.',
      });
      const actor = { userId: clerk.id, roles: (await roleGrantsOf(lite.db, [clerk.id])).get(clerk.id) ?? [] };
      // No rum on PGlite: the migration built the plain GIN index over the words under each way of access, and search reads it.
      const indexes = await queryRows<{ rum: boolean; gin: boolean }>(
        lite.db,
        sql`select to_regclass('search_documents_access_words_rum_idx') is not null as rum, to_regclass('search_documents_access_words_idx') is not null as gin`,
      );
      expect(indexes).toEqual([{ rum: false, gin: true }]);
      const paths: SearchPath[] = [];
      const words = await search(lite.db, actor, searchQuery.parse({ q: 'vinh ha long' }), { served: (p) => paths.push(p) });
      expect(paths).toEqual(['plain']);
      expect(words.items.map((i) => i.id)).toEqual([doc.id]);
      expect(words.items[0].snippet!.filter((s) => s.hit).map((s) => s.text)).toEqual(['vịnh', 'Hạ', 'Long']);
      expect(words.facets.type).toEqual([{ value: 'quyet dinh', label: 'Quyết định', count: 1 }]);
      expect((await search(lite.db, actor, searchQuery.parse({ q: '5/qd-ubnd' }))).items.map((i) => i.id)).toEqual([doc.id]);
      const fuzzy = await search(lite.db, actor, searchQuery.parse({ q: 'du lich ha longg' }));
      expect({ match: fuzzy.match, corrected: fuzzy.corrected, ids: fuzzy.items.map((i) => i.id) }).toEqual({
        match: 'FUZZY',
        corrected: 'du lich ha long',
        ids: [doc.id],
      });
    } finally {
      await lite.close();
    }
  }, 120_000);
});
