// Legal hold (phong toả, NĐ 30 Phụ lục VI): an archivist or administrator freezes a case file, a document or an
// organisation's year; whatever it covers refuses move, disposal, deletion and edits with 409 legal_hold.active;
// placing and lifting are audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { verifyAuditChain } from '../../api/src/audit/service';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-holds-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}
const ok = <T = { id: string; status: string; documents: { entryId: string }[] }>(res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
};
const get = async (u: string, url: string) => (await as(u)).get(url);
const post = async (u: string, url: string, body: object = {}) => (await as(u)).post(url, body);
const patch = async (u: string, url: string, body: object) => (await as(u)).send('patch', url, body);

let seq = 0;
async function draft() {
  const clerk = await as('snv.vanthu');
  if (!clerk.xsrf) await clerk.get('/api/me');
  return ok<{ id: string }>(
    await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .attach('main', await textPdf(['Công văn phong toả']), `cv ${++seq}.pdf`),
    201,
  ).id;
}
async function registered() {
  const id = await draft();
  ok(
    await post('snv.vanthu', `/api/incoming/${id}/register`, {
      registerId: 'qn-snv-den',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      number: String(300 + seq),
      symbol: 'UBND-VX',
      issueDate: '2025-01-09',
      documentType: 'Công văn',
      subject: `V/v hồ sơ thanh tra ${seq}`,
      signerName: 'Lê Thu Hà',
      signerPosition: 'Phó Chủ tịch',
    }),
  );
  return id;
}
async function newCaseFile(notation: string, body: object = {}) {
  return ok(
    await post('snv.cv.tcbc', '/api/case-files', { year: 2025, retentionYears: 10, notation, title: `Hồ sơ ${notation}`, ...body }),
    201,
  );
}

const expectHeld = (res: { status: number; body: { code?: string; title?: string; detail?: string } }) => {
  expect(res.status).toBe(409);
  expect(res.body.code).toBe('legal_hold.active');
  expect(res.body.title).toMatch(/phong toả/);
  expect(res.body.detail).toMatch(/legal hold/);
};

