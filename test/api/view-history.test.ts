// View history (lịch sử xem, NĐ 30 Phụ lục VI): every open of a document page and every file download is
// recorded (who, when, which file, from where) in document_views, shown to the organisation's clerks and
// leaders only, and pruned after VIEW_HISTORY_DAYS by the housekeeping job.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { todayInVietnam } from '../../api/src/calendar/working-days';
import { incomingAccessGrants } from '../../api/src/incoming/processing-schema';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from '../../api/src/outgoing/schema';
import { openBlobStore } from '../../api/src/storage';
import { users } from '../../api/src/users/schema';
import { documentViews } from '../../api/src/view-history/schema';
import { pruneViewHistory } from '../../api/src/view-history/service';
import { maintenanceProcessor } from '../../workers/src/maintenance';
import { Notifier } from '../../api/src/notifications/notifier';
import { createRedis } from '../../api/src/redis/connection';
import { textPdf } from '../support/documents';
import { ApiClient, loggedIn, REDIS_URL, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
const ids = new Map<string, string>();
const today = todayInVietnam();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-views-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function uploadIncoming(client: ApiClient) {
  if (!client.xsrf) await client.get('/api/me');
  const res = await client.agent
    .post('/api/incoming')
    .set('X-XSRF-TOKEN', client.xsrf!)
    .attach('main', await textPdf(['Công văn về lịch sử xem']), 'cong-van.pdf');
  expect(res.status).toBe(201);
  return res.body as { id: string; files: { id: string }[] };
}

interface View {
  at: string;
  userId: string;
  userName: string;
  fileId: string | null;
  what: string;
  ip: string | null;
}

describe('view history of incoming documents', () => {
  it('records page opens and downloads with user, file and client address, newest first, for clerks and leaders only', async () => {
    const clerk = await loggedIn(t.app, 'stc.vanthu');
    const doc = await uploadIncoming(clerk);
    const fileId = doc.files[0].id;

    expect((await clerk.get(`/api/incoming/${doc.id}`)).status).toBe(200);
    const download = await clerk.agent.get(`/api/incoming/${doc.id}/files/${fileId}`).set('X-Forwarded-For', '203.0.113.7');
    expect(download.status).toBe(200);

    // A specialist granted the document reads it; the read is recorded, but the history is not theirs to see.
    await t.database.db
      .insert(incomingAccessGrants)
      .values({ documentId: doc.id, userId: ids.get('stc.cv.qlns')!, grantedBy: ids.get('stc.vanthu')! });
    const specialist = await loggedIn(t.app, 'stc.cv.qlns');
    expect((await specialist.get(`/api/incoming/${doc.id}`)).status).toBe(200);
    const refused = await specialist.get(`/api/incoming/${doc.id}/views`);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);

    // Someone of another organisation learns nothing, not even that the document exists.
    expect((await (await loggedIn(t.app, 'snv.vanthu')).get(`/api/incoming/${doc.id}/views`)).status).toBe(404);

    const res = await clerk.get(`/api/incoming/${doc.id}/views`);
    expect(res.status).toBe(200);
    const items = res.body.items as View[];
    expect(items.map((v) => [v.what, v.fileId])).toEqual([
      ['PAGE', null],
      ['ORIGINAL', fileId],
      ['PAGE', null],
    ]);
    const [clerkRow] = await t.database.db.select({ fullName: users.fullName }).from(users).where(eq(users.username, 'stc.vanthu'));
    expect(items[1].userName).toBe(clerkRow.fullName);
    expect(items[0].userId).toBe(ids.get('stc.cv.qlns'));
    expect(items[1].userId).toBe(ids.get('stc.vanthu'));
    expect(items[2].userId).toBe(ids.get('stc.vanthu'));
    expect(items.every((v) => v.ip && v.ip.length > 0)).toBe(true);
    expect(new Date(items[2].at).getTime()).toBeLessThanOrEqual(new Date(items[0].at).getTime());

    // The organisation's head sees the same history.
    const director = await loggedIn(t.app, 'stc.gd');
    const seen = await director.get(`/api/incoming/${doc.id}/views`);
    expect(seen.status).toBe(200);
    expect((seen.body.items as View[]).length).toBe(3);
  });

  it('does not record a refused read', async () => {
    const clerk = await loggedIn(t.app, 'stc.vanthu');
    const doc = await uploadIncoming(clerk);
    const outsider = await loggedIn(t.app, 'snv.vanthu');
    expect((await outsider.get(`/api/incoming/${doc.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/incoming/${doc.id}/files/${doc.files[0].id}`)).status).toBe(404);
    expect(await t.database.db.$count(documentViews, eq(documentViews.documentId, doc.id))).toBe(0);
  });
});

