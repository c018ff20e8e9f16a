// The whole app on BLOB_STORE=s3 (a real S3-protocol server, s3rver on loopback): two API instances on one
// database and one bucket — a file uploaded through one is downloaded through the other, the ĐẾN-stamped copy made
// by the second lands in the bucket, nothing goes to DATA_DIR/blobs; and the integrity check reads the bucket,
// finding an object altered and one deleted behind the store's back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import { incomingFiles } from '../../api/src/incoming/schema';
import { checkStoredBlobs } from '../../api/src/integrity/service';
import { Notifier } from '../../api/src/notifications/notifier';
import { createRedis } from '../../api/src/redis/connection';
import { seedDemo } from '../../api/src/seed/seed';
import { openBlobStore } from '../../api/src/storage';
import { S3BlobStore } from '../../api/src/storage/s3';
import { textPdf } from '../support/documents';
import { appOn, createTestDatabase, DEMO_PASSWORD, loggedIn, REDIS_URL, type TestApp } from '../support/harness';
import { startS3rver, type S3rverHandle } from '../support/s3rver';

let server: S3rverHandle;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let first: TestApp;
let second: TestApp;
const BUCKET = 'vanthu-app';

beforeAll(async () => {
  server = await startS3rver();
  await server.createBucket(BUCKET);
  const env = Object.fromEntries(Object.entries(server.env(BUCKET)).map(([k, v]) => [k, String(v)]));
  db = await createTestDatabase();
  await seedDemo(db.database.db, DEMO_PASSWORD);
  first = await appOn(db.database, db.url, { env, drop: async () => undefined });
  second = await appOn(db.database, db.url, { env, drop: () => db.drop() });
}, 60_000);
afterAll(async () => {
  await first?.close();
  await second?.close();
  await server?.stop();
});

const localBlob = (sha: string) => path.join(first.config.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);

it('serves through a second instance what the first stored, keeps every blob in the bucket, and the integrity check reads it', async () => {
  expect(first.config.BLOB_STORE).toBe('s3');
  const pdf = await textPdf([`Công văn lưu trên kho đối tượng ${crypto.randomUUID()}`]);
  const sha = crypto.createHash('sha256').update(pdf).digest('hex');

  const clerkA = await loggedIn(first.app, 'stc.vanthu');
  const up = await clerkA.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerkA.xsrf!).attach('main', pdf, 'cv.pdf');
  expect(up.status).toBe(201);
  const [file] = await db.database.db.select().from(incomingFiles).where(eq(incomingFiles.documentId, up.body.id));
  expect(file.sha256).toBe(sha);
  expect(await server.keys(BUCKET)).toContain(S3BlobStore.keyOf(sha));
  expect(fs.existsSync(localBlob(sha))).toBe(false);

  const clerkB = await loggedIn(second.app, 'stc.vanthu');
  const served = await clerkB.agent.get(`/api/incoming/${up.body.id}/files/${file.id}`).buffer(true);
  expect(served.status).toBe(200);
  expect((served.body as Buffer).equals(pdf)).toBe(true);

  const reg = await clerkB.post(`/api/incoming/${up.body.id}/register`, {
    registerId: 'qn-stc-den',
    number: '7',
    symbol: 'UBND-VX',
    issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
    issueDate: '2025-03-05',
    documentType: 'Công văn',
    urgency: 'THUONG',
    secrecy: 'KHONG',
    subject: 'Kho đối tượng',
    confirmDuplicate: true,
  });
  expect(reg.status).toBe(200);
  const stamped = await clerkA.agent.get(`/api/incoming/${up.body.id}/files/${file.id}/stamped`).buffer(true);
  expect(stamped.status).toBe(200);
  const stampedSha = crypto
    .createHash('sha256')
    .update(stamped.body as Buffer)
    .digest('hex');
  expect(stampedSha).not.toBe(sha);
  expect(await server.keys(BUCKET)).toContain(S3BlobStore.keyOf(stampedSha));
  expect(fs.existsSync(localBlob(stampedSha))).toBe(false);

  const redis = createRedis(REDIS_URL);
  try {
    const notifier = new Notifier(db.database.db, redis, first.config.QUEUE_PREFIX);
    const blobs = openBlobStore(first.config);
    expect(await checkStoredBlobs(db.database.db, blobs, notifier)).toMatchObject({ missing: 0, mismatched: 0 });
    const altered = Buffer.from(pdf);
    altered[100] ^= 0xff;
    await server.admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: S3BlobStore.keyOf(sha), Body: altered }));
    await server.admin.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: S3BlobStore.keyOf(stampedSha) }));
    expect(await checkStoredBlobs(db.database.db, blobs, notifier)).toMatchObject({ missing: 1, mismatched: 1 });
    const gone = await clerkB.agent.get(`/api/incoming/${up.body.id}/files/${file.id}/stamped`);
    // As on the local disk: a blob lost from the store is a server fault (500), which the integrity check names.
    expect(gone.status).toBe(500);
  } finally {
    redis.disconnect();
  }
}, 60_000);