describe('legal hold on a case file', () => {
  it('only archivists and administrators place it; while in force the file and its documents refuse every change; lifting is audited', async () => {
    const cf = await newCaseFile('50.TCBC');
    const other = await newCaseFile('51.TCBC');
    ok(await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: await registered() }), 201);
    const entry = ok(await get('snv.cv.tcbc', `/api/case-files/${cf.id}`)).documents[0].entryId;

    expect((await post('snv.cv.tcbc', '/api/legal-holds', { scope: 'CASE_FILE', caseFileId: cf.id, reason: 'Thanh tra' })).status).toBe(
      403,
    );
    expect((await post('stc.vanthu', '/api/legal-holds', { scope: 'CASE_FILE', caseFileId: cf.id, reason: 'Thanh tra' })).status).toBe(404);
    const bad = await post('snv.luutru', '/api/legal-holds', { scope: 'CASE_FILE', caseFileId: cf.id, reason: ' ' });
    expect(bad.status).toBe(422);
    const hold = ok<{ id: string; scope: string; placedByName: string; liftedAt: string | null }>(
      await post('snv.luutru', '/api/legal-holds', {
        scope: 'CASE_FILE',
        caseFileId: cf.id,
        reason: 'Phục vụ thanh tra theo Quyết định 12/QĐ-TTr',
      }),
      201,
    );
    expect(hold.scope).toBe('CASE_FILE');
    expect(hold.liftedAt).toBeNull();
    const dup = await post('snv.luutru', '/api/legal-holds', { scope: 'CASE_FILE', caseFileId: cf.id, reason: 'Lần hai' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('legal_hold.exists');

    expectHeld(await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: await registered() }));
    expectHeld(await (await as('snv.cv.tcbc')).delete(`/api/case-files/${cf.id}/documents/${entry}`));
    expectHeld(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/documents/${entry}/move`, { toCaseFileId: other.id }));
    expectHeld(await patch('snv.cv.tcbc', `/api/case-files/${cf.id}`, { description: 'Sửa khi đang phong toả' }));
    expectHeld(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`, {}));
    // The other case file is not held.
    ok(await patch('snv.cv.tcbc', `/api/case-files/${other.id}`, { description: 'Không bị phong toả' }));
    // The case file's page shows the hold with its reason and offers nothing it would refuse; reading and export stay.
    const page = ok<{ holds: { id: string; reason: string }[]; allowedActions: string[] }>(
      await get('snv.luutru', `/api/case-files/${cf.id}`),
    );
    expect(page.holds).toEqual([
      expect.objectContaining({
        id: hold.id,
        scope: 'CASE_FILE',
        reason: 'Phục vụ thanh tra theo Quyết định 12/QĐ-TTr',
        placedByName: expect.any(String),
      }),
    ]);
    expect(page.allowedActions).toEqual(['export']);
    expect(ok<{ allowedActions: string[] }>(await get('snv.luutru', `/api/case-files/${other.id}`)).allowedActions).toEqual(
      expect.arrayContaining(['edit', 'file', 'move']),
    );

    const seen = ok<{ items: { id: string }[]; mayManage: boolean }>(await get('snv.cv.tcbc', `/api/legal-holds?caseFileId=${cf.id}`));
    expect(seen.items.map((h) => h.id)).toEqual([hold.id]);
    expect(seen.mayManage).toBe(false);
    expect(ok<{ mayManage: boolean }>(await get('snv.luutru', `/api/legal-holds?caseFileId=${cf.id}`)).mayManage).toBe(true);
    expect((await get('snv.cv.tcbc', '/api/legal-holds?organisationId=qn-snv')).status).toBe(403);

    expect((await post('snv.cv.tcbc', `/api/legal-holds/${hold.id}/lift`, { reason: 'Xong' })).status).toBe(404);
    const lifted = ok<{ liftedAt: string | null; liftReason: string; liftedByName: string }>(
      await post('snv.luutru', `/api/legal-holds/${hold.id}/lift`, { reason: 'Kết thúc thanh tra' }),
    );
    expect(lifted.liftedAt).not.toBeNull();
    expect(lifted.liftReason).toBe('Kết thúc thanh tra');
    expect((await post('snv.luutru', `/api/legal-holds/${hold.id}/lift`, { reason: 'Lần nữa' })).body.code).toBe('legal_hold.lifted');
    ok(await patch('snv.cv.tcbc', `/api/case-files/${cf.id}`, { description: 'Sau khi gỡ phong toả' }));
    expect(ok<{ holds: unknown[]; allowedActions: string[] }>(await get('snv.cv.tcbc', `/api/case-files/${cf.id}`))).toMatchObject({
      holds: [],
      allowedActions: expect.arrayContaining(['edit', 'close']),
    });
    expect(ok<{ items: unknown[] }>(await get('snv.cv.tcbc', `/api/legal-holds?caseFileId=${cf.id}`)).items).toEqual([]);
    // The organisation's list keeps the lifted hold as its record.
    const all = ok<{ items: { id: string; liftedAt: string | null }[] }>(await get('snv.luutru', '/api/legal-holds?organisationId=qn-snv'));
    expect(all.items.find((h) => h.id === hold.id)?.liftedAt).not.toBeNull();

    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'legal_hold'), eq(auditEvents.entityId, hold.id)))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((a) => [a.action, a.actorId, a.actorRole])).toEqual([
      ['legal_hold.place', ids.get('snv.luutru'), 'LUU_TRU'],
      ['legal_hold.lift', ids.get('snv.luutru'), 'LUU_TRU'],
    ]);
    expect((audit[1].data as { reason: string }).reason).toBe('Kết thúc thanh tra');
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });
});

