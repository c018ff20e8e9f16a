import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../api/src/config';
import { incomingFiles } from '../../api/src/incoming/schema';
import { startSystem, type System } from '../../api/src/server';
import { incomingSignatureReports, outgoingSigningRequests } from '../../api/src/signing/schema';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { eventually } from '../support/exchange';
import { DEMO_PASSWORD, loggedIn, REDIS_URL, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { approvedProvinceDocument } from '../support/outgoing-flow';

/**
 * A process that dies between committing a row and queueing its job (kill -9, power cut) leaves the row
 * pending and no job; one killed while receiving an upload or writing a blob leaves a temp file. The next
 * process to start (here `npm run workers`) finds both: the sweep queues the owed jobs, old temp files go.
 */
let t: TestApp;
let dataDir: string;
let workers: System | undefined;
let fileId: string;
let stale: string[];
let inUse: string;
let legacyDoc: string;
const clients = new Map<string, ApiClient>();
const as = async (username: string) => {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
};

const hoursAgo = (file: string, hours: number) => {
  const at = new Date(Date.now() - hours * 3_600_000);
  fs.utimesSync(file, at, at);
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-recovery-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });

  // An upload commits; the process "dies" before its jobs reach Redis (here: they are taken out again).
  const clerk = await as('qn.vanthu');
  const res = await clerk.agent
    .post('/api/incoming?organisationId=qn-ubnd')
    .set('X-XSRF-TOKEN', clerk.xsrf!)
    .field('channel', 'EMAIL')
    .attach('main', await textPdf(['Công văn nhận trước khi máy chủ bị tắt đột ngột']), 'Công văn.pdf');
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  fileId = res.body.files[0].id;
  for (const jobId of [`extract-${fileId}`, `validate-${fileId}`]) await t.queues.incomingFiles.remove(jobId);

  // Left-overs of the kill: an upload being received and a blob being written, hours old; and a fresh one in use.
  const uploads = path.join(dataDir, 'tmp', 'uploads');
  const blobsTmp = path.join(dataDir, 'blobs', 'tmp');
  fs.mkdirSync(uploads, { recursive: true });
  fs.mkdirSync(blobsTmp, { recursive: true });
  stale = [path.join(uploads, 'a1.upload'), path.join(blobsTmp, 'b2.part')];
  inUse = path.join(uploads, 'c3.upload');
  for (const f of [...stale, inUse]) fs.writeFileSync(f, 'partial');
  for (const f of stale) hoursAgo(f, 3);

  // A signing request QUEUED by a version that did not keep the signature value, its job lost: it cannot be completed.
  legacyDoc = await approvedProvinceDocument(as, 'Văn bản chờ ký từ phiên bản trước');
  const [leader] = await t.database.db.select().from(users).where(eq(users.username, 'qn.chutich'));
  await t.database.db.insert(outgoingSigningRequests).values({
    documentId: legacyDoc,
    version: 1,
    preparedSha256: '0'.repeat(64),
    byteRange: [0, 10, 20, 30],
    fieldName: 'Signature1',
    signingTime: new Date(),
    chain: [],
    signerId: leader.id,
    signedBy: leader.id,
  });
  expect((await (await as('qn.chutich')).post(`/api/outgoing/${legacyDoc}/sign`, { passphrase: DEMO_PASSWORD })).body.code).toBe(
    'signing.in_progress',
  );

  // The next process to start: `npm run workers` on the same database, Redis and data directory.
  workers = await startSystem(
    loadConfig({
      DATABASE_URL: t.config.DATABASE_URL,
      REDIS_URL,
      QUEUE_PREFIX: t.config.QUEUE_PREFIX,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
      RECOVERY_INTERVAL_SECONDS: '1',
    }),
    'workers',
  );
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('after a crash', () => {
  it('queues again the jobs a committed row still owes: the file is extracted and its signatures validated', async () => {
    expect(await t.queues.incomingFiles.getJob(`extract-${fileId}`)).toBeDefined();
    await eventually(
      'the extraction',
      async () => {
        const [f] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, fileId));
        return f.extractionState === 'DONE' ? f : undefined;
      },
      20_000,
    );
    await eventually(
      'the signature report',
      async () => (await t.database.db.$count(incomingSignatureReports, eq(incomingSignatureReports.fileId, fileId))) || undefined,
      20_000,
    );
  });

  it('fails a QUEUED signing request it cannot complete, so the signer may sign again (no lasting "in progress")', async () => {
    await eventually(
      'the request failed',
      async () => {
        const [req] = await t.database.db.select().from(outgoingSigningRequests).where(eq(outgoingSigningRequests.documentId, legacyDoc));
        return req.state === 'FAILED' ? req : undefined;
      },
      10_000,
    );
    const again = await (await as('qn.chutich')).post(`/api/outgoing/${legacyDoc}/sign`, { passphrase: DEMO_PASSWORD });
    expect(again.body.code).not.toBe('signing.in_progress');
  });

  it('puts back a repeatable job that Redis lost (restarted without its data)', async () => {
    expect(await t.queues.maintenance.getJobScheduler('deadline-reminders')).toBeDefined();
    await t.queues.maintenance.removeJobScheduler('deadline-reminders');
    await eventually(
      'the schedule back',
      async () => (await t.queues.maintenance.getJobScheduler('deadline-reminders')) ?? undefined,
      10_000,
    );
  });

  it('deletes old temp files at start, keeps one in use, and sweeps again periodically', async () => {
    expect(stale.filter((f) => fs.existsSync(f))).toEqual([]);
    expect(fs.existsSync(inUse)).toBe(true);
    // A temp file that grows old while the process runs goes at a later round.
    hoursAgo(inUse, 2);
    await eventually('the periodic temp-file sweep', async () => (fs.existsSync(inUse) ? undefined : true), 10_000);
  });
});