describe('view history of outgoing documents', () => {
  it('records opens and downloads of an issued document; its leaders see them, its author does not', async () => {
    const db = t.database.db;
    const blobs = openBlobStore(t.config);
    const bytes = await textPdf(['Văn bản đi']);
    const stored = await blobs.put(Readable.from([bytes]));
    const [d] = await db
      .insert(outgoingDocuments)
      .values({
        organisationId: 'qn-stc',
        draftingUnitId: 'stc-qlns',
        authorId: ids.get('stc.cv.qlns')!,
        status: 'ISSUED',
        documentType: 'CV',
        subject: 'V/v lịch sử xem văn bản đi',
        secrecy: 'KHONG',
        signerId: ids.get('stc.pgd')!,
        registerId: 'qn-stc-di',
        issuedYear: Number(today.slice(0, 4)),
        issuedNumber: 901,
        symbol: 'STC-QLNS',
        issueDate: today,
        issuedAt: new Date(),
        paperSignature: true,
      })
      .returning();
    const [v] = await db
      .insert(outgoingVersions)
      .values({ documentId: d.id, number: 1, createdBy: ids.get('stc.cv.qlns')! })
      .returning();
    const [f] = await db
      .insert(outgoingFiles)
      .values({
        documentId: d.id,
        versionId: v.id,
        role: 'MAIN',
        ordinal: 0,
        sha256: stored.sha256,
        size: bytes.length,
        originalName: 'du-thao.pdf',
        mediaType: 'application/pdf',
      })
      .returning();

    const author = await loggedIn(t.app, 'stc.cv.qlns');
    expect((await author.get(`/api/outgoing/${d.id}`)).status).toBe(200);
    expect((await author.get(`/api/outgoing/${d.id}/files/${f.id}`)).status).toBe(200);
    expect((await author.get(`/api/outgoing/${d.id}/views`)).status).toBe(403);

    const leader = await loggedIn(t.app, 'stc.gd');
    const res = await leader.get(`/api/outgoing/${d.id}/views`);
    expect(res.status).toBe(200);
    expect((res.body.items as View[]).map((x) => [x.userId, x.what, x.fileId])).toEqual([
      [ids.get('stc.cv.qlns'), 'FILE', f.id],
      [ids.get('stc.cv.qlns'), 'PAGE', null],
    ]);
  });
});

describe('retention', () => {
  it('the housekeeping job deletes entries older than VIEW_HISTORY_DAYS and keeps the rest', async () => {
    const db = t.database.db;
    const clerk = ids.get('stc.vanthu')!;
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    const recent = new Date(Date.now() - 5 * 24 * 3600 * 1000);
    await db.insert(documentViews).values([
      { userId: clerk, documentKind: 'INCOMING', documentId: 'retention-doc', what: 'PAGE', at: old },
      { userId: clerk, documentKind: 'INCOMING', documentId: 'retention-doc', what: 'PAGE', at: recent },
    ]);
    const redis = createRedis(REDIS_URL);
    try {
      const run = maintenanceProcessor(db, new Notifier(db, redis, t.config.QUEUE_PREFIX), openBlobStore(t.config), {
        VIEW_HISTORY_DAYS: 30,
      });
      expect(await run({ name: 'prune-view-history' } as never)).toEqual({ pruned: 1 });
    } finally {
      redis.disconnect();
    }
    const left = await db.select({ at: documentViews.at }).from(documentViews).where(eq(documentViews.documentId, 'retention-doc'));
    expect(left.map((r) => r.at.getTime())).toEqual([recent.getTime()]);
    // Idempotent: a second run finds nothing more.
    expect(await pruneViewHistory(db, 30)).toBe(0);
    expect(await db.$count(documentViews, sql`${documentViews.documentId} = 'retention-doc'`)).toBe(1);
  });
});