describe('legal hold on a document', () => {
  it('a held document cannot be disposed of with its case file, nor a held draft deleted', async () => {
    const cf = await newCaseFile('52.TCBC', { startDate: '2014-01-06' });
    const doc = await registered();
    ok(await post('snv.luutru', `/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: doc }), 201);
    ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/close`, { endDate: '2014-12-31' }));
    ok(await post('snv.cv.tcbc', `/api/case-files/${cf.id}/transfer`));
    const hold = ok<{ id: string }>(
      await post('qn.admin', '/api/legal-holds', {
        scope: 'DOCUMENT',
        documentKind: 'INCOMING',
        documentId: doc,
        reason: 'Vụ án đang điều tra',
      }),
      201,
    );
    // The document's page lists the holds over it: its own, and its case file's would be there too; the archivist may lift it, the clerk may not.
    const onDoc = ok<{ items: { id: string; scope: string; reason: string }[]; mayManage: boolean }>(
      await get('snv.luutru', `/api/legal-holds?documentKind=INCOMING&documentId=${doc}`),
    );
    expect(onDoc).toEqual({
      items: [expect.objectContaining({ id: hold.id, scope: 'DOCUMENT', reason: 'Vụ án đang điều tra' })],
      mayManage: true,
    });
    expect(ok<{ mayManage: boolean }>(await get('snv.vanthu', `/api/legal-holds?documentKind=INCOMING&documentId=${doc}`)).mayManage).toBe(
      false,
    );
    // Someone who may not open the document learns nothing of it.
    expect((await get('stc.vanthu', `/api/legal-holds?documentKind=INCOMING&documentId=${doc}`)).status).toBe(404);
    // No disposal step, not even the first approval, while the document inside is held.
    expectHeld(await post('snv.luutru', `/api/case-files/${cf.id}/disposal/approve`, { reason: 'Hết thời hạn' }));
    ok(await post('qn.admin', `/api/legal-holds/${hold.id}/lift`, { reason: 'Đình chỉ điều tra' }));
    expect(ok(await post('snv.luutru', `/api/case-files/${cf.id}/disposal/approve`, { reason: 'Hết thời hạn' })).status).toBe(
      'TRANSFERRED',
    );

    const d = await draft();
    ok(
      await post('snv.luutru', '/api/legal-holds', {
        scope: 'DOCUMENT',
        documentKind: 'INCOMING',
        documentId: d,
        reason: 'Giữ nguyên hiện trạng',
      }),
      201,
    );
    expectHeld(await post('snv.vanthu', `/api/incoming/${d}/discard`, { reason: 'Tải nhầm' }));
  });
});

describe("legal hold on an organisation's year", () => {
  it('freezes every case file of that year and none of another', async () => {
    const held = await newCaseFile('53.TCBC');
    const next = await newCaseFile('54.TCBC', { year: 2026 });
    ok(
      await post('qn.admin', '/api/legal-holds', {
        scope: 'ORGANISATION_YEAR',
        organisationId: 'qn-snv',
        year: 2025,
        reason: 'Kiểm toán năm 2025',
      }),
      201,
    );
    expectHeld(await patch('snv.cv.tcbc', `/api/case-files/${held.id}`, { title: 'Đổi tên' }));
    ok(await patch('snv.cv.tcbc', `/api/case-files/${next.id}`, { title: 'Đổi tên' }));
    const list = ok<{ items: { scope: string; year: number }[] }>(await get('snv.cv.tcbc', `/api/legal-holds?caseFileId=${held.id}`));
    expect(list.items.map((h) => [h.scope, h.year])).toEqual([['ORGANISATION_YEAR', 2025]]);
    // A document registered in 2025 is covered too, and its page says so.
    const doc = await registered();
    await t.database.db.update(incomingDocuments).set({ arrivalYear: 2025 }).where(eq(incomingDocuments.id, doc));
    expect(
      ok<{ items: { scope: string }[] }>(await get('snv.vanthu', `/api/legal-holds?documentKind=INCOMING&documentId=${doc}`)).items.map(
        (h) => h.scope,
      ),
    ).toEqual(['ORGANISATION_YEAR']);
    // The hold screen offers the organisations the caller manages holds for: an archivist's own, an administrator's tree.
    expect(ok<{ items: { id: string }[] }>(await get('snv.luutru', '/api/legal-holds/organisations')).items.map((o) => o.id)).toEqual([
      'qn-snv',
    ]);
    expect(ok<{ items: { id: string }[] }>(await get('qn.admin', '/api/legal-holds/organisations')).items.map((o) => o.id)).toContain(
      'qn-snv',
    );
    expect(ok<{ items: unknown[] }>(await get('snv.vanthu', '/api/legal-holds/organisations')).items).toEqual([]);
    // Another organisation's administrator or archivist cannot touch Sở Nội vụ's material.
    expect(
      (await post('stc.vanthu', '/api/legal-holds', { scope: 'ORGANISATION_YEAR', organisationId: 'qn-snv', year: 2024, reason: 'x' }))
        .status,
    ).toBe(403);
  });
});
